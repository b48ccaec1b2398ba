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
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import islice

from bot.domain.file_kinds import (
    MAX_ROWS,
    TOO_MANY_ROWS,
    UnreadableFile,
    check_size,
    decode,
    is_workbook,
)
from bot.domain.header_map import column_positions
from bot.domain.spreadsheet import Line, workbook_rows
from bot.domain.text_normalize import fold

__all__ = ["FileRejected", "Problem", "Remark", "Row", "Table", "decode", "read_table"]


@dataclass(frozen=True)
class Problem:
    """Why a line of an imported file cannot be used; line 1 is the header."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class Remark(Problem):
    """Said of the file as a whole rather than of its line: shown without a line number
    (the problems left unlisted, a guardian stored twice)."""

    def __str__(self) -> str:
        return self.reason


# How many problems a refusal lists before summing up the rest.
PROBLEMS_SHOWN = 50


class FileRejected(Exception):
    """The whole file is refused; nothing was changed."""

    def __init__(self, problems: list[Problem]) -> None:
        shown = problems[:PROBLEMS_SHOWN]
        if len(problems) > PROBLEMS_SHOWN:
            rest = problems[PROBLEMS_SHOWN:]
            # A wrong file (the wrong export, a shifted column) can have a problem on every
            # row: a screenful says enough.
            shown.append(Remark(rest[0].line, f"… and {len(rest):,} more"))
        super().__init__("; ".join(str(p) for p in shown))
        self.problems = shown


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
    Raises FileRejected for an empty file, missing required columns, a file with two
    guardians on a row or rows swallowed by an open quote; UnreadableFile for a file that
    is no table; HeaderMapError for a map that does not fit the file.
    """
    check_size(len(data))
    if is_workbook(data):
        lines, delimiter = workbook_rows(data), None
    else:
        text = decode(data)
        delimiter = _delimiter(text)
        lines = _csv_lines(text, delimiter)
    if not lines:
        raise FileRejected([Problem(1, "the file is empty")])
    (header_line, header), body = lines[0], lines[1:]
    mapped = header_map or {}
    positions = _positions(header, aliases, mapped)
    missing = [name for name in required if name not in positions]
    if missing:
        problems = [
            Problem(header_line, f"missing column {name!r} (accepted: {_spellings(aliases[name])})")
            for name in missing
        ]
        shown = ", ".join(repr(title) for title in header if title.strip())
        hint = f'the file\'s columns are {shown}; name one with --map "COLUMN=field"'
        raise FileRejected([*problems, Problem(header_line, hint)])
    problems = _second_columns(header_line, header, positions, aliases, mapped)
    if delimiter is not None:
        problems += _swallowed_rows(body, header, delimiter)
    if problems:
        raise FileRejected(problems)
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
    lookup = _alias_lookup(aliases)
    for index, title in enumerate(header):
        name = lookup.get(fold(title))
        if name and name not in positions and index not in taken:
            positions[name] = index
    return positions


def _alias_lookup(aliases: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold(alias): name for name, spellings in aliases.items() for alias in spellings}


_NUMBERED = re.compile(r"(.+) ([2-9])")


def _second_columns(
    line: int,
    header: list[str],
    positions: Mapping[str, int],
    aliases: Mapping[str, tuple[str, ...]],
    header_map: Mapping[str, str],
) -> list[Problem]:
    """A column that is a second one of a field the bot found by name (`Naam
    ouder/verzorger 2` beside `Naam ouder/verzorger 1`): an export with two guardians on
    a row, whose second guardian would be dropped without a word — and deactivated."""
    lookup = _alias_lookup(aliases)
    mapped = {fold(column) for column in header_map}
    problems = []
    for index, title in enumerate(header):
        numbered = _NUMBERED.fullmatch(fold(title))
        if numbered is None or fold(title) in mapped or index in positions.values():
            continue
        base = numbered.group(1)
        name = lookup.get(base) or lookup.get(f"{base} 1")
        if name is None or name not in positions or fold(header[positions[name]]) in mapped:
            continue
        reason = (
            f"column {title!r} holds a second {name} beside column"
            f" {header[positions[name]]!r}: the bot reads one row per pupil–guardian pair"
            " (a child with two guardians has two rows); export the file that way, or"
            ' name the column to read with --map "COLUMN=field"'
        )
        problems.append(Problem(line, reason))
    return problems


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _swallowed_rows(body: list[Line], header: list[str], delimiter: str) -> list[Problem]:
    """Cells that hold whole rows: a quote (") opened and never closed takes the lines
    after it into one cell, and the pupils on them would be deactivated as missing from
    the file. A line break inside a cell (a note on two lines) is fine; a line in a cell
    with as many delimiters as a row is not."""
    row_like = max(len(header) - 1, 1)
    problems = []
    for start, cells in body:
        line = start
        for index, cell in enumerate(cells):
            inner = _LINE_BREAK.split(cell)
            if any(part.count(delimiter) >= row_like for part in inner[1:]):
                column = header[index] if index < len(header) else f"column {index + 1}"
                taken = sum(1 for part in inner[1:] if part.strip())
                reason = (
                    f"the cell of {column!r} that starts here takes in the {taken} lines"
                    " after it as if they were text;"
                    ' is a quote (") not closed? Correct it and save the file again'
                )
                problems.append(Problem(line, reason))
            line += len(inner) - 1
    return problems


# Excel writes `;` in Dutch locales and tabs as "Unicode text": they win a tie with `,`.
_DELIMITERS = (";", "\t", ",")
_SAMPLE_ROWS = 20


def _delimiter(text: str) -> str:
    """The delimiter that splits the first rows into as many cells as the header: a
    comma inside one header (`Telefoon (mobiel, werk)`) does not make `,` the delimiter
    of a `;` file."""

    def fit(delimiter: str) -> tuple[bool, int]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            widths = [len(cells) for cells in islice(reader, _SAMPLE_ROWS + 1) if cells]
        except csv.Error:
            return (False, 0)
        if not widths:
            return (False, 0)
        header, *rows = widths
        return (header > 1, sum(width == header for width in rows))

    return max(_DELIMITERS, key=fit)


def _csv_lines(text: str, delimiter: str) -> list[Line]:
    """The non-blank records with the physical line each starts on (a quoted cell may
    span lines); a record csv cannot read is refused with its line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[Line] = []
    line = 0
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                lines.append((start, cells))
                if len(lines) > MAX_ROWS + 1:
                    raise UnreadableFile(TOO_MANY_ROWS)
    except csv.Error as error:
        raise FileRejected([Problem(line + 1, _unreadable(error))]) from None
    return lines


def _unreadable(error: csv.Error) -> str:
    if "field limit" in str(error):
        return (
            f"a cell from here on is longer than {csv.field_size_limit():,} characters;"
            ' is a quote (") not closed?'
        )
    return f"this line cannot be read as CSV ({error})"


def _spellings(spellings: tuple[str, ...]) -> str:
    return ", ".join(spellings[:4])
