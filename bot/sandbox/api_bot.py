"""Bot API methods about the bot itself: identity, updates, webhook and command menus."""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.params import Params
from bot.sandbox.state import Handler, SandboxState, scope_key
from bot.sandbox.updates import MAX_LIMIT

MAX_COMMANDS = 100
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_MAX_COMMAND_DESCRIPTION = 256


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
    """Accepted and remembered (it blocks getUpdates, as on Telegram) but never called."""
    url = params.text("url") or ""
    if not url:
        return await delete_webhook(state, params)
    if not url.startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    state.webhook = {"url": url, "max_connections": params.get("max_connections", 40)}
    if params.get("allowed_updates") is not None:
        state.webhook["allowed_updates"] = params.get("allowed_updates")
    if params.get("drop_pending_updates"):
        state.updates.drop_pending()
    return True


async def delete_webhook(state: SandboxState, params: Params) -> bool:
    state.webhook = None
    if params.get("drop_pending_updates"):
        state.updates.drop_pending()
    return True


async def get_webhook_info(state: SandboxState, params: Params) -> dict[str, Any]:
    return {
        "url": "",
        "has_custom_certificate": False,
        **(state.webhook or {}),
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


HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
}


def _commands_key(params: Params) -> tuple[str, str]:
    return scope_key(params.get("scope")), params.text("language_code") or ""
