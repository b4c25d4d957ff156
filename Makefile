# Two commands: `make run` serves the portal with demo data; `make test` runs the whole test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# Debian packages the portal needs: venv for the virtual environment, Pango for WeasyPrint's PDFs,
# Chromium for the browser tests, poppler-utils (pdftotext, pdftoppm) to read PDFs back in tests.
RUN_DEBS := python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test serve install install-test system-packages system-packages-test messages lint benchmarks

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver $(HOST)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

system-packages:
	@dpkg -s $(RUN_DEBS) >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(RUN_DEBS))

system-packages-test:
	@dpkg -s $(TEST_DEBS) >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(TEST_DEBS))

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.installed-test: pyproject.toml package.json | $(BIN)/python
	$(BIN)/pip install --quiet ".[test]"
	npm ci --no-audit --no-fund --silent
	touch $@

install: system-packages $(VENV)/.installed

install-test: system-packages-test $(VENV)/.installed-test

# Refresh the translation catalogue after changing user-facing strings, then fill in `msgstr`s.
messages: install
	$(BIN)/python manage.py makemessages -l lt --no-obsolete --add-location file
	$(BIN)/python manage.py compilemessages -l lt --ignore=.venv --ignore=node_modules

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Query count and median time of the progress calculation at 1×, 10×, 100× the demo (throwaway database).
benchmarks: install
	$(BIN)/python -m benchmarks.progress
