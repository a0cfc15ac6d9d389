# Pengawas: the two set-up commands of the README, and the checks CI runs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VOTERS ?= 50000
export PENGAWAS_DATA_DIR ?= $(CURDIR)/data
# The demo's archive key lives outside the data folder, never beside the files it opens.
DEMO_ARCHIVE_KEY ?= $(HOME)/.config/pengawas/demo-archive-key

.PHONY: run test lint install

$(BIN)/pengawas: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Pengawas memerlukan Python 3.11 atau lebih baru."; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && \
	    $(PYTHON) -m venv $(VENV); \
	  else echo "Pasang dulu: sudo apt-get install python3-venv"; exit 1; fi; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(BIN)/pengawas

install: $(BIN)/pengawas

run: install
	@test -s $(DEMO_ARCHIVE_KEY) || { mkdir -p $$(dirname $(DEMO_ARCHIVE_KEY)) && umask 077 && \
	  PENGAWAS_DEMO=true $(BIN)/pengawas archive_genkey 2>/dev/null > $(DEMO_ARCHIVE_KEY) && \
	  echo "Kunci arsip demo dibuat di $(DEMO_ARCHIVE_KEY) (hanya untuk demo)."; }
	PENGAWAS_DEMO=true $(BIN)/pengawas migrate --no-input -v 0
	PENGAWAS_DEMO=true $(BIN)/pengawas demo_load --voters $(VOTERS)
	@echo "Pengawas berjalan di http://127.0.0.1:8000 (hentikan dengan Ctrl-C)"
	@# The background worker (text and OCR of archive files) runs beside the web server and
	@# stops with it, however it stops (Ctrl-C, an error, a signal).
	export PENGAWAS_ARCHIVE_KEY_FILE=$(DEMO_ARCHIVE_KEY); \
	  PENGAWAS_DEMO=true $(BIN)/pengawas run_huey --quiet & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	  PENGAWAS_DEMO=true $(BIN)/gunicorn pengawas.wsgi --bind 127.0.0.1:8000 --workers 2 --threads 4 \
	  --access-logfile - --access-logformat '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'

# The whole suite on SQLite, then on PostgreSQL when one is reachable.
test: install
	@bash scripts/test.sh

lint: install
	$(BIN)/ruff format --check pengawas bench
	$(BIN)/ruff check pengawas bench
	PENGAWAS_DEMO=true PENGAWAS_DATA_DIR=$$(mktemp -d) $(BIN)/mypy pengawas
	bash scripts/check_translations.sh
