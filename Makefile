# Två kommandon för en ny dator: `make demo` och `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test wheel-demo bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kallelse demo

test: $(STAMP)
	$(BIN)/ruff check kallelse_tui tests benchmarks sample_data
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 2
	.ci/wheel-demo
	$(BIN)/python benchmarks/run.py --quick  # a smoke test: misses print, only errors fail

# The wheel in a fresh venv: `kallelse demo`, list and an export without the checkout.
wheel-demo: $(STAMP)
	.ci/wheel-demo

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build *.egg-info
