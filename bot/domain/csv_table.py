"""Read a table as a Dutch school's administration hands it over: a CSV file after Excel,
or the Excel workbook itself.

Excel writes `;` in Dutch locales and `,` elsewhere, UTF-8 with a BOM, Windows-1252 or
UTF-16 with tabs ("Unicode text"); column names come in Dutch or English, or in the
school's own words that a header map names. This turns all of that into rows keyed by our
own field names, each with its line number (the spreadsheet's row) for error messages.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from bot.domain.file_kinds import decode, is_workbook
from bot.domain.header_map import column_positions
from bot.domain.spreadsheet import Line, workbook_rows
from bot.domain.text_normalize import fold

__all__ = ["FileRejected", "Problem", "Row", "Table", "decode", "read_table"]


@dataclass(frozen=True)
class Problem:
    """Why a line of an imported file cannot be used; line 1 is the header."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class FileRejected(Exception):
    """The whole file is refused; nothing was changed."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()


@dataclass
class Table:
    columns: set[str]
    rows: list[Row] = field(default_factory=list)


def read_table(
    data: bytes,
    aliases: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
    header_map: Mapping[str, str] | None = None,
) -> Table:
    """Parse CSV or .xlsx bytes into rows keyed by canonical field name.

    `aliases` maps each field to the header spellings that mean it (folded, see `fold`);
    `header_map` names the field of a column the aliases do not know (and wins over them).
    Raises FileRejected for an empty file or missing required columns, UnreadableFile for
    a file that is no table, HeaderMapError for a map that does not fit the file.
    """
    lines = workbook_rows(data) if is_workbook(data) else list(_csv_lines(decode(data)))
    if not lines:
        raise FileRejected([Problem(1, "the file is empty")])
    (header_line, header), body = lines[0], lines[1:]
    positions = _positions(header, aliases, header_map or {})
    missing = [name for name in required if name not in positions]
    if missing:
        problems = [
            Problem(header_line, f"missing column {name!r} (accepted: {_spellings(aliases[name])})")
            for name in missing
        ]
        shown = ", ".join(repr(title) for title in header if title.strip())
        hint = f'the file\'s columns are {shown}; name one with --map "COLUMN=field"'
        raise FileRejected([*problems, Problem(header_line, hint)])
    table = Table(columns=set(positions))
    for line, cells in body:
        values = {name: cells[i] if i < len(cells) else "" for name, i in positions.items()}
        table.rows.append(Row(line=line, values=values))
    return table


def _positions(
    header: list[str], aliases: Mapping[str, tuple[str, ...]], header_map: Mapping[str, str]
) -> dict[str, int]:
    """The column of each field: the header map's first, then the aliases' for the rest."""
    positions = column_positions(header, header_map, aliases)
    taken = set(positions.values())
    lookup = {fold(alias): name for name, spellings in aliases.items() for alias in spellings}
    for index, title in enumerate(header):
        name = lookup.get(fold(title))
        if name and name not in positions and index not in taken:
            positions[name] = index
    return positions


def _csv_lines(text: str) -> Iterator[Line]:
    """The non-blank records with the physical line each starts on (a quoted cell may
    span lines)."""
    if not text.strip():
        return
    reader = csv.reader(io.StringIO(text, newline=""), dialect=_sniff(text))
    line = 0
    for cells in reader:
        start, line = line + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            yield start, cells


def _sniff(text: str) -> type[csv.Dialect] | csv.Dialect:
    first_line = text.strip().splitlines()[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=";,\t")
    except csv.Error:
        return csv.excel


def _spellings(spellings: tuple[str, ...]) -> str:
    return ", ".join(spellings[:4])
