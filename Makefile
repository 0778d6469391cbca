# Radar: `make run` serves the demo radar, `make test` runs everything. Both set up what they need.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
POSTGRES_SERVER_URL ?= postgresql://postgres@127.0.0.1:5432
ARTIFACTS ?= test-artifacts

.PHONY: install run serve test test-sqlite test-postgres test-e2e lint bench plotly-bundle clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

install: $(INSTALLED)

## Set up, migrate, seed the demo radar and serve it on http://127.0.0.1:8000 (DATABASE_URL picks the database).
run: install
	$(BIN)/radar migrate
	$(BIN)/radar seed
	@echo "Radar: http://$${RADAR_HOST:-127.0.0.1}:$${RADAR_PORT:-8000}/"
	$(BIN)/radar serve

## Everything CI runs: lint, the suite on SQLite, again on a fresh PostgreSQL database, then the browser tests.
test: install lint test-sqlite test-postgres test-e2e

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test-sqlite: install
	DATABASE_URL=sqlite:///$$(mktemp -d)/radar-test.sqlite $(BIN)/pytest -q

test-postgres: install
	@db=radar_test_$$(date +%s)_$$$$; \
	$(BIN)/python -m tests.postgres create "$(POSTGRES_SERVER_URL)" $$db || exit 1; \
	DATABASE_URL=$(POSTGRES_SERVER_URL)/$$db $(BIN)/pytest -q; status=$$?; \
	$(BIN)/python -m tests.postgres drop "$(POSTGRES_SERVER_URL)" $$db; exit $$status

test-e2e: install
	RADAR_ARTIFACTS=$(ARTIFACTS) $(BIN)/pytest -q -m e2e tests/e2e

## Performance numbers (see README): the published radar, imports and backup/restore (SQLite, then a fresh
## PostgreSQL database), then 100 concurrent votes by 20 board members on PostgreSQL. Bounded runs on 127.0.0.1 only.
bench: install
	@command -v wrk >/dev/null || apt-get install -y wrk || echo "wrk is missing: the bench runs its Python client only"
	$(BIN)/python -m tests.benchmarks.bench
	$(BIN)/python -m tests.benchmarks.transfer
	@db=radar_bench_transfer_$$(date +%s)_$$$$; \
	$(BIN)/python -m tests.postgres create "$(POSTGRES_SERVER_URL)" $$db || exit 1; \
	DATABASE_URL=$(POSTGRES_SERVER_URL)/$$db $(BIN)/python -m tests.benchmarks.transfer; status=$$?; \
	$(BIN)/python -m tests.postgres drop "$(POSTGRES_SERVER_URL)" $$db; exit $$status
	@db=radar_bench_$$(date +%s)_$$$$; \
	$(BIN)/python -m tests.postgres create "$(POSTGRES_SERVER_URL)" $$db || exit 1; \
	PICCOLO_CONF=radar.piccolo_conf DATABASE_URL=$(POSTGRES_SERVER_URL)/$$db $(BIN)/python -m tests.benchmarks.vote_storm; status=$$?; \
	$(BIN)/python -m tests.postgres drop "$(POSTGRES_SERVER_URL)" $$db; exit $$status

## Rebuild the partial plotly.js bundle (core + scatterpolar + barpolar) with npm; commit the result.
plotly-bundle:
	web/plotly_bundle/build.sh

clean:
	rm -rf $(VENV) var $(ARTIFACTS) .pytest_cache .mypy_cache .ruff_cache
