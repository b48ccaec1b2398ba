"""PTB's rate limiter for the bot's replies: their turns come from delivery's budget.

The outbox's deliverer sends with its own Bot and paces itself with a `SendBudget`; the
replies to people using the bot go through PTB's `ExtBot`, which asks its rate limiter
before every request. This limiter takes those turns from the same budget, so replies and
broadcast together stay within Telegram's limits, and a reply goes before a waiting
broadcast message. As with PTB's AIORateLimiter, a 429 pauses everything (the deliverer
too) for its `retry_after`, and the request is tried again up to `max_retries` times.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from scheduling.send_budget import SendBudget

log = logging.getLogger(__name__)

# What a Bot API call answers, decoded: PTB's (private) JSONDict shapes.
_Answer = bool | dict[str, Any] | list[dict[str, Any]]

# Calls that put a message in a chat or change one: what Telegram's flood control counts.
_MESSAGE_CALLS = ("send", "edit", "copy", "forward")
_NOT_A_MESSAGE = frozenset({"sendChatAction"})


class SharedRateLimiter(BaseRateLimiter[int]):
    """Takes the bot's turns from a `SendBudget` shared with delivery (`share` it once
    scheduling has started; nothing sends a message before). `rate_limit_args` of a
    request, when given, is its number of retries after a 429."""

    def __init__(self, *, max_retries: int = 3) -> None:
        self._max_retries = max_retries
        self._budget: SendBudget | None = None

    def share(self, budget: SendBudget) -> None:
        """Take turns from `budget` from now on."""
        self._budget = budget

    async def initialize(self) -> None:
        """Nothing to set up: the budget belongs to delivery."""

    async def shutdown(self) -> None:
        """Nothing to release: the budget belongs to delivery."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, _Answer]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> _Answer:
        """Wait for a turn (a message) or for the end of a 429 pause (any other call),
        then call Telegram; after a 429, pause everyone and try again."""
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        chat_id = _message_chat(endpoint, data)
        budget = self._budget
        if budget is None:  # start-up calls (menus, descriptions) before scheduling runs
            if chat_id is not None:
                raise RuntimeError(f"{endpoint} before the send budget was shared")
            return await callback(*args, **kwargs)
        attempt = 0
        while True:
            try:
                if chat_id is None:
                    await budget.unpaused()
                    return await callback(*args, **kwargs)
                async with budget.turn(chat_id, urgent=True):
                    return await callback(*args, **kwargs)
            except RetryAfter as error:
                budget.pause(_seconds(error.retry_after))
                if attempt == retries:
                    raise
                attempt += 1
                log.info("Telegram flood control on %s: waiting, then trying again", endpoint)


def _message_chat(endpoint: str, data: dict[str, Any]) -> int | None:
    """The chat a message call writes to (None: the call is no message)."""
    if not endpoint.startswith(_MESSAGE_CALLS) or endpoint in _NOT_A_MESSAGE:
        return None
    chat_id = data.get("chat_id")
    try:
        return int(chat_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):  # absent, or a channel's @username: no private chat
        return None


def _seconds(retry_after: float | timedelta) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else float(retry_after)
