"""Every Bot API method the sandbox serves, by lower-case name: Telegram ignores case."""

from __future__ import annotations

from bot.sandbox import api_bot, api_messages
from bot.sandbox.state import Handler

METHODS: dict[str, Handler] = {
    name.lower(): handler for name, handler in {**api_bot.HANDLERS, **api_messages.HANDLERS}.items()
}
