"""Consistent copies of the live database, safe while the bot runs and writes.

A WAL database cannot be backed up by copying its file: the last changes live in the
`-wal` file and a copy taken mid-write is torn. SQLite's online backup API copies a
snapshot page by page under a read lock, which in WAL mode never stops the bot writing.
Backups are single files (journal mode DELETE), so they can be copied anywhere as they are.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from bot.storage.files import private_file, private_folder
from bot.storage.migrations import SchemaTooNew, available_migrations

BUSY_TIMEOUT_SECONDS = 5.0
# What the backups folder holds and prunes: `parentbot-YYYYmmdd-HHMMSS[-N].sqlite3` (UTC).
_NAMED = re.compile(r"^parentbot-(\d{8}-\d{6})(?:-(\d+))?\.sqlite3$")
# Tables every parentbot database has had since its first migration.
_CORE_TABLES = {"pupils", "guardians", "staff"}


class NotABackup(Exception):
    """The file cannot be restored; the message says why, in one line."""


def dated_name(folder: Path, now: datetime) -> Path:
    """A new backup's path in `folder`: dated (UTC), so names sort as the backups were made."""
    stem = f"parentbot-{now:%Y%m%d-%H%M%S}"
    path, number = folder / f"{stem}.sqlite3", 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}.sqlite3"
    return path


def companion(backup: Path) -> Path:
    """The file beside a backup that keeps the settings and secret key it belongs to."""
    return backup.with_name(backup.stem + ".env")


def copy_database(source: Path, target: Path) -> None:
    """Copy the database at `source` to a new private file `target` (made whole or not at all)."""
    private_folder(target.parent)
    # Its own name: two backups started in the same second must not write one file.
    partial = private_file(target.with_name(f"{target.name}.{secrets.token_hex(4)}.partial"))
    try:
        with (
            closing(sqlite3.connect(source, timeout=BUSY_TIMEOUT_SECONDS)) as live,
            closing(sqlite3.connect(partial)) as copy,
        ):
            live.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def restore_database(backup: Path, target: Path) -> None:
    """Replace the database at `target` by the backup's content, through SQLite, so its
    `-wal` file is rewritten with it instead of left to contradict the new content."""
    private_folder(target.parent)
    private_file(target)
    with (
        # Read-only: a backup gone since it was checked raises instead of being created
        # empty and copied over the live database.
        closing(sqlite3.connect(_read_only(backup), uri=True)) as source,
        closing(sqlite3.connect(target, timeout=BUSY_TIMEOUT_SECONDS)) as live,
    ):
        source.backup(live)


def check_backup(path: Path) -> int:
    """The schema version of a parentbot database at `path`; NotABackup when it is none."""
    if not path.is_file():
        raise NotABackup(f"{path} is not a file")
    try:
        with closing(sqlite3.connect(_read_only(path), uri=True)) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            intact = db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        raise NotABackup(f"{path} is not an SQLite database") from None
    if version < 1 or not _CORE_TABLES.issubset(tables):
        raise NotABackup(f"{path} is an SQLite database, but not parentbot's")
    if not intact:
        raise NotABackup(f"{path} is damaged (SQLite's quick_check fails); try an older backup")
    known = len(available_migrations())
    if version > known:
        raise SchemaTooNew(version, known)
    return version


def _read_only(path: Path) -> str:
    """The URI that opens `path` for reading only, and never creates it."""
    return f"{path.absolute().as_uri()}?mode=ro"


def prune(folder: Path, kept: int, *, sparing: Path | None = None) -> list[Path]:
    """Delete all but the newest `kept` dated backups in `folder` (and their companions),
    never `sparing`: the backup being restored."""
    made = {}
    for path in folder.glob("parentbot-*.sqlite3"):
        if named := _NAMED.match(path.name):
            made[path] = (named.group(1), int(named.group(2) or 1))
    dated = sorted(made, key=made.__getitem__)
    spared = sparing.absolute() if sparing is not None else None
    removed = [path for path in dated[: max(len(dated) - kept, 0)] if path.absolute() != spared]
    for path in removed:
        path.unlink()
        companion(path).unlink(missing_ok=True)
    return removed
