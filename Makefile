# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLUGINS := $(sort $(wildcard plugins/*/pyproject.toml))
DEMO_DB := $(CURDIR)/demo.db
DEMO_KEYS := $(CURDIR)/demo.keys
DEMO_ENV := PSC_DATABASE_URL=sqlite:///$(DEMO_DB) PSC_KEY_FILE=$(DEMO_KEYS)
DEMO_REPORTS := $(CURDIR)/demo-reports
# The demo staff's password for the web app (invented data only; never for real use).
DEMO_PASSWORD := demo-password-2026

.PHONY: screenshots demo test test-alone bench docs lint typecheck check clean

# Installs core and every plugin (editable) with the test tools; redone when a pyproject changes.
$(BIN)/.installed: pyproject.toml $(PLUGINS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' $(foreach p,$(PLUGINS),-e $(dir $(p)))
	touch $@

demo: $(BIN)/.installed
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_KEYS)
	echo "$(DEMO_PASSWORD)" | $(DEMO_ENV) $(BIN)/psc init --admin sato.h --name "佐藤 裕子" --password-stdin
	$(DEMO_ENV) PSC_USER=sato.h $(BIN)/psc demo
	for login in kato.m ono.a; do \
	  echo "$(DEMO_PASSWORD)" | $(DEMO_ENV) PSC_USER=sato.h $(BIN)/psc staff password $$login --stdin || exit 1; \
	done
	rm -rf $(DEMO_REPORTS) && mkdir -p $(DEMO_REPORTS)
	for format in csv json xlsx html; do \
	  $(DEMO_ENV) PSC_USER=sato.h $(BIN)/psc report fy --trend-from 2013 \
	    -o $(DEMO_REPORTS)/report-fy.$$format || exit 1; \
	done
	@echo
	@echo "Try:  export PATH=\"$(CURDIR)/bin:\$$PATH\" PSC_DATABASE_URL=sqlite:///$(DEMO_DB) PSC_KEY_FILE=$(DEMO_KEYS) PSC_USER=sato.h"
	@echo "      psc case list ; psc case show 1 ; psc person find えんどう ; psc --lang en programs"
	@echo "The fiscal year's report, in every format: $(DEMO_REPORTS)/"
	@echo
	@echo "The web app:  PSC_DATABASE_URL=sqlite:///$(DEMO_DB) PSC_KEY_FILE=$(DEMO_KEYS) $(BIN)/psc serve"
	@echo "      then open http://127.0.0.1:8000/ and sign in as sato.h (or kato.m, ono.a)"
	@echo "      with the demo password: $(DEMO_PASSWORD)"

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

# Each program plugin, installed alone with core in an environment of its own, passes
# its own tests: no plugin leans on another being there.
ALONE := $(CURDIR)/.venv-alone
test-alone:
	set -e; for plugin in $(dir $(PLUGINS)); do \
	  rm -rf $(ALONE); $(PYTHON) -m venv $(ALONE); \
	  $(ALONE)/bin/python -m pip install --quiet -e '.[dev]' -e $$plugin; \
	  echo "== $$plugin alone with core"; \
	  $(ALONE)/bin/python -m pytest -q $$plugin; \
	done; rm -rf $(ALONE)

# Benchmarks, as ratios against a baseline in the same run (not part of `make test`).
bench: $(BIN)/.installed
	$(BIN)/python scripts/bench.py

# The API reference of the public API, from type hints and docstrings (pdoc), in
# build/api/: generated, so never committed and never out of date with the code.
docs: $(BIN)/.installed
	$(BIN)/python scripts/api_docs.py build/api

# The guide's screenshots of the web app, taken by the browser tests (every
# tests/web/test_web_browser*.py file, and the accessibility test's).
screenshots: $(BIN)/.installed
	PSC_TEST_SCREENSHOTS=$(CURDIR)/docs/images/web PSC_REQUIRE_BROWSER=1 $(BIN)/python -m pytest \
	  -q -p no:randomly $(sort $(wildcard tests/web/test_web_browser*.py)) \
	  tests/web/test_web_accessibility.py -k sqlite

lint: $(BIN)/.installed
	$(BIN)/ruff check .

typecheck: $(BIN)/.installed
	$(BIN)/mypy
	$(BIN)/mypy --ignore-missing-imports $(foreach p,$(PLUGINS),$(dir $(p))src)

check: lint typecheck test

clean:
	rm -rf $(VENV) $(ALONE) build/api demo.db* demo.keys $(DEMO_REPORTS) .pytest_cache .mypy_cache .ruff_cache
