# qmlcourse: every workflow. `make start` (set up, build the book, start JupyterLab) and
# `make test` (set up, run every test) work from a fresh clone on a machine with Python 3.10+.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8888
TOKEN  ?= $(shell $(PYTHON) -c "import secrets; print(secrets.token_hex(16))")
PYTEST_WORKERS ?= 2

.PHONY: install start lab test test-fast bench book lock clean

# Create the virtual environment when missing and install the tested versions into it.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test,book]"
	@touch $(STAMP)

install: $(STAMP)

# Everything: package, grading, notebooks (nbval), the book build and the browser tests.
test: install book
	QMLCOURSE_PROGRESS=$(CURDIR)/_build/test-progress.json $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile \
		--nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
		tests notebooks

# The package tests alone (no notebooks, no book, no browser): a quick loop while coding.
test-fast: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser" tests/sim

bench: install
	$(PY) -m qmlcourse bench --json _build/bench.json

# The book (Jupyter Book 1, strict): notebooks are not executed, their stored outputs are
# shown. MathJax is fetched once from the npm registry into .cache/ (gitignored) by
# book/_ext/qmlbook.py and served from _build/html. Output: _build/html/index.html.
book: install
	$(VENV)/bin/jupyter-book build . -W -n --keep-going
	@echo "Book: file://$(CURDIR)/_build/html/index.html"

lab: install
	@test ! -f _build/html/index.html || echo "Book (offline): file://$(CURDIR)/_build/html/index.html"
	@echo "JupyterLab: http://127.0.0.1:$(PORT)/lab/tree/notebooks?token=$(TOKEN)"
	$(PY) -m jupyterlab --no-browser --ip=127.0.0.1 --port=$(PORT) \
		--IdentityProvider.token=$(TOKEN) --ServerApp.root_dir=$(CURDIR) \
		$(if $(filter 0,$(shell id -u)),--allow-root,)

start: install book lab

# Refresh the tested versions after changing pyproject.toml.
lock: install
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e ' > constraints.txt

clean:
	rm -rf _build .pytest_cache
