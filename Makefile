# Mizani: the two commands.
#   make run    the whole portal with demo data on SQLite, at http://127.0.0.1:5000
#   make test   the whole test suite, browser tests included (README)
# and: make extract (translations), make bench (page weight and req/s), make browsers, make axe.
#
# Each step installs what it needs once: the venv, the package with its dev extras (again only
# when pyproject.toml changes), compiled catalogs, axe-core for the accessibility tests.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST := 127.0.0.1
PORT := 5000
AXE_VERSION := 4.14.1
AXE_DIR := tests/e2e/.axe
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get

export MIZANI_ENV ?= development
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run serve install catalogs migrate demo test axe extract browsers bench wrk

help:
	@echo "make run       install, migrate, load demo data and serve http://$(HOST):$(PORT)"
	@echo "make test      install and run the whole test suite (browser tests included)"
	@echo "make extract   extract interface strings and update every catalog"
	@echo "make bench     page weight in Chromium and req/s under gunicorn (wrk)"
	@echo "make browsers  apt-get install chromium fonts-noto-core (when missing)"
	@echo "make axe       npm install axe-core $(AXE_VERSION) for the accessibility tests"

# --- install ------------------------------------------------------------------------------------
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalled only when pyproject.toml changes (the stamp is newer otherwise).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP)

# Compile whichever catalogs exist (a language is added by adding its catalog).
catalogs: install
	@if compgen -G 'translations/*/LC_MESSAGES/messages.po' > /dev/null; then \
		$(BIN)/pybabel -q compile -d translations -f; \
	else \
		echo "no catalogs in translations/ yet: the interface stays in English"; \
	fi

# --- run ------------------------------------------------------------------------------------------
# The database comes from the app config: DATABASE_URL, else instance/mizani.sqlite.
migrate: install
	$(BIN)/alembic upgrade head

demo: migrate
	$(BIN)/flask --app wsgi load-demo

run: catalogs demo
	@echo "Mizani at http://$(HOST):$(PORT)  (Ctrl-C stops it)"
	exec $(BIN)/flask --app wsgi run --host $(HOST) --port $(PORT)

serve: install
	exec $(BIN)/flask --app wsgi run --host $(HOST) --port $(PORT)

# --- test -----------------------------------------------------------------------------------------
# axe-core from npm into a git-ignored folder; without npm the accessibility tests say so.
axe:
	@if grep -qs '"version": "$(AXE_VERSION)"' $(AXE_DIR)/node_modules/axe-core/package.json; then :; \
	elif command -v npm > /dev/null; then \
		echo "installing axe-core $(AXE_VERSION) into $(AXE_DIR)"; \
		npm install --prefix $(AXE_DIR) --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION) > /dev/null; \
	else \
		echo "npm not found: accessibility tests will be skipped (apt-get install npm)"; \
	fi

# PYTEST_ARGS passes options through, e.g. make test PYTEST_ARGS="-m 'not e2e'".
test: catalogs axe
	$(BIN)/pytest $(PYTEST_ARGS)

# --- translations -------------------------------------------------------------------------------
# --ignore-obsolete: strings removed from the code leave the catalogs instead of piling up as
# "#~" entries that translators keep seeing and that count against "100% translated"; git
# history keeps the old translations. --no-fuzzy-matching: a guessed translation shown to an
# applicant can be wrong in a way that matters; a missing one falls back to English visibly.
extract: install
	$(BIN)/pybabel extract -F pyproject.toml -k _l -k _p:1c,2 --add-comments=Translators: --no-location --sort-output \
		--project=Mizani -o translations/messages.pot .
	@if compgen -G 'translations/*/LC_MESSAGES/messages.po' > /dev/null; then \
		$(BIN)/pybabel update -d translations -i translations/messages.pot --no-fuzzy-matching --ignore-obsolete; \
	else \
		echo "no catalogs yet: start one with $(BIN)/pybabel init -i translations/messages.pot -d translations -l LANG"; \
	fi

# --- machines -------------------------------------------------------------------------------------
browsers:
	@if [ -x /usr/bin/chromium ] && dpkg -s fonts-noto-core > /dev/null 2>&1; then :; else \
		$(APT) update -qq && $(APT) install -y -qq chromium fonts-noto-core; \
	fi

wrk:
	@command -v wrk > /dev/null || { $(APT) update -qq && $(APT) install -y -qq wrk; }

# --- benchmarks -----------------------------------------------------------------------------------
bench: catalogs browsers wrk
	$(BIN)/python tests/bench/page_weight.py
	$(BIN)/python tests/bench/throughput.py
