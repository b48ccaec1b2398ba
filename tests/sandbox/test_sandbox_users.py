"""Simulated people produce the updates Telegram would, and see what the bot sends."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity
from telegram.error import Conflict

from bot.sandbox import ButtonNotFoundError, Sandbox, SimUser

from .conftest import Connect


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


async def test_a_typed_message_reaches_get_updates(sandbox: Sandbox, bot: Bot) -> None:
    omar = sandbox.create_user("Omar", last_name="Haddad", language_code="ar", username="omar_h")

    await omar.send("Hallo juf")
    (update,) = await bot.get_updates()

    message = update.message
    assert message.text == "Hallo juf"
    assert message.entities == ()
    assert (message.from_user.id, message.from_user.is_bot) == (omar.id, False)
    assert message.from_user.language_code == "ar"
    assert message.from_user.username == "omar_h"
    assert (message.chat.id, message.chat.type, message.chat.last_name) == (
        omar.id,
        "private",
        "Haddad",
    )
    assert message.message_id == 1
    assert omar.started


@pytest.mark.parametrize(
    ("text", "spans", "commands"),
    [
        ("/start", [(0, 6)], ["/start"]),
        ("/start abc123", [(0, 6)], ["/start"]),
        ("/start@parentbot_sandbox_bot", [(0, 28)], ["/start@parentbot_sandbox_bot"]),
        ("😀 /hulp", [(3, 5)], ["/hulp"]),  # the emoji is two UTF-16 units
        ("مرحبا /hulp", [(6, 5)], ["/hulp"]),
        ("zie /rooster en /hulp", [(4, 8), (16, 5)], ["/rooster", "/hulp"]),
        ("en/of", [], []),
        ("https://school.example/start", [], []),
    ],
)
async def test_commands_get_bot_command_entities_in_utf16(
    sandbox: Sandbox, bot: Bot, text: str, spans: list[tuple[int, int]], commands: list[str]
) -> None:
    anna = sandbox.create_user("Anna")

    await anna.send(text)
    (update,) = await bot.get_updates()

    message = update.message
    assert message.entities == tuple(
        MessageEntity(MessageEntity.BOT_COMMAND, offset, length) for offset, length in spans
    )
    assert [message.parse_entity(entity) for entity in message.entities] == commands


async def test_start_with_a_deep_link_payload(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna")

    await anna.start("invite-3B")
    (update,) = await bot.get_updates()

    assert update.message.text == "/start invite-3B"


async def test_pressing_a_button_sends_a_callback_query_for_that_message(
    sandbox: Sandbox, bot: Bot
) -> None:
    anna = sandbox.create_user("Anna")
    await anna.start()
    first = await bot.send_message(
        anna.id, "Dag?", reply_markup=keyboard([("Maandag", "day:1"), ("Dinsdag", "day:2")])
    )
    await bot.send_message(
        anna.id, "Tijd?", reply_markup=keyboard([("09:00", "t:9")], [("10:00", "t:10")])
    )
    await bot.edit_message_text(
        "Welke dag?", anna.id, first.message_id, reply_markup=first.reply_markup
    )

    await anna.press("10:00")
    await anna.press("Dins", message_id=first.message_id)  # a unique substring will do
    await anna.press(index=0)
    queries = [update.callback_query for update in await bot.get_updates() if update.callback_query]

    assert [(q.message.message_id, q.data) for q in queries] == [
        (3, "t:10"),
        (2, "day:2"),
        (3, "t:9"),
    ]
    assert queries[1].message.text == "Welke dag?"  # the message as it is now
    assert all(q.from_user.id == anna.id for q in queries)
    assert len({q.id for q in queries}) == 3


async def test_a_button_that_is_not_there_explains_itself(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna")
    await anna.start()

    with pytest.raises(ButtonNotFoundError, match="no bot message has inline buttons"):
        await anna.press("Ja")
    await bot.send_message(
        anna.id,
        "Kies",
        reply_markup=InlineKeyboardMarkup(
            [
                [InlineKeyboardButton("Ja graag", callback_data="y1")],
                [InlineKeyboardButton("Ja, later", callback_data="y2")],
                [InlineKeyboardButton("Website", url="https://school.example")],
            ]
        ),
    )
    with pytest.raises(ButtonNotFoundError, match="no button matches 'Nee'") as missing:
        await anna.press("Nee")
    assert "#2 bot: Kies" in str(missing.value)
    assert "[Ja graag]" in str(missing.value)
    with pytest.raises(ButtonNotFoundError, match="several buttons match 'Ja'"):
        await anna.press("Ja")
    with pytest.raises(ButtonNotFoundError, match="sends no callback"):
        await anna.press("Website")
    with pytest.raises(ButtonNotFoundError, match="no button at index 5"):
        await anna.press(index=5)


async def test_media_sent_by_people_parses_as_ptb_objects(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna")

    await anna.send_photo(caption="Ziek briefje")
    await anna.send_sticker("🙏")
    await anna.send_voice(duration=4)
    await anna.send_location(52.37, 4.89)
    await anna.send_document("verklaring.pdf", b"%PDF-1.7", mime_type="application/pdf")
    photo, sticker, voice, location, document = [u.message for u in await bot.get_updates()]

    assert len(photo.photo) == 2
    assert photo.caption == "Ziek briefje"
    assert photo.photo[-1].width == 1280
    assert sticker.sticker.emoji == "🙏"
    assert sticker.sticker.type == "regular"
    assert voice.voice.to_dict()["duration"] == 4
    assert (location.location.latitude, location.location.longitude) == (52.37, 4.89)
    assert (document.document.file_name, document.document.mime_type) == (
        "verklaring.pdf",
        "application/pdf",
    )
    file = await bot.get_file(document.document.file_id)
    assert await file.download_as_bytearray() == bytearray(b"%PDF-1.7")
    assert "[document verklaring.pdf, application/pdf]" in anna.transcript()


async def test_expect_message_returns_each_new_message_or_edit_once(
    sandbox: Sandbox, bot: Bot
) -> None:
    anna = sandbox.create_user("Anna")
    await anna.start()
    await bot.send_message(anna.id, "Welkom")
    sent = await bot.send_message(anna.id, "Kies een tijd")

    assert (await anna.expect_message()).text == "Welkom"
    assert (await anna.expect_message("tijd")).message_id == sent.message_id
    with pytest.raises(AssertionError, match="got no new message containing 'tijd'") as missing:
        await anna.expect_message("tijd", timeout=0.05)
    assert "#3 bot: Kies een tijd" in str(missing.value)

    await bot.edit_message_text("Kies een andere tijd", anna.id, sent.message_id)
    edited = await anna.expect_message("tijd")
    assert edited.edited
    assert edited.text == "Kies een andere tijd"


async def test_expect_message_waits_for_the_bot(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna")
    await anna.start()

    async def answer_later() -> None:
        await asyncio.sleep(0.05)
        await bot.send_message(anna.id, "Daar ben ik")

    task = asyncio.create_task(answer_later())
    message = await anna.expect_message(predicate=lambda m: m.text.startswith("Daar"))
    await task

    assert message.text == "Daar ben ik"


async def polls_waiting(sandbox: Sandbox, count: int) -> None:
    """Until `count` getUpdates calls have reached the sandbox (and wait there)."""
    # The sandbox keeps a plain list of calls, with no event to wait on: poll it.
    while sum(call.method == "getUpdates" for call in sandbox.calls) < count:  # noqa: ASYNC110
        await asyncio.sleep(0.01)


async def test_long_poll_returns_as_soon_as_someone_writes(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna")
    # A poll that only ended at its own timeout would outlast the wait below.
    poll = asyncio.create_task(bot.get_updates(timeout=600, read_timeout=700))

    await polls_waiting(sandbox, 1)
    await anna.send("Hoi")
    updates = await asyncio.wait_for(poll, timeout=120)

    assert [u.message.text for u in updates] == ["Hoi"]


async def test_offsets_confirm_updates_and_ids_increase(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna")
    for text in ("een", "twee", "drie"):
        await anna.send(text)

    first = await bot.get_updates(limit=2)
    again = await bot.get_updates()
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    last_only = await bot.get_updates(offset=-1)

    assert [u.message.text for u in first] == ["een", "twee"]
    assert [u.update_id for u in again] == [u.update_id for u in first] + [rest[0].update_id]
    assert [u.message.text for u in rest] == ["drie"]
    assert [u.message.text for u in last_only] == ["drie"]
    assert first[0].update_id < first[1].update_id < rest[0].update_id


async def test_a_second_bot_instance_terminates_the_first_poll(
    sandbox: Sandbox, bot: Bot, connect: Connect
) -> None:
    other_instance = await connect(sandbox)
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await polls_waiting(sandbox, 1)
    second = asyncio.create_task(other_instance.get_updates(timeout=0.1))

    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first
    assert await second == ()


async def test_transcript_shows_both_sides_presses_and_blocks(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna", last_name="Jansen")
    await anna.send("/start")
    await bot.send_message(anna.id, "Kies", reply_markup=keyboard([("Ja", "y"), ("Nee", "n")]))
    await anna.press("Ja")
    query = (await bot.get_updates())[-1].callback_query
    await bot.answer_callback_query(query.id, "Genoteerd")
    anna.block()

    assert anna.transcript() == "\n".join(
        [
            f"Chat with Anna Jansen (id {anna.id}, nl) [blocked the bot]:",
            "  #1 Anna: /start",
            "  #2 bot: Kies",
            "      [Ja] [Nee]",
            "  (Anna pressed [Ja] on #2)",
            "  (bot answered the press: notification 'Genoteerd')",
            "  (Anna blocked the bot)",
        ]
    )


async def test_users_are_listed_and_found(sandbox: Sandbox) -> None:
    anna = sandbox.create_user("Anna")
    omar = sandbox.create_user("Omar", language_code="ar")

    assert sandbox.users == [anna, omar]
    assert sandbox.user(omar.id) is omar
    with pytest.raises(LookupError):
        sandbox.user(1)


def test_blocking_before_starting_sends_no_update(sandbox: Sandbox) -> None:
    anna: SimUser = sandbox.create_user("Anna")

    anna.block()

    assert anna.blocked
    assert not anna.started
