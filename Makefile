# Two entry points: `make site` (set up and build) and `make test` (set up and run every test).
VENV ?= .venv
PYTHON := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium

.PHONY: site test setup setup-test serve check clean

site: setup
	$(PYTHON) scripts/build.py
	@echo "Open site/index.html in a browser (works offline), or run: make serve"

test: setup-test
	$(PYTHON) -m pytest

serve: setup
	$(VENV)/bin/mkdocs serve

check: setup
	$(PYTHON) scripts/build.py --check

setup: $(VENV)/.installed node_modules/.installed

setup-test: setup $(VENV)/.installed-test $(CHROMIUM)

$(VENV)/.installed: pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PYTHON) -m pip install --quiet -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
$(CHROMIUM):
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -q
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

clean:
	rm -rf site build .pytest_cache
