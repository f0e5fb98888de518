PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?=

.PHONY: run test lint format check-deploy bench bench-load clean

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

# Install everything, migrate SQLite, seed the demo clinic and serve it.
run: $(VENV)/.installed-dev
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Demo sign-ins (password demo-pass-2026): admin, practitioner, patient"
	@echo "Open http://127.0.0.1:8000/"
	$(PY) manage.py runserver 127.0.0.1:8000

# Install everything and run the whole suite (browser tests skip when Chromium is missing).
test: $(VENV)/.installed-dev
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: $(VENV)/.installed-dev
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=ci-check-deploy-$$(date +%s)-not-a-real-secret-0123456789abcdef \
	DJANGO_ALLOWED_HOSTS=clinic.example.org $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
