"""Markers for strings that are data (question sets, the phrasebook, parts of the day):
`make messages` extracts them, and they are translated where they are shown."""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 - the standard gettext marker name
    """Mark a string for extraction; it is translated where it is shown."""
    return text


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - a gettext-style marker
    """Mark a singular/plural pair for extraction (`pybabel extract -k Nn_:1,2`)."""
    return singular, plural
