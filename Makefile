# Dramasite: `make run` to try it, `make test` to check it.
# PYTHON=/path/to/python3.12+ overrides the interpreter search.

HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run setup test lint check clean help

help:
	@echo "make run    set everything up and serve on http://$(HOST):$(PORT)"
	@echo "make setup  the same without serving"
	@echo "make test   run the whole test suite"
	@echo "make lint   ruff and Django's checks"

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
	$(PY) manage.py load_demo --site-url http://$(HOST):$(PORT)
	$(PY) manage.py make_renditions

run: setup
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C stops)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
