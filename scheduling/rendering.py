"""The boundary between delivery and whoever writes the messages.

Scheduling decides when a notification goes and sends it; the Telegram layer decides what it
says. Delivery asks through this small protocol, owned here, so it never imports the
Telegram layer: the application hands its renderers over at start-up, and tests hand over
their own (as an HTTP client's transports sit behind one small interface).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import aiosqlite
from telegram import Bot, Message

from bot.domain.people import Person
from bot.domain.person_kind import PersonKind


@dataclass(frozen=True)
class RenderRequest:
    """One outbox row to write as a message, in the state of the moment it is sent."""

    conn: aiosqlite.Connection  # the transaction that claims the row: read what is true now
    recipient_kind: PersonKind
    recipient_id: int
    language: str  # the recipient's language now, not when the row was queued
    people: tuple[Person, ...]  # the recipient's records (a teacher may be a parent too)
    now: datetime


class Sendable(Protocol):
    """One Bot API call of a message (a text part, a file, a voice note)."""

    async def send(self, bot: Bot, chat_id: int) -> Message: ...


class Rendered(Protocol):
    """A written notification: the calls that deliver it, in order."""

    def parts(self) -> Sequence[Sendable]: ...


# None: the reason for the notification is gone (a cancelled talk); nothing is sent.
Renderer = Callable[[RenderRequest, Mapping[str, Any]], Awaitable[Rendered | None]]
Renderers = Mapping[str, Renderer]
