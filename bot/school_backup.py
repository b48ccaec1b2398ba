"""A backup the school can restore: the database copy and, beside it, its `.env`.

Every invitation code is derived from the secret key, which is kept out of the database on
purpose; a database restored without its key makes every printed letter invalid. So each
backup `parentbot-….sqlite3` gets `parentbot-….env` beside it (private, like the database):
the home's settings with the key that belongs to that database.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.config import (
    SECRET_KEY_NAME,
    Settings,
    secret_key_in,
    with_secret_key,
    write_secret_key,
)
from bot.instance_lock import instance_lock
from bot.storage.backup import (
    check_backup,
    companion,
    copy_database,
    dated_name,
    prune,
    restore_database,
)
from bot.storage.files import write_private


class BackupRefused(Exception):
    """Nothing was backed up or restored; the message says why and what to do, in one line."""


@dataclass(frozen=True)
class Restored:
    saved: Path | None  # the backup of the database that was replaced, if there was one
    key_from: Path | None  # the file the secret key came from, when the backup had one
    key_in_environment: bool  # the environment sets the key, overriding the restored one


def back_up(settings: Settings, target: Path | None = None, *, sparing: Path | None = None) -> Path:
    """Copy the database and its `.env` to `target`, else dated into the backups folder
    (keeping the newest BACKUPS_KEPT there, and `sparing` whatever its age); returns the
    database copy's path."""
    database = settings.database_path
    if not database.is_file():
        raise BackupRefused(f"there is no database at {database} yet: nothing to back up")
    if target is not None and (target.exists() or companion(target) == target):
        raise BackupRefused(f"{target} exists already; give a new file name")
    if target is not None and companion(target).exists():
        raise BackupRefused(
            f"{companion(target)} exists already (the backup's .env would replace it); give a"
            " new file name"
        )
    path = target or dated_name(settings.backups_folder, datetime.now(UTC))
    copy_database(database, path)
    env = settings.env_file.read_text(encoding="utf-8") if settings.env_file.exists() else ""
    key = settings.parentbot_secret_key
    write_private(companion(path), with_secret_key(env, key.get_secret_value()) if key else env)
    if target is None:
        prune(settings.backups_folder, settings.backups_kept, sparing=sparing)
    return path


def before_migrating(settings: Settings) -> Callable[[Path], None]:
    """What the database runs before migrating one that holds data: a dated backup, since
    a migration cannot be undone once the bot has written with the new schema."""

    def save(_database: Path) -> None:
        back_up(settings)

    return save


def restore(settings: Settings, backup: Path) -> Restored:
    """Put the backup in place of the database (and its key in `.env`), after saving the
    current database as a dated backup. Holds the instance lock: never under a running bot."""
    if backup.absolute() == settings.database_path:
        raise BackupRefused(f"{backup} is the database itself; give a backup of it")
    check_backup(backup)
    beside = companion(backup)
    key = secret_key_in(beside.read_text(encoding="utf-8")) if beside.is_file() else None
    if key is None and settings.parentbot_secret_key is None:
        raise BackupRefused(
            f"{beside} with the secret key is missing and {settings.env_file} has none either;"
            f" put the old {SECRET_KEY_NAME} in {settings.env_file} first, or every printed"
            " letter would be invalid"
        )
    with instance_lock(settings.lock_file):
        # Saving the current database prunes old backups: never the one being restored.
        saved = _save_current(settings, backup)
        check_backup(backup)  # still there and whole, just before it replaces anything
        restore_database(backup, settings.database_path)
        if key is not None and settings.env_file.exists():
            write_secret_key(settings.env_file, key)
        elif key is not None:  # a new home: the backup's settings (token included) as well
            write_private(settings.env_file, beside.read_text(encoding="utf-8"))
    in_environment = key is not None and os.environ.get(SECRET_KEY_NAME, key).strip() != key
    return Restored(saved, beside if key else None, in_environment)


def _save_current(settings: Settings, restoring: Path) -> Path | None:
    """Keep the database a restore replaces: as a dated backup, or, when SQLite cannot read
    it (damaged, or no database at all), moved aside as it is, with its `-wal` and `-shm`."""
    database = settings.database_path
    if not database.is_file():
        return None
    try:
        return back_up(settings, sparing=restoring)
    except sqlite3.DatabaseError:
        stamp = f"{datetime.now(UTC):%Y%m%d-%H%M%S}"
        for suffix in ("", "-wal", "-shm"):
            part = database.with_name(database.name + suffix)
            if part.exists():
                part.replace(database.with_name(f"{database.name}.damaged-{stamp}{suffix}"))
        return database.with_name(f"{database.name}.damaged-{stamp}")
