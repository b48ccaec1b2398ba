"""A local stand-in for Telegram: the Bot API over HTTP plus simulated parents and groups.

The real PTB Application runs against it unchanged; tests and the `parentbot sandbox` command
drive the people through `SimUser` or the JSON endpoints under /sandbox/.
"""

from bot.sandbox.groups import SimGroup
from bot.sandbox.keyboards import Button
from bot.sandbox.limits import Fail, Hold, Stall, Throttle
from bot.sandbox.messages import ChatMessage, Document
from bot.sandbox.server import ApiCall, Sandbox
from bot.sandbox.users import ButtonNotFoundError, SimUser

__all__ = [
    "ApiCall",
    "Button",
    "ButtonNotFoundError",
    "ChatMessage",
    "Document",
    "Fail",
    "Hold",
    "Sandbox",
    "SimGroup",
    "SimUser",
    "Stall",
    "Throttle",
]
