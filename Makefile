# Two commands set everything up: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-pythons lint unit headless lock bench install clean serve screenshots sysdeps package translations cluster

LOCK := requirements.lock

# Exactly what the lock pins (hashes checked), then the project itself without resolving again.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r benchmarks/requirements-baseline.txt
	touch $(STAMP)

# Refresh the lock after a change to pyproject.toml: every supported Python and OS, with hashes;
# the server image's list is the same pins less Qt. tests/packaging/test_lock.py checks both.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --quiet --custom-compile-command "make lock" -o $(LOCK)
	mkdir -p build && $(BIN)/python tools/lock.py runtime --without PySide6-Essentials PySide6-Addons \
		> build/server.in
	$(BIN)/uv pip compile build/server.in -c $(LOCK) --python-version 3.11 --python-platform linux \
		--generate-hashes --quiet --custom-compile-command "make lock" \
		-o packaging/docker/requirements-server.txt

install: $(STAMP)

# The workstation (docs/workstation.md). CAMERA_FILE=video-or-folder plays a file as the camera.
CAMERA_FILE ?=
run: $(STAMP) sysdeps
	$(BIN)/facecompare gui $(if $(CAMERA_FILE),--camera-file $(CAMERA_FILE))

# Debian packages the workstation and its tests need beyond a new machine: QtMultimedia loads
# libpulse.so.0; Xvfb plus two xcb libraries give `make screenshots` a real X screen; slapd and
# ldap-utils are the OpenLDAP server the directory sign-in tests start on loopback
# (tests/cases/slapd.py). slapd is preseeded `no_configuration`: its postinst then creates no
# system database and starts no system slapd (on a systemd machine it otherwise would, on
# port 389 of every interface); the tests run their own, so a bank's configured slapd is kept.
# caddy and redis-server run the loopback cluster (`make cluster`, tests/cluster) on free ports
# of its own; on a systemd machine their postinst starts system services (caddy on :80 of every
# interface, redis on 6379), which a fresh install here stops and disables again.
SYSDEPS := libpulse0 xvfb libxcb-icccm4 libxcb-keysyms1 slapd ldap-utils caddy redis-server
sysdeps:
	@missing=""; for p in $(SYSDEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian packages:$$missing"; \
		case " $$missing " in *" slapd "*) \
			echo "slapd slapd/no_configuration boolean true" | debconf-set-selections;; esac; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		services=""; for p in caddy redis-server; do \
			case " $$missing " in *" $$p "*) services="$$services $$p";; esac; done; \
		if [ -n "$$services" ] && [ -d /run/systemd/system ]; then \
			systemctl disable --now $$services >/dev/null 2>&1 || true; fi; \
	else \
		echo "MISSING Debian packages:$$missing -- run: sudo apt-get install -y$$missing" >&2; \
		echo "(without libpulse0 the camera cannot open; without xvfb 'make screenshots' cannot run;" >&2; \
		echo " without slapd the directory sign-in tests skip; without caddy the cluster tests skip)" >&2; \
	fi

# Korean UI text of every window: lupdate collects each wing's tr() strings into its catalogue
# (app/gui/common + workstation -> facecompare_ko, review -> review_ko, kiosk -> kiosk_ko; the
# reviewer's window loads facecompare_ko too). Translate the new entries (e.g. with
# .venv/bin/pyside6-linguist), then run it again to compile the .qm files the programs load.
# tests/gui/test_translations.py fails on any string of app/gui missing or untranslated here.
TR_DIR := resources/translations
translations: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete $(wildcard app/gui/common/*.py app/gui/workstation/*.py) \
		-ts $(TR_DIR)/facecompare_ko.ts
	$(BIN)/pyside6-lupdate -no-obsolete $(wildcard app/gui/review/*.py) -ts $(TR_DIR)/review_ko.ts
	$(BIN)/pyside6-lupdate -no-obsolete $(wildcard app/gui/kiosk/*.py) -ts $(TR_DIR)/kiosk_ko.ts
	for ts in $(TR_DIR)/facecompare_ko.ts $(TR_DIR)/review_ko.ts $(TR_DIR)/kiosk_ko.ts; do \
		$(BIN)/pyside6-lrelease $$ts -qm $${ts%.ts}.qm || exit 1; done

# Every state of the verify screen, rendered on a virtual X screen into docs/screenshots/.
SCREEN := :97
screenshots: $(STAMP) sysdeps
	Xvfb $(SCREEN) -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$$!; \
	trap "kill $$xvfb" EXIT; sleep 1; \
	DISPLAY=$(SCREEN) QT_QPA_PLATFORM=xcb $(BIN)/python -m tools.screenshots.verify docs/screenshots && \
	DISPLAY=$(SCREEN) QT_QPA_PLATFORM=xcb $(BIN)/python -m tools.screenshots.verify docs/screenshots \
		--language ko --suffix _ko && \
	DISPLAY=$(SCREEN) QT_QPA_PLATFORM=xcb $(BIN)/python -m tools.screenshots.review docs/screenshots && \
	DISPLAY=$(SCREEN) QT_QPA_PLATFORM=xcb $(BIN)/python -m tools.screenshots.review docs/screenshots \
		--language ko && \
	DISPLAY=$(SCREEN) QT_QPA_PLATFORM=xcb $(BIN)/python -m tools.screenshots.signin docs/screenshots && \
	DISPLAY=$(SCREEN) QT_QPA_PLATFORM=xcb $(BIN)/python -m tools.screenshots.kiosk docs/screenshots

# The Face Compare API (docs/api.md); needs FACECOMPARE_SECRETS, e.g.
#   FACECOMPARE_SECRETS=change-me make serve PORT=8000 [WORKERS=2]   (default: a process per core)
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?=
serve: $(STAMP)
	$(BIN)/facecompare serve --host $(HOST) --port $(PORT) $(if $(WORKERS),--workers $(WORKERS))

# The bank's network on one machine (docs/deployment.md, "The cluster on one machine"): Redis,
# PostgreSQL (application role), REPLICAS x `facecompare serve` and Caddy with
# packaging/docker/Caddyfile, all on loopback; Ctrl-C stops everything it started.
REPLICAS ?= 2
cluster: $(STAMP) sysdeps
	$(BIN)/python -m tools.cluster --replicas $(REPLICAS) $(if $(WORKERS),--workers $(WORKERS))

# The workstation as one folder with the open pack inside (docs/install.md), then its smoke
# test: the built program, offscreen and isolated from this machine's packs, runs --self-test.
package: $(STAMP)
	$(BIN)/python -m PyInstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/pyinstaller/facecompare.spec
	$(BIN)/python packaging/pyinstaller/smoke_test.py dist/FaceCompare

lint: $(STAMP)
	$(BIN)/ruff check app tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/lint-imports

# --dist loadgroup: a module marked xdist_group (tests/cluster) runs on one worker, so its
# module-scoped cluster starts once; every other test is spread as before
unit: $(STAMP) sysdeps
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

# The Qt-free layers without Qt: a second venv with everything but PySide6 runs every test file
# that does not name Qt (tests/conftest.py leaves those out, and fails if PySide6 is importable).
HEADLESS := .venv-headless
HEADLESS_STAMP := $(HEADLESS)/.installed
$(HEADLESS_STAMP): $(STAMP)
	test -x $(HEADLESS)/bin/python || $(PYTHON) -m venv $(HEADLESS)
	$(HEADLESS)/bin/python -m pip install --quiet --upgrade pip
	$(BIN)/python tools/lock.py without PySide6-Essentials PySide6-Addons pytest-qt \
		> $(HEADLESS)/requirements.txt
	$(HEADLESS)/bin/python -m pip install --quiet --require-hashes -r $(HEADLESS)/requirements.txt
	$(HEADLESS)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(HEADLESS)/bin/python -m pip install --quiet --no-deps --require-hashes -r benchmarks/requirements-baseline.txt
	touch $(HEADLESS_STAMP)

headless: $(HEADLESS_STAMP)
	FACECOMPARE_HEADLESS=1 $(HEADLESS)/bin/python -m pytest -q -n 2 -W ignore::pytest.PytestConfigWarning

test: lint unit headless

# The suite on the other supported Pythons (requires-python; CI runs it after `make test`), each in
# its own venv from the same lock. A Python is taken from PATH or from pyenv's versions.
OTHER_PYTHONS := 3.12 3.13
test-pythons:
	@for v in $(OTHER_PYTHONS); do \
		py=$$(for p in $$(command -v python$$v) $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/$$v.*/bin/python$$v 2>/dev/null); do \
			$$p -c '' 2>/dev/null && echo $$p && break; done); \
		if [ -z "$$py" ]; then echo "MISSING Python $$v: install it (e.g. pyenv install $$v) to test it" >&2; exit 1; fi; \
		echo "== Python $$v ($$py)"; \
		$(MAKE) --no-print-directory unit PYTHON=$$py VENV=.venv-$$v || exit 1; \
	done

bench: $(STAMP)
	$(BIN)/python benchmarks/compare_latency.py
	$(BIN)/python benchmarks/evaluate.py

clean:
	rm -rf $(VENV) $(HEADLESS) $(foreach v,$(OTHER_PYTHONS),.venv-$(v)) .pytest_cache .mypy_cache .ruff_cache
