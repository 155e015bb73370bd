"""Scan a bundle folder for ELF files that would not run on glibc 2.28 (UOS 20) - SPEC §12.

    python installer/elf_scan.py build/dist/jiuzhu [--max-glibc 2.28] [--max-glibcxx 3.4.25]
                                 [--report-only] [--verbose]

For every ELF file under the folder it reads the symbol versions the file NEEDS (the
.gnu.version_r section, the same data `readelf -V` prints) and reports the highest GLIBC_x.y
and GLIBCXX_3.4.z. It also lists bundled libraries that the manylinux_2_28 policy takes from
the system (libc, libstdc++, libGL, libX11, libglib-2.0, ...): a bundled copy of one of those
shadows the system's and drags the build machine's glibc requirement along with it.

Exit 0 when every file is within the limits and no such library is bundled, 1 otherwise
(0 with --report-only, which still prints everything), 2 on usage errors.
Standard library only, so that CI runs it with any Python 3.11.
"""

from __future__ import annotations

import argparse
import os
import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_DYNAMIC = 6
DT_NEEDED = 1
DT_SONAME = 14

# auditwheel's manylinux_2_28 "lib_whitelist": the libraries a wheel (and so this bundle) must
# take from the system. ld-linux is the program interpreter itself.
POLICY_SYSTEM_LIBS = (
    "libgcc_s.so.1", "libstdc++.so.6", "libm.so.6", "libdl.so.2", "librt.so.1", "libc.so.6",
    "libnsl.so.1", "libutil.so.1", "libpthread.so.0", "libresolv.so.2", "libX11.so.6",
    "libXext.so.6", "libXrender.so.1", "libICE.so.6", "libSM.so.6", "libGL.so.1",
    "libgobject-2.0.so.0", "libgthread-2.0.so.0", "libglib-2.0.so.0", "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1", "libatomic.so.1",
)
# Not in the policy, but the .deb's Depends (installer/linux/control.in) takes them (and the
# xcb libraries below) from the system too; a bundled copy would be the build machine's and may need a newer glibc.
DEB_SYSTEM_LIBS = (
    "libEGL.so.1", "libOpenGL.so.0", "libGLX.so.0", "libGLdispatch.so.0", "libfontconfig.so.1",
    "libfreetype.so.6", "libxkbcommon.so.0", "libxkbcommon-x11.so.0", "libdbus-1.so.3",
    "libxcb.so.1",
)

_VERSION_RE = re.compile(r"^(GLIBC|GLIBCXX|CXXABI)_(\d+(?:\.\d+)*)$")


def parse_version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def show(version: tuple[int, ...] | None) -> str:
    return ".".join(str(p) for p in version) if version else "-"


@dataclass
class ElfInfo:
    path: Path
    needed: list[str] = field(default_factory=list)  # DT_NEEDED sonames
    soname: str | None = None
    versions: dict[str, set[str]] = field(default_factory=dict)  # library -> version names needed

    def highest(self, prefix: str) -> tuple[int, ...] | None:
        best = None
        for names in self.versions.values():
            for name in names:
                m = _VERSION_RE.match(name)
                if m and m.group(1) == prefix:
                    v = parse_version(m.group(2))
                    if best is None or v > best:
                        best = v
        return best


class NotElf(Exception):
    pass


def read_elf(path: Path) -> ElfInfo:
    """The needed libraries and needed symbol versions of one ELF file (32/64-bit, either endian)."""
    data = path.read_bytes()
    if data[:4] != ELF_MAGIC or len(data) < 52:
        raise NotElf(str(path))
    is64 = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    if is64:
        shoff, = struct.unpack_from(end + "Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", data, 0x3A)
        sh_fmt = end + "IIQQQQIIQQ"
    else:
        shoff, = struct.unpack_from(end + "I", data, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", data, 0x2E)
        sh_fmt = end + "IIIIIIIIII"
    sections = []
    for i in range(shnum):
        off = shoff + i * shentsize
        if off + struct.calcsize(sh_fmt) > len(data):
            break
        # name, type, flags, addr, offset, size, link, info, addralign, entsize
        sections.append(struct.unpack_from(sh_fmt, data, off))

    def cstr(table: int, offset: int) -> str:
        base = sections[table][4] + offset
        stop = data.find(b"\0", base)
        return data[base:stop].decode("utf-8", "replace")

    info = ElfInfo(path)
    for sec in sections:
        sh_type, sh_offset, sh_size, sh_link, sh_info = sec[1], sec[4], sec[5], sec[6], sec[7]
        if sh_type == SHT_DYNAMIC and sh_link < len(sections):
            dyn_fmt = end + ("qQ" if is64 else "iI")
            step = struct.calcsize(dyn_fmt)
            for off in range(sh_offset, sh_offset + sh_size, step):
                tag, val = struct.unpack_from(dyn_fmt, data, off)
                if tag == 0:
                    break
                if tag == DT_NEEDED:
                    info.needed.append(cstr(sh_link, val))
                elif tag == DT_SONAME:
                    info.soname = cstr(sh_link, val)
        elif sh_type == SHT_GNU_VERNEED and sh_link < len(sections):
            # Elf_Verneed: vn_version, vn_cnt, vn_file, vn_aux, vn_next; sh_info = entry count
            off = sh_offset
            for _ in range(sh_info):
                _ver, cnt, file_off, aux, nxt = struct.unpack_from(end + "HHIII", data, off)
                lib = cstr(sh_link, file_off)
                names = info.versions.setdefault(lib, set())
                a = off + aux
                for _ in range(cnt):
                    # Elf_Vernaux: vna_hash, vna_flags, vna_other, vna_name, vna_next
                    _h, _f, _o, name_off, anext = struct.unpack_from(end + "IHHII", data, a)
                    names.add(cstr(sh_link, name_off))
                    if not anext:
                        break
                    a += anext
                if not nxt:
                    break
                off += nxt
    return info


def iter_elf(root: Path):
    for dirpath, _dirs, files in os.walk(root):
        for name in sorted(files):
            p = Path(dirpath) / name
            if p.is_symlink() or not p.is_file():
                continue
            try:
                with p.open("rb") as fh:
                    if fh.read(4) != ELF_MAGIC:
                        continue
                yield read_elf(p)
            except (NotElf, struct.error, IndexError):
                continue


# a wheel's private, renamed copy (auditwheel: libxcb-9065bb12.so.1.1.0) is never the system's
_PRIVATE_COPY = re.compile(r"^lib.+-[0-9a-f]{8}\.so")
# the X11/xcb client libraries: the .deb depends on the xcb-util ones, and they pull in the rest
_SYSTEM_PREFIXES = ("libxcb-", "libX11-xcb.so.", "libXau.so.", "libXdmcp.so.")


def system_lib_name(path: Path) -> str | None:
    """The policy / Depends library this file is a copy of (by file name), or None."""
    name = path.name
    if _PRIVATE_COPY.match(name) or name.startswith("libxcb-util."):
        # libxcb-util: Qt needs .so.1, Debian 10-based systems may have only .so.0; it is bundled
        return None
    for lib in POLICY_SYSTEM_LIBS + DEB_SYSTEM_LIBS:
        if name == lib or name.startswith(lib + "."):
            return lib
    for prefix in _SYSTEM_PREFIXES:
        if name.startswith(prefix):
            return name.split(".so", 1)[0] + ".so"
    return None


def scan(root: Path, max_glibc: tuple[int, ...], max_glibcxx: tuple[int, ...]) -> dict:
    files = list(iter_elf(root))
    over, bundled = [], []
    top = {"GLIBC": None, "GLIBCXX": None}
    for info in files:
        g, gx = info.highest("GLIBC"), info.highest("GLIBCXX")
        for key, v in (("GLIBC", g), ("GLIBCXX", gx)):
            if v and (top[key] is None or v > top[key][0]):
                top[key] = (v, info.path)
        if (g and g > max_glibc) or (gx and gx > max_glibcxx):
            over.append((info, g, gx))
        lib = system_lib_name(info.path)
        if lib:
            bundled.append((info.path, lib))
    return {"files": files, "over": over, "bundled": bundled, "top": top,
            "size": sum(f.stat().st_size for f in root.rglob("*") if f.is_file() and not f.is_symlink())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="highest GLIBC / GLIBCXX symbol versions in a bundle")
    ap.add_argument("root", type=Path)
    ap.add_argument("--max-glibc", default="2.28")
    ap.add_argument("--max-glibcxx", default="3.4.25")
    ap.add_argument("--report-only", action="store_true", help="print the findings but exit 0")
    ap.add_argument("--verbose", "-v", action="store_true", help="one line per ELF file")
    args = ap.parse_args(argv)
    if not args.root.is_dir():
        print(f"elf_scan: no such folder: {args.root}", file=sys.stderr)
        return 2
    max_glibc, max_glibcxx = parse_version(args.max_glibc), parse_version(args.max_glibcxx)
    res = scan(args.root, max_glibc, max_glibcxx)
    rel = lambda p: p.relative_to(args.root)  # noqa: E731
    if args.verbose:
        for info in res["files"]:
            print(f"  GLIBC {show(info.highest('GLIBC')):>6}  GLIBCXX {show(info.highest('GLIBCXX')):>8}  "
                  f"{rel(info.path)}")
    print(f"{args.root}: {len(res['files'])} ELF files, {res['size'] / 1e6:.1f} MB unpacked")
    for key in ("GLIBC", "GLIBCXX"):
        t = res["top"][key]
        print(f"highest {key}: {show(t[0]) if t else '-'}" + (f" ({rel(t[1])})" if t else ""))
    for info, g, gx in res["over"]:
        print(f"TOO NEW: {rel(info.path)} needs GLIBC {show(g)} / GLIBCXX {show(gx)} "
              f"(limit {args.max_glibc} / {args.max_glibcxx})")
    for path, lib in res["bundled"]:
        print(f"BUNDLED SYSTEM LIBRARY: {rel(path)} ({lib} is taken from the system)")
    bad = bool(res["over"] or res["bundled"])
    print("elf_scan: " + ("FAILED" if bad else "ok") + (" (report only)" if bad and args.report_only else ""))
    return 1 if bad and not args.report_only else 0


if __name__ == "__main__":
    sys.exit(main())
