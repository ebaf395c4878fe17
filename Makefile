# twitchlib: two commands for a fresh machine.
#   make lab   -> local virtual environment + JupyterLab on notebooks/ (localhost, with a token)
#   make test  -> local virtual environment + every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test bench notebooks dashboard clean help

help:
	@echo "make lab        install (once) and open JupyterLab on notebooks/"
	@echo "make test       install (once) and run every test"
	@echo "make bench      run the benchmarks and print their figures"
	@echo "make notebooks  re-execute every notebook and strip widget state"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --no-browser --notebook-dir=notebooks

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
