# Two commands on a fresh machine (Debian, Python 3.11):
#   make run   installs, migrates, loads the demo and serves http://127.0.0.1:8000
#   make test  installs what tests need, lints, and runs the whole test suite
# and one for a workshop in a room:
#   make workshop  serves on this laptop's local network address, DEBUG off
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: workshop run test install install-test system-packages lint unit js services browser messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# pip runs only when pyproject.toml changed since the last install (a stamp in the venv).
install: $(VENV)/.installed-app

install-test: $(VENV)/.installed-test system-packages

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.installed-app

# Browser tests drive Debian's Chromium; Playwright cannot download its own here.
system-packages:
	@bash scripts/system-packages.sh

# A workshop on the room's network: serves on this laptop's local address with
# uvicorn, DEBUG off; HOST=… to choose the address, PORT=… the port.
workshop: install
	@bash scripts/system-packages.sh app
	$(BIN)/python scripts/workshop.py --port $(PORT) $(if $(filter-out file,$(origin HOST)),--host $(HOST))

run: install
	@bash scripts/system-packages.sh app
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py load_demo
	DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/mypy
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/check_messages.py

unit:
	$(BIN)/pytest -m "not browser and not services" -p no:cacheprovider

# The live map's JavaScript (static/js/live/), with Node's own test runner and
# no npm package. Without node (Debian's nodejs) skipped with a notice; in CI, failed.
js:
	@if command -v node >/dev/null 2>&1; then node --test --test-reporter=spec tests/js/*.test.mjs; \
	elif [ "$${CI:-}" = "true" ]; then echo "CI needs node for the JavaScript tests." >&2; exit 1; \
	else echo "Skipped the JavaScript tests: node is missing (apt-get install nodejs)."; fi

# PostgreSQL and Redis: concurrent writers, two server processes, a Redis outage.
services:
	bash scripts/services-tests.sh

# A separate pytest run: Playwright's sync API keeps an event loop running.
browser:
	$(BIN)/pytest tests/browser -p no:cacheprovider

test: install-test lint unit js services browser

messages: $(BIN)/python
	DEBUG=true $(BIN)/python manage.py makemessages -l fr -l en --no-obsolete --ignore "$(VENV)/*"
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore "$(VENV)/*"

bench: install-test
	$(BIN)/python bench/map_page.py
	$(BIN)/python bench/live_latency.py
	$(BIN)/python bench/photo_upload.py

clean:
	rm -rf $(VENV) staticfiles test-db.sqlite3* artifacts
