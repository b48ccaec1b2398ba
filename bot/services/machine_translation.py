"""Machine translation of free text, as the rest of the bot asks for it.

A service that queues a message showing someone's own words calls `want` in the same unit
of work: it records the translations still to make and says whether the message should
wait for them (`outbox.enqueue(..., wait_for_translation=True)`). The translator
(`scheduling/translating.py`) makes them after the commit, outside any transaction, and
releases the held messages. A renderer calls `lookup` and shows what is there: the
translation, or the original marked as not translated. With no engine configured nothing
is recorded and nothing waits.
"""

from __future__ import annotations

from collections.abc import Iterable

import aiosqlite

from bot.domain.events import TranslationsWanted
from bot.domain.machine_translation import Translated
from bot.services.unit_of_work import Database
from bot.storage import machine_translations as store
from bot.storage.database import raise_event


async def want(
    conn: aiosqlite.Connection,
    text: str,
    source: str,
    targets: Iterable[str],
    protect: Iterable[str] = (),
) -> bool:
    """Record that `text` (written in `source`) must be translated into each target other
    than `source` that has no translation yet. `protect`: names kept out of the engine.

    Returns True while any of those translations is still pending: the caller then holds
    its messages for it. Call inside a write unit of work.
    """
    others = sorted({t for t in targets if t != source})
    if not text.strip() or not others or await store.engine(conn) is None:
        return False
    if await store.record_wanted(conn, text, source, others, protect):
        raise_event(TranslationsWanted())
    return await store.any_pending(conn, text, source, others)


async def lookup(
    conn: aiosqlite.Connection, text: str, source: str, target: str
) -> Translated | None:
    """The machine translation of `text` into `target`, if one was made."""
    if source == target:
        return None
    return await store.done(conn, text, source, target)


async def use_engine(db: Database, name: str | None) -> None:
    """Record at start-up which engine (if any) this bot runs with, so `want` knows whether
    a translation can come at all."""
    async with db.transaction() as conn:
        await store.set_engine(conn, name)
