"""Wanting a machine translation: recorded once per text and language, only with an engine,
waking the translator after the commit; looked up when the message is written."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.events import Event, TranslationsWanted
from bot.domain.machine_translation import Translated
from bot.services.machine_translation import lookup, use_engine, want
from bot.storage import machine_translations
from bot.storage.database import Database

TEXT = "Emma leest elke dag tien minuten met juf Fatma."


class Heard:
    def __init__(self) -> None:
        self.events: list[Event] = []

    async def __call__(self, events: Sequence[Event]) -> None:
        self.events += events


async def rows(db: Database) -> list[dict[str, object]]:
    sql = "SELECT source, target, original, protected, status FROM machine_translations ORDER BY id"
    async with db.read() as conn, conn.execute(sql) as cursor:
        return [dict(row) for row in await cursor.fetchall()]


async def test_with_no_engine_nothing_is_wanted_and_nothing_waits(db: Database) -> None:
    await use_engine(db, None)
    async with db.transaction() as conn:
        assert not await want(conn, TEXT, "nl", ["ar", "pl"], protect=["Emma"])
    assert await rows(db) == []


async def test_each_other_language_is_wanted_once_and_the_translator_is_woken(
    db: Database,
) -> None:
    await use_engine(db, "libretranslate")
    heard = Heard()
    db.subscribe(heard)
    async with db.transaction() as conn:
        assert await want(conn, TEXT, "nl", ["nl", "ar", "pl", "ar"], protect=["Emma", "Fatma"])
    assert heard.events == [TranslationsWanted()]
    assert await rows(db) == [
        {
            "source": "nl",
            "target": target,
            "original": TEXT,
            "protected": '["Emma", "Fatma"]',
            "status": "pending",
        }
        for target in ("ar", "pl")
    ]
    async with db.transaction() as conn:  # a second parent: still pending, nothing new
        assert await want(conn, TEXT, "nl", ["ar"])
    assert heard.events == [TranslationsWanted()]
    async with db.read() as conn:
        assert await lookup(conn, TEXT, "nl", "ar") is None


async def test_a_made_translation_is_found_and_not_wanted_again(db: Database) -> None:
    await use_engine(db, "deepl")
    async with db.transaction() as conn:
        await want(conn, TEXT, "nl", ["ar"])
        (row,) = await machine_translations.pending(conn)
        await machine_translations.store(conn, row.id, "deepl", "إيما تقرأ")
    async with db.transaction() as conn:
        assert not await want(conn, TEXT, "nl", ["ar", "nl"])
        assert await lookup(conn, TEXT, "nl", "ar") == Translated("إيما تقرأ", "nl", "deepl")
        assert await lookup(conn, TEXT, "nl", "nl") is None
        assert await lookup(conn, TEXT, "en", "ar") is None  # same words, other language


async def test_a_failed_translation_is_tried_again_when_wanted_again(db: Database) -> None:
    await use_engine(db, "libretranslate")
    async with db.transaction() as conn:
        await want(conn, TEXT, "nl", ["ar"])
        (row,) = await machine_translations.pending(conn)
        await machine_translations.store(conn, row.id, "libretranslate", None)
    assert [r["status"] for r in await rows(db)] == ["failed"]
    async with db.read() as conn:
        assert await lookup(conn, TEXT, "nl", "ar") is None
    heard = Heard()
    db.subscribe(heard)
    async with db.transaction() as conn:
        assert await want(conn, TEXT, "nl", ["ar"])
    assert heard.events == [TranslationsWanted()]
    assert [r["status"] for r in await rows(db)] == ["pending"]


async def test_empty_text_is_never_wanted(db: Database) -> None:
    await use_engine(db, "libretranslate")
    async with db.transaction() as conn:
        assert not await want(conn, "  \n", "nl", ["ar"])
    assert await rows(db) == []
