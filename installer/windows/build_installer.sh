#!/usr/bin/env bash
# Compile installer/windows/jiuzhu.iss here, with Inno Setup's own compiler (ISCC.exe from the
# npm package `innosetup`) under Wine, against a stand-in bundle folder laid out as the Windows one
# is (the real one comes from PyInstaller on Windows: .github/workflows/windows.yml). Then install
# it silently into a scratch Wine prefix, put data in the data folder, uninstall silently, and
# check that the program is gone and the data folder kept (SPEC §12).
#   installer/windows/build_installer.sh   -> build/windows/jiuzhu-setup-<version>.exe
# Needs: npm, wine (Debian's wine + wine32, i386 multiarch: ISCC is a 32-bit program), xvfb-run.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
OUT=$REPO/build/windows
ISDIR=$REPO/build/innosetup
INNO_VERSION=6.4.1
VERSION=$(python3 -c "import re; print(re.search(r'__version__ = \"(.+?)\"', open('app/__init__.py').read())[1])")
export WINEDEBUG=-all WINEPREFIX=$OUT/wineprefix WINEDLLOVERRIDES="mscoree,mshtml="
# Wine refuses a prefix not owned by the caller; run it headless on a virtual X server
WINE=(xvfb-run -a wine)

if [ ! -f "$ISDIR/node_modules/innosetup/bin/ISCC.exe" ]; then
  mkdir -p "$ISDIR"
  (cd "$ISDIR" && npm install --no-audit --no-fund --silent "innosetup@$INNO_VERSION")
fi
ISCC=$ISDIR/node_modules/innosetup/bin/ISCC.exe

# the stand-in bundle: dummy files with the names and layout PyInstaller gives on Windows
FAKE=$OUT/fake-dist/jiuzhu
rm -rf "$OUT/fake-dist" "$OUT/jiuzhu-setup-$VERSION.exe"
mkdir -p "$FAKE/_internal/PySide6/plugins/platforms" "$FAKE/_internal/PySide6/translations" \
  "$FAKE/_internal/app/models/migrations/versions" "$FAKE/_internal/resources/fonts" "$FAKE/_internal/resources/icons"
for f in jiuzhu.exe jiuzhu-cli.exe _internal/python311.dll _internal/base_library.zip \
  _internal/PySide6/Qt6Core.dll _internal/PySide6/Qt6Gui.dll _internal/PySide6/Qt6Widgets.dll \
  _internal/PySide6/QtCore.pyd _internal/PySide6/plugins/platforms/qwindows.dll \
  _internal/PySide6/translations/qtbase_zh_CN.qm _internal/app/models/migrations/env.py; do
  echo "stand-in for $f" > "$FAKE/$f"
done
cp resources/fonts/wqy-microhei.ttc "$FAKE/_internal/resources/fonts/"
cp resources/icons/jiuzhu.ico resources/icons/jiuzhu.png "$FAKE/_internal/resources/icons/"

mkdir -p "$OUT"
"${WINE[@]}" wineboot -i >/dev/null 2>&1 || true
"${WINE[@]}" "$ISCC" /Q "/DAppVersion=$VERSION" "/DDistDir=$(winepath -w "$FAKE")" "/O$(winepath -w "$OUT")" \
  "$(winepath -w "$REPO/installer/windows/jiuzhu.iss")"
SETUP=$OUT/jiuzhu-setup-$VERSION.exe
test -s "$SETUP"
echo "compiled $SETUP ($(du -h "$SETUP" | cut -f1))"

[ "${JIUZHU_SKIP_WINE_INSTALL:-0}" = 1 ] && exit 0
# silent install, data, silent uninstall: the data folder stays
C=$WINEPREFIX/drive_c
rm -rf "$C/ProgramData/jiuzhu"  # a clean start: the data folder must come from the installer
"${WINE[@]}" "$SETUP" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /TASKS=desktopicon
APPDIR=$(dirname "$(find "$C" -path '*/jiuzhu/jiuzhu-cli.exe' -not -path '*/fake-dist/*' | head -1)")
DATA=$C/ProgramData/jiuzhu
test -f "$APPDIR/jiuzhu.exe" && test -f "$APPDIR/_internal/python311.dll" && test -f "$APPDIR/unins000.exe"
test -d "$C/ProgramData/jiuzhu"
grep -q '"data_dir": "C:\\\\ProgramData\\\\jiuzhu"' "$APPDIR/jiuzhu-install.json"
find "$C" -name '乡镇社会救助工作台.lnk' | grep -q 'Start Menu'
echo "installed into $APPDIR; data folder $DATA; Start-menu shortcut present"
mkdir -p "$DATA/backups" "$DATA/keys"
echo "database" > "$DATA/township.db"; echo "key" > "$DATA/keys/township.key"; echo "b" > "$DATA/backups/b1.db"
"${WINE[@]}" "$APPDIR/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
sleep 3  # the uninstaller finishes from a copy of itself
for _ in $(seq 30); do [ -e "$APPDIR/jiuzhu.exe" ] || break; sleep 1; done
test ! -e "$APPDIR/jiuzhu.exe" && test ! -e "$APPDIR/jiuzhu-install.json"
test -f "$DATA/township.db" && test -f "$DATA/keys/township.key" && test -f "$DATA/backups/b1.db"
echo "uninstalled: program removed, data folder kept ($(ls "$DATA" | tr '\n' ' '))"
