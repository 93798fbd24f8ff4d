# Spiral: `make run` to play, `make test` to check everything. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run setup test lint format bench system-deps browser-deps clean

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -r requirements-dev.txt
	@touch $@

## setup: the virtualenv with every Python dependency, and the database schema
setup: $(STAMP)
	@mkdir -p var
	$(MANAGE) migrate --noinput

## system-deps: what the operating system must provide (installed when we are root)
system-deps:
	@bash .ci/system-deps

# `make run` serves as config/serve.env says, with a secret key of its own made once;
# DEBUG given to make (`make run DEBUG=1`) comes last, so it wins.
KEY_FILE := $(or $(SPIRAL_VAR_DIR),var)/secret-key.txt
RUN_ENV = $(shell grep -v '^\#' config/serve.env) SECRET_KEY_FILE=$(KEY_FILE) $(if $(DEBUG),DEBUG=$(DEBUG))

## run: set up, create the demo teacher and serve on http://$(HOST):$(PORT)/
run: setup system-deps
	@mkdir -p $(dir $(KEY_FILE))
	@test -s $(KEY_FILE) || (umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $(KEY_FILE))
	@env $(RUN_ENV) $(MANAGE) demo_teacher
	@env $(RUN_ENV) $(MANAGE) collectstatic --noinput -v0
	@echo ""
	@echo "  Spiral is running at http://$(HOST):$(PORT)/   (Ctrl-C stops it)"
	@echo ""
	@exec env $(RUN_ENV) $(MANAGE) serve --host $(HOST) --port $(PORT)

## test: set up, then lint and run the whole test suite
test: setup system-deps lint
	$(BIN)/pytest

## lint: ruff's checks and formatting
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## format: apply ruff's fixes and formatting
format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: measure speed and memory; writes bench/results/*.json
bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
