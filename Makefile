# The two commands a new user types: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := demo/demo.db
export JIUZHU_HOME ?= $(CURDIR)/demo/home

.PHONY: run test walkthrough lint setup clean package i18n package-compat elf-scan package-check package-upgrade-check windows-installer

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

$(DEMO_DB): | $(STAMP)
	mkdir -p demo
	JIUZHU_PASSWORD=demo1234 $(BIN)/jiuzhu --db $(DEMO_DB) demo --households 300 --seed 2020

run: $(STAMP) $(DEMO_DB)
	$(BIN)/jiuzhu --db $(DEMO_DB) gui

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

# A township's whole day through clicks and keys, a screenshot of every page in build/walkthrough/
# (also part of `make test`, where the screenshots go to a temporary folder).
walkthrough: $(STAMP)
	mkdir -p build/walkthrough
	QT_QPA_PLATFORM=offscreen JIUZHU_WALKTHROUGH_DIR=$(CURDIR)/build/walkthrough $(BIN)/python -m pytest -q -p no:cacheprovider tests/walkthrough
	@echo "截图：build/walkthrough/"

lint: $(STAMP)
	$(BIN)/ruff check app tests

clean:
	rm -rf $(VENV) demo

# Linux one-folder bundle (PyInstaller) and .deb with this machine's Python: build/jiuzhu_<v>_<arch>.deb.
# Quick, for CI and development; it runs only where this machine's glibc (or newer) is.
package: $(STAMP)
	installer/build_linux.sh $(VENV)

# The bundle and .deb for the offices (glibc 2.28+: UOS 20, Kylin V10), built in a Debian bullseye
# root with a CPython made for glibc 2.28 (root needed; cached under build/). docs/packaging.md.
package-compat:
	installer/build_compat.sh

# Symbol-version scan of the built bundle (SPEC §12: GLIBC <= 2.28, GLIBCXX <= 3.4.25, no system
# libraries bundled). ELF_SCAN_FLAGS=--report-only prints the findings without failing.
elf-scan:
	$(PY) installer/elf_scan.py $(ELF_SCAN_FLAGS) build/dist/jiuzhu

# The full check (slow, not in CI): office bundle + .deb, the scan, then dpkg -i in a clean
# bullseye root and --version, calc on the golden cases, the GUI up to the login window.
package-check: package-compat
	$(PY) installer/elf_scan.py build/dist/jiuzhu
	installer/check_deb.sh

# Upgrade keeps data (slow, root): 0.1.0's .deb (rebuilt for bullseye from its sources), data made
# with it by an office user, this release's .deb installed over it and the data opened again.
package-upgrade-check: package-compat
	installer/upgrade_check.sh

# Compile the Inno Setup script under Wine against a stand-in bundle, then a silent install and
# uninstall under Wine (the data folder stays): build/windows/jiuzhu-setup-<v>.exe
windows-installer:
	installer/windows/build_installer.sh

# Refresh the translation source from every tr() in the GUI. The source strings are already
# Simplified Chinese (the default locale), so zh_CN needs no .qm; another language would add a
# .ts here and `pyside6-lrelease` it into resources/i18n/jiuzhu_<lang>.qm (loaded by app/ui/app.py).
i18n: $(STAMP)
	$(BIN)/pyside6-lupdate app/ui/*.py app/ui/county/*.py app/ui/models/*.py -ts resources/i18n/jiuzhu_zh_CN.ts \
	  -source-language zh_CN -target-language zh_CN
