"""Every Bot API method the sandbox serves, by lower-case name: Telegram ignores case."""

from __future__ import annotations

from bot.sandbox import api_bot, api_chats, api_messages
from bot.sandbox.state import Handler

METHODS: dict[str, Handler] = {
    name.lower(): handler
    for module in (api_bot, api_chats, api_messages)
    for name, handler in module.HANDLERS.items()
}
