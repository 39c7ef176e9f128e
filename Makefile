# Two commands from a fresh clone:  make run   (the series)   and   make test   (the checks).
# Both create .venv, install the pinned requirements and prepare the dataset first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
# The stamp names the interpreter's version, so that `make test PYTHON=python3.13` on a
# .venv made with 3.11 rebuilds it instead of silently testing 3.11.
PYTHON_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
STAMP  := $(VENV)/.installed-python$(PYTHON_VERSION)

# One BLAS/OpenMP thread for the notebooks and tests. The committed outputs do not depend on
# it (make portability re-checks them with two threads), but one thread keeps two pytest
# workers from fighting over two cores.
export OMP_NUM_THREADS      := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS      := 1

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
JOBS      ?= 2

.PHONY: help setup data run test check portability notebooks lab bench lint book clean

help:
	@echo "make run        set up, prepare the data, execute every notebook, print a results table"
	@echo "make test       set up, prepare the data, run the whole test suite (strict nbval included),"
	@echo "                then the portability passes"
	@echo "make check      the test suite once, without the portability passes (day-to-day work)"
	@echo "make portability  strict nbval again with 2 BLAS threads, and with numpy's top SIMD levels off"
	@echo "make lab        open JupyterLab on the notebooks"
	@echo "make data       build or check the dataset cache (python -m helpers.data)"
	@echo "make notebooks  regenerate the committed notebooks' outputs on fresh kernels"
	@echo "make bench      run the benchmarks (speed and memory, not part of the tests)"
	@echo "make book       build the series as a static site, readable offline, in build/book/"
	@echo "make setup      only create .venv with the pinned packages"
	@echo "make lint       check the code style with ruff"
	@echo "make clean      remove .venv and build outputs (the data cache is kept)"
	@echo "Options: PYTHON=python3.12 (3.11, 3.12 or 3.13), LAB_OPTIONS=\"--ip=0.0.0.0 --no-browser\""

$(STAMP): requirements.txt pyproject.toml
	@case "$(PYTHON_VERSION)" in \
		3.11|3.12|3.13) ;; \
		"") echo "make: no working Python at PYTHON=$(PYTHON); run make PYTHON=/path/to/python3.11 (or 3.12, 3.13)" >&2; exit 1;; \
		*) echo "make: Python 3.11, 3.12 or 3.13 is needed, $(PYTHON) is $(PYTHON_VERSION); run make PYTHON=/path/to/python3.11" >&2; exit 1;; \
	esac
	@# Only a virtual environment (it has pyvenv.cfg) of another Python version is removed.
	@if [ -f $(VENV)/pyvenv.cfg ] && [ "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" != "$(PYTHON_VERSION)" ]; then \
		echo "Rebuilding $(VENV) for Python $(PYTHON_VERSION): it was made by another version."; rm -rf $(VENV); fi
	@echo "Setting up $(VENV) with Python $(PYTHON_VERSION) and the pinned packages of requirements.txt."
	@echo "The first time this takes about 1 to 5 minutes, depending on the connection."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --requirement requirements.txt
	@rm -f $(VENV)/.installed-python*
	@touch $@
	@echo "Set up: $(VENV) (Python $(PYTHON_VERSION))."

setup: $(STAMP)

data: $(STAMP)
	$(BIN)/python -m helpers.data

run: data
	@echo "Executing the $(words $(NOTEBOOKS)) notebooks, each on a fresh kernel (about a minute and a half in all)."
	$(BIN)/python scripts/run_notebooks.py --output-dir build/notebooks $(NOTEBOOKS)
	@echo "Next: make lab opens the notebooks in JupyterLab, to read and run them cell by cell."

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

# Jupyter refuses to run as root unless told to; Docker and many cloud shells are root.
lab: data
	@if [ "$$(id -u)" = 0 ]; then \
		echo "Running as root (as in Docker and many cloud shells): starting JupyterLab with --allow-root."; \
		$(BIN)/jupyter lab --allow-root $(LAB_OPTIONS) notebooks; \
	else \
		$(BIN)/jupyter lab $(LAB_OPTIONS) notebooks; \
	fi

bench: data
	$(BIN)/python bench/bench_data.py
	$(BIN)/python bench/bench_memory.py
	$(BIN)/python bench/bench_logistic.py
	$(BIN)/python bench/bench_notebooks.py

# The committed notebooks as they are (no re-execution): needs the packages, not the data.
book: $(STAMP)
	$(BIN)/python scripts/book.py

lint: $(STAMP)
	$(BIN)/ruff check helpers tests scripts bench notebooks

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	@echo "The dataset cache data/sign-language-digits/ was kept; delete it by hand to rebuild it."
