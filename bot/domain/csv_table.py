"""Read a CSV file as a Dutch school's administration hands it over after Excel.

Excel writes `;` in Dutch locales and `,` elsewhere, UTF-8 with a BOM or Windows-1252;
column names come in Dutch or English. This turns all of that into rows keyed by our own
field names, each with its line number for error messages.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.domain.text_normalize import fold


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


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) when it is valid, otherwise Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_table(
    data: bytes, aliases: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
) -> Table:
    """Parse CSV bytes into rows keyed by canonical field name.

    `aliases` maps each field to the header spellings that mean it (folded, see `fold`).
    Raises FileRejected for an empty file or missing required columns.
    """
    text = decode(data)
    if not text.strip():
        raise FileRejected([Problem(1, "the file is empty")])
    reader = csv.reader(io.StringIO(text, newline=""), dialect=_sniff(text))
    header = next(reader)
    lookup = {alias: name for name, spellings in aliases.items() for alias in spellings}
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        name = lookup.get(fold(title))
        if name and name not in positions:
            positions[name] = index
    missing = [name for name in required if name not in positions]
    if missing:
        raise FileRejected(
            [
                Problem(1, f"missing column {name!r} (accepted: {_spellings(aliases[name])})")
                for name in missing
            ]
        )
    table = Table(columns=set(positions))
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: cells[i] if i < len(cells) else "" for name, i in positions.items()}
        table.rows.append(Row(line=start, values=values))
    return table


def _sniff(text: str) -> type[csv.Dialect] | csv.Dialect:
    first_line = text.splitlines()[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=";,\t")
    except csv.Error:
        return csv.excel


def _spellings(spellings: tuple[str, ...]) -> str:
    return ", ".join(spellings[:4])
