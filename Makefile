# twitchlib: two commands for a fresh machine.
#   make lab   -> local virtual environment + JupyterLab on notebooks/ (localhost, with a token)
#   make test  -> local virtual environment + every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

CHROMIUM ?= /usr/bin/chromium
# JupyterLab refuses to run as root unless told; containers and CI machines often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test bench bench-browser notebooks dashboard chromium axe clean help editions worksheets class-report

help:
	@echo "make lab        install (once) and open JupyterLab on notebooks/"
	@echo "make test       install (once) and run every test"
	@echo "make bench      run the benchmarks and print their figures"
	@echo "make bench-browser  key press -> chart painted, in JupyterLab and Voila"
	@echo "make notebooks  re-execute every notebook and strip widget state"
	@echo "make dashboard  serve the classroom dashboard with Voila on localhost"
	@echo "make editions   student and instructor editions -> build/student, build/instructor"
	@echo "make worksheets printable worksheets and answer keys (PDF) -> build/worksheets"
	@echo "make class-report DIR=folder-of-exit-tickets -> build/class-report"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --no-browser $(ROOT_FLAG) --notebook-dir=notebooks

# The classroom dashboard: the explorers with the code hidden, on 127.0.0.1 with a token
# (open the printed link on the projector machine).
dashboard: $(STAMP)
	$(BIN)/voila notebooks/dashboard.ipynb --no-browser --Voila.ip=127.0.0.1 --port=8866 --token

# Debian's chromium for the browser tests (never a browser downloaded by Playwright).
# Installing needs root and apt-get; without them the browser tests skip, loudly.
chromium:
	@if [ -x "$(CHROMIUM)" ]; then \
	  true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "*** chromium could not be installed: the browser tests will not run ***"; \
	else \
	  echo "*** chromium is not installed and needs root to install (apt-get install chromium):"; \
	  echo "*** the browser tests will be SKIPPED (on CI they fail instead) ***"; \
	fi

# axe-core for the accessibility audit in the browser tests: from npm, pinned by
# package-lock.json, injected into the page by the tests (never from a CDN).
axe: node_modules/axe-core/axe.min.js

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
	  echo "*** npm is not installed: the accessibility audit will be SKIPPED (on CI it fails) ***"; \
	fi

# Running the lessons in tests must never write a student's answer file here.
test: $(STAMP) chromium axe
	TWITCHLIB_ANSWERS=off $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Key press -> chart painted in JupyterLab and Voila, and time to a usable dashboard.
bench-browser: $(STAMP) chromium
	$(BIN)/python benchmarks/browser.py

notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py

# The classroom kit: editions, worksheets (printed by Debian's chromium), class report.
editions: $(STAMP)
	$(BIN)/twitchlib editions --out build

worksheets: $(STAMP) chromium
	$(BIN)/twitchlib worksheets --out build/worksheets

class-report: $(STAMP)
	@test -n "$(DIR)" || { echo "usage: make class-report DIR=folder-of-exit-tickets"; exit 2; }
	$(BIN)/twitchlib class-report "$(DIR)" --out build/class-report

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis node_modules
