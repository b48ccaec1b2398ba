"""What Telegram refuses, the sandbox refuses, and PTB surfaces the same exceptions."""

from __future__ import annotations

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from bot.sandbox import Sandbox, SimUser

from .conftest import Connect, NewSandbox

# PTB reads its own deprecated int `retry_after` while building RetryAfter; not ours to fix.
_PTB_RETRY_AFTER_WARNING = pytest.mark.filterwarnings(
    "ignore::telegram.warnings.PTBDeprecationWarning"
)


@pytest.fixture
async def anna(sandbox: Sandbox) -> SimUser:
    user = sandbox.create_user("Anna")
    await user.start()
    return user


async def test_text_over_4096_utf16_units_is_too_long(anna: SimUser, bot: Bot) -> None:
    await bot.send_message(anna.id, "x" * 4096)
    await bot.send_message(anna.id, "😀" * 2048)  # 4096 UTF-16 units

    with pytest.raises(BadRequest, match=r"^Message is too long$"):
        await bot.send_message(anna.id, "x" * 4097)
    with pytest.raises(BadRequest, match=r"^Message is too long$"):
        await bot.send_message(anna.id, "😀" * 2048 + "x")


async def test_length_is_counted_after_parsing_html(anna: SimUser, bot: Bot) -> None:
    sent = await bot.send_message(anna.id, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")

    assert len(sent.text) == 4096


async def test_empty_or_blank_text_is_refused(anna: SimUser, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"^Message text is empty$"):
        await bot.send_message(anna.id, " \n ")
    with pytest.raises(BadRequest, match=r"^Message text is empty$"):
        await bot.send_message(anna.id, "<b></b>", parse_mode="HTML")


async def test_malformed_html_is_refused(anna: SimUser, bot: Bot) -> None:
    with pytest.raises(BadRequest) as refused:
        await bot.send_message(anna.id, "Tijd: <10:00>", parse_mode="HTML")

    assert refused.value.message == (
        'Can\'t parse entities: unsupported start tag "10:00" at byte offset 6'
    )


async def test_raw_description_of_a_parse_error(
    sandbox: Sandbox, anna: SimUser, http: aiohttp.ClientSession
) -> None:
    url = f"{sandbox.api_url}/bot{sandbox.token}/sendMessage"
    body = {"chat_id": anna.id, "text": "<b>open", "parse_mode": "HTML"}

    async with http.post(url, json=body) as response:
        assert response.status == 400
        assert await response.json() == {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: can't parse entities: "
            'Can\'t find end tag corresponding to start tag "b"',
        }


async def test_callback_data_over_64_bytes_is_refused(anna: SimUser, bot: Bot) -> None:
    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("Kies", callback_data=data)]])

    await bot.send_message(anna.id, "ok", reply_markup=keyboard("é" * 32))  # 64 bytes

    with pytest.raises(BadRequest, match=r"^Button_data_invalid$"):
        await bot.send_message(anna.id, "te lang", reply_markup=keyboard("x" * 65))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(anna.id, "te lang", reply_markup=keyboard("é" * 32 + "x"))


async def test_buttons_without_an_action_are_refused(anna: SimUser, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="text buttons are unallowed in the inline keyboard"):
        await bot.send_message(
            anna.id, "x", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Kaal")]])
        )


async def test_unknown_chat_and_unopened_chat_are_not_found(sandbox: Sandbox, bot: Bot) -> None:
    stranger = sandbox.create_user("Nog Niet Gestart")

    with pytest.raises(BadRequest, match=r"^Chat not found$"):
        await bot.send_message(stranger.id, "Hallo")
    with pytest.raises(BadRequest, match=r"^Chat not found$"):
        await bot.send_message(424242, "Hallo")
    await stranger.send("hoi")
    await bot.send_message(stranger.id, "Hallo")


async def test_blocked_user_gives_forbidden_until_unblocked(anna: SimUser, bot: Bot) -> None:
    anna.block()

    with pytest.raises(Forbidden, match=r"^Forbidden: bot was blocked by the user$"):
        await bot.send_message(anna.id, "Hallo?")
    updates = await bot.get_updates()
    member = updates[-1].my_chat_member
    assert (member.old_chat_member.status, member.new_chat_member.status) == ("member", "kicked")
    with pytest.raises(RuntimeError, match="blocked the bot"):
        await anna.send("kan niet")

    anna.unblock()
    await bot.send_message(anna.id, "Welkom terug")
    updates = await bot.get_updates(offset=updates[-1].update_id + 1)
    assert updates[-1].my_chat_member.new_chat_member.status == "member"


async def test_edits_of_missing_or_unchanged_messages_are_refused(anna: SimUser, bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    sent = await bot.send_message(anna.id, "<b>Vast</b>", parse_mode="HTML", reply_markup=keyboard)

    with pytest.raises(
        BadRequest, match=r"^Message is not modified: specified new message content"
    ):
        await bot.edit_message_text(
            "<b>Vast</b>", anna.id, sent.message_id, parse_mode="HTML", reply_markup=keyboard
        )
    with pytest.raises(BadRequest, match=r"^Message is not modified"):
        await bot.edit_message_reply_markup(anna.id, sent.message_id, reply_markup=keyboard)
    with pytest.raises(BadRequest, match=r"^Message to edit not found$"):
        await bot.edit_message_text("x", anna.id, 999)
    with pytest.raises(BadRequest, match=r"^Message can't be edited$"):
        await bot.edit_message_text("x", anna.id, 1)  # the user's own /start
    await bot.edit_message_text("Vast", anna.id, sent.message_id, reply_markup=keyboard)  # no bold


async def test_deleting_twice_is_refused(anna: SimUser, bot: Bot) -> None:
    sent = await bot.send_message(anna.id, "weg")
    await bot.delete_message(anna.id, sent.message_id)

    with pytest.raises(BadRequest, match=r"^Message to delete not found$"):
        await bot.delete_message(anna.id, sent.message_id)


async def test_callback_answers_are_checked(anna: SimUser, bot: Bot) -> None:
    await bot.send_message(
        anna.id,
        "Kies",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]]),
    )
    await anna.press("A")
    query = (await bot.get_updates())[-1].callback_query

    with pytest.raises(BadRequest, match=r"^Message_too_long$"):
        await bot.answer_callback_query(query.id, text="x" * 201)
    await bot.answer_callback_query(query.id, text="x" * 200)
    with pytest.raises(
        BadRequest, match="Query is too old and response timeout expired or query id is invalid"
    ):
        await bot.answer_callback_query(query.id)


@_PTB_RETRY_AFTER_WARNING
async def test_the_31st_message_within_a_second_gets_retry_after(
    new_sandbox: NewSandbox, connect: Connect
) -> None:
    # A "second" of 10 real seconds, so a slow machine still fits 31 messages in it.
    sandbox = await new_sandbox(global_rate=30, per_chat_rate=1.0, time_scale=10)
    bot = await connect(sandbox)
    parents = [sandbox.create_user(f"Ouder {n}") for n in range(31)]
    for parent in parents:
        await parent.start()

    for parent in parents[:30]:
        await bot.send_message(parent.id, "Herinnering")
    with pytest.raises(RetryAfter, match="Retry in 1 seconds"):
        await bot.send_message(parents[30].id, "Herinnering")

    assert len(parents[30].messages) == 0


@_PTB_RETRY_AFTER_WARNING
async def test_a_fourth_message_to_one_chat_in_a_burst_gets_retry_after(
    new_sandbox: NewSandbox, connect: Connect, http: aiohttp.ClientSession
) -> None:
    sandbox = await new_sandbox(global_rate=30, per_chat_rate=1.0, time_scale=10)
    bot = await connect(sandbox)
    anna = sandbox.create_user("Anna")
    await anna.start()

    for n in range(3):
        await bot.send_message(anna.id, f"bericht {n}")
    url = f"{sandbox.api_url}/bot{sandbox.token}/sendMessage"
    async with http.post(url, json={"chat_id": anna.id, "text": "te veel"}) as response:
        assert response.status == 429
        assert await response.json() == {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        }
    with pytest.raises(RetryAfter):
        await bot.edit_message_text("bewerkt", anna.id, anna.messages[0].message_id)


async def test_injected_faults_are_network_errors_in_a_seeded_order(
    new_sandbox: NewSandbox, connect: Connect
) -> None:
    async def failures(seed: int) -> list[str]:
        sandbox = await new_sandbox(seed=seed)
        bot = await connect(sandbox)
        sandbox.fault_rate = 0.5
        seen = []
        for _ in range(12):
            try:
                await bot.get_me()
                seen.append("ok")
            except NetworkError as error:
                seen.append("502" if "Bad Gateway" in str(error) else str(error))
        return seen

    first = await failures(seed=3)

    assert first == await failures(seed=3)
    assert {"ok", "502", "Internal Server Error"} <= set(first)


async def test_stalled_calls_time_out_in_the_client(
    new_sandbox: NewSandbox, connect: Connect
) -> None:
    sandbox = await new_sandbox(stall_seconds=5.0)
    bot = await connect(sandbox, request=HTTPXRequest(read_timeout=0.1))
    anna = sandbox.create_user("Anna")
    await anna.start()
    sandbox.fault_rate = 1.0

    with pytest.raises(TimedOut):
        await bot.send_message(anna.id, "Ben je er?")
