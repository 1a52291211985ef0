# Liant — the two commands: `make run` and `make test` (plus `make bench`).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test test-sqlite test-postgres lint format bench install demo messages

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

run: install
	$(BIN)/liant migrate --noinput
	$(BIN)/liant collectstatic --noinput --verbosity 0
	@test -f var/demo-login.txt || $(BIN)/liant demo
	@echo ""
	@echo "  Liant is serving on http://$(HOST):$(PORT)/"
	@test -f var/demo-login.txt && sed 's/^/  /' var/demo-login.txt || true
	@echo ""
	@# The background worker (documents) runs next to the server and stops with it.
	$(BIN)/liant db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/uvicorn liant.config.asgi:application --host $(HOST) --port $(PORT) --lifespan off \
		--ws-per-message-deflate false

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The two halves run side by side, one core each: the PostgreSQL + Redis half writes to a
# file, shown once both are done; the command fails if either half failed.
test: install lint
	@mkdir -p var
	@$(MAKE) --no-print-directory test-postgres > var/test-postgres.log 2>&1 & postgres=$$!; \
	$(MAKE) --no-print-directory test-sqlite; sqlite=$$?; \
	wait $$postgres; postgres=$$?; \
	echo ""; cat var/test-postgres.log; \
	echo ""; echo "=== SQLite half: exit $$sqlite · PostgreSQL + Redis half: exit $$postgres"; \
	test $$sqlite -eq 0 -a $$postgres -eq 0

test-sqlite: install
	@echo "=== Test suite on SQLite + in-memory channel layer ==="
	env -u LIANT_DATABASE_URL -u LIANT_REDIS_URL $(BIN)/pytest -p no:cacheprovider

# The same suite on the scale-out configuration, when its services are reachable.
test-postgres: install
	@if $(BIN)/python -m liant.core.services_check "$(PG_URL)" "$(REDIS_URL)"; then \
		echo "=== Test suite on PostgreSQL + Redis ==="; \
		LIANT_DATABASE_URL="$(PG_URL)" LIANT_REDIS_URL="$(REDIS_URL)" $(BIN)/pytest -p no:cacheprovider; \
	else \
		echo ""; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!! SKIPPED: the PostgreSQL + Redis half of the suite (services above   !!"; \
		echo "!! are not reachable). Only the SQLite half has run.                   !!"; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi

bench: install
	@for script in bench/[a-z]*.py; do echo "=== $$script"; $(BIN)/python $$script || exit 1; done

demo: install
	$(BIN)/liant migrate --noinput
	$(BIN)/liant demo

# Extract message ids into both catalogues, fill English, compile (translate French by hand).
messages: install
	cd liant && ../$(BIN)/liant makemessages -l fr -l en --no-obsolete --add-location file \
		--ignore 'locale/*' --ignore '*/tests/*'
	$(BIN)/python -m liant.core.i18n_catalogues fill-english
