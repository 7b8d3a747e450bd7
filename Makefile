# internradar: `make demo` and `make test` set everything up from uv.lock on a fresh machine
# that has only Python 3.11 and pip. uv itself is pip-installed into .tools/ (pinned).

PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
INTERNRADAR_HOME ?= $(CURDIR)/data
# An older DuckDB, in its own folder, that the tests open the published warehouse with: the
# oldest release our storage format (warehouse/db.py STORAGE_VERSION) promises to work with.
COMPAT_DUCKDB := 1.4.0
COMPAT_DIR := .tools/duckdb-$(COMPAT_DUCKDB)
# Debian's Chromium and its driver, for the test that renders the report in a browser.
BROWSER := /usr/bin/chromedriver

# Never download a Python: use the machine's 3.11. Keep the environment in ./.venv.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: install install-dev demo test dagster lock clean bench-crawl bench-tag bench-pipeline

$(UV):
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target .tools "uv==$(UV_VERSION)"

# Compile .pyc files once (then only what changed): where PYTHONDONTWRITEBYTECODE is set, as on
# our build machines, every process would otherwise compile Dagster, pandas and Scrapy from
# source, seconds per run.
COMPILE = $(VENV)/bin/python -m compileall -q -j 0 $(VENV)/lib scrapers pipelines warehouse > /dev/null || true

install: $(UV)
	$(UV) sync --frozen --no-dev --python $(PYTHON)
	$(COMPILE)

install-dev: $(UV) $(COMPAT_DIR)/duckdb $(BROWSER)
	$(UV) sync --frozen --python $(PYTHON)
	$(COMPILE)

$(BROWSER):
	@if ! command -v apt-get > /dev/null; then echo "no apt-get: the browser test will be skipped"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver > /dev/null

$(COMPAT_DIR)/duckdb:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --only-binary :all: --target $(COMPAT_DIR) "duckdb==$(COMPAT_DUCKDB)"

demo: install
	$(VENV)/bin/internradar demo

test: install-dev
	$(VENV)/bin/pytest

# The Dagster UI on http://127.0.0.1:3000 with the instance stored under $(INTERNRADAR_HOME).
dagster: install
	$(VENV)/bin/python -m pipelines.dagster_home "$(INTERNRADAR_HOME)"
	INTERNRADAR_HOME="$(INTERNRADAR_HOME)" DAGSTER_HOME="$(INTERNRADAR_HOME)/dagster" $(VENV)/bin/dagster dev

# Not a test: our crawl of 1,000 loopback boards against `scrapy bench`, same machine, same run.
bench-crawl: install
	$(VENV)/bin/python scripts/bench_crawl.py

# Not a test: tag_postings over 200,000 varied eval postings against a naive per-row pandas
# baseline, one core, same run.
bench-tag: install
	$(VENV)/bin/python scripts/bench_tag.py

# Not a test: a generated raw lake (quick by default; BENCH_ARGS="--size full" for 1,000 boards x
# 20 nights): full rebuild vs DuckDB read_json, a 1%-changed night vs a first night, the load at
# a year of history, trend query latency, peak memory.
bench-pipeline: install
	$(VENV)/bin/python scripts/bench_pipeline.py $(BENCH_ARGS)

lock: $(UV)
	$(UV) lock --python $(PYTHON)

clean:
	rm -rf .tools $(VENV) data/demo .pytest_cache
