#!/usr/bin/env bash
# Compile installer/windows/jiuzhu.iss here, with Inno Setup's own compiler (ISCC.exe from the
# npm package `innosetup`) under Wine, against a stand-in bundle folder laid out as the Windows one
# is (the real one comes from PyInstaller on Windows: .github/workflows/windows.yml). Then install
# the previous version silently into a scratch Wine prefix, put data in the data folder, install
# this version over it (an upgrade in place, the data unchanged), uninstall silently, and check
# that the program is gone and the data folder kept (SPEC §12).
#   installer/windows/build_installer.sh   -> build/windows/jiuzhu-setup-<version>.exe
# Needs: npm, wine (Debian's wine + wine32, i386 multiarch: ISCC is a 32-bit program), Xvfb.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
OUT=$REPO/build/windows
ISDIR=$REPO/build/innosetup
INNO_VERSION=6.4.1
VERSION=$(installer/version.sh)
export WINEDEBUG=-all WINEPREFIX=$OUT/wineprefix WINEDLLOVERRIDES="mscoree,mshtml="
# headless, on one virtual X server for the whole run (a setup started while a per-command server
# of the step before is going down fails to read its own forms)
DISPLAY_NO=$(for n in $(seq 70 99); do [ -e /tmp/.X$n-lock ] || { echo $n; break; }; done)
Xvfb ":$DISPLAY_NO" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
trap 'kill $XVFB_PID 2>/dev/null || true' EXIT
export DISPLAY=:$DISPLAY_NO
sleep 1
WINE=(wine)

if [ ! -f "$ISDIR/node_modules/innosetup/bin/ISCC.exe" ]; then
  mkdir -p "$ISDIR"
  (cd "$ISDIR" && npm install --no-audit --no-fund --silent "innosetup@$INNO_VERSION")
fi
ISCC=$ISDIR/node_modules/innosetup/bin/ISCC.exe

# the stand-in bundle: dummy files with the names and layout PyInstaller gives on Windows
rm -rf "$OUT/fake-dist" "$OUT/jiuzhu-setup-$VERSION.exe"
fake_bundle() {  # fake_bundle VERSION -> the folder
  local fake=$OUT/fake-dist/$1/jiuzhu
  mkdir -p "$fake/_internal/PySide6/plugins/platforms" "$fake/_internal/PySide6/translations" \
    "$fake/_internal/app/models/migrations/versions" "$fake/_internal/resources/fonts" "$fake/_internal/resources/icons"
  for f in jiuzhu.exe jiuzhu-cli.exe _internal/python311.dll _internal/base_library.zip \
    _internal/PySide6/Qt6Core.dll _internal/PySide6/Qt6Gui.dll _internal/PySide6/Qt6Widgets.dll \
    _internal/PySide6/QtCore.pyd _internal/PySide6/plugins/platforms/qwindows.dll \
    _internal/PySide6/translations/qtbase_zh_CN.qm _internal/app/models/migrations/env.py; do
    echo "stand-in for $f of $1" > "$fake/$f"
  done
  cp resources/fonts/wqy-microhei.ttc "$fake/_internal/resources/fonts/"
  cp resources/icons/jiuzhu.ico resources/icons/jiuzhu.png "$fake/_internal/resources/icons/"
  echo "$fake"
}
compile() {  # compile VERSION -> build/windows/jiuzhu-setup-VERSION.exe
  local fake
  fake=$(fake_bundle "$1")
  "${WINE[@]}" "$ISCC" /Q "/DAppVersion=$1" "/DDistDir=$(winepath -w "$fake")" "/O$(winepath -w "$OUT")" \
    "$(winepath -w "$REPO/installer/windows/jiuzhu.iss")"
  test -s "$OUT/jiuzhu-setup-$1.exe"
}

mkdir -p "$OUT"
"${WINE[@]}" wineboot -i >/dev/null 2>&1 || true
compile "$VERSION"
SETUP=$OUT/jiuzhu-setup-$VERSION.exe
echo "compiled $SETUP ($(du -h "$SETUP" | cut -f1))"

[ "${JIUZHU_SKIP_WINE_INSTALL:-0}" = 1 ] && exit 0
# silent install of the previous version (0.1.0's script had the same AppId), data, the silent
# upgrade to this version, silent uninstall: the data folder stays through both
PREV=${JIUZHU_PREVIOUS_VERSION:-0.1.0}
compile "$PREV"
C=$WINEPREFIX/drive_c
rm -rf "$C/ProgramData/jiuzhu"  # a clean start: the data folder must come from the installer
"${WINE[@]}" "$OUT/jiuzhu-setup-$PREV.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /TASKS=desktopicon "/LOG=$(winepath -w "$OUT/install-$PREV.log")" || { echo "setup $PREV exit $?"; tail -5 "$OUT/install-$PREV.log"; exit 1; }
APPDIR=$(dirname "$(find "$C" -path '*/jiuzhu/jiuzhu-cli.exe' -not -path '*/fake-dist/*' | head -1)")
DATA=$C/ProgramData/jiuzhu
test -f "$APPDIR/jiuzhu.exe" && test -f "$APPDIR/_internal/python311.dll" && test -f "$APPDIR/unins000.exe"
test -d "$C/ProgramData/jiuzhu"
grep -q '"data_dir": "C:\\\\ProgramData\\\\jiuzhu"' "$APPDIR/jiuzhu-install.json"
find "$C" -name '乡镇社会救助工作台.lnk' | grep -q 'Start Menu'
echo "installed into $APPDIR; data folder $DATA; Start-menu shortcut present"
mkdir -p "$DATA/backups" "$DATA/keys"
echo "database" > "$DATA/township.db"; echo "key" > "$DATA/keys/township.key"; echo "b" > "$DATA/backups/b1.db"
DATA_SUM=$(cd "$DATA" && find . -type f | sort | xargs sha256sum)

# the upgrade: this version's installer over the previous one, in place, data folder untouched
grep -q "of $PREV" "$APPDIR/jiuzhu.exe"
NEXT=$VERSION
"${WINE[@]}" "$SETUP" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
grep -q "of $NEXT" "$APPDIR/jiuzhu.exe"
test "$(find "$C" -path '*/jiuzhu/unins*.exe' -not -path '*/fake-dist/*' | wc -l)" = 1
timeout 60 wineserver -w || wineserver -k  # the registry is written to system.reg as Wine ends
# the uninstall entry in the registry file (64-bit view, where a 64-bit install mode writes it)
VERREG=$(awk '/^\[Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Uninstall\\\\\{6F1D7B8E-3C55-4B8A-9C1F-2D0E5A7B9C11\}_is1\]/ {k=1; next}
  /^\[/ {k=0} k && /^"DisplayVersion"=/ {gsub(/"/, "", $0); sub(/DisplayVersion=/, ""); print}' "$WINEPREFIX/system.reg")
test "$VERREG" = "$NEXT"
test "$(cd "$DATA" && find . -type f | sort | xargs sha256sum)" = "$DATA_SUM"
grep -q '"data_dir": "C:\\\\ProgramData\\\\jiuzhu"' "$APPDIR/jiuzhu-install.json"
echo "upgraded $PREV -> $NEXT in place (one uninstaller, DisplayVersion $VERREG): data folder unchanged"
"${WINE[@]}" "$APPDIR/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
sleep 3  # the uninstaller finishes from a copy of itself
for _ in $(seq 30); do [ -e "$APPDIR/jiuzhu.exe" ] || break; sleep 1; done
test ! -e "$APPDIR/jiuzhu.exe" && test ! -e "$APPDIR/jiuzhu-install.json"
test -f "$DATA/township.db" && test -f "$DATA/keys/township.key" && test -f "$DATA/backups/b1.db"
echo "uninstalled: program removed, data folder kept ($(ls "$DATA" | tr '\n' ' '))"
