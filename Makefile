# qmlcourse: every workflow. `make start` (set up, build the book, start JupyterLab) and
# `make test` (set up, run every test) work from a fresh clone on a machine with Python 3.11+
# (the pinned numpy, scipy, scikit-learn and PennyLane need it). Each target first runs
# .ci/preflight, which checks what it needs (Python, Chromium, npm or the cached MathJax) and,
# as root, installs what is missing with apt-get, or stops at once saying what to install.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# Optional extras on top of test,book,dev: `make test EXTRAS=torch` (what .ci/run does) also
# installs PyTorch and then requires the torch tests to run (QMLCOURSE_REQUIRE_TORCH=1).
EXTRAS ?=
comma  := ,
ALL_EXTRAS := test,book,dev$(if $(strip $(EXTRAS)),$(comma)$(strip $(EXTRAS)))
STAMP  := $(VENV)/.installed-$(subst $(comma),-,$(ALL_EXTRAS))
LABCONFIG := $(VENV)/.lab-news-off-stamp
PORT   ?= 8888
# Simply expanded (:=): one token per make run, the same in the printed URL and the server.
TOKEN  := $(shell $(PYTHON) -c "import secrets; print(secrets.token_hex(16))" 2>/dev/null || od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
PYTEST_WORKERS ?= 2
PREFLIGHT := PYTHON=$(PYTHON) .ci/preflight

.PHONY: install start lab test test-fast lint bench book lock clean preflight-test preflight-book preflight-lab

preflight-test:
	@$(PREFLIGHT) test
preflight-book:
	@$(PREFLIGHT) book
preflight-lab:
	@$(PREFLIGHT) lab

# Create the virtual environment when missing and install the tested versions into it.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[$(ALL_EXTRAS)]"
	@touch $(STAMP)

# JupyterLab without its news pop-up ("Would you like to get notified about official Jupyter
# news?"): the announcements plugin is disabled in the venv's own lab config
# (.venv/etc/jupyter/labconfig/page_config.json). --LabApp.news_url=None alone still asks.
$(LABCONFIG): $(STAMP)
	$(VENV)/bin/jupyter labextension disable --level=sys_prefix @jupyterlab/apputils-extension:announcements
	@touch $(LABCONFIG)

install: preflight-lab $(STAMP) $(LABCONFIG)

# Everything: lint (ruff), types (mypy on the simulator), then the package with its doctests,
# grading, notebooks (nbval), the book build and the browser tests.
test: preflight-test install lint book
	QMLCOURSE_PROGRESS=$(CURDIR)/_build/test-progress.json \
	QMLCOURSE_REQUIRE_TORCH=$(if $(findstring torch,$(EXTRAS)),1,) $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile \
		--nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
		tests notebooks qmlcourse

# Style and types, quick (a few seconds): ruff on everything, mypy on qmlcourse/sim.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy qmlcourse/sim

# The package tests alone: no notebooks, no book, no browser, no slow notebook runs (a quick
# loop while coding). Doctests of the package are included.
test-fast: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser and not slow" \
		--ignore=tests/book --ignore=tests/browser --ignore=tests/notebooks tests qmlcourse

bench: install
	$(PY) -m qmlcourse bench --json _build/bench.json

# The book (Jupyter Book 1, strict): notebooks are not executed, their stored outputs are
# shown. MathJax is fetched once from the npm registry into .cache/ (gitignored) by
# book/_ext/qmlbook.py and served from _build/html. Output: _build/html/index.html.
book: preflight-book install
	$(VENV)/bin/jupyter-book build . -W -n --keep-going
	@echo "Book: file://$(CURDIR)/_build/html/index.html"

# The server gets exactly the printed URL: the token above, and no other port if PORT is taken
# (port_retries=0; run `make lab PORT=8889` then).
lab: preflight-lab install
	@test ! -f _build/html/index.html || echo "Book (offline): file://$(CURDIR)/_build/html/index.html"
	@echo "JupyterLab: http://127.0.0.1:$(PORT)/lab/tree/notebooks?token=$(TOKEN)"
	$(PY) -m jupyterlab --no-browser --ip=127.0.0.1 --port=$(PORT) \
		--IdentityProvider.token=$(TOKEN) --ServerApp.root_dir=$(CURDIR) --ServerApp.port_retries=0 \
		--LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
		$(if $(filter 0,$(shell id -u)),--allow-root,)

start: install book lab

# Refresh the tested versions after changing pyproject.toml.
lock: install
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e ' > constraints.txt

clean:
	rm -rf _build .pytest_cache
