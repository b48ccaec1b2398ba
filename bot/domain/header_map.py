"""Which column of a school's export holds which field, where the bot cannot tell.

A school's administration names columns its own way (`Naam ouder/verzorger`, `Mobiel 1`);
the header map says it once, on the command line (`HEADER=field`) or in a saved file the
school reuses for every export:

    # parentbot header map: a column of the export = the field it holds
    [roster]
    "Naam ouder/verzorger" = "guardian_name"
    "Mobiel 1" = "guardian_phone"

    [staff]
    "Medewerker" = "name"
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping

from bot.domain.text_normalize import fold

# The file kinds a saved map has a section for.
SECTIONS = ("roster", "staff")


class HeaderMapError(ValueError):
    """The header map itself is wrong: one line that says how."""


def parse_map_options(written: Iterable[str]) -> dict[str, str]:
    """`HEADER=field` pairs as typed after `--map`; the field name holds no `=`, the
    header may."""
    mapping: dict[str, str] = {}
    for pair in written:
        header, equals, name = pair.rpartition("=")
        if not equals or not header.strip() or not name.strip():
            raise HeaderMapError(
                f'--map {pair!r} should look like "Naam ouder/verzorger=guardian_name"'
            )
        _add(mapping, header.strip(), name.strip(), "--map")
    return mapping


def combine(saved: Mapping[str, str], typed: Mapping[str, str]) -> dict[str, str]:
    """The saved map with the typed `--map` pairs over it: a typed pair replaces what the
    saved map says of the same column and of the same field (`--map "Mobiel 2=
    guardian_phone"` moves the phone away from the saved map's `Mobiel 1`)."""
    columns = {fold(column) for column in typed}
    fields = set(typed.values())
    kept = {
        column: name
        for column, name in saved.items()
        if fold(column) not in columns and name not in fields
    }
    return kept | dict(typed)


def _add(mapping: dict[str, str], column: str, name: str, where: str) -> None:
    """One field per column, however the column is spelled; HeaderMapError otherwise."""
    for known, field in mapping.items():
        if fold(known) == fold(column):
            if field == name:
                return
            raise HeaderMapError(
                f"{where} gives column {column!r} two fields, {field!r} and {name!r};"
                " a column holds one field"
            )
    mapping[column] = name


def parse_map_file(text: str, section: str) -> dict[str, str]:
    """One section of a saved header map (TOML); the other sections are checked too, so a
    mistake anywhere in the file is found the first time it is used."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise HeaderMapError(f"the header map is not valid TOML: {error}") from None
    for name, table in document.items():
        if name not in SECTIONS:
            raise HeaderMapError(
                f"the header map has a section [{name}]; it may have {_sections()}"
            )
        if not isinstance(table, dict) or not all(
            isinstance(field, str) for field in table.values()
        ):
            raise HeaderMapError(
                f'[{name}] in the header map should hold lines like "Column" = "field_name"'
            )
    sections: dict[str, dict[str, str]] = {}
    for name, table in document.items():
        mapping = sections.setdefault(name, {})
        for column, field in table.items():
            _add(mapping, column, field, f"[{name}] in the header map")
    return sections.get(section, {})


def column_positions(
    header: list[str], mapping: Mapping[str, str], fields: Iterable[str]
) -> dict[str, int]:
    """The column each mapped field is read from; HeaderMapError for a field the file kind
    does not have or a column the file does not have."""
    accepted = list(fields)
    folded = [fold(title) for title in header]
    positions: dict[str, int] = {}
    for column, name in mapping.items():
        if name not in accepted:
            raise HeaderMapError(
                f"the header map names an unknown field {name!r} (fields: {', '.join(accepted)})"
            )
        if fold(column) not in folded:
            shown = ", ".join(repr(title) for title in header if title.strip())
            raise HeaderMapError(
                f"the header map names a column {column!r} the file does not have"
                f" (its columns: {shown})"
            )
        if name in positions:
            raise HeaderMapError(f"the header map gives field {name!r} two columns")
        index = folded.index(fold(column))
        for other, taken in positions.items():
            if taken == index and other != name:
                raise HeaderMapError(
                    f"the header map gives column {header[index]!r} two fields,"
                    f" {other!r} and {name!r}; a column holds one field"
                )
        positions[name] = index
    return positions


def _sections() -> str:
    return " and ".join(f"[{name}]" for name in SECTIONS)
