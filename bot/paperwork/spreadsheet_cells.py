"""Cells of a CSV file the school opens in a spreadsheet (Excel, LibreOffice, Google Sheets).

A spreadsheet reads a cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage
return before one) as a formula: a teacher's agreement "- elke dag lezen" shows as #NAME?,
and a name typed as `=HYPERLINK(...)` or `@SUM(...)` would run. Following OWASP's advice on
CSV injection, such a cell starts with an apostrophe, which the spreadsheet shows as text.
Only text people typed or imported goes through here; the dates and keys the bot writes
itself never start that way.
"""

from __future__ import annotations

# What a spreadsheet may take as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """`text` as a cell a spreadsheet shows as written, never runs as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
