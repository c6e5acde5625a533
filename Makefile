# Two entry points: `make site` (set up and build) and `make test` (set up and run every test).
VENV ?= .venv
PYTHON := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium

.PHONY: site test setup setup-test serve check clean lock

site: setup
	$(PYTHON) scripts/build.py
	@echo "Open site/index.html in a browser (works offline), or run: make serve"

test: setup-test
	$(PYTHON) -m pytest -n auto --dist loadfile

serve: setup
	$(VENV)/bin/chronology serve

check: setup
	$(PYTHON) scripts/build.py --check

setup: $(VENV)/.installed

# the tests read the site with TimelineJS and axe-core (npm); the site itself needs no npm
setup-test: setup $(VENV)/.installed-test node_modules/.installed $(CHROMIUM)

# Python packages from the lock files (exact versions, checked by hash), then the project itself.
# After changing dependencies in pyproject.toml: make lock
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --require-hashes -r requirements.lock
	$(PYTHON) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	$(PYTHON) -m pip install --quiet --require-hashes -r requirements-test.lock
	touch $@

lock:
	$(PYTHON) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links --extra test -o requirements-test.lock pyproject.toml

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
$(CHROMIUM):
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -q
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

clean:
	rm -rf site build .pytest_cache
