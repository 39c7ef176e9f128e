# Two commands from a fresh clone:  make run   (the series)   and   make test   (the checks).
# Both create .venv, install the pinned requirements and prepare the dataset first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# One BLAS/OpenMP thread for the notebooks and tests. The committed outputs do not depend on
# it (make portability re-checks them with two threads), but one thread keeps two pytest
# workers from fighting over two cores.
export OMP_NUM_THREADS      := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS      := 1

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
JOBS      ?= 2

.PHONY: help setup data run test check portability notebooks lab bench lint clean

help:
	@echo "make run        set up, prepare the data, execute every notebook, print a results table"
	@echo "make test       set up, prepare the data, run the whole test suite (strict nbval included),"
	@echo "                then the portability passes"
	@echo "make check      the test suite once, without the portability passes (day-to-day work)"
	@echo "make portability  strict nbval again with 2 BLAS threads, and with numpy's top SIMD levels off"
	@echo "make lab        open JupyterLab on the notebooks"
	@echo "make data       build or check the dataset cache (python -m helpers.data)"
	@echo "make notebooks  regenerate the committed notebooks' outputs on fresh kernels"
	@echo "make bench      run the benchmarks (speed ratios, not part of the tests)"
	@echo "make clean      remove .venv and build outputs (the data cache is kept)"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v[:2] == (3, 11) else f"Python 3.11 is needed, $(PYTHON) is {v.major}.{v.minor}; run make PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --requirement requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	@touch $@

setup: $(STAMP)

data: $(STAMP)
	$(BIN)/python -m helpers.data

run: data
	$(BIN)/python scripts/run_notebooks.py --output-dir build/notebooks $(NOTEBOOKS)

# Two workers; --dist loadfile keeps each notebook's cells together, in order, on one kernel.
# make test = make check + make portability: the committed outputs must hold whatever order
# the machine adds in (README, "How the notebooks stay reproducible").
test: check
	$(BIN)/python scripts/portability.py

check: data
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile

portability: data
	$(BIN)/python scripts/portability.py

notebooks: data
	$(BIN)/python scripts/run_notebooks.py --inplace $(NOTEBOOKS)
	$(BIN)/python scripts/readme_figures.py $(NOTEBOOKS)

lab: data
	$(BIN)/jupyter lab notebooks

bench: data
	$(BIN)/python bench/bench_data.py
	$(BIN)/python bench/bench_memory.py
	$(BIN)/python bench/bench_logistic.py
	$(BIN)/python bench/bench_notebooks.py

lint: $(STAMP)
	$(BIN)/ruff check helpers tests scripts bench notebooks

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	@echo "The dataset cache data/sign-language-digits/ was kept; delete it by hand to rebuild it."
