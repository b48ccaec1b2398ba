"""The JSON endpoints a web page uses to play the parents."""

from __future__ import annotations

import aiohttp
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.sandbox import Sandbox


async def test_a_web_page_can_create_a_user_talk_press_and_read(
    sandbox: Sandbox, bot: Bot, http: aiohttp.ClientSession
) -> None:
    base = f"{sandbox.api_url}/sandbox/users"

    async with http.post(base, json={"first_name": "Fatima", "language_code": "ar"}) as response:
        assert response.status == 201
        created = await response.json()
    user_id = created["id"]
    async with http.post(f"{base}/{user_id}/messages", json={"text": "/start"}) as response:
        assert response.status == 200
    await bot.send_message(
        user_id,
        "<b>Welkom</b>",
        parse_mode="HTML",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="y")]]),
    )
    async with http.post(f"{base}/{user_id}/press", json={"label": "Ja"}) as response:
        assert response.status == 200
    async with http.post(f"{base}/{user_id}/press", json={"label": "Nee"}) as response:
        assert response.status == 409
        assert "no button matches 'Nee'" in (await response.json())["error"]
    async with http.post(f"{base}/{user_id}/block") as response:
        assert response.status == 200
    async with http.get(base) as response:
        listed = await response.json()
    async with http.get(f"{base}/{user_id}/chat") as response:
        chat = await response.json()

    assert listed == [{**created, "started": True, "blocked": True}]
    assert [(m["from_bot"], m["text"]) for m in chat["messages"]] == [
        (False, "/start"),
        (True, "Welkom"),
    ]
    assert chat["messages"][1]["html"] == "<b>Welkom</b>"
    assert chat["messages"][1]["buttons"] == [[{"text": "Ja", "callback_data": "y", "url": None}]]
    updates = await bot.get_updates()
    assert [u.callback_query.data for u in updates if u.callback_query] == ["y"]


async def test_unknown_users_and_bad_bodies_are_client_errors(
    sandbox: Sandbox, http: aiohttp.ClientSession
) -> None:
    base = f"{sandbox.api_url}/sandbox/users"

    async with http.get(f"{base}/12345/chat") as response:
        assert response.status == 404
    async with http.post(base, data="not json") as response:
        assert response.status == 400
    async with http.post(base, json={"last_name": "zonder voornaam"}) as response:
        assert response.status == 400
