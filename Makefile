# The two commands: `make run` (serve on the embedded SQLite default) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Test processes: the suite is mostly waiting on PostgreSQL and the browser, so two share the
# two cores of a small machine well (`make test PYTEST_WORKERS=0` runs in one process).
PYTEST_WORKERS ?= 2

.PHONY: install dev run test lint unit bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

run: install
	$(BIN)/patronage db upgrade
	$(BIN)/patronage demo --if-empty
	$(BIN)/patronage serve --host 127.0.0.1 --port 8000

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: dev lint
	scripts/ensure-services
	$(BIN)/pytest -n $(PYTEST_WORKERS)

unit: dev
	$(BIN)/pytest tests/unit

bench: dev
	scripts/ensure-services
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
