"""The running bot with a translation engine configured: the translator starts with it,
translates what is wanted after the commit (here against the LibreTranslate double on
loopback), and stops with it; with the engine off, nothing is held for a translation."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bot.config import Settings
from bot.domain.clock import ManualClock
from bot.domain.events import Event
from bot.domain.machine_translation import Translated
from bot.sandbox import Sandbox
from bot.services.machine_translation import lookup, want
from bot.telegram.context import DEPS_KEY
from scheduling.clock import TRANSLATOR_KEY
from tests.e2e.conftest import running_school
from tests.translation_double import translation_double

TEXT = "Noor leest elke dag tien minuten."


async def test_the_bot_translates_wanted_text_with_the_configured_engine(
    sandbox: Sandbox, settings: Settings, clock: ManualClock
) -> None:
    async with translation_double() as double:
        with_engine = settings.model_copy(
            update={"translation_engine": "libretranslate", "translation_url": double.url}
        )
        async with running_school(sandbox, with_engine, clock) as school:
            assert TRANSLATOR_KEY in school.app.bot_data
            db = school.app.bot_data[DEPS_KEY].db
            committed = asyncio.Event()

            async def listen(events: Sequence[Event]) -> None:
                committed.set()

            async def translated_now() -> Translated | None:
                async with db.read() as conn:
                    return await lookup(conn, TEXT, "nl", "ar")

            db.subscribe(listen)
            async with db.transaction() as conn:
                assert await want(conn, TEXT, "nl", ["ar", "uk"], protect=["Noor"])
                # a held message (due long after the test), whose release wakes the test
                await conn.execute(
                    "INSERT INTO outbox (recipient_kind, recipient_id, kind, params,"
                    " not_before, dedup_key, created_at, held_for_translation)"
                    " VALUES ('guardian', 1, 'none', '{}', '2099-01-01T00:00:00+00:00',"
                    " 'held', '2026-01-01T00:00:00+00:00', 1)"
                )
            while True:
                committed.clear()
                if (translated := await translated_now()) is not None:
                    break
                await asyncio.wait_for(committed.wait(), timeout=30)  # a safety net
            db.unsubscribe(listen)
            assert translated is not None
            assert translated.text == "[ar] " + TEXT
            assert translated.engine == "libretranslate"
            assert {body["target"] for body in double.received} == {"ar", "uk"}
        assert TRANSLATOR_KEY not in school.app.bot_data


async def test_with_the_engine_off_nothing_waits_for_a_translation(
    sandbox: Sandbox, settings: Settings, clock: ManualClock
) -> None:
    async with running_school(sandbox, settings, clock) as school:
        assert TRANSLATOR_KEY not in school.app.bot_data
        db = school.app.bot_data[DEPS_KEY].db
        async with db.transaction() as conn:
            assert not await want(conn, TEXT, "nl", ["ar"])
