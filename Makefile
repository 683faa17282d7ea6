# Commands that do all the set-up on a fresh machine (see README.md):
#   make demo   install what is needed, build the demo clinic, open the app
#   make test   install what is needed, run the whole test suite
#   make bench  install what is needed, measure speed and memory against baselines
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench system-deps install clean-demo

system-deps:
	@bash scripts/install-system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,bench]"
	@touch $(STAMP)

install: system-deps $(STAMP)

demo: install
	$(VENV)/bin/tracker --data-dir demo-clinic demo --if-missing --open

test: install
	$(PY) -m pytest

# Speed and memory as ratios against baselines measured in the same run
# (README "Benchmarks"); exits non-zero when a target is missed.
bench: install
	$(PY) -m tracker.bench

clean-demo:
	rm -rf demo-clinic
