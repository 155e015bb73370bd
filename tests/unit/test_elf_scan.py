"""installer/elf_scan.py: the symbol-version gate of the Linux bundle (SPEC §12), on ELF files built here."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("elf_scan", ROOT / "installer" / "elf_scan.py")
elf_scan = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("elf_scan", elf_scan)  # dataclasses look their module up there
_spec.loader.exec_module(elf_scan)

CC = shutil.which("cc") or shutil.which("gcc")
needs_cc = pytest.mark.skipif(CC is None, reason="no C compiler on this machine")


def _cc(tmp: Path, name: str, source: str, *flags: str) -> Path:
    src = tmp / (name + ".c")
    src.write_text(source)
    out = tmp / name
    subprocess.run([CC, "-O0", "-o", str(out), str(src), *flags], check=True)
    return out


def _readelf_highest(path: Path, prefix: str) -> tuple[int, ...] | None:
    text = subprocess.run(["readelf", "-V", "-W", str(path)], capture_output=True, text=True).stdout
    versions = [elf_scan.parse_version(v) for v in re.findall(rf"Name: {prefix}_([0-9.]+)\b", text)]
    return max(versions) if versions else None


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    if CC is None:
        pytest.skip("no C compiler")
    root = tmp_path / "bundle"
    (root / "_internal").mkdir(parents=True)
    # a shared library that only calls strlen: GLIBC_2.2.5 on x86-64
    _cc(root / "_internal", "libsmall.so", "#include <string.h>\nint f(const char *s){return (int)strlen(s);}\n",
        "-shared", "-fPIC")
    (root / "README.txt").write_text("not an ELF file\n")
    return root


@needs_cc
def test_old_library_passes_and_versions_match_readelf(bundle: Path, capsys) -> None:
    lib = bundle / "_internal" / "libsmall.so"
    info = elf_scan.read_elf(lib)
    assert info.highest("GLIBC") == (2, 2, 5)
    assert info.highest("GLIBCXX") is None
    assert "libc.so.6" in info.needed and "libc.so.6" in info.versions
    if shutil.which("readelf"):
        assert info.highest("GLIBC") == _readelf_highest(lib, "GLIBC")
    assert elf_scan.main([str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "1 ELF files" in out and "highest GLIBC: 2.2.5" in out and "elf_scan: ok" in out


@needs_cc
def test_executable_built_against_this_glibc_is_too_new(bundle: Path, capsys) -> None:
    # every executable linked against glibc >= 2.34 needs __libc_start_main@GLIBC_2.34
    exe = _cc(bundle, "prog", "#include <stdio.h>\nint main(void){puts(\"x\");return 0;}\n")
    found = elf_scan.read_elf(exe).highest("GLIBC")
    if shutil.which("readelf"):
        assert found == _readelf_highest(exe, "GLIBC")
    if found <= (2, 28):
        pytest.skip(f"this machine's glibc is old ({found}); nothing too new to find")
    assert elf_scan.main([str(bundle)]) == 1
    out = capsys.readouterr().out
    assert f"TOO NEW: prog needs GLIBC {elf_scan.show(found)}" in out and "elf_scan: FAILED" in out
    # a higher limit, or report-only mode, lets it through
    assert elf_scan.main([str(bundle), "--max-glibc", elf_scan.show(found)]) == 0
    assert elf_scan.main([str(bundle), "--report-only"]) == 0
    assert "FAILED (report only)" in capsys.readouterr().out


@needs_cc
def test_glibcxx_needs_are_read_from_cplusplus_code(tmp_path: Path) -> None:
    cxx = shutil.which("c++") or shutil.which("g++")
    if cxx is None:
        pytest.skip("no C++ compiler")
    src = tmp_path / "s.cpp"
    src.write_text("#include <string>\nstd::string f(const char *s){ return std::string(s) + \"x\"; }\n")
    lib = tmp_path / "libcxx.so"
    subprocess.run([cxx, "-shared", "-fPIC", "-o", str(lib), str(src)], check=True)
    got = elf_scan.read_elf(lib).highest("GLIBCXX")
    assert got is not None and got >= (3, 4)
    if shutil.which("readelf"):
        assert got == _readelf_highest(lib, "GLIBCXX")


@needs_cc
def test_a_bundled_system_library_fails_even_when_old_enough(bundle: Path, capsys) -> None:
    # the file's symbol needs are fine, but libstdc++ must come from the system (manylinux_2_28 policy)
    shutil.copy(bundle / "_internal" / "libsmall.so", bundle / "_internal" / "libstdc++.so.6")
    (bundle / "_internal" / "libGL.so.1").symlink_to("libstdc++.so.6")  # a link is not a second copy
    assert elf_scan.main([str(bundle)]) == 1
    out = capsys.readouterr().out
    assert "BUNDLED SYSTEM LIBRARY: _internal/libstdc++.so.6 (libstdc++.so.6 is taken from the system)" in out
    assert "libGL" not in out


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("libc.so.6", "libc.so.6"),
        ("libstdc++.so.6.0.30", "libstdc++.so.6"),
        ("libglib-2.0.so.0", "libglib-2.0.so.0"),
        ("libfontconfig.so.1.12.0", "libfontconfig.so.1"),
        ("libcrypto.so.1.1", None),
        ("libpython3.11.so.1.0", None),
        ("libcairo.so.2", None),
        ("libxcb-cursor.so.0", "libxcb-cursor.so"),
        ("libX11-xcb.so.1", "libX11-xcb.so"),
        ("libxcb-9065bb12.so.1.1.0", None),  # Pillow's private copy
        ("libxcb-util.so.1", None),  # bundled: older systems have only libxcb-util.so.0
        ("libfreetype-f154df84.so.6.20.1", None),
    ],
)
def test_system_library_names(name: str, expected: str | None) -> None:
    assert elf_scan.system_lib_name(Path("/b") / name) == expected


def test_missing_folder_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert elf_scan.main([str(tmp_path / "nope")]) == 2
    assert "no such folder" in capsys.readouterr().err


_spec2 = importlib.util.spec_from_file_location("glibc_compat", ROOT / "installer" / "glibc_compat.py")
glibc_compat = importlib.util.module_from_spec(_spec2)
_spec2.loader.exec_module(glibc_compat)


@needs_cc
def test_libm_log_is_rebound_to_its_original_version_and_still_computes(tmp_path: Path) -> None:
    import ctypes
    import platform

    if platform.machine() not in ("x86_64", "aarch64"):
        pytest.skip("x86-64 / aarch64 only")
    root = tmp_path / "bundle"
    root.mkdir()
    # strlen (GLIBC_2.2.5) puts the original version's name in the string table, as in any real library
    lib = _cc(root, "liblog.so", "#include <math.h>\n#include <string.h>\n"
              "double f(double x){return log(x) + pow(x, 0.5);}\nsize_t g(const char *s){return strlen(s);}\n",
              "-shared", "-fPIC", "-O2", "-lm")
    before = elf_scan.read_elf(lib)
    if "GLIBC_2.29" not in before.versions.get("libm.so.6", set()):
        pytest.skip("this machine's glibc predates 2.29: nothing to rebind")
    assert glibc_compat.main([str(root)]) == 0
    after = elf_scan.read_elf(lib)
    assert after.versions["libm.so.6"] == {glibc_compat.ORIGINAL[62 if platform.machine() == "x86_64" else 183]}
    assert after.highest("GLIBC") <= (2, 28) or after.highest("GLIBC") == before.highest("GLIBC")
    f = ctypes.CDLL(str(lib)).f
    f.restype, f.argtypes = ctypes.c_double, [ctypes.c_double]
    assert f(4.0) == pytest.approx(1.3862943611198906 + 2.0)


@needs_cc
def test_a_library_needing_other_new_symbols_is_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "bundle"
    root.mkdir()
    lib = _cc(root, "libmix.so", "#include <math.h>\n#include <string.h>\n"
              "double f(double x){return log(x) + exp(x);}\nsize_t g(const char *s){return strlen(s);}\n",
              "-shared", "-fPIC", "-O2", "-lm")
    data = lib.read_bytes()
    if "GLIBC_2.29" not in elf_scan.read_elf(lib).versions.get("libm.so.6", set()):
        pytest.skip("this machine's glibc predates 2.29")
    # a symbol bound to GLIBC_2.29 that is not on the list (here: log, taken off it) stops the rewrite
    original = glibc_compat.LIBM_2_29
    glibc_compat.LIBM_2_29 = {"exp"}
    try:
        assert glibc_compat.rebind(lib) is False
    finally:
        glibc_compat.LIBM_2_29 = original
    assert lib.read_bytes() == data
