"""What every simulated chat has: its messages in order, and waiting for the bot's news.

A private chat (`SimUser`) and a group, supergroup or channel (`SimGroup`) share this; the
Bot API methods address either by chat id and change it the same way.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.formatting import Entity, utf16_len
from bot.sandbox.keyboards import Button, Markup
from bot.sandbox.messages import ChatMessage
from bot.sandbox.waiting import Signal

if TYPE_CHECKING:
    from bot.sandbox.state import SandboxState

# tdlib's bot command pattern: /name, optionally @botname, not glued to words or slashes.
BOT_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")


class ButtonNotFoundError(LookupError):
    """press() found no matching inline button; the message carries the chat transcript."""


def command_entities(text: str) -> list[Entity]:
    """The bot_command entities Telegram's apps add to a typed message, in UTF-16 units."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group()),
        }
        for match in BOT_COMMAND.finditer(text)
    ]


class SimChat:
    """One chat with the bot in it: both sides' messages, edits and deletions applied."""

    def __init__(self, state: SandboxState, chat_id: int) -> None:
        self._state = state
        self.id = chat_id
        self.history: list[ChatMessage] = []  # every side, in order
        self._next_message_id = 1
        self._seen: dict[int, int] = {}  # message_id -> revision expect_message returned
        self._notes: list[tuple[int, str]] = []  # (history position, event) for transcripts
        self._signal = Signal()

    @property
    def name(self) -> str:
        """How transcripts and failures name this chat."""
        raise NotImplementedError

    @property
    def messages(self) -> list[ChatMessage]:
        """What the bot sent, in order, in its current state."""
        return [message for message in self.history if message.from_bot]

    # -- Bot API shapes -------------------------------------------------------------------

    def api_chat(self) -> dict[str, Any]:
        raise NotImplementedError

    def payload(self, message: ChatMessage) -> dict[str, Any]:
        """A message of this chat as a Bot API Message."""
        raise NotImplementedError

    def check_bot_may_act(self, *, writing: bool) -> None:
        """Raise the ApiError Telegram gives when the bot may not use this chat now."""
        raise NotImplementedError

    # -- the chat, as the Bot API methods change it -----------------------------------------

    def add_message(self, *, from_bot: bool, **content: Any) -> ChatMessage:
        message = ChatMessage(self._next_message_id, int(time.time()), from_bot, **content)
        self._next_message_id += 1
        self.history.append(message)
        self._changed()
        return message

    def find(self, message_id: Any) -> ChatMessage | None:
        """A message of this chat that still exists."""
        for message in self.history:
            if message.message_id == message_id and not message.deleted:
                return message
        return None

    def changed(self, message: ChatMessage) -> None:
        """Record an edit or deletion so expect_message sees it as news."""
        message.revision += 1
        self._changed()

    def apply_markup(self, markup: Markup) -> None:
        """A reply keyboard a message carried; only private chats show it (see SimUser)."""

    def note(self, event: str) -> None:
        """An event for the transcript, shown after the messages so far."""
        self._notes.append((len(self.history), event))
        self._changed()

    # -- observing ------------------------------------------------------------------------------

    async def expect_message(
        self,
        contains: str | None = None,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - tests read better with a plain seconds argument
        predicate: Callable[[ChatMessage], bool] | None = None,
    ) -> ChatMessage:
        """Wait for a bot message not returned before (or edited since) that matches.

        Raises AssertionError with the transcript when none arrives in time.
        """

        def matching() -> ChatMessage | None:
            for message in self.messages:
                fresh = self._seen.get(message.message_id) != message.revision
                if (
                    fresh
                    and not message.deleted
                    and (contains is None or contains in message.body)
                    and (predicate is None or predicate(message))
                ):
                    return message
            return None

        found = await self._signal.wait_until(matching, timeout)
        if found is None:
            wanted = f"containing {contains!r}" if contains is not None else "matching"
            raise AssertionError(
                f"{self.name} got no new message {wanted} within {timeout}s\n{self.transcript()}"
            )
        self._seen[found.message_id] = found.revision
        return found

    async def wait_for(
        self,
        check: Callable[[], bool],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - as in expect_message
        what: str = "the condition",
    ) -> None:
        """Wait until `check()` holds, re-checked whenever this chat changes."""
        if await self._signal.wait_until(lambda: True if check() else None, timeout) is None:
            raise AssertionError(f"{self.name}: {what} did not happen within {timeout}s")

    def transcript(self) -> str:
        """The chat as readable lines: every side, buttons under their message, events."""
        lines = [f"{self._heading()}:"]
        for position in range(len(self.history) + 1):
            lines.extend(f"  ({event})" for at, event in self._notes if at == position)
            if position == len(self.history):
                break
            message = self.history[position]
            lines.append(
                f"  #{message.message_id} {self.sender_name(message)}: {message.summary()}"
            )
            lines.extend(
                "      " + " ".join(f"[{button.text}]" for button in row) for row in message.buttons
            )
        if len(lines) == 1:
            lines.append("  (no messages yet)")
        return "\n".join(lines)

    def sender_name(self, message: ChatMessage) -> str:
        raise NotImplementedError

    def _heading(self) -> str:
        return self.name

    # -- helpers --------------------------------------------------------------------------------

    def _changed(self) -> None:
        """Wake waiting tests (and, for private chats, the web page)."""
        self._signal.fire()

    def _message_with_buttons(self, message_id: int | None) -> ChatMessage:
        if message_id is not None:
            message = self.find(message_id)
            if message is None or not message.from_bot:
                raise ButtonNotFoundError(
                    f"no bot message #{message_id} in this chat\n{self.transcript()}"
                )
            return message
        for message in reversed(self.messages):
            if message.buttons and not message.deleted:
                return message
        raise ButtonNotFoundError(f"no bot message has inline buttons\n{self.transcript()}")

    def _pick_button(self, message: ChatMessage, label: str | None, index: int | None) -> Button:
        flat = [button for row in message.buttons for button in row]
        if label is not None:
            exact = [button for button in flat if button.text == label]
            partial = [button for button in flat if label in button.text]
            candidates = exact or partial
            if len(candidates) == 1:
                return candidates[0]
            problem = "several buttons match" if candidates else "no button matches"
            raise ButtonNotFoundError(
                f"{problem} {label!r} on message #{message.message_id}\n{self.transcript()}"
            )
        if index is None and len(flat) == 1:
            return flat[0]
        if index is not None and 0 <= index < len(flat):
            return flat[index]
        wanted = "say which button to press" if index is None else f"no button at index {index}"
        raise ButtonNotFoundError(f"message #{message.message_id}: {wanted}\n{self.transcript()}")

    def _push_press(self, message: ChatMessage, data: str, presser: Any) -> None:
        """A callback_query for a press by `presser` (a SimUser) on a message of this chat."""
        query = {
            "id": self._state.new_callback_id(presser),
            "from": presser.api_user(),
            "message": self.payload(message),
            "chat_instance": f"sandbox-{self.id}",
            "data": data,
        }
        self._state.updates.push("callback_query", query)
