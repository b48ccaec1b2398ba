"""The school's own invitation paragraph per language, from `letters.toml` in the home.

Schools have a standard text for the first letter; their words replace the bot's built-in
paragraph for the languages they give, so a school can keep its tone without touching the
steps, which describe how the bot works:

    [invitation]
    nl = \"\"\"
    Wij nodigen u uit voor ...
    \"\"\"
    ar = "..."

A file with a mistake is refused as a whole, with its line, so no letter goes out with
half the school's text. A text is at most 2000 characters, a first bound read with the
file; whether it fits depends on the language printed beside it, which `parentbot letters`
tries with the longest letter a family can get before it prints any.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from bot.languages import SUPPORTED_LANGUAGES

LETTERS_FILE_NAME = "letters.toml"
_TABLE = "invitation"
_LONGEST = 2000  # characters per language; what fits beside the other column is tried later


class LettersFileRejected(Exception):
    """What is wrong with `letters.toml`, in one line with the file and line."""


def read_school_invitations(home: Path) -> dict[str, str]:
    """The school's invitation paragraph per language code; none without a file."""
    path = home / LETTERS_FILE_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise LettersFileRejected(f"cannot read {path}: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LettersFileRejected(f"{path}, line {line}: not UTF-8 text") from None
    return parse_school_invitations(text, path)


def parse_school_invitations(text: str, path: Path) -> dict[str, str]:
    """Read the `[invitation]` table; each key a shipped language, each value its text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LettersFileRejected(f"{path}{_toml_problem(error)}") from None
    for key in data:
        if key != _TABLE:
            raise LettersFileRejected(
                f"{path}, line {_line_of(text, key)}: unknown key {key!r};"
                f" the file holds one table, [{_TABLE}]"
            )
    table = data.get(_TABLE, {})
    if not isinstance(table, dict):
        raise LettersFileRejected(
            f"{path}, line {_line_of(text, _TABLE)}: {_TABLE} must be a table: [{_TABLE}]"
        )
    texts: dict[str, str] = {}
    for language, value in table.items():
        where = f"{path}, line {_line_of(text, language)}"
        if language not in SUPPORTED_LANGUAGES:
            raise LettersFileRejected(
                f"{where}: {language!r} is not a language of the bot"
                f" ({', '.join(SUPPORTED_LANGUAGES)})"
            )
        if not isinstance(value, str):
            raise LettersFileRejected(f'{where}: the text for {language} must be "text" in quotes')
        paragraph = _paragraphs(value)
        if not paragraph:
            raise LettersFileRejected(
                f"{where}: the text for {language} is empty; leave the language out to use"
                " the built-in text"
            )
        if len(paragraph) > _LONGEST:
            raise LettersFileRejected(
                f"{where}: the text for {language} has {len(paragraph)} characters; at most"
                f" {_LONGEST} per language, and less when the other language's text beside it"
                " is long too: both share one page"
            )
        texts[language] = paragraph
    return texts


def _paragraphs(value: str) -> str:
    """Lines wrapped in the file join into one paragraph; an empty line starts a new one."""
    blocks = re.split(r"\n\s*\n", value.strip())
    return "\n".join(" ".join(block.split()) for block in blocks if block.strip())


def _toml_problem(error: tomllib.TOMLDecodeError) -> str:
    """tomllib ends its message with "(at line 3, column 7)": lead with the line instead."""
    message = str(error)
    found = re.fullmatch(r"(?s)(.*?) \(at line (\d+), column \d+\)", message)
    if found is None:
        return f": not valid TOML: {message}"
    return f", line {found.group(2)}: not valid TOML: {found.group(1)}"


def _line_of(text: str, key: str) -> int:
    """The line that sets a key (bare, quoted, or a table header), else the first line."""
    pattern = re.compile(rf"""^\s*(\[\s*)?(["']?){re.escape(key)}\2\s*(=|\])""", re.MULTILINE)
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 1
