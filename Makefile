# Two commands set everything up on a fresh machine with python3 (3.11+) and make:
#   make report   build the environment, install, and write a report from inputs/
#   make test     build the environment with the dev tools, then lint, type-check and test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
YEAR   ?= 2025
REPORT := reports/wsis-$(YEAR).html
PREV   := $(shell expr $(YEAR) - 1)
SOURCES := $(shell find itu_contrib schemas -type f -not -name '*.pyc' -not -path '*/__pycache__/*') pyproject.toml constraints.txt

.PHONY: report test lint typecheck pytest install dev clean bench inputs docs browser-deps office-deps messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

# The package is installed as a wheel (not editable): tests run against what users get.
$(VENV)/.installed: $(BIN)/python $(SOURCES)
	$(BIN)/pip install --quiet -c constraints.txt pandas pandera openpyxl jinja2 python-calamine defusedxml pycountry xlrd odfpy \
	  starlette uvicorn python-multipart markdown-it-py python-docx babel
	$(BIN)/pip install --quiet --no-deps --force-reinstall -c constraints.txt .
	touch $@

$(VENV)/.dev: $(BIN)/python constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt ruff mypy pytest hypothesis jsonschema pandas-stubs types-openpyxl types-defusedxml build selenium httpx2
	touch $@

# The browser test needs Debian's chromium and chromium-driver; install them when we can (root with apt-get),
# otherwise that one test is skipped with its reason.
browser-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium and chromium-driver for the browser test"; \
	  (timeout 900 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq chromium chromium-driver >/dev/null) \
	  || echo "note: could not install chromium; the browser test will be skipped"; \
	else echo "note: chromium/chromedriver missing and cannot be installed here; the browser test will be skipped"; fi

# The LibreOffice round-trip tests (workbooks, the template, the report's Word copy) need Debian's LibreOffice
# without a GUI; install it when we can (root with apt-get), otherwise those tests are skipped with their reason.
office-deps:
	@if command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing libreoffice-calc-nogui and libreoffice-writer-nogui for the LibreOffice round-trip tests"; \
	  (timeout 900 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 1200 apt-get install -y -qq libreoffice-calc-nogui libreoffice-writer-nogui >/dev/null) \
	  || echo "note: could not install LibreOffice; the LibreOffice round-trip tests will be skipped"; \
	else echo "note: LibreOffice (soffice) missing and cannot be installed here; the LibreOffice round-trip tests will be skipped"; fi

install: $(VENV)/.installed
dev: install $(VENV)/.dev

report: install
	@mkdir -p reports
	$(BIN)/itu-contrib report inputs/$(YEAR) --year $(YEAR) $(if $(wildcard inputs/$(PREV)),--previous inputs/$(PREV)) \
	  $(if $(wildcard inputs/narrative/$(YEAR)),--narrative inputs/narrative/$(YEAR)) \
	  -o $(REPORT) --docx $(REPORT:.html=.docx) --tables reports/tables-$(YEAR)
	@echo "Report written: $(REPORT) and $(REPORT:.html=.docx)"

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: dev
	$(BIN)/mypy

pytest: dev browser-deps office-deps
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

inputs: install
	$(BIN)/python inputs/generate.py

docs: install
	$(BIN)/python docs/build.py

# Extract the message ids into itu_contrib/locale/itu_contrib.pot, merge them into every .po and compile every .mo
# (the .mo files are committed: the wheel is built without a build hook).
messages: install
	$(BIN)/python scripts/messages.py

# The measuring sticks of benchmarks/speed.py (fastexcel, polars) live in a venv of their own: no dependency of the
# project, and nothing they bring can change how pandas behaves in .venv. benchmarks/pandera_backends.py runs there
# too (pandera's polars backend against its pandas one on the project's schema), so the venv also has pandera with
# its polars extra and the project itself with its readers (no pyarrow: pandas behaves there as in .venv).
BENCH_VENV := .venv-bench

$(BENCH_VENV)/.installed: constraints.txt $(SOURCES)
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet -c constraints.txt fastexcel polars "pandera[polars,pandas]" pandas numpy \
	  openpyxl jinja2 python-calamine defusedxml pycountry xlrd odfpy markdown-it-py python-docx babel
	$(BENCH_VENV)/bin/pip install --quiet --no-deps --force-reinstall -c constraints.txt .
	touch $@

bench: install $(BENCH_VENV)/.installed
	$(BIN)/python benchmarks/speed.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) build dist .mypy_cache .pytest_cache .ruff_cache
