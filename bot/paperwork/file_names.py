"""File names the school's office can open anywhere, from names people gave."""

from __future__ import annotations

import re
import unicodedata

# What Windows (and other systems) refuse in a file name: reserved characters and
# control characters.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def safe_stem(text: str) -> str:
    """`text` as the stem of a file name on Windows too: reserved characters become `_`,
    no leading or trailing dot or space ('' when nothing is left). Letters of every script
    stay: a pupil's name is written as the roster writes it."""
    return _UNSAFE.sub("_", unicodedata.normalize("NFC", text)).strip(" .")
