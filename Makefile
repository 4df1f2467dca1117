# The two set-up commands: `make run` and `make test`. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export HEALTHHUB_DEBUG ?= true

.PHONY: run test install assets demo lint benchmark worker monitoring-checks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed node_modules/.installed

assets: node_modules/.installed

demo: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py load_demo_data

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

worker: install
	$(BIN)/python manage.py send_notifications --loop

monitoring-checks: install
	$(BIN)/python manage.py monitoring_checks --loop

test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check healthhub tests benchmarks
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check healthhub tests benchmarks

benchmark: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) node_modules staticfiles healthhub.sqlite3*
