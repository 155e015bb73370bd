#!/usr/bin/env bash
# Build the one-folder bundle and a .deb with THIS machine's Python (a quick build, for CI and
# development):
#   installer/build_linux.sh [VENV]      -> build/dist/jiuzhu/ and build/jiuzhu_<version>_<arch>.deb
# The bundle runs on systems with this machine's glibc or newer only. The bundle for the offices
# (glibc 2.28, UOS 20 / Kylin V10) comes from installer/build_compat.sh (`make package-compat`);
# see docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${1:-.venv}
"$VENV/bin/python" -m pip install -q pyinstaller
VERSION=$("$VENV/bin/python" -c "import app; print(app.__version__)")
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN --distpath build/dist --workpath build/work \
  installer/jiuzhu.spec
installer/make_deb.sh "$VERSION"
