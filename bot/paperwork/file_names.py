"""File names the school's office can open anywhere, from names people gave."""

from __future__ import annotations

import re
import unicodedata

# What Windows (and other systems) refuse in a file name: reserved characters and
# control characters.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')

# File systems allow 255 bytes a name (ext4, APFS) or 255 UTF-16 units (NTFS): a name of
# 140 Arabic letters is already 280 bytes. A stem of at most this many bytes leaves room
# for what follows it (a teacher's number, the extension) everywhere.
STEM_BYTES = 120


def safe_stem(text: str) -> str:
    """`text` as the stem of a file name on Windows too: reserved characters become `_`,
    no leading or trailing dot or space ('' when nothing is left), at most `STEM_BYTES`
    in UTF-8, cut where a letter ends. Letters of every script stay: a pupil's name is
    written as the roster writes it, and its beginning is kept."""
    stem = _UNSAFE.sub("_", unicodedata.normalize("NFC", text)).strip(" .")
    return _cut(stem, STEM_BYTES).rstrip(" .")


def _cut(text: str, limit: int) -> str:
    """The longest beginning of `text` within `limit` UTF-8 bytes that does not part a
    letter from the accents or vowel marks written on it."""
    size = 0
    for end, char in enumerate(text):
        size += len(char.encode("utf-8"))
        if size > limit:
            while end > 0 and unicodedata.combining(text[end]):
                end -= 1  # the mark would be cut off: leave its letter out too
            return text[:end]
    return text
