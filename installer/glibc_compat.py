"""Rebind libm's exp/exp2/log/log2/pow from GLIBC_2.29 to their original versions, in place.

    python installer/glibc_compat.py BUNDLE_DIR        (used by installer/build_compat.sh)

glibc 2.29 gave these five functions new symbol versions (faster code, same results for finite
input); a library linked against glibc >= 2.29 that calls one of them needs GLIBC_2.29 and does
not load on UOS 20 (glibc 2.28). Every glibc still exports the original versions (GLIBC_2.2.5 on
x86-64, GLIBC_2.17 on aarch64), so for a library whose ONLY need above 2.28 is one of these
functions, pointing its libm version requirement at the original version is exact: that is what
the same source compiled against glibc 2.28 links to. In the office bundle this applies to
bullseye's libsqlite3 (`log`); the interpreter itself is compiled with installer/linux/glibc228.h,
which does the same at compile time.

A file with any other symbol bound to GLIBC_2.29 (or anything newer) is left alone, for
installer/elf_scan.py to report; so is one whose string table lacks the original version's name
(the rewrite changes two fields and never moves a byte).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import elf_scan  # noqa: E402

LIBM_2_29 = {"exp", "exp2", "log", "log2", "pow"}
SHT_DYNSYM, SHT_GNU_VERSYM = 11, 0x6FFFFFFF
ORIGINAL = {62: "GLIBC_2.2.5", 183: "GLIBC_2.17"}  # e_machine: x86-64, aarch64


def elf_hash(name: bytes) -> int:
    h = 0
    for c in name:
        h = ((h << 4) + c) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h


def rebind(path: Path) -> bool:
    """Patch `path` if its only GLIBC_2.29 needs are the five libm functions; True if patched."""
    data = bytearray(path.read_bytes())
    if data[:4] != elf_scan.ELF_MAGIC or data[4] != 2 or data[5] != 1:
        return False  # 64-bit little-endian only (x86-64, aarch64)
    machine, = struct.unpack_from("<H", data, 0x12)
    original = ORIGINAL.get(machine)
    if original is None:
        return False
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    secs = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    by_type = {s[1]: s for s in secs}
    verneed, versym, dynsym = (by_type.get(t) for t in (elf_scan.SHT_GNU_VERNEED, SHT_GNU_VERSYM, SHT_DYNSYM))
    if not (verneed and versym and dynsym):
        return False
    strtab = secs[verneed[6]][4]

    def cstr(off: int) -> bytes:
        start = strtab + off
        return bytes(data[start:data.index(b"\0", start)])

    # find libm's GLIBC_2.29 entry (its version index) and the offset of the original name
    target = name_off = None
    off = verneed[4]
    for _ in range(verneed[7]):
        _v, cnt, file_off, aux, nxt = struct.unpack_from("<HHIII", data, off)
        a = off + aux
        for _ in range(cnt):
            _h, _f, other, vna_name, anext = struct.unpack_from("<IHHII", data, a)
            name = cstr(vna_name)
            if name == original.encode():
                name_off = vna_name
            if name == b"GLIBC_2.29" and cstr(file_off) == b"libm.so.6":
                target = (a, other)
            if not anext:
                break
            a += anext
        if not nxt:
            break
        off += nxt
    if target is None or name_off is None:
        return False
    # every symbol bound to that index must be one of the five
    dyn_str = secs[dynsym[6]][4]
    count = dynsym[5] // dynsym[9]
    for i in range(count):
        index, = struct.unpack_from("<H", data, versym[4] + 2 * i)
        if index & 0x7FFF != target[1]:
            continue
        st_name, = struct.unpack_from("<I", data, dynsym[4] + i * dynsym[9])
        start = dyn_str + st_name
        if data[start:data.index(b"\0", start)].decode() not in LIBM_2_29:
            return False
    struct.pack_into("<I", data, target[0], elf_hash(original.encode()))
    struct.pack_into("<I", data, target[0] + 8, name_off)
    path.write_bytes(bytes(data))
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: glibc_compat.py BUNDLE_DIR", file=sys.stderr)
        return 2
    for info in elf_scan.iter_elf(Path(args[0])):
        libm = info.versions.get("libm.so.6", set())
        if "GLIBC_2.29" in libm and rebind(info.path):
            print(f"rebound libm exp/log/pow to the pre-2.29 versions: {info.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
