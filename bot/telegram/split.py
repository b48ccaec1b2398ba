"""Split a long HTML message into Telegram-sized parts at clean places.

Telegram refuses texts over 4096 characters. Parts break between blocks (blank lines),
else between lines, else between words — never inside a word or a tag, because every tag
this bot writes opens and closes on one line.
"""

from __future__ import annotations

LIMIT = 4000  # under Telegram's 4096, leaving room for entity parsing differences


def split_message(text: str, limit: int = LIMIT) -> list[str]:
    parts: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        candidate = f"{current}{piece}" if current else piece.lstrip("\n")
        if len(candidate) <= limit:
            current = candidate
            continue
        parts.append(current.rstrip())
        current = piece.lstrip("\n")
    if current.strip():
        parts.append(current.rstrip())
    return parts


def _pieces(text: str, limit: int) -> list[str]:
    """Blocks (with the blank line before them), split further where a block is too long."""
    pieces = []
    for index, block in enumerate(text.split("\n\n")):
        prefix = "\n\n" if index else ""
        if len(prefix + block) <= limit:
            pieces.append(prefix + block)
            continue
        for number, line in enumerate(block.split("\n")):
            lead = prefix if number == 0 else "\n"
            pieces += _words(lead + line, limit)
    return pieces


def _words(line: str, limit: int) -> list[str]:
    if len(line) <= limit:
        return [line]
    pieces, current = [], ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if len(candidate) > limit and current:
            pieces.append(current)
            current = "\n" + word
        else:
            current = candidate
    pieces.append(current)
    return pieces
