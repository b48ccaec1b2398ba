"""The data behind inline buttons: a short versioned code, e.g. `1:lang:uk` or `1:book:42`.

Telegram gives a button at most 64 bytes and hands back whatever a client sends, so the
code carries only what names a choice (an action and short ids) and every handler re-checks
it against the database and the presser. The version lets a later format refuse old buttons
cleanly instead of misreading them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

VERSION = "1"
SEPARATOR = ":"
MAX_BYTES = 64  # Telegram's limit for callback_data, in UTF-8 bytes

_ACTION = re.compile(r"[a-z][a-z0-9_]*")
# Printable ASCII without the separator: no names or other text can slip into a button.
_ARGUMENT = re.compile(r"[!-9;-~]+")
# Only ASCII digits: int() would also accept " 7", "+7", "7_0" and "٧".
_ID = re.compile(r"[0-9]{1,18}")


def encode(action: str, *args: str | int) -> str:
    """The callback data for a button; raises ValueError for anything Telegram or decode refuses."""
    if not _ACTION.fullmatch(action):
        raise ValueError(f"callback action must be a lower-case word: {action!r}")
    parts = [VERSION, action]
    for arg in args:
        if isinstance(arg, bool) or not isinstance(arg, str | int):
            raise ValueError(f"callback arguments are short strings or ints: {arg!r}")
        text = str(arg)
        if not _ARGUMENT.fullmatch(text):
            raise ValueError(f"callback argument must be printable ASCII without ':': {arg!r}")
        parts.append(text)
    data = SEPARATOR.join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: object) -> tuple[str, tuple[str, ...]] | None:
    """The action and arguments of a press, or None for anything encode would not produce.

    Arguments come back as strings; read ids with `as_id`. A result only says the press is
    well-formed, never that it is allowed.
    """
    if not isinstance(data, str) or len(data.encode()) > MAX_BYTES:
        return None
    version, _, rest = data.partition(SEPARATOR)
    action, *args = rest.split(SEPARATOR)
    if version != VERSION or not _ACTION.fullmatch(action):
        return None
    if not all(_ARGUMENT.fullmatch(arg) for arg in args):
        return None
    return action, tuple(args)


def as_id(arg: str) -> int | None:
    """A decoded argument as a database id, or None when it is not plain ASCII digits."""
    return int(arg) if _ID.fullmatch(arg) else None


def handles(action: str) -> Callable[[object], bool]:
    """A `CallbackQueryHandler(pattern=...)` test: the press is a well-formed `action` code."""

    def test(data: object) -> bool:
        decoded = decode(data)
        return decoded is not None and decoded[0] == action

    return test
