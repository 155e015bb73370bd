#!/usr/bin/env bash
# Smoke-test the built bundle: version, a calc case, and a demo database with a PDF (font and
# migrations inside the bundle), all offline. JIUZHU_BUNDLE=<folder> tests another bundle folder.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${JIUZHU_BUNDLE:-build/dist/jiuzhu}/jiuzhu
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$BIN" --version
cat > "$TMP/case.json" <<'JSON'
{"program": "tekun", "area": "rural", "month": "2020-12",
 "params": {"basic": "435.50", "min_wage": 1540, "care_fractions": {"全自理": "1/10", "半护理": "1/6", "全护理": "1/3"},
            "rounding": "yuan"},
 "members": [{"id_number": "430902194501010013", "covered": true, "selfcare_items_failed": 2}]}
JSON
"$BIN" calc "$TMP/case.json" | grep -q '"amount": "692.00"'
JIUZHU_HOME="$TMP/home" JIUZHU_PASSWORD=demo1234 "$BIN" --db "$TMP/demo.db" demo --households 20 >/dev/null
JIUZHU_HOME="$TMP/home" "$BIN" --db "$TMP/demo.db" notice --current --pdf "$TMP/notice.pdf" >/dev/null
test -s "$TMP/notice.pdf"
# the county side: its migrations (users, audit, proposals) are inside the bundle too
JIUZHU_HOME="$TMP/home" JIUZHU_NEW_PASSWORD=county1234 "$BIN" county init --db "$TMP/county.db" \
  --out "$TMP/C.pub" --admin boss >/dev/null
JIUZHU_HOME="$TMP/home" "$BIN" county status --db "$TMP/county.db" --json | grep -q '"townships"'
echo "bundle smoke test passed"
