#!/usr/bin/env bash
# Build the one-folder bundle and a .deb for UOS / Kylin (and Debian-family systems).
#   installer/build_linux.sh [VENV]      -> build/dist/jiuzhu/ and build/jiuzhu_<version>_<arch>.deb
# The package installs the bundle under /opt/jiuzhu, a `jiuzhu` command in /usr/bin, a desktop
# entry and an icon. Data stays in each user's data folder (~/.local/share/jiuzhu), which
# removing the package never touches.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${1:-.venv}
"$VENV/bin/python" -m pip install -q pyinstaller
VERSION=$("$VENV/bin/python" -c "import app; print(app.__version__)")
ARCH=$(dpkg --print-architecture)
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN --distpath build/dist --workpath build/work \
  installer/jiuzhu.spec

PKG=build/deb/jiuzhu_${VERSION}_${ARCH}
rm -rf "$PKG"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
  "$PKG/usr/share/icons/hicolor/256x256/apps"
cp -a build/dist/jiuzhu "$PKG/opt/jiuzhu"
ln -s /opt/jiuzhu/jiuzhu "$PKG/usr/bin/jiuzhu"
install -m 644 resources/icons/jiuzhu.png "$PKG/usr/share/icons/hicolor/256x256/apps/jiuzhu.png"
install -m 644 installer/linux/jiuzhu.desktop "$PKG/usr/share/applications/jiuzhu.desktop"
SIZE=$(du -sk "$PKG" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" installer/linux/control.in \
  > "$PKG/DEBIAN/control"
dpkg-deb --root-owner-group --build "$PKG" "build/jiuzhu_${VERSION}_${ARCH}.deb"
echo "built build/jiuzhu_${VERSION}_${ARCH}.deb"
