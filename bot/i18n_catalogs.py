"""`make messages`: merge the freshly extracted template into every language's catalog.

A language listed in `bot/languages.py` without a catalog gets a new one; a string that
changed comes back fuzzy or empty, which the test suite refuses until it is translated.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot.i18n import DOMAIN, LOCALES_DIR, SOURCE_LANGUAGE
from bot.languages import SUPPORTED_LANGUAGES


def sync_catalogs(locales_dir: Path = LOCALES_DIR) -> list[Path]:
    """Update (or create) each language's `.po` from the `.pot`; returns the files written."""
    with (locales_dir / f"{DOMAIN}.pot").open("rb") as pot_file:
        template = read_po(pot_file)
    written = []
    for language in SUPPORTED_LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        po_path = locales_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po_path.exists():
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=language)
        else:
            po_path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language, project="parentbot")
        catalog.update(template, update_header_comment=False)
        with po_path.open("wb") as po_file:
            write_po(po_file, catalog, width=0, omit_header=False, ignore_obsolete=True)
        written.append(po_path)
    return written


if __name__ == "__main__":
    for path in sync_catalogs():
        print(f"updated {path}")
