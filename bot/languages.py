"""The languages the bot ships, in one place so catalogs, settings and pickers agree."""

from __future__ import annotations

from babel import Locale

from bot.domain.text_normalize import fold

# Order is the order of the language picker: the school's language first.
SUPPORTED_LANGUAGES: tuple[str, ...] = (
    "nl",
    "en",
    "ar",
    "tr",
    "pl",
    "uk",
    "ti",
    "so",
    "fa",
    "bg",
    "ro",
    "es",
    "pt",
)
RTL_LANGUAGES: frozenset[str] = frozenset({"ar", "fa"})

# Roster exports name languages in Dutch or English words; map them to codes.
_LANGUAGE_WORDS: dict[str, str] = {
    "nederlands": "nl",
    "dutch": "nl",
    "engels": "en",
    "english": "en",
    "arabisch": "ar",
    "arabic": "ar",
    "turks": "tr",
    "turkish": "tr",
    "pools": "pl",
    "polish": "pl",
    "oekraiens": "uk",
    "ukrainian": "uk",
    "tigrinya": "ti",
    "tigrinia": "ti",
    "eritrees": "ti",
    "somalisch": "so",
    "somali": "so",
    "perzisch": "fa",
    "persian": "fa",
    "farsi": "fa",
    "dari": "fa",  # Dari speakers read Farsi (docs/translations.md)
    "bulgaars": "bg",
    "bulgarian": "bg",
    "roemeens": "ro",
    "romanian": "ro",
    "spaans": "es",
    "spanish": "es",
    "portugees": "pt",
    "portuguese": "pt",
}


def language_from_text(value: str) -> str | None:
    """Read a language code or name as written in a roster ("Pools", "pl", "PL-pl").

    Returns a supported code, or None when the language is not (yet) shipped.
    """
    word = fold(value)
    if not word:
        return None
    code = word.split()[0]
    if code in SUPPORTED_LANGUAGES:
        return code
    return _LANGUAGE_WORDS.get(word)


def any_language_from_text(value: str) -> str | None:
    """Read any language a school may name, also one the bot does not ship: an interpreter
    speaks Tigrinya or Somali to the families who need one most. A shipped code or roster
    word first, else a CLDR code ("ti", "so", "prs") or its Dutch or English name
    ("Tigrinya", "Somalisch"); None when CLDR knows no such language."""
    shipped = language_from_text(value)
    if shipped is not None:
        return shipped
    word = fold(value)
    codes = {str(code) for code in Locale.parse("en").languages if str(code).isalpha()}
    if word in codes:
        return word
    for locale in ("nl", "en"):
        for code, name in Locale.parse(locale).languages.items():
            if str(code) in codes and fold(str(name)) == word:
                return str(code)
    return None


def telegram_language(language_code: str | None, default: str) -> str:
    """Pick the shipped language closest to what Telegram reports for a user."""
    if language_code:
        code = language_code.lower().replace("_", "-").split("-")[0]
        if code in SUPPORTED_LANGUAGES:
            return code
    return default


def native_name(language: str) -> str:
    """A language's name in itself, as a menu shows it: "Nederlands", "Українська", "العربية".

    CLDR gives names as written mid-sentence ("polski"); a menu item starts with a capital
    in every shipped language that has capitals (Arabic has none, so it is unchanged).
    """
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]
