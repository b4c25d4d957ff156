# Two commands: `make run` serves the portal with demo data (and runs the task worker beside it); `make test` runs the whole test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# Debian packages the portal needs: venv for the virtual environment, Pango and fonts for WeasyPrint's PDFs
# (Noto for the scripts and emoji DejaVu lacks), Chromium for the browser tests, poppler-utils (pdftotext,
# pdftoppm, pdffonts) to read PDFs back in tests.
RUN_DEBS := python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core fonts-noto-color-emoji
# The server's own binaries (initdb, pg_ctl) too: a fault test starts and freezes a throwaway cluster.
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils postgresql
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test serve install install-test system-packages system-packages-test messages lint benchmarks lighthouse

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@# The task worker (large PDFs and imports) runs beside the server and stops with it.
	$(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

test: install-test
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

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

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[test]"
	touch $@

install: system-packages $(VENV)/.installed

install-test: system-packages-test $(VENV)/.installed-test

# Refresh the translation catalogue after changing user-facing strings, then fill in `msgstr`s.
messages: install
	$(BIN)/python manage.py makemessages -l lt --no-obsolete --add-location file
	$(BIN)/python manage.py compilemessages -l lt --ignore=.venv

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Query count and median time of the progress calculation at 1×, 10×, 100× the demo (throwaway database).
benchmarks: install
	$(BIN)/python -m benchmarks.progress

# Lighthouse scores of the public pages on a phone (needs Node and npm; installs lighthouse into build/ once).
lighthouse: install
	CHROME_PATH=/usr/bin/chromium $(BIN)/python -m benchmarks.lighthouse
