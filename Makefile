# Hechtwerk: every target sets itself up; `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NLDS := static/vendor/nlds
PG_URL ?= postgres://postgres@127.0.0.1:5432/hechtwerk
export PYTHONDONTWRITEBYTECODE := 1

# Development environment for `make run`: demo mode needs DEBUG and is refused without it.
DEV_ENV := DJANGO_DEBUG=1 HECHTWERK_DEMO_MODE=1

.PHONY: run test setup bench-tools lint format typecheck migrations-check deploy-check messages compile-messages \
        test-sqlite test-postgres test-e2e browser fonts bench clean

setup: $(STAMP) $(NLDS)/.stamp compile-messages fonts

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

# NL Design System CSS from the npm registry, copied as plain files: no bundler.
$(NLDS)/.stamp: package.json package-lock.json scripts/nlds_subset.py
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(NLDS)
	# Only the component CSS the templates use (about 194 KB instead of the full 406 KB).
	$(PYTHON) scripts/nlds_subset.py
	cp node_modules/@utrecht/component-library-css/dist/html.css $(NLDS)/utrecht-html.css
	cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css $(NLDS)/voorbeeld-tokens.css
	touch $@

# .po files are committed; .mo files are compiled here with Babel (no system gettext needed).
compile-messages: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d locale -D django --statistics 2>&1 | tail -n 1

messages: $(STAMP)
	command -v xgettext >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(DEV_ENV) $(PY) manage.py makemessages -l en --ignore='.venv/*' --ignore='node_modules/*' --no-obsolete

# PDFs (certificates, invoices, meeting packs) embed Debian's DejaVu fonts, subset by HarfBuzz
# (WeasyPrint warns without it, and the suite turns warnings into errors); WeasyPrint never
# fetches fonts from the network.
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf && ldconfig -p | grep -q libharfbuzz-subset \
	  || (echo "Installing Debian's DejaVu fonts and HarfBuzz subsetting for PDFs"; apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core libharfbuzz-subset0 >/dev/null)

# The browser tests (tests/e2e, marker e2e) drive /usr/bin/chromium; test-sqlite runs them after the
# rest (pytest-xdist gives each worker its own live server), and `make test-e2e` alone.
browser:
	@test -x /usr/bin/chromium || (echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# The web server and django-tasks' database worker side by side, so mail and documents are really
# produced (mail is printed by the console backend). Ctrl-C stops both; so does the web server ending.
RUN_ENV := $(DEV_ENV) HECHTWERK_TASKS_BACKEND=django_tasks_db.DatabaseBackend
run: setup
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_demo
	@echo "== Web server on http://127.0.0.1:8000 with the task worker beside it; Ctrl-C stops both."
	@$(RUN_ENV) $(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	$(BIN)/mypy src config

migrations-check: $(STAMP)
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

# T3.1: production settings with dummy secrets must pass every deployment check, including ours
# (core/checks.py: shared cache, proxy count, MFA key; core/checks_access.py: access-log key and
# checkpoint store). Each value below stands for one a real deployment must provide.
deploy-check: $(STAMP)
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	DJANGO_ALLOWED_HOSTS=hechtwerk.example.nl DATABASE_URL=sqlite:////tmp/hechtwerk-deploy-check.sqlite3 \
	REDIS_URL=redis://127.0.0.1:6379/0 HECHTWERK_PROXY_COUNT=1 \
	HECHTWERK_MFA_ENCRYPTION_KEY="$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
	HECHTWERK_ACCESS_LOG_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))')" \
	HECHTWERK_ACCESS_LOG_CHECKPOINT_PATH=/tmp/hechtwerk-checkpoints.log \
	$(PY) manage.py check --deploy --fail-level WARNING

# The browser tests run in a pytest run of their own: a live server's request thread that outlives
# its test must never be counted against an ordinary database test in the same process.
test-sqlite: setup browser
	$(BIN)/pytest -n 2 --dist loadfile -m "not e2e"
	$(BIN)/pytest -n 2 --dist loadfile -m e2e

# The same suite on PostgreSQL when it answers on 127.0.0.1:5432 (browser tests ran on SQLite already).
test-postgres: setup
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.replace('/hechtwerk','/postgres'), connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== PostgreSQL answers on 127.0.0.1:5432: running the suite on it"; \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 --dist loadfile -m "not e2e"; \
	else \
	  echo "== SKIPPED: PostgreSQL does not answer on 127.0.0.1:5432, the suite ran on SQLite only"; \
	fi

test-e2e: setup browser
	$(BIN)/pytest -m e2e

test: setup lint typecheck migrations-check deploy-check test-sqlite test-postgres

# The HTTP benchmarks (and the bare-Django ceiling beside them) drive the server with wrk.
bench-tools:
	@command -v wrk >/dev/null || (echo "Installing Debian's wrk for the HTTP benchmarks"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)

bench: setup bench-tools
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) node_modules static/vendor .mypy_cache .ruff_cache
