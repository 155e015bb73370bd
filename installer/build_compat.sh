#!/usr/bin/env bash
# Build the Linux bundle and .deb that run on glibc 2.28 and later (UOS 20, Kylin V10) - SPEC §12.
#   installer/build_compat.sh     -> build/dist/jiuzhu/ and build/jiuzhu_<version>_<arch>.deb
# JIUZHU_APP_SRC=DIR bundles the app of another source tree (app/, resources/, pyproject.toml
# of an older release, for the upgrade check) with this tree's installer; the output then goes to
# DIR/build/ and the build root stays cached here.
# Needs root (debootstrap, chroot), debootstrap and network access to Debian's packages and PyPI.
#
# How (docs/packaging.md has the measurements): the oldest Debian reachable here is bullseye
# (glibc 2.31, buster is gone from the mirror). Inside a bullseye root made with debootstrap we
# build CPython from Debian's own source package (python3.11's orig tarball) with
#   - installer/linux/glibc228.h force-included (CFLAGS_NODIST), binding exp/exp2/log/log2/pow to their pre-2.29
#     symbol versions, and
#   - configure told that the few functions glibc added in 2.29-2.31 are absent,
# so the interpreter needs nothing newer than GLIBC 2.28; the libraries it links (OpenSSL 1.1,
# libffi 7, SQLite, liblzma, ...) are bullseye's, which need at most 2.28 too, but for SQLite's
# log@GLIBC_2.29, which installer/glibc_compat.py binds to the original log. PyInstaller then
# bundles with that interpreter, and the spec leaves out the libraries the system provides.
# The root, the interpreter and the venv are cached under build/ (a rerun only re-bundles).
set -euo pipefail
# a heavy build on a shared machine: at niceness 10, whoever starts it
[ "$(nice)" -ge 10 ] || exec nice -n $((10 - $(nice))) "$0" "$@"
cd "$(dirname "$0")/.."
HERE=$PWD
REPO=$(realpath "${JIUZHU_APP_SRC:-$HERE}")
SUITE=${JIUZHU_BUILD_SUITE:-bullseye}
MIRROR=${JIUZHU_MIRROR:-http://deb.debian.org/debian}
ROOT=$HERE/build/roots/$SUITE-build
SRC=$HERE/build/src
PREFIX=/opt/jiuzhu-python
PKGS=build-essential,binutils,dpkg-dev,ca-certificates,libssl-dev,libffi-dev,zlib1g-dev,libbz2-dev,liblzma-dev
PKGS=$PKGS,libsqlite3-dev,uuid-dev,libgl1,libegl1,libfontconfig1,libxkbcommon0,libxkbcommon-x11-0,libdbus-1-3
# libxcb-util1: bundled (Qt needs libxcb-util.so.1; Debian 10-based systems may ship only .so.0)
PKGS=$PKGS,libglib2.0-0,libxcb-util1

# 1. the build root (cached)
if [ ! -f "$ROOT/.jiuzhu-root" ]; then
  rm -rf "$ROOT"
  mkdir -p "$(dirname "$ROOT")"
  debootstrap --variant=minbase --include="$PKGS" "$SUITE" "$ROOT" "$MIRROR"
  touch "$ROOT/.jiuzhu-root"
fi

# packages added to the list after a root was made
for pkg in ${PKGS//,/ }; do
  chroot "$ROOT" dpkg -s "$pkg" >/dev/null 2>&1 || MISSING="${MISSING:-} $pkg"
done
if [ -n "${MISSING:-}" ]; then
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  chroot "$ROOT" apt-get install -y -qq $MISSING >/dev/null
fi

# 2. the interpreter's source: Debian's python3.11 source package (orig tarball), cached
if [ ! -f "$SRC/python3.11.orig.tar.gz" ]; then
  mkdir -p "$SRC/apt/lists/partial"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR bookworm main" \
    > "$SRC/apt/sources.list"
  APTOPT=(-o "Dir::Etc::SourceList=$SRC/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$SRC/apt/lists")
  apt-get "${APTOPT[@]}" update -qq
  (cd "$SRC" && apt-get "${APTOPT[@]}" source --download-only python3.11 2>&1 | grep -v '^W: Download is performed')
  mv "$SRC"/python3.11_*.orig.tar.gz "$SRC/python3.11.orig.tar.gz"
fi

# 3. the chroot: /proc, the host's resolver and CA bundle (pip), the sources
mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
trap 'umount "$ROOT/proc" 2>/dev/null || true' EXIT
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/jiuzhu-host-ca.crt"
mkdir -p "$ROOT/src" "$ROOT/build"
tar -C "$REPO" --exclude=./build --exclude=./.venv --exclude=./.git --exclude=./demo \
  --exclude='__pycache__' -cf - . | (rm -rf "$ROOT/src" && mkdir "$ROOT/src" && tar -C "$ROOT/src" -xf -)
if [ "$REPO" != "$HERE" ]; then  # this tree's installer over the other tree's app
  rm -rf "$ROOT/src/installer" && cp -a "$HERE/installer" "$ROOT/src/installer"
fi
cp "$SRC/python3.11.orig.tar.gz" "$ROOT/build/"
in_root() {
  chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
    PIP_CERT=/etc/ssl/certs/jiuzhu-host-ca.crt PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_DEFAULT_TIMEOUT=180 \
    /bin/bash -euo pipefail -c "$1"
}

# 4. CPython for glibc 2.28 (cached by the recipe below and the source)
cp installer/linux/glibc228.h "$ROOT/build/glibc228.h"
cat > "$ROOT/build/build-python.sh" <<RECIPE
set -euo pipefail
rm -rf /build/cpython $PREFIX && mkdir -p /build/cpython && cd /build/cpython
tar --strip-components=1 -xzf /build/python3.11.orig.tar.gz
./configure --prefix=$PREFIX --enable-shared --with-ensurepip=install --with-system-ffi \\
  LDFLAGS='-Wl,-rpath,$PREFIX/lib' CFLAGS_NODIST='-include /build/glibc228.h' \\
  ac_cv_func_posix_spawn_file_actions_addchdir_np=no ac_cv_func_sem_clockwait=no \\
  ac_cv_func_pthread_cond_clockwait=no ac_cv_func_gettid=no > /build/cpython-configure.log
make -j\$(nproc) > /build/cpython-make.log 2>&1 || { tail -40 /build/cpython-make.log; exit 1; }
make install > /build/cpython-install.log 2>&1
strip --strip-unneeded $PREFIX/lib/libpython3.11.so.1.0 $PREFIX/lib/python3.11/lib-dynload/*.so
$PREFIX/bin/python3.11 -c 'import ssl, sqlite3, lzma, bz2, zlib, ctypes, uuid, pyexpat, hashlib'
RECIPE
KEY=$(cat "$ROOT/build/build-python.sh" "$ROOT/build/glibc228.h" "$SRC/python3.11.orig.tar.gz" | sha256sum | cut -c1-16)
if [ "$(cat "$ROOT$PREFIX/.key" 2>/dev/null)" != "$KEY" ]; then
  in_root "bash /build/build-python.sh && echo $KEY > $PREFIX/.key"
  rm -rf "$ROOT"/opt/venv-*
fi

# 5. the venv with the app's dependencies and PyInstaller (one per pyproject.toml, cached), then the bundle
PKEY=$(sha256sum "$REPO/pyproject.toml" | cut -c1-16)
VENV=/opt/venv-$PKEY
if [ ! -f "$ROOT$VENV/.done" ]; then
  in_root "
    rm -rf $VENV && $PREFIX/bin/python3.11 -m venv $VENV
    $VENV/bin/python -m pip install -q --upgrade pip
    $VENV/bin/python -m pip install -q /src pyinstaller
    $VENV/bin/python -m pip uninstall -q -y jiuzhu
    touch $VENV/.done
  "
fi
in_root "
  cd /src && rm -rf /build/dist /build/work
  PYTHONPATH=/src $VENV/bin/pyinstaller --noconfirm --clean --log-level WARN \
    --distpath /build/dist --workpath /build/work installer/jiuzhu.spec
"
OUT=$REPO/build
rm -rf "$OUT/dist/jiuzhu" && mkdir -p "$OUT/dist"
cp -a "$ROOT/build/dist/jiuzhu" "$OUT/dist/jiuzhu"
# bullseye's libsqlite3 calls log@GLIBC_2.29: bind it to the original version (installer/glibc_compat.py)
python3 installer/glibc_compat.py "$OUT/dist/jiuzhu"
python3 installer/elf_scan.py "$OUT/dist/jiuzhu"
VERSION=$(installer/version.sh "$REPO")
JIUZHU_DEB_OUT=$OUT installer/make_deb.sh "$VERSION" "$OUT/dist/jiuzhu"
