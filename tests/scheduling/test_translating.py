"""The translator: a message held for the machine translation of free text goes out once
the engine answered — translated, or (engine failing or down) with the original marked —
and never waits longer than its hold, nor is lost."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import timedelta
from typing import Any

import pytest

from bot.domain.clock import from_db
from bot.domain.events import Event, NotificationsQueued, TranslationsWanted
from bot.domain.person_kind import PersonKind
from bot.i18n import Translations
from bot.services.machine_translation import lookup, use_engine, want
from bot.storage import outbox
from bot.telegram.free_text import own_words
from bot.telegram.notifications import Outgoing, RenderContext, for_delivery
from bot.translation_engines.libretranslate import LibreTranslate
from scheduling.delivery import Deliverer
from scheduling.translating import Translator
from tests.scheduling.conftest import TEST_RENDERERS, TIME_SCALE, Post
from tests.translation_double import TranslationDouble, translation_double

TEXT = "Noor leest elke dag met juf Ilse."
FATIMA = "Fatima El Amrani"  # reads Arabic


async def render_said(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """A test kind showing the teacher's own words, as the real views do."""
    translated = await lookup(ctx.conn, params["text"], "nl", ctx.reader.language)
    return Outgoing(own_words(ctx.reader, params["text"], "nl", translated, label="SAID"))


@pytest.fixture
async def double() -> AsyncIterator[TranslationDouble]:
    async with translation_double() as started:
        yield started


@pytest.fixture
async def translator(post: Post, double: TranslationDouble) -> Translator:
    post.deliverer = Deliverer(
        post.db,
        post.deliverer.bot,
        post.deliverer.settings,
        post.clock,
        for_delivery(
            {**TEST_RENDERERS, "said": render_said}, post.deliverer.settings, Translations("nl")
        ),
        time_scale=TIME_SCALE,
    )
    await use_engine(post.db, "libretranslate")
    engine = LibreTranslate(double.url, api_key=None, timeout=5)
    return Translator(post.db, engine, post.clock, timeout=5)


async def say(post: Post, text: str = TEXT, *, not_before_in: timedelta = timedelta(0)) -> None:
    """What a service does: want the translation and queue the message in one unit."""
    fatima = await post.person_id(FATIMA)
    now = post.clock.now()
    async with post.db.transaction() as conn:
        held = await want(conn, text, "nl", ["ar"], protect=["Noor", "Ilse"])
        await outbox.enqueue(
            conn,
            recipient_kind=PersonKind.GUARDIAN,
            recipient_id=fatima,
            kind="said",
            params={"text": text},
            not_before=now + not_before_in,
            dedup_key=f"said:{text}",
            now=now,
            wait_for_translation=held,
        )


async def test_a_held_message_goes_out_translated_once_the_engine_answered(
    post: Post, translator: Translator, double: TranslationDouble
) -> None:
    fatima = await post.connect(FATIMA)
    await say(post)
    assert (await post.deliverer.drain()).sent == 0  # held for its translation
    assert await translator.work() == 1
    assert (await post.deliverer.drain()).sent == 1
    (message,) = fatima.messages
    assert "[ar] \u2068Noor\u2069" not in message.text  # names came back as plain text
    assert "[ar] Noor leest elke dag met juf Ilse." in message.text
    assert "ترجمة آلية" in message.text  # labelled as a machine translation
    assert all("Noor" not in str(body) for body in double.received)  # names never sent
    rows = await post.rows()
    assert [row["held_for_translation"] for row in rows] == [0]


@pytest.mark.parametrize("how", ["fail", "down"])
async def test_a_failing_or_absent_engine_lets_the_original_go_out_marked(
    post: Post, translator: Translator, double: TranslationDouble, how: str
) -> None:
    fatima = await post.connect(FATIMA)
    if how == "down":
        await double.stop()
    else:
        double.mode = "fail"
    await say(post)
    assert await translator.work() == 1
    assert (await post.deliverer.drain()).sent == 1
    (message,) = fatima.messages
    assert TEXT in message.text
    assert "[ar]" not in message.text
    assert "لم تتم ترجمته" in message.text  # "not translated"


async def test_without_the_translator_the_hold_ends_by_itself(
    post: Post, translator: Translator
) -> None:
    fatima = await post.connect(FATIMA)
    await say(post)
    assert await post.deliverer.next_due() == post.clock.now() + outbox.HOLD
    post.clock.advance(outbox.HOLD)
    assert (await post.deliverer.drain()).sent == 1
    assert TEXT in fatima.messages[0].text


async def test_a_message_due_later_keeps_its_time_when_released(
    post: Post, translator: Translator
) -> None:
    await post.connect(FATIMA)
    await say(post, not_before_in=timedelta(hours=2))
    later = post.clock.now() + timedelta(hours=2)
    await translator.work()
    (row,) = await post.rows()
    assert from_db(row["not_before"]) == later
    assert row["held_for_translation"] == 0


async def test_a_text_already_translated_does_not_wait(post: Post, translator: Translator) -> None:
    await say(post)
    await translator.work()
    async with post.db.transaction() as conn:
        assert not await want(conn, TEXT, "nl", ["ar"])


async def test_running_it_translates_after_the_commit_and_wakes_delivery(
    post: Post, translator: Translator
) -> None:
    released = asyncio.Event()

    async def listen(events: Sequence[Event]) -> None:
        if NotificationsQueued() in events and TranslationsWanted() not in events:
            released.set()  # the translator's release, not the queueing itself

    post.db.subscribe(listen)
    await translator.start()
    try:
        await say(post)
        await asyncio.wait_for(released.wait(), timeout=30)  # a safety net, not a delay
    finally:
        await translator.stop()
        post.db.unsubscribe(listen)
    async with post.db.read() as conn:
        assert await lookup(conn, TEXT, "nl", "ar") is not None
