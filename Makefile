# Two commands on a fresh machine with Python 3.11+ and make:
#   make run    set up, then run the bot (the local sandbox when no token is set)
#   make test   set up, then run every check CI runs
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Exact versions, with hashes, of everything `make` installs; `make lock` writes it.
LOCK := requirements.lock

.PHONY: run test install lock newest messages clean chromium

run: $(STAMP)
	$(BIN)/parentbot run --sandbox-without-token

test: $(STAMP) chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n auto --durations=10

install: $(STAMP)

# The browser tests drive Debian's Chromium (never a browser download). Installed here when
# running as root with apt (as CI does); otherwise the tests say how to install it.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && apt-get install -y -qq chromium; \
		else echo "note: the browser tests need Chromium: sudo apt-get install chromium"; fi; }

# A new lock means a new environment: nothing from an older lock stays behind.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "parentbot needs Python 3.11 or newer")'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# After changing a dependency in pyproject.toml: pin the newest versions its ranges allow,
# for every platform and Python 3.11+, with the hashes pip checks on install.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet 'uv>=0.9,<1'
	$(BIN)/uv pip compile pyproject.toml --extra test --group pyproject.toml:build \
		--universal --python-version 3.11 --generate-hashes --upgrade --quiet \
		--custom-compile-command 'make lock' -o $(LOCK)

# The newest versions pyproject.toml allows, ignoring the lock, in a separate environment:
# says which tests a future install (of Babel's CLDR data, say) would break. It never fails.
newest:
	rm -rf .venv-newest
	$(PYTHON) -m venv .venv-newest
	.venv-newest/bin/python -m pip install --quiet --upgrade pip
	.venv-newest/bin/python -m pip install --quiet --upgrade -e '.[test]' --group build
	@.venv-newest/bin/python -m pip list --format=freeze | grep -i -E '^(babel|python-telegram-bot|aiosqlite|apscheduler)=='
	@if .venv-newest/bin/python -m pytest -q -p no:cacheprovider \
		--deselect tests/packaging/test_lock.py::test_this_environment_is_exactly_the_lock; then \
		echo "newest allowed versions: all tests pass"; \
	else echo "WARNING: the newest versions pyproject.toml allows break the tests above;" \
		"narrow the range or adapt before the next 'make lock'"; fi

# Re-extract the strings and merge them into every language's catalog (new languages
# from bot/languages.py get a fresh catalog); then translate what is empty or fuzzy.
messages: $(STAMP)
	$(BIN)/pybabel extract -F pyproject.toml --add-comments=Translators: --sort-by-file \
		--project=parentbot --no-wrap --omit-header -k Nn_:1,2 -o locales/messages.pot bot
	$(BIN)/python -m bot.i18n_catalogs

clean:
	rm -rf $(VENV) .venv-newest .pytest_cache .ruff_cache .mypy_cache build dist
