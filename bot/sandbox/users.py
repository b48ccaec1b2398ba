"""Simulated people: they open the bot, type, tap buttons, block it, and read what it sent."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from bot.sandbox.chats import ButtonNotFoundError, SimChat, command_entities
from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.files import StoredFile
from bot.sandbox.keyboards import Markup
from bot.sandbox.messages import ChatMessage, Document

if TYPE_CHECKING:
    from bot.sandbox.state import SandboxState

__all__ = ["ButtonNotFoundError", "SimUser"]

# Media a person sends is described faithfully, but its bytes are a stand-in.
_PLACEHOLDER_BYTES = b"sandbox placeholder media"


class SimUser(SimChat):
    """One person in a private chat with the bot, driven from Python or the web page.

    The same person can also write in groups (`SimGroup.send`); `is_bot` makes an account
    that Telegram marks as a bot, as a hostile or misconfigured bot would appear.
    """

    def __init__(
        self,
        state: SandboxState,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None,
        language_code: str | None,
        username: str | None,
        is_bot: bool = False,
    ) -> None:
        super().__init__(state, user_id)
        self.first_name = first_name
        self.last_name = last_name
        self.language_code = language_code
        self.username = username
        self.is_bot = is_bot
        self.started = False  # has opened the chat, so the bot may write
        self._blocked = False
        self.callback_answers: list[str] = []
        self.keyboard: list[list[str]] | None = None  # reply keyboard currently shown

    def __repr__(self) -> str:
        return f"<SimUser {self.id} {self.full_name!r}>"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def name(self) -> str:
        return self.full_name

    @property
    def blocked(self) -> bool:
        return self._blocked

    @property
    def commands(self) -> list[dict[str, Any]]:
        """The command menu Telegram would show this person (scope and language applied)."""
        return self._state.commands_for(self)

    # -- Bot API shapes -------------------------------------------------------------------

    def api_user(self) -> dict[str, Any]:
        return _without_none(
            id=self.id,
            is_bot=self.is_bot,
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

    def check_bot_may_act(self, *, writing: bool) -> None:
        """Only people who opened the chat can be written to; blocking gives 403, and a bot
        account cannot be written to at all."""
        if not self.started:
            raise bad_request("chat not found")
        if writing and self.is_bot:
            raise ApiError(403, "Forbidden: bot can't send messages to bots")
        if writing and self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")

    # -- the chat, as the Bot API methods change it -----------------------------------------

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

    async def send(self, text: str) -> ChatMessage:
        """Type a message; `/command args` gets the bot_command entity Telegram adds."""
        if not text.strip():
            raise ValueError("Telegram does not let people send an empty message")
        return self._post(text=text, entities=command_entities(text))

    async def reply(self, message: ChatMessage, text: str) -> ChatMessage:
        """Type a message as Telegram's "Reply" to one in this chat: the bot gets it with
        `reply_to_message` set."""
        if not text.strip():
            raise ValueError("Telegram does not let people send an empty message")
        return self._post(text=text, entities=command_entities(text), reply_to=message)

    async def edit(self, message: ChatMessage, text: str) -> None:
        """Change a text message this person sent, as Telegram's apps allow: the bot gets an
        `edited_message` update carrying the message as it is now."""
        self._ensure_can_act()
        if message.from_bot or self.find(message.message_id) is not message:
            raise ValueError("people can only edit their own messages in this chat")
        if message.text is None:
            raise ValueError("only text messages are edited with edit(); captions are not")
        if not text.strip() or text == message.text:
            raise ValueError("Telegram's apps send no edit that empties or keeps the text")
        message.text, message.entities = text, command_entities(text)
        message.edit_date = int(time.time())
        self.changed(message)
        self._notes.append((len(self.history), f"{self.first_name} edited #{message.message_id}"))
        self._state.updates.push("edited_message", self.payload(message))

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

    def _heading(self) -> str:
        state = " [blocked the bot]" if self._blocked else ""
        return f"Chat with {self.full_name} (id {self.id}, {self.language_code}){state}"

    def sender_name(self, message: ChatMessage) -> str:
        return "bot" if message.from_bot else self.first_name

    # -- helpers --------------------------------------------------------------------------------

    def _changed(self) -> None:
        """Wake waiting tests and tell open web pages that this chat changed."""
        self._signal.fire()
        self._state.feed.publish(self.id)

    def _ensure_can_act(self) -> None:
        if self._blocked:
            raise RuntimeError(f"{self.full_name} has blocked the bot; call unblock() first")

    def _post(self, **content: Any) -> ChatMessage:
        self._ensure_can_act()
        self.started = True
        message = self.add_message(from_bot=False, **content)
        self._state.updates.push("message", self.payload(message))
        return message

    def _store(self, folder: str, mime_type: str) -> StoredFile:
        return self._state.files.add(_PLACEHOLDER_BYTES, folder=folder, mime_type=mime_type)

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
