"""JSON endpoints under /sandbox/ so a web page can play the people; thin over SimUser."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from aiohttp import hdrs, web

from bot.sandbox.api_bot import description_for
from bot.sandbox.state import SandboxState
from bot.sandbox.users import ButtonNotFoundError, SimUser


def add_routes(app: web.Application, state: SandboxState) -> None:
    endpoints = _Endpoints(state)
    app.add_routes(
        [
            web.get("/sandbox/users", endpoints.list_users),
            web.post("/sandbox/users", endpoints.create_user),
            web.get("/sandbox/users/{user_id}/chat", endpoints.chat),
            web.post("/sandbox/users/{user_id}/messages", endpoints.send),
            web.post("/sandbox/users/{user_id}/press", endpoints.press),
            web.post("/sandbox/users/{user_id}/{kind:photo|voice|sticker}", endpoints.send_media),
            web.get(
                r"/sandbox/users/{user_id}/messages/{message_id:\d+}/document", endpoints.document
            ),
            web.post("/sandbox/users/{user_id}/block", endpoints.block),
            web.post("/sandbox/users/{user_id}/unblock", endpoints.unblock),
        ]
    )


def user_json(user: SimUser) -> dict[str, Any]:
    return {
        "id": user.id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "username": user.username,
        "language_code": user.language_code,
        "started": user.started,
        "blocked": user.blocked,
    }


class _Endpoints:
    def __init__(self, state: SandboxState) -> None:
        self._state = state

    async def list_users(self, request: web.Request) -> web.Response:
        return web.json_response([user_json(user) for user in self._state.users.values()])

    async def create_user(self, request: web.Request) -> web.Response:
        body = await json_body(request)
        first_name = body.get("first_name")
        if not isinstance(first_name, str) or not first_name:
            raise client_error(web.HTTPBadRequest, "first_name is required")
        user = self._state.create_user(
            first_name,
            last_name=body.get("last_name"),
            language_code=body.get("language_code", "nl"),
            username=body.get("username"),
        )
        return web.json_response(user_json(user), status=201)

    async def chat(self, request: web.Request) -> web.Response:
        user = self._user(request)
        return web.json_response(
            {
                "user": user_json(user),
                "messages": [message.as_dict() for message in user.history],
                "keyboard": user.keyboard,
                "commands": user.commands,
                "description": description_for(self._state, user),
                "callback_answers": user.callback_answers,
            }
        )

    async def send(self, request: web.Request) -> web.Response:
        user = self._user(request)
        text = (await json_body(request)).get("text")
        if not isinstance(text, str) or not text:
            raise client_error(web.HTTPBadRequest, "text is required")
        try:
            await user.send(text)
        except RuntimeError as error:
            raise client_error(web.HTTPConflict, str(error)) from None
        return web.json_response({"ok": True})

    async def send_media(self, request: web.Request) -> web.Response:
        """A photo, voice note or sticker with placeholder bytes, as the bot would receive it."""
        user = self._user(request)
        senders: dict[str, Callable[[], Awaitable[None]]] = {
            "photo": user.send_photo,
            "voice": user.send_voice,
            "sticker": user.send_sticker,
        }
        try:
            await senders[request.match_info["kind"]]()
        except RuntimeError as error:
            raise client_error(web.HTTPConflict, str(error)) from None
        return web.json_response({"ok": True})

    async def document(self, request: web.Request) -> web.Response:
        """A document in the chat (the bot's .ics), as a download; the page needs no token."""
        message = self._user(request).find(int(request.match_info["message_id"]))
        if message is None or message.document is None:
            raise client_error(web.HTTPNotFound, "no document in that message")
        document = message.document
        file_name = quote(document.file_name)
        return web.Response(
            body=document.data,
            headers={
                hdrs.CONTENT_TYPE: document.mime_type,
                hdrs.CONTENT_DISPOSITION: f"attachment; filename*=UTF-8''{file_name}",
                # Whatever the bot called it, the browser saves it and never renders it.
                "X-Content-Type-Options": "nosniff",
            },
        )

    async def press(self, request: web.Request) -> web.Response:
        user = self._user(request)
        body = await json_body(request)
        try:
            await user.press(
                body.get("label"), index=body.get("index"), message_id=body.get("message_id")
            )
        except (ButtonNotFoundError, RuntimeError) as error:
            raise client_error(web.HTTPConflict, str(error)) from None
        return web.json_response({"ok": True})

    async def block(self, request: web.Request) -> web.Response:
        self._user(request).block()
        return web.json_response({"ok": True})

    async def unblock(self, request: web.Request) -> web.Response:
        self._user(request).unblock()
        return web.json_response({"ok": True})

    def _user(self, request: web.Request) -> SimUser:
        try:
            return self._state.user(int(request.match_info["user_id"]))
        except (LookupError, ValueError):
            raise client_error(web.HTTPNotFound, "no such user") from None


async def json_body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object (empty without a body); anything else is a 400.

    A body must be sent as application/json: another website open in the same browser can
    only send that after a CORS preflight this server never grants, so it cannot drive the
    simulated people or the demo clock on this computer.
    """
    if request.can_read_body and request.content_type != "application/json":
        raise client_error(web.HTTPUnsupportedMediaType, "send the body as application/json")
    try:
        body = await request.json() if request.can_read_body else {}
    except json.JSONDecodeError:
        raise client_error(web.HTTPBadRequest, "body must be JSON") from None
    if not isinstance(body, dict):
        raise client_error(web.HTTPBadRequest, "body must be a JSON object")
    return body


def client_error(kind: type[web.HTTPError], message: str) -> web.HTTPError:
    """An HTTP error whose body is `{"error": message}`, which the page shows as it is."""
    return kind(text=json.dumps({"error": message}), content_type="application/json")
