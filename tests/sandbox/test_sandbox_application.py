"""The unchanged PTB Application, polling over HTTP, talks with simulated parents."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.sandbox import Sandbox


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_html(
        f"<b>Welkom</b>, {update.effective_user.first_name if update.effective_user else ''}!",
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Plan gesprek", callback_data="plan")]]
        ),
    )


async def plan(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Even kijken…")
    await query.edit_message_text("Gesprek gepland op <i>dinsdag</i>", parse_mode="HTML")


@pytest.fixture
async def running_bot(sandbox: Sandbox) -> AsyncIterator[Application]:
    app = (
        Application.builder()
        .token(sandbox.token)
        .base_url(f"{sandbox.api_url}/bot")
        .base_file_url(f"{sandbox.api_url}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(plan))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


async def test_a_parent_starts_the_bot_and_plans_a_talk(
    sandbox: Sandbox, running_bot: Application
) -> None:
    anna = sandbox.create_user("Anna")

    await anna.start()
    welcome = await anna.expect_message("Welkom")
    assert welcome.text == "Welkom, Anna!"
    await anna.press("Plan gesprek")
    planned = await anna.expect_message("gepland")

    assert planned is welcome
    assert planned.edited
    assert planned.buttons == []
    assert planned.html == "Gesprek gepland op <i>dinsdag</i>"
    assert anna.callback_answers == ["Even kijken…"]
    methods = [call.method for call in sandbox.calls]
    assert methods[:3] == ["getMe", "deleteWebhook", "getUpdates"]
