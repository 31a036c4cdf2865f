# Two commands matter: `make run` serves the dashboard, `make test` runs every test.
# Both create .venv and install what they need on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The address `make run` listens on: loopback only, unless told otherwise (`HOST=0.0.0.0 make run`).
HOST ?= 127.0.0.1

.PHONY: run test bench eval lint browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# `python -m dashboard` is `streamlit run dashboard/app.py` (the same options) with the first
# page's imports and reads begun while the server starts (dashboard/__main__.py).
run: $(STAMP)
	$(BIN)/python -m dashboard --server.address $(HOST) --server.port 8501

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -q && apt-get install -y -q chromium; \
	  else echo "chromium is missing: install it with 'sudo apt-get install -y chromium'"; fi; }

# The tests keep bytecode caches even where the environment turns them off: the suite starts a
# few dozen Python processes (servers, workers, command lines) that import this project, at
# 0.3 s each to compile it again.
test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n 2 --dist loadgroup

bench: $(STAMP) browser
	$(BIN)/python -m bench

# Extraction scored against the hand-labelled corpus (../shared/corpus/dev); not part of `test`.
eval: $(STAMP)
	$(BIN)/python -m bench.evaluate

clean:
	rm -rf $(VENV) build *.egg-info
