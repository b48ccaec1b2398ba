"""Simulated people: they open the bot, type, tap buttons, block it, and read what it sent."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.files import StoredFile
from bot.sandbox.formatting import Entity, utf16_len
from bot.sandbox.keyboards import Button, Markup
from bot.sandbox.messages import ChatMessage, Document
from bot.sandbox.waiting import Signal

if TYPE_CHECKING:
    from bot.sandbox.state import SandboxState

# tdlib's bot command pattern: /name, optionally @botname, not glued to words or slashes.
_BOT_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
# Media a person sends is described faithfully, but its bytes are a stand-in.
_PLACEHOLDER_BYTES = b"sandbox placeholder media"


class ButtonNotFoundError(LookupError):
    """press() found no matching inline button; the message carries the chat transcript."""


class SimUser:
    """One person in a private chat with the bot, driven from Python or the web page."""

    def __init__(
        self,
        state: SandboxState,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None,
        language_code: str | None,
        username: str | None,
    ) -> None:
        self._state = state
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.language_code = language_code
        self.username = username
        self.started = False  # has opened the chat, so the bot may write
        self._blocked = False
        self.history: list[ChatMessage] = []  # both sides, in order
        self.callback_answers: list[str] = []
        self.keyboard: list[list[str]] | None = None  # reply keyboard currently shown
        self._next_message_id = 1
        self._seen: dict[int, int] = {}  # message_id -> revision expect_message returned
        self._notes: list[tuple[int, str]] = []  # (history position, event) for transcripts
        self._signal = Signal()

    def __repr__(self) -> str:
        return f"<SimUser {self.id} {self.full_name!r}>"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def blocked(self) -> bool:
        return self._blocked

    @property
    def messages(self) -> list[ChatMessage]:
        """What the bot sent, in order, in its current state."""
        return [message for message in self.history if message.from_bot]

    @property
    def commands(self) -> list[dict[str, Any]]:
        """The command menu Telegram would show this person (scope and language applied)."""
        return self._state.commands_for(self)

    # -- Bot API shapes -------------------------------------------------------------------

    def api_user(self) -> dict[str, Any]:
        return _without_none(
            id=self.id,
            is_bot=False,
            first_name=self.first_name,
            last_name=self.last_name,
            username=self.username,
            language_code=self.language_code,
        )

    def api_chat(self) -> dict[str, Any]:
        return _without_none(
            id=self.id,
            type="private",
            first_name=self.first_name,
            last_name=self.last_name,
            username=self.username,
        )

    def payload(self, message: ChatMessage) -> dict[str, Any]:
        """A message of this chat as a Bot API Message."""
        return message.to_api(
            user=self.api_user(), bot=self._state.bot.api_user(), chat=self.api_chat()
        )

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

    def record_callback_answer(self, text: str, *, show_alert: bool) -> None:
        self.callback_answers.append(text)
        shown = "alert" if show_alert else "notification"
        self._notes.append((len(self.history), f"bot answered the press: {shown} {text!r}"))
        self._changed()

    def apply_markup(self, markup: Markup) -> None:
        """Show or hide the reply keyboard a message carried."""
        if markup.keyboard is not None:
            self.keyboard = markup.keyboard
        elif markup.remove_keyboard:
            self.keyboard = None

    # -- acting -------------------------------------------------------------------------------

    async def send(self, text: str) -> None:
        """Type a message; `/command args` gets the bot_command entity Telegram adds."""
        if not text.strip():
            raise ValueError("Telegram does not let people send an empty message")
        entities: list[Entity] = [
            {
                "type": "bot_command",
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
            for match in _BOT_COMMAND.finditer(text)
        ]
        self._post(text=text, entities=entities)

    async def start(self, payload: str | None = None) -> None:
        """Open the bot as a t.me/<bot>?start=<payload> deep link does."""
        await self.send(f"/start {payload}" if payload else "/start")

    async def send_photo(self, *, caption: str | None = None) -> None:
        sizes = [(90, 68), (1280, 960)]
        photo = [
            {**self._store("photos", "image/jpeg").describe(), "width": w, "height": h}
            for w, h in sizes
        ]
        self._post(caption=caption, media={"photo": photo})

    async def send_sticker(self, emoji: str = "👍") -> None:
        sticker = {
            **self._store("stickers", "image/webp").describe(),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        self._post(media={"sticker": sticker})

    async def send_voice(self, duration: int = 3) -> None:
        stored = self._store("voice", "audio/ogg")
        voice = {**stored.describe(), "duration": duration, "mime_type": stored.mime_type}
        self._post(media={"voice": voice})

    async def send_location(self, latitude: float, longitude: float) -> None:
        self._post(media={"location": {"latitude": latitude, "longitude": longitude}})

    async def send_document(
        self,
        filename: str,
        data: bytes,
        *,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
    ) -> None:
        stored = self._state.files.add(
            data, folder="documents", mime_type=mime_type, file_name=filename
        )
        document = {**stored.describe(), "file_name": filename, "mime_type": mime_type}
        self._post(
            caption=caption,
            media={"document": document},
            document=Document(filename, mime_type, data),
        )

    async def press(
        self, label: str | None = None, *, index: int | None = None, message_id: int | None = None
    ) -> None:
        """Tap an inline button: by exact label, else a unique substring, else flat index.

        Defaults to the newest bot message that has inline buttons; a lone button needs no
        label.
        """
        self._ensure_can_act()
        message = self._message_with_buttons(message_id)
        button = self._pick_button(message, label, index)
        if button.callback_data is None:
            raise ButtonNotFoundError(
                f"button {button.text!r} opens {button.url or 'something else'}, it sends no "
                f"callback\n{self.transcript()}"
            )
        self._push_press(message, button.callback_data, self)
        self._notes.append(
            (
                len(self.history),
                f"{self.first_name} pressed [{button.text}] on #{message.message_id}",
            )
        )

    async def press_data(
        self, data: str, *, message_id: int | None = None, presser: SimUser | None = None
    ) -> None:
        """A press Telegram's own apps never send: made-up callback data, or a press on this
        chat's message by another account — what a modified client could do.

        Hangs on the given bot message, default the newest one in this chat.
        """
        message = self.find(message_id) if message_id is not None else self.messages[-1]
        if message is None or not message.from_bot:
            raise ButtonNotFoundError(f"no bot message to press on\n{self.transcript()}")
        self._push_press(message, data, presser or self)
        self._notes.append((len(self.history), f"forged press {data!r} on #{message.message_id}"))

    def _push_press(self, message: ChatMessage, data: str, presser: SimUser) -> None:
        query = {
            "id": self._state.new_callback_id(presser),
            "from": presser.api_user(),
            "message": self.payload(message),
            "chat_instance": f"sandbox-{self.id}",
            "data": data,
        }
        self._state.updates.push("callback_query", query)

    def block(self) -> None:
        """Block the bot: its messages now fail with 403, and it gets a my_chat_member update."""
        if not self._blocked:
            self._blocked = True
            self._notes.append((len(self.history), f"{self.first_name} blocked the bot"))
            self._report_membership(old="member", new="kicked")

    def unblock(self) -> None:
        if self._blocked:
            self._blocked = False
            self._notes.append((len(self.history), f"{self.first_name} unblocked the bot"))
            self._report_membership(old="kicked", new="member")

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
                f"{self.full_name} got no new message {wanted} within {timeout}s\n"
                f"{self.transcript()}"
            )
        self._seen[found.message_id] = found.revision
        return found

    async def expect_answers(
        self,
        total: int,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - as in expect_message
    ) -> list[str]:
        """Wait until the bot has answered `total` presses in all; returns every answer.

        Answers are not messages: a test that pressed buttons waits for them here.
        """
        found = await self._signal.wait_until(
            lambda: list(self.callback_answers) if len(self.callback_answers) >= total else None,
            timeout,
        )
        if found is None:
            raise AssertionError(
                f"{self.full_name}: the bot answered {len(self.callback_answers)} presses, "
                f"not {total}, within {timeout}s\n{self.transcript()}"
            )
        return found

    def transcript(self) -> str:
        """The chat as readable lines: both sides, buttons under their message, presses."""
        state = " [blocked the bot]" if self._blocked else ""
        lines = [f"Chat with {self.full_name} (id {self.id}, {self.language_code}){state}:"]
        for position in range(len(self.history) + 1):
            lines.extend(f"  ({event})" for at, event in self._notes if at == position)
            if position == len(self.history):
                break
            message = self.history[position]
            sender = "bot" if message.from_bot else self.first_name
            lines.append(f"  #{message.message_id} {sender}: {message.summary()}")
            lines.extend(
                "      " + " ".join(f"[{button.text}]" for button in row) for row in message.buttons
            )
        if len(lines) == 1:
            lines.append("  (no messages yet)")
        return "\n".join(lines)

    # -- helpers --------------------------------------------------------------------------------

    def _changed(self) -> None:
        """Wake waiting tests and tell open web pages that this chat changed."""
        self._signal.fire()
        self._state.feed.publish(self.id)

    def _ensure_can_act(self) -> None:
        if self._blocked:
            raise RuntimeError(f"{self.full_name} has blocked the bot; call unblock() first")

    def _post(self, **content: Any) -> None:
        self._ensure_can_act()
        self.started = True
        message = self.add_message(from_bot=False, **content)
        self._state.updates.push("message", self.payload(message))

    def _store(self, folder: str, mime_type: str) -> StoredFile:
        return self._state.files.add(_PLACEHOLDER_BYTES, folder=folder, mime_type=mime_type)

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

    def _report_membership(self, *, old: str, new: str) -> None:
        if not self.started:
            return
        bot = self._state.bot.api_user()
        member = {"status": "member", "user": bot}
        kicked = {"status": "kicked", "user": bot, "until_date": 0}
        states = {"member": member, "kicked": kicked}
        self._state.updates.push(
            "my_chat_member",
            {
                "chat": self.api_chat(),
                "from": self.api_user(),
                "date": int(time.time()),
                "old_chat_member": states[old],
                "new_chat_member": states[new],
            },
        )


def _without_none(**fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}
