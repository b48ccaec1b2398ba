"""One message in a chat, in its current state (edits applied, deletion marked)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

from bot.sandbox.formatting import Entity
from bot.sandbox.keyboards import Button, buttons_of


class Document(NamedTuple):
    file_name: str
    mime_type: str
    data: bytes


@dataclass(eq=False)
class ChatMessage:
    """What either side of the chat sees.

    `text` and `caption` are plain; `entities` belong to whichever of the two is set and `html`
    is the markup the bot sent, for rendering. `media` holds the Bot API fields of an attachment
    (photo, sticker, voice, location, document) exactly as updates and replies carry them,
    and a service message's fields (`new_chat_members`). In a group, `sender_id` is the
    person who wrote it; in a private chat the chat's own person is the sender.
    """

    message_id: int
    date: int
    from_bot: bool
    text: str | None = None
    caption: str | None = None
    entities: list[Entity] = field(default_factory=list)
    html: str | None = None
    document: Document | None = None
    reply_markup: dict[str, Any] | None = None
    media: dict[str, Any] = field(default_factory=dict, repr=False)
    reply_to: ChatMessage | None = field(default=None, repr=False)
    edit_date: int | None = None
    deleted: bool = False
    sender_id: int | None = None
    revision: int = field(default=0, repr=False)

    @property
    def edited(self) -> bool:
        return self.edit_date is not None

    @property
    def buttons(self) -> list[list[Button]]:
        return buttons_of(self.reply_markup)

    @property
    def body(self) -> str:
        """The readable words: text, else caption, else empty."""
        return self.text or self.caption or ""

    @property
    def kind(self) -> str:
        """ "text", or the attachment type such as "document" or "photo"."""
        return next(iter(self.media), "text")

    def to_api(
        self,
        *,
        user: dict[str, Any] | None,
        bot: dict[str, Any],
        chat: dict[str, Any],
        nested: bool = False,
        sender_of: Callable[[ChatMessage], dict[str, Any] | None] | None = None,
    ) -> dict[str, Any]:
        """The Bot API Message; user and bot are User objects, the sender picked by side.

        `sender_of` picks the sender in chats with several people; a message with no sender
        (a channel post) carries the chat as `sender_chat` instead of `from`.
        """
        sender = sender_of(self) if sender_of is not None else (bot if self.from_bot else user)
        message: dict[str, Any] = {"message_id": self.message_id}
        if sender is not None:
            message["from"] = sender
        else:
            message["sender_chat"] = chat
        message.update(chat=chat, date=self.date)
        if self.edit_date is not None:
            message["edit_date"] = self.edit_date
        if self.reply_to is not None and not nested:
            # Telegram never nests replies deeper than one level.
            message["reply_to_message"] = self.reply_to.to_api(
                user=user, bot=bot, chat=chat, nested=True, sender_of=sender_of
            )
        message.update(self.media)
        if self.text is not None:
            message["text"] = self.text
        if self.caption is not None:
            message["caption"] = self.caption
        if self.entities:
            message["entities" if self.text is not None else "caption_entities"] = self.entities
        if self.reply_markup:
            message["reply_markup"] = self.reply_markup
        return message

    def summary(self) -> str:
        """One line for transcripts: attachment, words and state."""
        parts = []
        if self.document is not None:
            parts.append(f"[document {self.document.file_name}, {self.document.mime_type}]")
        elif self.kind != "text":
            parts.append(f"[{self.kind}]")
        if self.body:
            parts.append(self.body)
        if self.edited:
            parts.append("(edited)")
        if self.deleted:
            parts.append("(deleted)")
        return " ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """A JSON view for the sandbox web page (file bytes left out)."""
        document = self.document
        return {
            "message_id": self.message_id,
            "date": self.date,
            "from_bot": self.from_bot,
            "kind": self.kind,
            "text": self.text,
            "caption": self.caption,
            "entities": self.entities,
            "html": self.html,
            "buttons": [[asdict(button) for button in row] for row in self.buttons],
            "document": document
            and {"file_name": document.file_name, "mime_type": document.mime_type,
                 "size": len(document.data)},
            "edited": self.edited,
            "deleted": self.deleted,
        }  # fmt: skip
