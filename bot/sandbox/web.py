"""JSON endpoints under /sandbox/ so a web page can play the people; thin over SimUser."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

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
        body = await _body(request)
        first_name = body.get("first_name")
        if not isinstance(first_name, str) or not first_name:
            raise _client_error(web.HTTPBadRequest, "first_name is required")
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
                "callback_answers": user.callback_answers,
            }
        )

    async def send(self, request: web.Request) -> web.Response:
        user = self._user(request)
        text = (await _body(request)).get("text")
        if not isinstance(text, str) or not text:
            raise _client_error(web.HTTPBadRequest, "text is required")
        try:
            await user.send(text)
        except RuntimeError as error:
            raise _client_error(web.HTTPConflict, str(error)) from None
        return web.json_response({"ok": True})

    async def press(self, request: web.Request) -> web.Response:
        user = self._user(request)
        body = await _body(request)
        try:
            await user.press(
                body.get("label"), index=body.get("index"), message_id=body.get("message_id")
            )
        except (ButtonNotFoundError, RuntimeError) as error:
            raise _client_error(web.HTTPConflict, str(error)) from None
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
            raise _client_error(web.HTTPNotFound, "no such user") from None


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json() if request.can_read_body else {}
    except json.JSONDecodeError:
        raise _client_error(web.HTTPBadRequest, "body must be JSON") from None
    if not isinstance(body, dict):
        raise _client_error(web.HTTPBadRequest, "body must be a JSON object")
    return body


def _client_error(kind: type[web.HTTPError], message: str) -> web.HTTPError:
    return kind(text=json.dumps({"error": message}), content_type="application/json")
