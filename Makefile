# The two commands of the README are the contract: `make demo` and `make test`.
# Everything they need is installed by this project's own files: npm packages by npm ci, the
# stand-ins (Kafka jars, fake-gcs-server, bigquery-emulator, Pub/Sub emulator) by dev/install.sh
# into $(DEV_CACHE_DIR), outside the clone so that later clones on the same machine reuse them.

SHELL := /bin/bash
export DEV_CACHE_DIR ?= $(HOME)/.cache/market-data-dev
export METADATA_SERVER_DETECTION := none
NODE_STAMP := node_modules/.installed-stamp
JEST := npx jest --ci

.PHONY: help cli deps node-deps standins chromium typecheck lint fix arch test test-unit test-int rehearse demo dev clean synth preflight deploy destroy trigger

help:
	@echo "make demo   run the whole platform on embedded defaults (see README)"
	@echo "make dev    the same against the live providers, keys from .env"
	@echo "make test   install what is missing, type-check, lint, run every test against real stand-ins, rehearse the deploy"
	@echo "make fix    apply the formatter and the linter's fixes"
	@echo "make cli ARGS='status'   the mdp CLI (run, backfill, status, query; ARGS='--help' lists them)"

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

# Format (prettier, .prettierrc.json) and lint (eslint.config.mjs, type-aware rules) checks; `make fix` applies what they can.
lint: node-deps
	npx prettier --check --log-level warn .
	npx eslint --max-warnings 0 .

fix: node-deps
	npx prettier --write --log-level warn .
	npx eslint --fix .

test: deps typecheck lint
	$(JEST)
	$(MAKE) --no-print-directory rehearse

# The deploy rehearsal (dev/rehearse): synthesize the stacks, then start every deployed artifact as
# Google would (function archives under functions-framework, the worker pool's image command) on
# Node 22 from the synthesized configuration, against the stand-ins; passes when every pipeline's
# run succeeded and a streamed article reached the lake and the warehouse.
rehearse: deps
	node --import tsx dev/rehearse/main.ts

test-unit: node-deps
	$(JEST) --selectProjects unit

test-int: deps
	$(JEST) --selectProjects integration

# The whole platform in ONE node process on embedded defaults, no cloud, no internet (dev/demo/README.md):
# provider replay stand-ins, every registry function + the dashboard under functions-framework, the
# streamer and its consumer groups (file log, or Kafka when KAFKA_BROKERS is set), the lake in
# .data/lake, DuckDB in .data/warehouse.duckdb, the local scheduler at DEMO_SPEED x real time.
# Dashboard on http://127.0.0.1:8080 (PORT=...). Ctrl-C drains and stops everything.
# `node --import tsx`, not `npx tsx`: npm's and tsx's wrappers exit on Ctrl-C before the demo drained.
demo: node-deps
	node --import tsx dev/demo/main.ts

# The same against the live providers with keys from .env; a source without its key is skipped, and
# the replay stand-ins are not started.
dev: node-deps
	node --import tsx dev/demo/main.ts --live

# Google Cloud deployment (cdktf/README.md lists the prerequisites). synth works offline.
# Offline preview of the Terraform JSON; DEPLOY_CONFIG defaults to the example deploy config.
synth: node-deps
	DEPLOY_CONFIG=$${DEPLOY_CONFIG:-cdktf/deploy.example.json} CHECKPOINT_DISABLE=1 npx cdktf synth

# make deploy (cdktf/README.md, "make deploy: what it does"): the preflight (credentials, project,
# billing, APIs, state bucket, terraform and gcloud, every secret's enabled version), then synth with
# the pinned secret versions, the platform stack, the streamer image through Cloud Build when its
# content tag is not in Artifact Registry yet, then the streaming and pipelines stacks.
# make preflight: the checks alone, every missing item with its fix; changes nothing in the project.
deploy: node-deps
	@test -n "$(DEPLOY_CONFIG)" || { echo "usage: DEPLOY_CONFIG=path/to/deploy.json make deploy (cdktf/deploy.example.json shows every key)"; exit 2; }
	DEPLOY_CONFIG="$(DEPLOY_CONFIG)" npx tsx cdktf/deploy/main.ts

preflight: node-deps
	@test -n "$(DEPLOY_CONFIG)" || { echo "usage: DEPLOY_CONFIG=path/to/deploy.json make preflight"; exit 2; }
	DEPLOY_CONFIG="$(DEPLOY_CONFIG)" npx tsx cdktf/deploy/main.ts --preflight-only

# Tears down every stack, workloads first (deploy with deletionProtection: false first to drop data).
destroy: node-deps
	@test -n "$(DEPLOY_CONFIG)" || { echo "usage: DEPLOY_CONFIG=path/to/deploy.json make destroy"; exit 2; }
	DEPLOY_CONFIG="$(DEPLOY_CONFIG)" CHECKPOINT_DISABLE=1 npx cdktf destroy '*' --auto-approve

trigger: node-deps
	@test -n "$(JOB)" || { echo "usage: DEPLOY_CONFIG=path/to/deploy.json make trigger JOB=<pipeline>"; exit 2; }
	npx tsx cdktf/trigger.ts $(JOB)

# The mdp CLI (shared/cli; also package.json's bin, e.g. after `npm link`): make cli ARGS='backfill prices --from 2024-01-01'
cli: node-deps
	@node shared/cli/bin.cjs $(ARGS)

clean:
	rm -rf dist cdktf.out test-artifacts .data
