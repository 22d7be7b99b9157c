# Two commands do all the set-up: `make check` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: check test clean bench docs fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

# Lint the deliberately flawed example service. Findings are expected and
# printed; only a usage, config or internal error (exit 2) fails the target.
check: $(VENV)/.installed
	$(BIN)/cnlint check --exit-zero examples/

# The code is clean under its own ruff configuration (pyproject.toml), then the suite.
test: $(VENV)/.installed-test
	$(BIN)/ruff check cnlint tests benchmarks
	$(BIN)/python -m pytest -n auto -q

# The fuzzing suites at length: FUZZ_EXAMPLES generated inputs for each
# parser and for --fix, first from hypothesis (with its counts), then
# coverage-guided from atheris where it is installed (a table of each
# target's inputs, coverage and corpus). `make test` runs a few of each.
FUZZ_EXAMPLES ?= 100000
fuzz: $(VENV)/.installed-test
	CNLINT_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -n auto -q -p no:cacheprovider --hypothesis-show-statistics tests/test_fuzz.py
	if $(BIN)/python -c "import atheris" 2>/dev/null; then $(BIN)/python tests/fuzz_coverage.py --all --runs $(FUZZ_EXAMPLES); \
	else echo "atheris is not installed: no coverage-guided run"; fi

docs: $(VENV)/.installed
	$(BIN)/cnlint rules --format markdown > docs/rules.md

# cnlint beside hadolint, kubernetes-validate, Checkov and go vet, measured on
# this machine (see benchmarks/run.py; about ten minutes, most of it go vet's
# cold builds). BENCH_ARGS: e.g. --runs 3, or --quick for the one-file rows.
BENCH_ARGS ?=
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
