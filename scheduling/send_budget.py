"""Telegram's sending limits for one bot, as one budget that every sender takes turns from.

Telegram counts all messages a bot sends or edits, whoever in the bot sends them: about
30 a second overall and one a second per chat, then 429. The outbox's broadcast and the
replies to people pressing buttons are two senders; if each paced itself to the whole
limit their sum would exceed it. So both take their turns here, and a waiting reply goes
before a waiting broadcast message: a parent who pressed a button is looking at the
screen, an invitation can wait a moment.

A turn lasts until Telegram answered (`async with budget.turn(chat):` around the call),
and the second a message counts in is measured from that answer: Telegram counted it at
some moment before, so however long a call took on its way (a busy event loop, the
network), the 31st message never reaches Telegram within a second of the 1st.

Time is real (monotonic) time by default, and a Telegram "second" lasts `time_scale` of
it — the sandbox and tests shrink it; tests also inject `now` and `sleep`, so what they
check does not depend on the machine's speed.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

# Telegram: about one message per second to one chat, after a short burst it tolerates;
# a few percent more, as a bucket filled by our clock must never run ahead of Telegram's.
CHAT_INTERVAL = 1.03
# A reply may come as two or three messages at once (a confirmation and its .ics): replies
# may use such a burst, a broadcast never does (it waits a whole interval after anything).
CHAT_BURST = 3
# Turns follow an even plan (1/rate apart). A turn taken less than this many turns late
# keeps the plan, so the next ones make the delay up (a sleep that ended late, a sender
# that was busy) instead of every delay adding up over a broadcast; later than that, the
# plan starts again from now.
CATCH_UP = 5
# Forget chats that have been quiet once this many are remembered.
CHATS_REMEMBERED = 10_000


@dataclass
class _Message:
    started: float
    answered: float = math.inf  # until Telegram answered, it may count it at any moment


@dataclass
class _Chat:
    tokens: float  # left after the last turn (a token bucket of CHAT_BURST)
    taken: float  # when the last turn was taken
    answered: float = -math.inf  # when Telegram answered the last message
    in_flight: int = 0


@dataclass(frozen=True)
class _Waiter:
    order: tuple[int, int]  # (0 for urgent, 1 for the rest; arrival): who goes first
    chat_id: int
    urgent: bool


class SendBudget:
    """At most `rate` messages in any second overall, the second counted from Telegram's
    answer to the first of them (which is all the margin it needs: Telegram counted that
    message before it answered); per chat one per CHAT_INTERVAL, a token bucket of
    CHAT_BURST that only replies may empty; after a 429 nothing until its `retry_after`."""

    def __init__(
        self,
        rate: float,
        *,
        time_scale: float = 1.0,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.time_scale = time_scale
        self.now = now
        self._sleep = sleep
        # `rate` a second as whole turns: `_count` turns in any `_window` (real) seconds.
        self._count = max(1, math.floor(rate))
        self._window = self._count / rate * time_scale
        self._gap = time_scale / rate
        self._planned = -math.inf  # the next turn in the even plan
        self._chat_gap = CHAT_INTERVAL * time_scale
        self._recent: deque[_Message] = deque(maxlen=self._count)
        self._chats: dict[int, _Chat] = {}
        self._paused_until = 0.0
        self._waiting: set[_Waiter] = set()
        self._arrivals = itertools.count()

    def chat_ready_at(self, chat_id: int, *, urgent: bool = False) -> float:
        """When this chat may get its next message (in `now()`'s time): a reply once a
        token is back, anything else also a whole interval after the chat's last answer."""
        chat = self._chats.get(chat_id)
        return 0.0 if chat is None else self._chat_ready(chat, urgent=urgent)

    def ready_at(self, chat_id: int, *, urgent: bool = False) -> float:
        """The earliest moment a message to this chat may go, waiters aside (infinite while
        a broadcast message waits for its chat's unanswered one)."""
        ready = max(self.chat_ready_at(chat_id, urgent=urgent), self._paused_until)
        ready = max(ready, self._planned)
        if len(self._recent) == self._count:
            # A call that hangs (until its time-out) holds the others back one window at most.
            oldest = self._recent[0]
            ready = max(ready, min(oldest.answered, oldest.started + self._window) + self._window)
        return ready

    @asynccontextmanager
    async def turn(self, chat_id: int, *, urgent: bool = False) -> AsyncIterator[None]:
        """Wait until a message to this chat may go, and hold the turn while it goes (the
        call to Telegram belongs inside).

        `urgent` (a reply to someone using the bot) goes before any waiting non-urgent
        message that could go at the same moment; among equals, first come first served.
        """
        await self._wait(_Waiter((0 if urgent else 1, next(self._arrivals)), chat_id, urgent))
        message, chat = self._take(chat_id, self.now())
        try:
            yield
        finally:
            message.answered = chat.answered = self.now()
            chat.in_flight -= 1

    async def unpaused(self) -> None:
        """Wait until no 429 holds the bot back (for calls that are not messages)."""
        while (wait := self._paused_until - self.now()) > 0:
            await self._sleep(wait)

    def pause(self, retry_after: float) -> None:
        """Telegram said 429: nothing goes out for `retry_after` (Telegram) seconds."""
        self._paused_until = max(self._paused_until, self.now() + retry_after * self.time_scale)

    async def _wait(self, me: _Waiter) -> None:
        self._waiting.add(me)
        try:
            while True:
                now = self.now()
                wait = self.ready_at(me.chat_id, urgent=me.urgent) - now
                if wait > 0:  # an answer may come meanwhile and move it: look again soon
                    await self._sleep(min(wait, self._gap))
                elif self._someone_before(me, now):
                    await self._sleep(self._gap)  # they take this turn; look again after it
                else:
                    return
        finally:
            self._waiting.discard(me)

    def _someone_before(self, me: _Waiter, now: float) -> bool:
        return any(
            other.order < me.order and self.ready_at(other.chat_id, urgent=other.urgent) <= now
            for other in self._waiting
        )

    def _take(self, chat_id: int, now: float) -> tuple[_Message, _Chat]:
        message = _Message(now)
        self._recent.append(message)
        late = now - self._planned
        self._planned = (self._planned if late < CATCH_UP * self._gap else now) + self._gap
        chat = self._chats.get(chat_id) or _Chat(CHAT_BURST, now)
        tokens = min(CHAT_BURST, chat.tokens + (now - chat.taken) / self._chat_gap)
        chat.tokens, chat.taken, chat.in_flight = tokens - 1, now, chat.in_flight + 1
        self._chats[chat_id] = chat
        if len(self._chats) > CHATS_REMEMBERED:
            self._chats = {c: s for c, s in self._chats.items() if not self._settled(s, now)}
        return message, chat

    def _chat_ready(self, chat: _Chat, *, urgent: bool) -> float:
        ready = chat.taken + max(0.0, 1 - chat.tokens) * self._chat_gap
        if urgent:
            return ready
        return math.inf if chat.in_flight else max(ready, chat.answered + self._chat_gap)

    def _settled(self, chat: _Chat, now: float) -> bool:
        """Whether the chat's past no longer matters: a full bucket, nothing in flight,
        its last answer an interval ago."""
        full_at = chat.taken + (CHAT_BURST - chat.tokens) * self._chat_gap
        return not chat.in_flight and max(full_at, chat.answered + self._chat_gap) <= now
