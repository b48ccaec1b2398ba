"""The bot's update queue, served by long-polling getUpdates exactly as Telegram serves it."""

from __future__ import annotations

from typing import Any

from bot.sandbox.errors import ApiError
from bot.sandbox.waiting import Signal

Update = dict[str, Any]

MAX_LIMIT = 100
# What Telegram sends when allowed_updates is empty or was never set.
_NOT_SENT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_TERMINATED = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


class UpdateQueue:
    """Pending updates with strictly increasing ids, confirmed by the next offset."""

    def __init__(self) -> None:
        self._pending: list[Update] = []
        self._next_id = 1
        self._allowed: frozenset[str] = frozenset()
        self._signal = Signal()
        self._poll_generation = 0
        self._closed = False

    def push(self, kind: str, payload: dict[str, Any]) -> None:
        """Queue an update such as ("message", {...}) and wake a waiting getUpdates."""
        self._pending.append({"update_id": self._next_id, kind: payload})
        self._next_id += 1
        self._signal.fire()

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def drop_pending(self) -> None:
        self._pending.clear()

    def close(self) -> None:
        """Release every waiting getUpdates so the server can stop promptly."""
        self._closed = True
        self._signal.fire()

    async def poll(
        self, offset: int, limit: int, wait_seconds: float, allowed: list[str] | None
    ) -> list[Update]:
        """getUpdates: confirm below offset, then answer at once or when an update arrives.

        A newer poll ends an older one with 409, as Telegram does when two bot instances run.
        """
        self._poll_generation += 1
        generation = self._poll_generation
        self._signal.fire()  # let an older poll notice it has been superseded
        if allowed is not None:
            self._allowed = frozenset(allowed)
        self._confirm(offset)
        limit = min(max(limit, 1), MAX_LIMIT)

        def ready() -> list[Update] | None:
            if generation != self._poll_generation:
                raise ApiError(409, _TERMINATED)
            self._pending = [update for update in self._pending if self._wanted(update)]
            return self._pending[:limit] or (None if not self._closed else [])

        return await self._signal.wait_until(ready, wait_seconds) or []

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._pending = [update for update in self._pending if update["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]  # the last -offset updates; older ones forgotten

    def _wanted(self, update: Update) -> bool:
        kind = next(key for key in update if key != "update_id")
        if self._allowed:
            return kind in self._allowed
        return kind not in _NOT_SENT_BY_DEFAULT
