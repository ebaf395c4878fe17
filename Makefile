# twitchlib: two commands for a fresh machine.
#   make lab   -> local virtual environment + JupyterLab on notebooks/ (localhost, with a token)
#   make test  -> local virtual environment + every test
# and one for every change:
#   make check -> lint, format check and the fast tests (under a minute; docs/developing.md)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Installs, one stamp each: the lessons only (make lab), plus the class server
# (make class, make dashboard), plus the test tools (make test: everything).
LESSONS_STAMP := $(VENV)/.lessons-installed
CLASS_STAMP   := $(VENV)/.class-installed

CHROMIUM ?= /usr/bin/chromium
# JupyterLab refuses to run as root unless told; containers and CI machines often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test check format bench bench-browser notebooks dashboard chromium npm axe clean help editions worksheets class-report class site bench-class

help:
	@echo "make lab        install (once) and open JupyterLab on notebooks/"
	@echo "make test       install (once) and run every test"
	@echo "make check      lint, format check and the fast tests (no browser, no slow ones)"
	@echo "make format     format Python (ruff) and JavaScript/CSS (prettier)"
	@echo "make bench      run the benchmarks and print their figures"
	@echo "make bench-browser  key press -> chart painted, in JupyterLab and Voila"
	@echo "make notebooks  re-execute every notebook and strip widget state"
	@echo "make dashboard  serve the classroom dashboard with Voila on localhost"
	@echo "make editions   student and instructor editions -> build/student, build/instructor"
	@echo "make worksheets printable worksheets and answer keys (PDF) -> build/worksheets"
	@echo "make class-report DIR=folder-of-exit-tickets -> build/class-report"
	@echo "  (GRADEBOOK=moodle or canvas also writes a gradebook CSV of first tries)"
	@echo "make class      serve the dashboard to a class (CLASS_ARGS=\"--ip 0.0.0.0\")"
	@echo "make site       build the static course website in site/"
	@echo "make bench-class  load-test the class server and a live round with 30 students"

$(LESSONS_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(CLASS_STAMP): $(LESSONS_STAMP)
	$(BIN)/python -m pip install --quiet -e ".[class]"
	touch $@

$(STAMP): $(LESSONS_STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(CLASS_STAMP)

# The same code as the console command (twitchlib lab, dashboard, class, site).
lab: $(LESSONS_STAMP)
	$(BIN)/twitchlib lab --folder notebooks --no-browser

# The classroom dashboard: the explorers with the code hidden, on 127.0.0.1 with a token
# (open the printed link on the projector machine).
dashboard: $(CLASS_STAMP)
	$(BIN)/twitchlib dashboard

# The dashboard for a room: make class CLASS_ARGS="--ip 0.0.0.0 --students 30"
class: $(CLASS_STAMP)
	$(BIN)/twitchlib class $(CLASS_ARGS)

# The course website, static, in site/ (open site/index.html).
site: $(LESSONS_STAMP)
	$(BIN)/twitchlib site --out site

# npm tools the tests use: axe-core (accessibility audit), configurable-http-proxy (JupyterHub).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --silent && touch $@; \
	else \
	  echo "*** npm not found: the site audit and hub tests will be SKIPPED (on CI they fail) ***"; \
	fi

npm: node_modules/.installed

# The class load test: 30 students on 127.0.0.1, each moving sliders for a minute.
bench-class: $(STAMP)
	$(BIN)/python benchmarks/class_load.py --students 30 --seconds 60
	$(BIN)/python benchmarks/live_round.py --students 30 --window 10 --browser

# Debian's chromium for the browser tests (never a browser downloaded by Playwright)
# and poppler-utils (pdftotext, pdfinfo) for the worksheet PDF tests.
# Installing needs root and apt-get; without them the browser tests skip, loudly.
chromium:
	@if [ -x "$(CHROMIUM)" ] && command -v pdftotext >/dev/null 2>&1; then \
	  true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium (browser tests) and poppler-utils (worksheet PDF tests)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null) \
	    || echo "*** chromium or poppler-utils could not be installed: those tests will not run ***"; \
	else \
	  echo "*** chromium or poppler-utils is missing and needs root to install (apt-get install chromium poppler-utils):"; \
	  echo "*** the browser and worksheet PDF tests will be SKIPPED (on CI they fail instead) ***"; \
	fi

# axe-core (accessibility audits) and configurable-http-proxy (the hub test) come from
# npm, pinned by package-lock.json (the audit injects axe-core into pages, never a CDN).
axe: npm

# Running the lessons in tests must never write a student's answer file here.
test: $(STAMP) chromium npm
	TWITCHLIB_ANSWERS=off $(BIN)/python -m pytest

# The fast loop, for every change: ruff's rules (pyproject.toml [tool.ruff.lint]), the
# formatters' check, and every test except the browser and slow ones (conftest.py
# says which are slow and why). JavaScript and CSS are checked when node_modules is
# there (make npm).
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@if [ -x node_modules/.bin/prettier ] && [ -x node_modules/.bin/eslint ]; then \
	  node_modules/.bin/prettier --check --log-level warn "twitchlib/**/*.{js,css}" && \
	  node_modules/.bin/eslint twitchlib; \
	else \
	  echo "*** node_modules missing: JavaScript and CSS not checked (make npm) ***"; \
	fi
	TWITCHLIB_ANSWERS=off $(BIN)/python -m pytest -q -p no:cacheprovider -n auto -m "not browser and not slow" tests twitchlib

format: $(STAMP)
	$(BIN)/ruff check --fix --select I .
	$(BIN)/ruff format .
	@if [ -x node_modules/.bin/prettier ]; then \
	  node_modules/.bin/prettier --write --log-level warn "twitchlib/**/*.{js,css}"; \
	fi

# Writes its figures into docs/benchmarks.md (with the machine, date and command).
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
	$(BIN)/twitchlib class-report "$(DIR)" --out build/class-report $(if $(GRADEBOOK),--gradebook $(GRADEBOOK))

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis node_modules site
