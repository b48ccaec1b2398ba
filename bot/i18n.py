"""Translations, loaded straight from the `.po` catalogs at start-up.

Compiling in memory means there is no separate compile step to forget and no stale `.mo`
file can ever be served: what is in `locales/` is what the bot speaks.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.languages import RTL_LANGUAGES, SUPPORTED_LANGUAGES

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"

# Unicode isolates keep Latin names and times readable inside right-to-left text.
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"
RIGHT_TO_LEFT_MARK = "\u200f"


def load_catalog(language: str, locales_dir: Path = LOCALES_DIR) -> gettext.NullTranslations:
    """The translations of one language; the source language needs none."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    po_path = locales_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Translations:
    """All shipped languages, loaded once; `for_language` never fails on an odd code."""

    def __init__(self, default_language: str, locales_dir: Path = LOCALES_DIR) -> None:
        self.default_language = default_language
        self._catalogs = {code: load_catalog(code, locales_dir) for code in SUPPORTED_LANGUAGES}

    def for_language(self, language: str | None) -> gettext.NullTranslations:
        return self._catalogs.get(language or "", self._catalogs[self.default_language])


def isolate(text: str, language: str) -> str:
    """Wrap an embedded name or time so right-to-left text around it stays in order."""
    if language in RTL_LANGUAGES:
        return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
    return text
