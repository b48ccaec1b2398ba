import sqlite3

import aiosqlite
import pytest

from bot.storage.database import Database
from bot.storage.migrations import apply_migrations, available_migrations


def schema(path) -> tuple[int, list[tuple[str, str]]]:
    with sqlite3.connect(path) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        objects = conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    return version, objects


async def test_an_empty_database_is_migrated_and_a_second_run_changes_nothing(tmp_path):
    path = tmp_path / "fresh.sqlite3"
    db = await Database.open(path)
    await db.close()
    first = schema(path)
    assert first[0] == len(available_migrations())
    assert {"pupils", "guardians", "pupil_guardians", "staff", "staff_groups"} <= {
        name for name, _ in first[1]
    }
    db = await Database.open(path)
    await db.close()
    assert schema(path) == first


async def test_connection_settings_are_wal_foreign_keys_and_busy_timeout(tmp_path):
    db = await Database.open(tmp_path / "s.sqlite3")
    async with db.read() as conn:
        pragmas = {}
        for name in ("journal_mode", "foreign_keys", "busy_timeout"):
            async with conn.execute(f"PRAGMA {name}") as cursor:
                pragmas[name] = (await cursor.fetchone())[0]
    await db.close()
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000}


async def insert_group_then_orphan_pupil(db) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO class_groups (name, grade_low, grade_high, created_at)"
            " VALUES ('4', 4, 4, 'now')"
        )
        await conn.execute(
            "INSERT INTO pupils (external_id, first_name, last_name, group_id, created_at,"
            " updated_at) VALUES ('1', 'Bo', 'Kok', 999, 'now', 'now')"
        )


async def test_a_failing_transaction_is_rolled_back(db):
    with pytest.raises(sqlite3.IntegrityError):
        await insert_group_then_orphan_pupil(db)
    async with db.read() as conn, conn.execute("SELECT count(*) FROM class_groups") as cursor:
        assert (await cursor.fetchone())[0] == 0


async def test_a_database_newer_than_the_code_is_refused(tmp_path):
    path = tmp_path / "future.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        with pytest.raises(RuntimeError, match="written by a newer parentbot"):
            await apply_migrations(conn)
