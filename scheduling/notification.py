"""A notification the planner wants in the outbox: its own module, so the planners of rounds
(`scheduling/planner.py`) and of meetings (`scheduling/meeting_planner.py`) share it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind


@dataclass(frozen=True)
class Notification:
    dedup_key: str
    recipient_kind: PersonKind
    recipient_id: int
    kind: NotificationKind
    not_before: datetime
    expires_at: datetime | None
    params: dict[str, Any] = field(default_factory=dict)
