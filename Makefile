# eventwire: `make example` sets up and runs the main job; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup dev example test lint bench eval

$(BIN)/eventwire: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,cluster]"
	@touch $@

setup: $(BIN)/eventwire

example: setup
	$(BIN)/eventwire extract examples/somalia-base-attack.txt --published 2025-03-06
	$(BIN)/eventwire ingest examples --db example.duckdb --published 2025-03-06
	$(BIN)/eventwire export --db example.duckdb --format acled-csv

test: setup
	$(BIN)/ruff check eventwire tests bench
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check eventwire tests bench
	$(BIN)/ruff format --check eventwire tests bench

bench: setup
	$(BIN)/python bench/throughput.py

eval: setup
	$(BIN)/eventwire eval acled ../shared/eval/dev/acled_middle_east_2018_dev.csv.gz
	$(BIN)/eventwire eval case2021 ../shared/eval/dev/case2021_task2_dev.tsv
	$(BIN)/eventwire eval geoparse ../shared/eval/dev/geoparsing/GWN.xml.gz
	$(BIN)/eventwire eval timeml ../shared/eval/dev/timebank.tar.gz
	$(BIN)/eventwire eval polnear ../shared/eval/dev/polnear.tar.gz
	$(BIN)/eventwire eval muc4 ../shared/eval/dev/muc4_dev.json.gz
	$(BIN)/eventwire eval news tests/news_gold.yaml
