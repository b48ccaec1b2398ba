"""Which chats changed, for the web page's live view (server-sent events).

Every open page subscribes; a change marks the chat as dirty in each subscription. Changes
coalesce: a page that is slow to read gets one "chat 7 changed" for a burst of edits, not
a backlog, so a stalled browser can never make the sandbox hold more than a set of ids.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator


class Subscription:
    def __init__(self) -> None:
        self._dirty: set[int] = set()
        self._wake = asyncio.Event()
        self.closed = False

    def mark(self, user_id: int) -> None:
        self._dirty.add(user_id)
        self._wake.set()

    def close(self) -> None:
        self.closed = True
        self._wake.set()

    async def next(self, timeout: float) -> set[int]:  # noqa: ASYNC109 - a heartbeat, not a deadline
        """The chats changed since the last call; empty after `timeout` seconds or once closed."""
        if not self._dirty and not self.closed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)
        self._wake.clear()
        changed, self._dirty = self._dirty, set()
        return changed


class ChangeFeed:
    """Fans "this chat changed" out to every open event stream."""

    def __init__(self) -> None:
        self._subscriptions: set[Subscription] = set()

    def publish(self, user_id: int) -> None:
        for subscription in self._subscriptions:
            subscription.mark(user_id)

    @contextlib.contextmanager
    def subscribe(self) -> Iterator[Subscription]:
        subscription = Subscription()
        self._subscriptions.add(subscription)
        try:
            yield subscription
        finally:
            self._subscriptions.discard(subscription)

    def close(self) -> None:
        """The sandbox stops: end every stream, so the server need not wait for browsers."""
        for subscription in self._subscriptions:
            subscription.close()
