#!/usr/bin/env bash
# A local PostgreSQL for the county receiver tests (tests/sync/test_postgres.py).
#
# Installs PostgreSQL when missing (Debian/Ubuntu, as root), starts the cluster, creates the role
# and database `jiuzhu` / `jiuzhu_test` (password `jiuzhu`, local only), and exports
# JIUZHU_TEST_PG_URL=postgresql+psycopg://jiuzhu:jiuzhu@127.0.0.1:PORT/jiuzhu_test
#
#   source .ci/postgres.sh          # exports the variable into the calling shell
#   eval "$(.ci/postgres.sh)"       # the same, when run as a program (it prints the export line)
#
# Without root or apt-get it prints a reason on stderr and exports nothing: the test then skips.

_jiuzhu_pg() {
  local as_pg ver port
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "postgres.sh: PostgreSQL is not installed and cannot be installed here (needs root and apt-get)" >&2
      return 1
    fi
    apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
  fi
  if command -v runuser >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then as_pg="runuser -u postgres --"
  elif [ "$(id -un)" = postgres ]; then as_pg=""
  else as_pg="sudo -u postgres"; fi
  ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -q "^$ver main$"; then
    pg_createcluster "$ver" main >/dev/null || return 1
  fi
  if ! pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
    pg_ctlcluster "$ver" main start || return 1
  fi
  port=$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $3}')
  $as_pg psql -q -p "$port" -v ON_ERROR_STOP=1 -d postgres >/dev/null <<'SQL' || return 1
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jiuzhu') THEN
    CREATE ROLE jiuzhu LOGIN PASSWORD 'jiuzhu';
  END IF;
END $$;
SQL
  if ! $as_pg psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = 'jiuzhu_test'" -d postgres | grep -q 1; then
    $as_pg createdb -p "$port" -O jiuzhu jiuzhu_test || return 1
  fi
  export JIUZHU_TEST_PG_URL="postgresql+psycopg://jiuzhu:jiuzhu@127.0.0.1:${port}/jiuzhu_test"
  echo "export JIUZHU_TEST_PG_URL=$JIUZHU_TEST_PG_URL"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  _jiuzhu_pg || exit 1
else
  _jiuzhu_pg >/dev/null || echo "postgres.sh: PostgreSQL not available, the PostgreSQL test will be skipped" >&2
fi
