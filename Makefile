# The two commands a new user types: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := demo/demo.db
export JIUZHU_HOME ?= $(CURDIR)/demo/home

.PHONY: run test lint setup clean package i18n

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

lint: $(STAMP)
	$(BIN)/ruff check app tests

clean:
	rm -rf $(VENV) demo

# Linux one-folder bundle (PyInstaller) and .deb for UOS / Kylin: build/jiuzhu_<v>_<arch>.deb
package: $(STAMP)
	installer/build_linux.sh $(VENV)

# Refresh the translation source from every tr() in the GUI. The source strings are already
# Simplified Chinese (the default locale), so zh_CN needs no .qm; another language would add a
# .ts here and `pyside6-lrelease` it into resources/i18n/jiuzhu_<lang>.qm (loaded by app/ui/app.py).
i18n: $(STAMP)
	$(BIN)/pyside6-lupdate app/ui/*.py app/ui/models/*.py -ts resources/i18n/jiuzhu_zh_CN.ts \
	  -source-language zh_CN -target-language zh_CN
