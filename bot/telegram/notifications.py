"""Notification kinds: how each outbox row becomes a Telegram message at send time.

Rendering happens when the message is sent, in the recipient's language of that moment,
from the database's state of that moment: a moved talk is announced at its new time, and a
renderer that finds its reason gone (a cancelled booking) returns None so nothing is sent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite
from telegram import InlineKeyboardMarkup

from bot.config import Settings
from bot.telegram.deps import Reader


@dataclass(frozen=True)
class Outgoing:
    text: str
    keyboard: InlineKeyboardMarkup | None = None
    document: tuple[str, bytes] | None = None  # (file name, content), sent after the text
    voices: tuple[tuple[str, str], ...] = ()  # (Telegram file id, caption), after the text
    more_texts: tuple[str, ...] = ()  # a long text's further parts, each under the limit


@dataclass(frozen=True)
class RenderContext:
    conn: aiosqlite.Connection
    settings: Settings
    reader: Reader
    recipient_kind: str
    recipient_id: int
    now: datetime


Renderer = Callable[[RenderContext, Mapping[str, Any]], Awaitable[Outgoing | None]]
