"""Folding of free text typed by administrators (headers, language names, roles).

Excel exports vary in case, accents and separators; folding lets one alias match them all.
"""

from __future__ import annotations

import unicodedata


def fold(value: str) -> str:
    """Lower-case, strip accents and collapse spaces, dashes and dots to single spaces."""
    decomposed = unicodedata.normalize("NFKD", value.strip().lower())
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    for separator in ("_", "-", ".", "'", "’"):
        without_marks = without_marks.replace(separator, " ")
    return " ".join(without_marks.split())
