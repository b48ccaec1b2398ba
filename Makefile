# Two commands on a fresh machine with Python 3.11+ and make:
#   make run    set up, then run the bot (the local sandbox when no token is set)
#   make test   set up, then run every check CI runs
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install messages clean chromium

run: $(STAMP)
	$(BIN)/parentbot run --sandbox-without-token

test: $(STAMP) chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

install: $(STAMP)

# The browser tests drive Debian's Chromium (never a browser download). Installed here when
# running as root with apt (as CI does); otherwise the tests say how to install it.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && apt-get install -y -qq chromium; \
		else echo "note: the browser tests need Chromium: sudo apt-get install chromium"; fi; }

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "parentbot needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Re-extract the strings and merge them into every language's catalog (new languages
# from bot/languages.py get a fresh catalog); then translate what is empty or fuzzy.
messages: $(STAMP)
	$(BIN)/pybabel extract -F pyproject.toml --add-comments=Translators: --sort-by-file \
		--project=parentbot --no-wrap --omit-header -o locales/messages.pot bot
	$(BIN)/python -m bot.i18n_catalogs

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
