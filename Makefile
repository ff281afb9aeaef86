# The two commands of the README are the contract: `make demo` and `make test`.
# Everything they need is installed by this project's own files: npm packages by npm ci, the
# stand-ins (Kafka jars, fake-gcs-server, bigquery-emulator, Pub/Sub emulator) by dev/install.sh
# into $(DEV_CACHE_DIR), outside the clone so that later clones on the same machine reuse them.

SHELL := /bin/bash
export DEV_CACHE_DIR ?= $(HOME)/.cache/market-data-dev
export METADATA_SERVER_DETECTION := none
NODE_STAMP := node_modules/.installed-stamp
JEST := npx jest --ci

.PHONY: help deps node-deps standins chromium typecheck arch test test-unit test-int demo clean synth deploy destroy trigger

help:
	@echo "make demo   run the whole platform on embedded defaults (see README)"
	@echo "make test   install what is missing, type-check, and run every test against real stand-ins"

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

node-deps: $(NODE_STAMP)

standins:
	bash dev/install.sh

# Debian's chromium for the dashboard's browser test (never a downloaded browser).
chromium:
	bash dev/install-chromium.sh

deps: node-deps standins chromium

typecheck: node-deps
	npx tsc --noEmit -p tsconfig.json

test: deps typecheck
	$(JEST)

test-unit: node-deps
	$(JEST) --selectProjects unit

test-int: deps
	$(JEST) --selectProjects integration

demo: node-deps
	@echo "make demo will run, on embedded defaults (no cloud, no internet):"
	@echo "  - provider replay stand-ins on 127.0.0.1          (issues 3, 4, 5)"
	@echo "  - every function under functions-framework       (issues 3, 4, 5, 7)"
	@echo "  - the local scheduler reading the pipeline registry (issue 7)"
	@echo "  - the streamer and its consumer groups on the local file log (issue 4)"
	@echo "  - the lake in .data/lake and DuckDB in .data/warehouse.duckdb"
	@echo "  - the dashboard on http://127.0.0.1:8080          (issue 7)"
	@echo "Today the foundation is in place (config, log, http, lake, warehouse, stream); the pipelines are not yet."

# Google Cloud deployment (cdktf/README.md lists the prerequisites). synth works offline.
synth: node-deps
	CHECKPOINT_DISABLE=1 npx cdktf synth

deploy: node-deps
	CHECKPOINT_DISABLE=1 npx cdktf deploy platform pipelines --auto-approve

destroy: node-deps
	CHECKPOINT_DISABLE=1 npx cdktf destroy pipelines platform --auto-approve

trigger: node-deps
	@test -n "$(JOB)" || { echo "usage: make trigger JOB=<pipeline>"; exit 2; }
	npx tsx cdktf/trigger.ts $(JOB)

clean:
	rm -rf dist cdktf.out test-artifacts .data
