"""Bot API methods about the bot itself: identity, updates, webhook, command menus and
descriptions."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.formatting import utf16_len
from bot.sandbox.params import Params
from bot.sandbox.state import Handler, SandboxState, scope_key
from bot.sandbox.updates import MAX_LIMIT
from bot.sandbox.users import SimUser
from bot.sandbox.webhook_push import WebhookPush

MAX_COMMANDS = 100
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_MAX_COMMAND_DESCRIPTION = 256
# Telegram's limits for the bot's description and short description, in characters.
_MAX_DESCRIPTION = {"description": 512, "short_description": 120}
# Each sandbox's descriptions by (kind, language_code), "" for every language: kept beside
# the state by the methods that own them, and gone with it.
_DESCRIPTIONS: WeakKeyDictionary[SandboxState, dict[tuple[str, str], str]] = WeakKeyDictionary()
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
# Telegram calls only https; the sandbox also calls this machine over http when told to.
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


async def get_me(state: SandboxState, params: Params) -> dict[str, Any]:
    return state.bot.get_me()


async def get_updates(state: SandboxState, params: Params) -> list[dict[str, Any]]:
    if state.webhook is not None:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    return await state.updates.poll(
        offset=params.get("offset", 0),
        limit=params.get("limit", MAX_LIMIT),
        wait_seconds=params.get("timeout", 0),
        allowed=params.get("allowed_updates"),
    )


async def set_webhook(state: SandboxState, params: Params) -> bool:
    """Remembered (it blocks getUpdates, as on Telegram), and updates go to the URL from now
    on, with `secret_token` in their header."""
    url = params.text("url") or ""
    if not url:
        return await delete_webhook(state, params)
    if not _webhook_url_allowed(state, url):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.text("secret_token")
    if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    allowed = params.get("allowed_updates")
    if params.get("drop_pending_updates"):
        state.updates.drop_pending()
    await end_webhook(state)
    state.webhook = {"url": url, "max_connections": params.get("max_connections", 40)}
    if allowed is not None:
        state.webhook["allowed_updates"] = allowed
    state.webhook_push = WebhookPush(state.updates, url, secret=secret, allowed=allowed)
    state.webhook_push.start()
    return True


async def delete_webhook(state: SandboxState, params: Params) -> bool:
    await end_webhook(state)
    if params.get("drop_pending_updates"):
        state.updates.drop_pending()
    return True


async def end_webhook(state: SandboxState) -> None:
    """Stop sending updates to the webhook; they wait for getUpdates again."""
    state.webhook = None
    if state.webhook_push is not None:
        await state.webhook_push.stop()
        state.webhook_push = None


async def get_webhook_info(state: SandboxState, params: Params) -> dict[str, Any]:
    return {
        "url": "",
        "has_custom_certificate": False,
        **(state.webhook or {}),
        **(state.webhook_push.info() if state.webhook_push else {}),
        "pending_update_count": state.updates.pending_count,
    }


async def set_my_commands(state: SandboxState, params: Params) -> bool:
    commands = params.get("commands")
    if not isinstance(commands, list):
        raise bad_request('parameter "commands" is required')
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command"))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= _MAX_COMMAND_DESCRIPTION:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    key = _commands_key(params)
    if commands:
        state.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
    else:
        state.commands.pop(key, None)
    return True


async def get_my_commands(state: SandboxState, params: Params) -> list[dict[str, Any]]:
    return state.commands.get(_commands_key(params), [])


async def delete_my_commands(state: SandboxState, params: Params) -> bool:
    state.commands.pop(_commands_key(params), None)
    return True


async def set_my_description(state: SandboxState, params: Params) -> bool:
    """What an empty chat with the bot shows, per language; "" removes that language's."""
    return _set_description(state, params, "description")


async def set_my_short_description(state: SandboxState, params: Params) -> bool:
    """The line on the bot's profile and beside a shared link, per language."""
    return _set_description(state, params, "short_description")


async def get_my_description(state: SandboxState, params: Params) -> dict[str, Any]:
    key = _description_key(params, "description")
    return {"description": _descriptions(state).get(key, "")}


async def get_my_short_description(state: SandboxState, params: Params) -> dict[str, Any]:
    key = _description_key(params, "short_description")
    return {"short_description": _descriptions(state).get(key, "")}


def description_for(state: SandboxState, user: SimUser) -> str:
    """What an empty chat with the bot shows this person: the description for their app's
    language, else the one for every language ("" when none is set)."""
    descriptions = _descriptions(state)
    language = (user.language_code or "").split("-")[0]
    return descriptions.get(("description", language)) or descriptions.get(("description", ""), "")


HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setMyDescription": set_my_description,
    "getMyDescription": get_my_description,
    "setMyShortDescription": set_my_short_description,
    "getMyShortDescription": get_my_short_description,
}


def _webhook_url_allowed(state: SandboxState, url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    return state.allow_http_webhook and parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS


def _commands_key(params: Params) -> tuple[str, str]:
    return scope_key(params.get("scope")), params.text("language_code") or ""


def _set_description(state: SandboxState, params: Params, kind: str) -> bool:
    text = params.text(kind) or ""
    if utf16_len(text) > _MAX_DESCRIPTION[kind]:
        # The sandbox's wording: Telegram's own for this refusal is not documented.
        raise bad_request(f"{kind.replace('_', ' ')} is too long")
    key = _description_key(params, kind)
    if text:
        _descriptions(state)[key] = text
    else:
        _descriptions(state).pop(key, None)
    return True


def _descriptions(state: SandboxState) -> dict[tuple[str, str], str]:
    return _DESCRIPTIONS.setdefault(state, {})


def _description_key(params: Params, kind: str) -> tuple[str, str]:
    return kind, params.text("language_code") or ""
