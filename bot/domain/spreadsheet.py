"""An Excel workbook (.xlsx) read as the rows of a table, each cell as the text the CSV
path would have had.

The first worksheet that holds anything is read (a workbook's other sheets are usually
notes or empty). Cells keep their row numbers, so a problem names the row the
administrator sees in Excel. A number is written without Excel's float (`1001`, not
`1001.0`), a date as ISO (`2026-09-01`), which the roster reads as it reads a typed one.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from xml.etree.ElementTree import ParseError

import openpyxl  # type: ignore[import-untyped]

from bot.domain.file_kinds import UnreadableFile

Line = tuple[int, list[str]]


def workbook_rows(data: bytes) -> list[Line]:
    """The numbered, non-empty rows of the first worksheet with data; the header first."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, ParseError, OSError, TypeError) as error:
        raise UnreadableFile(f"the Excel workbook cannot be read ({error})") from None
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some programs write a wrong size: read every cell
            rows = list(_rows(sheet.iter_rows(min_row=1, values_only=True)))
            if rows:
                return rows
        return []
    finally:
        workbook.close()


def _rows(values: Iterator[tuple[object, ...]]) -> Iterator[Line]:
    for number, row in enumerate(values, start=1):
        cells = [cell_text(value) for value in row]
        if any(cell.strip() for cell in cells):
            yield number, cells


def cell_text(value: object) -> str:
    """A cell's value as it reads in a CSV export."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)
