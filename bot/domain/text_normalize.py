"""Folding of free text typed by administrators (headers, language names, roles).

Excel exports vary in case, accents and separators (`Naam ouder/verzorger`, `E-mail`,
`IB'er`, `Telefoon (mobiel)`); folding lets one alias match them all.
"""

from __future__ import annotations

import unicodedata


def fold(value: str) -> str:
    """Lower-case, strip accents, and collapse spaces and punctuation (dashes, dots,
    slashes, brackets, quotes, …) to single spaces."""
    decomposed = unicodedata.normalize("NFKD", value.strip().lower())
    kept = (
        " " if unicodedata.category(c).startswith("P") else c
        for c in decomposed
        if not unicodedata.combining(c)
    )
    return " ".join("".join(kept).split())
