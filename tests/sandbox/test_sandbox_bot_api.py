"""A real PTB Bot talks HTTP to the sandbox and parses every answer into its own types."""

from __future__ import annotations

import json

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    MessageEntity,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, Conflict

from bot.sandbox import Button, Sandbox


async def test_get_me_describes_the_bot(sandbox: Sandbox, bot: Bot) -> None:
    me = await bot.get_me()

    assert (me.id, me.is_bot, me.username, me.first_name) == (
        123456,
        True,
        "parentbot_sandbox_bot",
        "Parentbot",
    )


async def test_send_message_with_html_and_inline_keyboard(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna", last_name="de Vries", username="anna_dv")
    await anna.start()

    sent = await bot.send_message(
        anna.id,
        "<b>Gesprek</b> op 😀 <i>dinsdag</i>",
        parse_mode="HTML",
        reply_markup=InlineKeyboardMarkup(
            [
                [InlineKeyboardButton("Ja", callback_data="slot:1")],
                [InlineKeyboardButton("Info", url="https://school.example/info")],
            ]
        ),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        disable_notification=True,
    )

    assert sent.text == "Gesprek op 😀 dinsdag"
    assert sent.entities == (
        MessageEntity(MessageEntity.BOLD, 0, 7),
        MessageEntity(MessageEntity.ITALIC, 14, 7),
    )
    assert sent.from_user.is_bot
    assert sent.from_user.id == 123456
    assert sent.chat.type == ChatType.PRIVATE
    assert sent.chat.id == anna.id
    assert sent.chat.last_name == "de Vries"
    assert sent.chat.username == "anna_dv"
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "slot:1"
    assert sent.message_id == 2  # the user's /start was message 1 of this chat
    shown = anna.messages[-1]
    assert shown.html == "<b>Gesprek</b> op 😀 <i>dinsdag</i>"
    assert shown.buttons == [
        [Button("Ja", "slot:1")],
        [Button("Info", url="https://school.example/info")],
    ]


async def test_replies_carry_the_replied_message(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna")
    await anna.send("Kan het later?")

    reply = await bot.send_message(anna.id, "Ja", reply_parameters=ReplyParameters(1))

    assert reply.reply_to_message.text == "Kan het later?"
    assert reply.reply_to_message.from_user.id == anna.id


async def test_edit_and_delete_change_what_the_user_sees(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna")
    await anna.start()
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="y")]])
    sent = await bot.send_message(anna.id, "Vraag", reply_markup=keyboard)

    edited = await bot.edit_message_text(
        "<u>Beantwoord</u>", anna.id, sent.message_id, parse_mode="HTML"
    )

    assert edited.text == "Beantwoord"
    assert edited.edit_date is not None
    assert edited.entities == (MessageEntity(MessageEntity.UNDERLINE, 0, 10),)
    assert edited.reply_markup is None  # editing text without markup drops the keyboard
    assert anna.messages[-1].edited
    assert anna.messages[-1].buttons == []

    with_keys = await bot.edit_message_reply_markup(anna.id, sent.message_id, reply_markup=keyboard)
    assert with_keys.reply_markup == keyboard

    assert await bot.delete_message(anna.id, sent.message_id) is True
    assert anna.messages[-1].deleted


async def test_send_document_uploads_bytes_that_can_be_downloaded(
    sandbox: Sandbox, bot: Bot
) -> None:
    anna = sandbox.create_user("Anna")
    await anna.start()

    sent = await bot.send_document(
        anna.id,
        b"%PDF-1.4 rooster",
        filename="rooster.pdf",
        caption="<b>Rooster</b>",
        parse_mode="HTML",
    )

    assert sent.document.file_name == "rooster.pdf"
    assert sent.document.mime_type == "application/pdf"
    assert sent.document.file_size == len(b"%PDF-1.4 rooster")
    assert sent.caption == "Rooster"
    assert sent.caption_entities == (MessageEntity(MessageEntity.BOLD, 0, 7),)
    received = anna.messages[-1].document
    assert received is not None
    assert received.data == b"%PDF-1.4 rooster"
    file = await bot.get_file(sent.document.file_id)
    assert await file.download_as_bytearray() == bytearray(b"%PDF-1.4 rooster")

    again = await bot.send_document(anna.id, sent.document.file_id)
    assert again.document.file_id == sent.document.file_id


async def test_callback_query_round_trip(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna")
    await anna.start()
    sent = await bot.send_message(
        anna.id,
        "Kies",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]]),
    )
    await anna.press("A")

    updates = await bot.get_updates()
    query = updates[-1].callback_query

    assert query.message.message_id == sent.message_id
    assert query.data == "a"
    assert query.from_user.id == anna.id
    assert query.chat_instance
    assert await bot.answer_callback_query(query.id, text="Genoteerd", show_alert=True)
    assert anna.callback_answers == ["Genoteerd"]


async def test_commands_are_kept_per_scope_and_language(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna", language_code="nl")
    omar = sandbox.create_user("Omar", language_code="ar")
    lena = sandbox.create_user("Lena", language_code="pl")
    await bot.set_my_commands([BotCommand("start", "Start")])
    await bot.set_my_commands([BotCommand("start", "Beginnen")], language_code="nl")
    await bot.set_my_commands(
        [BotCommand("start", "ابدأ")], scope=BotCommandScopeAllPrivateChats(), language_code="ar"
    )
    await bot.set_my_commands([BotCommand("hulp", "Hulp")], scope=BotCommandScopeChat(lena.id))

    assert await bot.get_my_commands(language_code="nl") == (BotCommand("start", "Beginnen"),)
    assert await bot.get_my_commands(language_code="de") == ()
    assert anna.commands == [{"command": "start", "description": "Beginnen"}]
    assert omar.commands == [{"command": "start", "description": "ابدأ"}]
    assert lena.commands == [{"command": "hulp", "description": "Hulp"}]
    assert [
        call.params.get("language_code") for call in sandbox.calls if call.method == "setMyCommands"
    ] == [
        None,
        "nl",
        "ar",
        None,
    ]

    assert await bot.delete_my_commands(language_code="nl")
    assert anna.commands == [{"command": "start", "description": "Start"}]


async def test_reply_keyboards_are_shown_and_removed(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna")
    await anna.start()

    await bot.send_message(anna.id, "Kies", reply_markup=ReplyKeyboardMarkup([["Ja", "Nee"]]))
    assert anna.keyboard == [["Ja", "Nee"]]
    await bot.send_message(anna.id, "Dank", reply_markup=ReplyKeyboardRemove())
    assert anna.keyboard is None


async def test_chat_actions_chat_info_and_webhook_info(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna", last_name="Jansen")
    await anna.start()

    assert await bot.send_chat_action(anna.id, "typing")
    chat = await bot.get_chat(anna.id)
    assert (chat.id, chat.type, chat.first_name, chat.last_name) == (
        anna.id,
        "private",
        "Anna",
        "Jansen",
    )
    info = await bot.get_webhook_info()
    assert info.url == ""
    assert info.pending_update_count == 1
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == ()


async def test_json_and_form_bodies_and_any_method_case(
    sandbox: Sandbox, http: aiohttp.ClientSession
) -> None:
    anna = sandbox.create_user("Anna")
    await anna.start()
    base = f"{sandbox.api_url}/bot{sandbox.token}"
    markup = {"inline_keyboard": [[{"text": "Ok", "callback_data": "ok"}]]}

    async with http.post(
        f"{base}/sendmessage",
        json={"chat_id": str(anna.id), "text": "json", "reply_markup": markup},
    ) as response:
        as_json = await response.json()
    async with http.post(
        f"{base}/SENDMESSAGE",
        data={"chat_id": anna.id, "text": "form", "reply_markup": json.dumps(markup)},
    ) as response:
        as_form = await response.json()
    async with http.get(f"{base}/getMe") as response:
        me = await response.json()

    assert as_json["ok"]
    assert as_json["result"]["reply_markup"] == markup
    assert as_form["ok"]
    assert as_form["result"]["text"] == "form"
    assert as_form["result"]["reply_markup"] == markup
    assert me["result"]["username"] == "parentbot_sandbox_bot"
    assert sandbox.calls[0].params == {
        "chat_id": anna.id,
        "text": "json",
        "reply_markup": markup,
    }


async def test_unknown_method_and_wrong_token_answer_like_telegram(
    sandbox: Sandbox, http: aiohttp.ClientSession
) -> None:
    async with http.post(f"{sandbox.api_url}/bot{sandbox.token}/sendTelepathy") as response:
        assert response.status == 404
        assert await response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    async with http.post(f"{sandbox.api_url}/bot123456:WRONG/getMe") as response:
        assert response.status == 401
        assert await response.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
    async with http.post(f"{sandbox.api_url}/botnot-a-token/getMe") as response:
        assert response.status == 404


async def test_a_sandbox_runs_once(sandbox: Sandbox) -> None:
    with pytest.raises(RuntimeError, match="starts once"):
        await sandbox.start()


async def test_a_webhook_blocks_polling_until_deleted(sandbox: Sandbox, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Bad webhook: an https url must be provided for webhook"):
        await bot.set_webhook("http://school.example/hook")
    assert await bot.set_webhook("https://school.example/hook")

    assert (await bot.get_webhook_info()).url == "https://school.example/hook"
    with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_allowed_updates_filters_and_is_remembered(sandbox: Sandbox, bot: Bot) -> None:
    anna = sandbox.create_user("Anna")
    await anna.send("wordt overgeslagen")
    await bot.send_message(
        anna.id,
        "Kies",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]]),
    )
    await anna.press("A")

    only_queries = await bot.get_updates(allowed_updates=["callback_query"])
    await anna.send("ook overgeslagen")

    assert [u.callback_query.data for u in only_queries] == ["a"]
    assert await bot.get_updates(offset=only_queries[-1].update_id + 1) == ()
