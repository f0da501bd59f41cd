# The two commands: `make demo` (install, load the bundled ledger, show it, serve the dashboard)
# and `make test` (install with development tools, lint, run every test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: install demo test lint bench score-dev screenshots clean

install: $(VENV)/.installed

# Reinstalls only when pyproject.toml changes, so every target may depend on it cheaply.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: install
	$(BIN)/geoledger load
	$(BIN)/geoledger demo
	@if [ -n "$$GEOLEDGER_DEMO_NO_SERVE" ]; then exit 0; fi; \
	if $(BIN)/geoledger serve --help >/dev/null 2>&1; then \
		$(BIN)/geoledger serve --host $(HOST) --port $(PORT); fi

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

test: install lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: install
	$(BIN)/python benchmarks/run.py

# Extraction accuracy on the real-article development sets (tuning and test parts, by language).
score-dev: install
	$(BIN)/python tools/score_devset.py

# Every dashboard page at 1366 and 390 px into artifacts/screenshots (needs /usr/bin/chromium).
screenshots: install
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache artifacts
