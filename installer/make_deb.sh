#!/usr/bin/env bash
# Wrap a built one-folder bundle into build/jiuzhu_<version>_<arch>.deb.
#   installer/make_deb.sh VERSION [BUNDLE]        (BUNDLE defaults to build/dist/jiuzhu)
# JIUZHU_DEB_OUT=DIR writes DIR/jiuzhu_<version>_<arch>.deb instead of build/.
# gzip by default (JIUZHU_DEB_COMPRESS=xz: a third smaller, several times slower on 2 cores).
# The package installs the bundle under /opt/jiuzhu, a `jiuzhu` command in /usr/bin, a desktop
# entry and an icon. Data stays in each user's data folder (~/.local/share/jiuzhu), which
# removing or upgrading the package never touches.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=$1
BUNDLE=${2:-build/dist/jiuzhu}
ARCH=$(dpkg --print-architecture)
OUT=${JIUZHU_DEB_OUT:-build}
PKG=$OUT/deb/jiuzhu_${VERSION}_${ARCH}
rm -rf "$PKG"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
  "$PKG/usr/share/icons/hicolor/256x256/apps"
cp -a "$BUNDLE" "$PKG/opt/jiuzhu"
ln -s /opt/jiuzhu/jiuzhu "$PKG/usr/bin/jiuzhu"
install -m 644 resources/icons/jiuzhu.png "$PKG/usr/share/icons/hicolor/256x256/apps/jiuzhu.png"
install -m 644 installer/linux/jiuzhu.desktop "$PKG/usr/share/applications/jiuzhu.desktop"
SIZE=$(du -sk "$PKG" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" installer/linux/control.in \
  > "$PKG/DEBIAN/control"
dpkg-deb -Z"${JIUZHU_DEB_COMPRESS:-gzip}" --root-owner-group --build "$PKG" "$OUT/jiuzhu_${VERSION}_${ARCH}.deb" >/dev/null
echo "built $OUT/jiuzhu_${VERSION}_${ARCH}.deb ($(du -sh "$BUNDLE" | cut -f1) unpacked bundle)"
