"""An Excel workbook (.xlsx) read as the rows of a table, each cell as the text the CSV
path would have had.

The sheet read is the one the workbook opens on (the active sheet), as the administrator
last saw it; when that one is empty, the only other visible sheet with data. Hidden sheets
are never read (they hold lookup lists and old data), and a choice between sheets is not
guessed but asked for. Cells keep their row numbers, so a problem names the row the
administrator sees in Excel. A number is written without Excel's float (`1001`, not
`1001.0`), a date as ISO (`2026-09-01`), which the roster reads as it reads a typed one.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl  # type: ignore[import-untyped]

from bot.domain.file_kinds import MAX_ROWS, TOO_MANY_ROWS, UnreadableFile

Line = tuple[int, list[str]]


def workbook_rows(data: bytes) -> list[Line]:
    """The numbered, non-empty rows of the sheet to read (see above); the header first."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, ParseError, OSError, TypeError) as error:
        raise UnreadableFile(f"the Excel workbook cannot be read ({error})") from None
    try:
        visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
        active = workbook.active
        if active in visible:
            rows = _sheet_rows(active)
            if rows:
                return rows
        with_data = {
            sheet.title: rows
            for sheet in visible
            if sheet is not active and (rows := _sheet_rows(sheet))
        }
        if len(with_data) > 1:
            names = ", ".join(repr(title) for title in with_data)
            raise UnreadableFile(
                f"the workbook opens on an empty sheet and has data on the sheets {names};"
                " open it, go to the sheet to import, and save it again (or delete the"
                " other sheets)"
            )
        return next(iter(with_data.values()), [])
    finally:
        workbook.close()


def _sheet_rows(sheet: Any) -> list[Line]:
    sheet.reset_dimensions()  # some programs write a wrong size: read every cell
    rows: list[Line] = []
    for line in _rows(sheet.iter_rows(min_row=1, values_only=True)):
        rows.append(line)
        if len(rows) > MAX_ROWS + 1:
            raise UnreadableFile(TOO_MANY_ROWS)
    return rows


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
