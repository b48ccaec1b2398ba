"""Backups: consistent while the bot writes, private, pruned, made before a migration."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.storage.backup import (
    NotABackup,
    check_backup,
    companion,
    copy_database,
    dated_name,
    prune,
    restore_database,
)
from bot.storage.database import Database
from bot.storage.migrations import SchemaTooNew, available_migrations

ADD_GROUP = (
    "INSERT INTO class_groups (name, grade_low, grade_high, created_at) VALUES (?, ?, ?, '')"
)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def write_pairs_until(path: Path, stop: threading.Event, started: threading.Event) -> None:
    """Another process's writes: two rows per transaction, so a torn copy has an odd count."""
    with closing(sqlite3.connect(path, isolation_level=None, timeout=30)) as conn:
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT INTO pairs (payload) VALUES (?)", [("x" * 500,)] * 2)
            conn.execute("COMMIT")
            started.set()


def test_a_backup_taken_while_another_connection_writes_is_consistent(tmp_path):
    live = tmp_path / "live.sqlite3"
    with closing(sqlite3.connect(live)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE pairs (id INTEGER PRIMARY KEY, payload TEXT)")
    stop, started = threading.Event(), threading.Event()
    writer = threading.Thread(target=write_pairs_until, args=(live, stop, started))
    writer.start()
    try:
        started.wait()
        counts = []
        for number in range(5):
            copy = tmp_path / f"copy-{number}.sqlite3"
            copy_database(live, copy)
            with closing(sqlite3.connect(copy)) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
                counts.append(conn.execute("SELECT count(*) FROM pairs").fetchone()[0])
    finally:
        stop.set()
        writer.join()
    assert all(count > 0 and count % 2 == 0 for count in counts)
    assert counts == sorted(counts)
    with closing(sqlite3.connect(live)) as conn:
        assert conn.execute("SELECT count(*) FROM pairs").fetchone()[0] >= counts[-1]
    assert not list(tmp_path.glob("*.partial"))


async def test_the_database_its_sidecars_and_backups_are_private(tmp_path):
    path = tmp_path / "new" / "school.sqlite3"
    db = await Database.open(path)
    try:
        async with db.transaction() as conn:
            await conn.execute(ADD_GROUP, ("4", 4, 4))
        for name in ("school.sqlite3", "school.sqlite3-wal", "school.sqlite3-shm"):
            assert mode(path.with_name(name)) == 0o600, name
        assert mode(path.parent) == 0o700
        copy = tmp_path / "backups" / "copy.sqlite3"
        copy_database(path, copy)
        assert mode(copy) == 0o600
        assert mode(copy.parent) == 0o700
    finally:
        await db.close()


async def test_an_existing_world_readable_database_is_made_private(tmp_path):
    path = tmp_path / "old.sqlite3"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    await (await Database.open(path)).close()
    assert mode(path) == 0o600


def test_only_the_newest_dated_backups_are_kept_with_their_env_files(tmp_path):
    names = [f"parentbot-202611{day:02}-030000.sqlite3" for day in range(1, 17)]
    names.append("parentbot-20261116-030000-2.sqlite3")  # a second one in the same second
    for name in names:
        (tmp_path / name).touch()
        companion(tmp_path / name).touch()
    own = tmp_path / "before-the-big-import.sqlite3"
    own.touch()
    removed = prune(tmp_path, 14)
    assert [path.name for path in removed] == names[:3]
    left = sorted(path.name for path in tmp_path.glob("parentbot-*.sqlite3"))
    assert left == sorted(names[3:])
    assert sorted(path.name for path in tmp_path.glob("parentbot-*.env")) == sorted(
        companion(tmp_path / name).name for name in names[3:]
    )
    assert own.exists()


def test_dated_names_never_overwrite_a_backup_of_the_same_second(tmp_path):
    now = datetime(2026, 11, 29, 9, 15, 30, tzinfo=UTC)
    first = dated_name(tmp_path, now)
    assert first.name == "parentbot-20261129-091530.sqlite3"
    first.touch()
    assert dated_name(tmp_path, now).name == "parentbot-20261129-091530-2.sqlite3"


def migrated_up_to(path: Path, number: int) -> None:
    """A database as an older parentbot left it: the first `number` migrations applied."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        for step, sql in available_migrations()[:number]:
            conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {step};\nCOMMIT;")
        conn.execute(ADD_GROUP, ("4", 4, 4))


async def test_a_database_with_data_is_backed_up_before_it_is_migrated(tmp_path):
    path = tmp_path / "school.sqlite3"
    older = len(available_migrations()) - 1
    migrated_up_to(path, older)
    copies: list[Path] = []

    def back_up(database: Path) -> None:
        copies.append(tmp_path / "before.sqlite3")
        copy_database(database, copies[-1])

    await (await Database.open(path, before_migrating=back_up)).close()
    assert copies == [tmp_path / "before.sqlite3"]
    assert check_backup(copies[0]) == older
    await (await Database.open(path, before_migrating=back_up)).close()  # nothing pending
    await (await Database.open(tmp_path / "new.sqlite3", before_migrating=back_up)).close()
    assert len(copies) == 1


async def test_a_restored_backup_replaces_the_live_database(tmp_path):
    live = tmp_path / "school.sqlite3"
    db = await Database.open(live)
    async with db.transaction() as conn:
        await conn.execute(ADD_GROUP, ("4", 4, 4))
    await db.close()
    copy_database(live, tmp_path / "backup.sqlite3")
    db = await Database.open(live)
    async with db.transaction() as conn:
        await conn.execute(ADD_GROUP, ("5", 5, 5))
    await db.close()
    restore_database(tmp_path / "backup.sqlite3", live)
    with closing(sqlite3.connect(live)) as conn:
        assert conn.execute("SELECT name FROM class_groups").fetchall() == [("4",)]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_only_a_parentbot_database_of_a_known_schema_passes_as_a_backup(tmp_path):
    text = tmp_path / "roster.csv"
    text.write_text("leerlingnummer;roepnaam\n" * 200)
    with pytest.raises(NotABackup, match="is not an SQLite database"):
        check_backup(text)
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(NotABackup, match="an SQLite database, but not parentbot's"):
        check_backup(other)
    with pytest.raises(NotABackup, match="is not a file"):
        check_backup(tmp_path / "missing.sqlite3")
    future = tmp_path / "future.sqlite3"
    migrated_up_to(future, 1)
    with closing(sqlite3.connect(future)) as conn:
        conn.execute("PRAGMA user_version = 999")
    with pytest.raises(SchemaTooNew, match=r"written by a newer parentbot \(schema 999"):
        check_backup(future)


def test_restoring_a_backup_that_is_gone_raises_and_leaves_the_database(tmp_path):
    live = tmp_path / "live.sqlite3"
    with closing(sqlite3.connect(live)) as conn:
        conn.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY)")
        conn.execute("INSERT INTO kept DEFAULT VALUES")
        conn.commit()
    with pytest.raises(sqlite3.OperationalError):
        restore_database(tmp_path / "gone.sqlite3", live)
    assert not (tmp_path / "gone.sqlite3").exists()
    with closing(sqlite3.connect(live)) as conn:
        assert conn.execute("SELECT count(*) FROM kept").fetchone() == (1,)


def test_a_copy_in_progress_under_the_same_name_is_left_alone(tmp_path):
    """Two backups started in the same second get one dated name: each writes its own
    partial file, never the other's."""
    live = tmp_path / "live.sqlite3"
    with closing(sqlite3.connect(live)) as conn:
        conn.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY)")
    target = tmp_path / "backups" / "parentbot-20261129-030000.sqlite3"
    target.parent.mkdir()
    other = target.with_name(target.name + ".partial")  # another process's copy, half done
    other.write_bytes(b"half a copy")
    copy_database(live, target)
    assert other.read_bytes() == b"half a copy"
    assert sorted(path.name for path in target.parent.iterdir()) == [target.name, other.name]
