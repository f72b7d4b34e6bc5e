# Dramasite: `make run` to try it, `make test` to check it.
# PYTHON=/path/to/python3.12+ overrides the interpreter search.

HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run setup test lint check clean help browser-deps loadtest audit bench

help:
	@echo "make run    set everything up and serve on http://$(HOST):$(PORT)"
	@echo "make setup  the same without serving"
	@echo "make test   run the whole test suite"
	@echo "make lint   ruff, import-linter (references run one way) and Django's checks"
	@echo "make browser-deps  axe-core for the browser tests' accessibility checks (npm)"
	@echo "make loadtest  wrk, writers and PostgreSQL/Redis outages against gunicorn (needs wrk)"
	@echo "make audit  known vulnerabilities in the pinned requirements (waivers: SECURITY.md)"
	@echo "make bench  seed, serve with gunicorn, load with wrk; see docs/performance.md (BENCH_DB=postgres, BENCH_QUICK=1)"

# The virtualenv is rebuilt when its interpreter is gone and refreshed when a
# requirements file changes; the stamp files record what was installed.
$(PY):
	@interpreter="$$(PYTHON='$(PYTHON)' sh scripts/find_python.sh)" || exit 1; \
	echo "Creating $(VENV) with $$interpreter"; \
	"$$interpreter" -m venv --clear $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

setup: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo --site-url http://$(HOST):$(PORT)
	$(PY) manage.py make_renditions

run: setup
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C stops)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# axe-core (package.json, exact version) for the browser tests' accessibility
# checks. Installed again only when package.json changes. Without npm the axe
# tests skip with one line, except under CI=true, where that is an error.
AXE_STAMP := node_modules/.axe-core-installed

$(AXE_STAMP): package.json
	@if command -v npm >/dev/null 2>&1; then \
		npm install --no-audit --no-fund --silent && touch $@; \
	elif [ "$$CI" = "true" ] || [ "$$CI" = "1" ]; then \
		echo "npm not found: CI needs it to install axe-core for the browser tests" >&2; exit 1; \
	else \
		echo "npm not found: the axe accessibility tests will be skipped"; \
	fi

browser-deps: $(AXE_STAMP)

test: $(VENV)/.dev $(AXE_STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# pip-audit against PyPI's advisories; fails on any not waived in SECURITY.md.
audit: $(VENV)/.dev
	$(PY) scripts/audit_dependencies.py -r requirements.txt -r requirements-dev.txt

# The benchmark (docs/performance.md): matplotlib for the chart on top of the runtime set.
$(VENV)/.bench: requirements.txt requirements-bench.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-bench.txt
	@touch $@ $(VENV)/.runtime

bench: $(VENV)/.bench
	$(PY) scripts/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache node_modules test-artifacts .bench

# wrk with 64 connections against gunicorn on private PostgreSQL and Redis while
# an editor and a moderator write, then both services stopped and restarted
# mid-run (scripts/loadtest.py, docs/operations.md). LOADTEST_DURATION=20 shortens it.
loadtest: $(VENV)/.runtime
	$(PY) scripts/loadtest.py
