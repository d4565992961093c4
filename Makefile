# NeuroKG: `make serve` starts the service on the embedded store, `make test` runs every test.
# Each target installs what it needs (virtual environment, Python packages, Debian packages).

VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST    ?= 127.0.0.1
PORT    ?= 5000
# `make serve IMPORTS="hpo mondo"`: import those ontologies into an on-disk store first, serve that.
IMPORTS ?=
IMPORT_STORE := oxigraph:.cache/store
# Debian packages the tests need; later issues append to this list.
# openjdk-17-jre-headless: Java for OWL API (profile checker) and HermiT (tests/owl_tools.py).
DEBIAN_PACKAGES := virtuoso-opensource chromium chromium-driver graphviz openjdk-17-jre-headless

.PHONY: serve test install system-deps bench clean

# What serving needs; the test extras (OWL API, kgx, Playwright, ...) only for `make test`.
$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[test]'
	touch $(TEST_STAMP)

# Front-end libraries (CodeMirror, Cytoscape) from the npm lock file; served from node_modules.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: $(TEST_STAMP) node_modules/.package-lock.json

# Debian packages the tests drive (headless browser, external SPARQL servers).
system-deps:
	@bash scripts/system-deps.sh $(DEBIAN_PACKAGES)

serve: $(STAMP) node_modules/.package-lock.json
ifeq ($(strip $(IMPORTS)),)
	$(VENV)/bin/neurokg serve --host $(HOST) --port $(PORT)
else
	$(PY) -m pip install -q -e '.[imports]'
	for name in $(IMPORTS); do $(VENV)/bin/neurokg import $$name --store $(IMPORT_STORE) || exit 1; done
	$(VENV)/bin/neurokg serve --store $(IMPORT_STORE) --host $(HOST) --port $(PORT)
endif

test: $(TEST_STAMP) node_modules/.package-lock.json system-deps
	$(VENV)/bin/pytest

# Benchmarks print their figures (see benchmarks/RESULTS.md); wrk drives the throughput one.
bench: $(TEST_STAMP) node_modules/.package-lock.json
	@bash scripts/system-deps.sh wrk
	@cd benchmarks && for b in bench_*.py; do echo "== $$b"; ../$(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .cache .pytest_cache
