"""Files only the administrator's account may read: the families' data, the secret key.

SQLite and Python create files as the umask allows (often world-readable, 0644); these
helpers create them private from the first byte instead of narrowing them afterwards.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def private_folder(path: Path) -> Path:
    """Create `path` and its missing parents, each readable by the owner only.

    An existing folder keeps its mode: it may be shared on purpose (e.g. `/srv`).
    """
    missing = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
        os.chmod(folder, PRIVATE_FOLDER)  # mkdir's mode is narrowed by the umask, never widened
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty and private if it is missing; make an existing one private."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    os.chmod(path, PRIVATE_FILE)
    return path


def keep_private(path: Path) -> None:
    """Narrow an existing file of this account to its owner (a `.env` copied from the
    example is world-readable); a file of another account, e.g. a mounted secret, is left."""
    status = path.stat()
    if status.st_uid == os.getuid() and status.st_mode & 0o077:
        os.chmod(path, PRIVATE_FILE)


def write_private(path: Path, text: str) -> None:
    """Write a private file, replacing it whole (never left half-written)."""
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    os.chmod(partial, PRIVATE_FILE)
    os.replace(partial, path)
