"""The JSON endpoints a web page uses to play the parents."""

from __future__ import annotations

import asyncio

import aiohttp
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.sandbox import Sandbox
from tests.sandbox.conftest import NewSandbox


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
    json_type = {"Content-Type": "application/json"}
    async with http.post(base, data="not json", headers=json_type) as response:
        assert response.status == 400
    async with http.post(base, json={"last_name": "zonder voornaam"}) as response:
        assert response.status == 400
    # A form post is what another website could send without a CORS preflight: refused.
    async with http.post(base, data={"first_name": "Mallory"}) as response:
        assert response.status == 415
    assert sandbox.users == []


async def test_photo_voice_and_sticker_reach_the_bot_as_telegram_sends_them(
    sandbox: Sandbox, bot: Bot, http: aiohttp.ClientSession
) -> None:
    user = sandbox.create_user("Olena", language_code="uk")
    base = f"{sandbox.api_url}/sandbox/users/{user.id}"

    for kind in ("photo", "voice", "sticker"):
        async with http.post(f"{base}/{kind}") as response:
            assert response.status == 200
    async with http.post(f"{base}/video") as response:
        assert response.status == 404

    updates = await bot.get_updates()
    messages = [update.message for update in updates]
    assert [bool(m.photo) for m in messages] == [True, False, False]
    assert messages[1].voice is not None
    assert messages[2].sticker is not None
    assert [m["kind"] for m in (message.as_dict() for message in user.history)] == [
        "photo",
        "voice",
        "sticker",
    ]


async def test_a_document_the_bot_sent_downloads_under_its_name_without_the_token(
    sandbox: Sandbox, bot: Bot, http: aiohttp.ClientSession
) -> None:
    user = sandbox.create_user("Tom", language_code="en")
    await user.start()
    sent = await bot.send_document(user.id, b"BEGIN:VCALENDAR", filename="talk 8 dec.ics")
    base = f"{sandbox.api_url}/sandbox/users/{user.id}/messages"

    async with http.get(f"{base}/{sent.message_id}/document") as response:
        assert response.status == 200
        assert await response.read() == b"BEGIN:VCALENDAR"
        assert response.headers["Content-Disposition"] == (
            "attachment; filename*=UTF-8''talk%208%20dec.ics"
        )
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    async with http.get(f"{base}/1/document") as response:  # /start: no document
        assert response.status == 404


async def test_the_event_stream_names_each_chat_that_changed_and_ends_when_stopped(
    new_sandbox: NewSandbox, http: aiohttp.ClientSession
) -> None:
    sandbox = await new_sandbox()
    anna, ben = sandbox.create_user("Anna"), sandbox.create_user("Ben")
    async with http.get(f"{sandbox.api_url}/sandbox/events") as response:
        assert response.headers["Content-Type"] == "text/event-stream"
        assert await response.content.readuntil(b"\n\n") == b": connected\n\n"
        await anna.send("hallo")
        await anna.send("nog eens")  # a burst is one event
        await ben.send_sticker()
        received = [await response.content.readuntil(b"\n\n") for _ in range(2)]
        assert received == [
            f"event: chat\ndata: {anna.id}\n\n".encode(),
            f"event: chat\ndata: {ben.id}\n\n".encode(),
        ]
        await asyncio.wait_for(sandbox.stop(), timeout=60)  # a hang guard, not a speed limit
        assert await asyncio.wait_for(response.content.read(), timeout=60) == b""


async def test_the_page_is_served_with_a_policy_that_allows_no_inline_script(
    sandbox: Sandbox, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{sandbox.api_url}/") as response:
        assert response.status == 200
        assert "<title>parentbot sandbox</title>" in await response.text()
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    for script in ("render.js", "page.js"):  # text becomes text nodes, never markup
        async with http.get(f"{sandbox.api_url}/static/{script}") as response:
            assert response.status == 200
            assert "innerHTML" not in await response.text()
