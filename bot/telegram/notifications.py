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
from bot.i18n import Translations
from bot.telegram.deps import Reader
from bot.telegram.sending import Part, document_parts, text_parts, voice_parts
from scheduling.rendering import Renderer as DeliveryRenderer
from scheduling.rendering import RenderRequest


@dataclass(frozen=True)
class Outgoing:
    text: str  # HTML of any length: sending splits it where Telegram needs
    keyboard: InlineKeyboardMarkup | None = None
    document: tuple[str, bytes] | None = None  # (file name, content), sent after the text
    voices: tuple[tuple[str, str], ...] = ()  # (Telegram file id, caption), after the text

    def parts(self) -> list[Part]:
        """The Bot API calls that deliver it, in order."""
        parts = text_parts(self.text, self.keyboard)
        if self.document is not None:
            parts += document_parts(*self.document)
        for file_id, caption in self.voices:
            parts += voice_parts(file_id, caption)
        return parts


@dataclass(frozen=True)
class RenderContext:
    conn: aiosqlite.Connection
    settings: Settings
    reader: Reader
    recipient_kind: str
    recipient_id: int
    now: datetime


Renderer = Callable[[RenderContext, Mapping[str, Any]], Awaitable[Outgoing | None]]


def for_delivery(
    renderers: Mapping[str, Renderer], settings: Settings, translations: Translations
) -> dict[str, DeliveryRenderer]:
    """The renderers as delivery asks for them (scheduling's protocol): each request gets
    the reader's catalog and the school's settings, which delivery does not know of."""

    def adapt(render: Renderer) -> DeliveryRenderer:
        async def written(request: RenderRequest, params: Mapping[str, Any]) -> Outgoing | None:
            tr = translations.for_language(request.language)
            reader = Reader(request.language, tr, request.people)
            context = RenderContext(
                request.conn,
                settings,
                reader,
                request.recipient_kind,
                request.recipient_id,
                request.now,
            )
            return await render(context, params)

        return written

    return {kind: adapt(render) for kind, render in renderers.items()}
