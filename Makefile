# Two commands set everything up: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint unit bench install clean serve

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# The face_recognition library is the accuracy/speed baseline of benchmarks/ only; its
	# declared dependency on a source build of dlib is satisfied by dlib-bin.
	$(BIN)/python -m pip install --quiet --no-deps 'face_recognition==1.3.0'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/facecompare --version
	@echo "The desktop workstation is not built yet; use the CLI: $(BIN)/facecompare --help"

# The Face Compare API (docs/api.md); needs FACECOMPARE_SECRETS, e.g.
#   FACECOMPARE_SECRETS=change-me make serve PORT=8000 WORKERS=2
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 1
serve: $(STAMP)
	$(BIN)/facecompare serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check app tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

test: lint unit

bench: $(STAMP)
	$(BIN)/python benchmarks/compare_latency.py
	$(BIN)/python benchmarks/evaluate.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
