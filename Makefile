PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?=

PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core

.PHONY: install gettext pdf-libs messages run test lint format check-deploy bench bench-load clean

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

# axe-core for the browser tests' accessibility audit (tests/e2e/test_accessibility.py), exactly as
# pinned in package-lock.json. Without npm (a laptop without Node) that test skips; CI requires it.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund && touch $@; \
	else echo "npm not found: the accessibility browser test will be skipped (apt-get install npm)"; fi

# GNU gettext (msgfmt, xgettext) for makemessages/compilemessages. The compiled catalogues (.mo) are
# committed, so the app runs in Dutch and German without it; installed from Debian when possible.
gettext:
	@command -v msgfmt >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && apt-get update -qq && apt-get install -y -qq gettext >/dev/null; } \
	  || echo "GNU gettext not found: make messages needs it (apt-get install gettext)"

# Pango >= 1.44, HarfBuzz and a font for WeasyPrint (the PDF reports, issue 15), from Debian when missing.
pdf-libs:
	@if ldconfig -p | grep -q libpangoft2-1.0 && [ -d /usr/share/fonts/truetype/dejavu ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && apt-get install -y -qq $(PDF_DEBS) >/dev/null; \
	else echo "WeasyPrint needs Pango and a font for the PDF reports: apt-get install $(PDF_DEBS)"; fi

install: $(VENV)/.installed-dev node_modules/.installed gettext pdf-libs

# Re-extract every marked string into locale/{nl,de} and compile (README "Languages"). Translate
# each new or fuzzy entry, then run it again: tests/test_languages.py fails on any left.
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l nl -l de --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests
	$(PY) manage.py makemessages -d djangojs -l nl -l de --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

# Install everything, migrate SQLite, seed the demo clinic and serve it.
run: $(VENV)/.installed-dev pdf-libs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Demo sign-ins (password demo-pass-2026): admin, practitioner, patient"
	@echo "Open http://127.0.0.1:8000/"
	$(PY) manage.py runserver 127.0.0.1:8000

# Install everything and run the whole suite (browser tests skip when Chromium is missing).
test: install
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

# Ruff, then the layers: no import circle, no project import deferred into a function, no import
# against docs/architecture.md's layers (.ci/check_imports.py).
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(PY) .ci/check_imports.py
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: $(VENV)/.installed-dev
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=ci-check-deploy-$$(date +%s)-not-a-real-secret-0123456789abcdef \
	DJANGO_ALLOWED_HOSTS=clinic.example.org $(PY) manage.py check --deploy --fail-level WARNING

# Benchmark the key pages against a baseline view on a separate database: bench.sqlite3, or
# BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/clinic_bench. Quick run: BENCH_ARGS="--patients 1000".
bench: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=bench.settings $(PY) manage.py bench $(BENCH_ARGS)

# The same database behind the production stack on loopback, nginx -> two gunicorn instances, driven
# by wrk (nginx and wrk installed from Debian if missing). BENCH_ARGS="--no-proxy": gunicorn directly.
bench-load: $(VENV)/.installed-dev
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk)
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || (apt-get update -qq && apt-get install -y -qq nginx)
	DJANGO_SETTINGS_MODULE=bench.settings $(PY) manage.py bench --load $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
