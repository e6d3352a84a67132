# Basework's verbs. `make run` and `make test` are all a new machine needs.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
UV := python3 -m uv
PY := .venv/bin/python
MANAGE := $(PY) manage.py
# The domain apps keep their own Spanish catalogs; the rest of the project shares locale/.
DOMAIN_APPS := committees investigation contacts distribution summations texting

.PHONY: install run test lint format messages compilemessages worker beat bench backup restore totp services deps deps-run

install:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --quiet
	$(MANAGE) compilemessages --ignore=.venv -v0

# `make run PORT=8001` when 8000 is taken.
PORT ?= 8000

run: deps-run install
	$(MANAGE) migrate -v0
	$(MANAGE) seed_demo
	@echo "Basework on http://127.0.0.1:$(PORT) (sign in with a demo login above; Ctrl-C stops it)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

services:
	bin/ensure-services

deps:
	bin/ensure-system-deps

deps-run:
	bin/ensure-system-deps run

test: deps install services
	$(PY) -m pytest

TEMPLATES = $$(git ls-files '*/templates/*.html' 'templates/*.html')

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djade --target-version 6.0 --check $(TEMPLATES)

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
	.venv/bin/djade --target-version 6.0 $(TEMPLATES)

messages:
	$(MANAGE) makemessages -l es --no-location --ignore=.venv $(addprefix --ignore=,$(addsuffix /*,$(DOMAIN_APPS))) --ignore=bench/* --ignore=tests/*
	for app in $(DOMAIN_APPS); do (cd $$app && mkdir -p locale && DJANGO_SETTINGS_MODULE=config.settings.local PYTHONPATH=.. ../$(PY) -m django makemessages -l es --no-location); done

compilemessages:
	$(MANAGE) compilemessages --ignore=.venv

worker:
	DJANGO_SETTINGS_MODULE=config.settings.local CELERY_TASK_ALWAYS_EAGER=false .venv/bin/celery -A config worker -l info

beat:
	DJANGO_SETTINGS_MODULE=config.settings.local .venv/bin/celery -A config beat -l info

bench: install services
	$(PY) -m bench.run $(ARGS)

backup:
	bin/backup

restore:
	bin/restore $(FILE)

totp:
	@$(MANAGE) demo_totp
