"""Groups, supergroups and channels: chats shared by several people that the bot can be
added to, write in, and leave (leaveChat), with the updates Telegram gives a bot there.

What the bot receives follows Telegram's privacy mode, which is on for bots by default
(getMe says `can_read_all_group_messages: false`): in a group it sees commands meant for it,
replies to its own messages, messages that mention it and service messages; as an
administrator it sees everything. In a channel a bot is always an administrator and gets
every post as `channel_post`, with the channel as `sender_chat` and no `from`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from bot.sandbox.chats import SimChat, command_entities
from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.messages import ChatMessage

if TYPE_CHECKING:
    from bot.sandbox.state import SandboxState
    from bot.sandbox.users import SimUser

GROUP_KINDS = ("group", "supergroup", "channel")
PRESENT = frozenset({"member", "administrator"})  # the bot's statuses inside the chat
# What Telegram lists for an administrator bot (ChatMemberAdministrator's required fields).
_ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
}


class SimGroup(SimChat):
    """A group, supergroup or channel with a negative chat id, as Telegram numbers them.

    People write with `send` (groups) or `post` (channels); the bot joins when someone adds
    it (`add_bot`) and leaves by itself with leaveChat or when removed (`remove_bot`).
    """

    def __init__(
        self, state: SandboxState, chat_id: int, title: str, kind: str, *, bot_status: str = "left"
    ) -> None:
        if kind not in GROUP_KINDS:
            raise ValueError(f"a group is one of {', '.join(GROUP_KINDS)}, not {kind!r}")
        if bot_status not in ("left", *PRESENT):
            raise ValueError(f"the bot starts out left, member or administrator, not {bot_status}")
        super().__init__(state, chat_id)
        self.title = title
        self.kind = kind
        # ChatMember status: member, administrator, left or kicked. A group can start with
        # the bot in it, as one it was added to while no one was listening for updates.
        self.bot_status = bot_status
        self._was_member = bot_status in PRESENT

    def __repr__(self) -> str:
        return f"<SimGroup {self.id} {self.kind} {self.title!r}>"

    @property
    def name(self) -> str:
        return f"{self.kind.capitalize()} {self.title!r} (id {self.id})"

    @property
    def bot_is_member(self) -> bool:
        return self.bot_status in PRESENT

    # -- Bot API shapes -------------------------------------------------------------------

    def api_chat(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.kind, "title": self.title}

    def payload(self, message: ChatMessage) -> dict[str, Any]:
        return message.to_api(
            user=None, bot=self._state.bot.api_user(), chat=self.api_chat(), sender_of=self._sender
        )

    def check_bot_may_act(self, *, writing: bool) -> None:
        """Telegram's refusals for a chat the bot is not (or no longer) in."""
        if self.bot_is_member:
            return
        if self.bot_status == "kicked":
            raise ApiError(403, f"Forbidden: bot was kicked from the {self.kind} chat")
        if self._was_member:
            raise ApiError(403, f"Forbidden: bot is not a member of the {self.kind} chat")
        raise bad_request("chat not found")

    def sender_name(self, message: ChatMessage) -> str:
        if message.from_bot:
            return "bot"
        if message.sender_id is None:
            return self.title
        return self._state.user(message.sender_id).first_name

    # -- people act -----------------------------------------------------------------------

    async def add_bot(self, by: SimUser, *, admin: bool = False) -> None:
        """`by` adds the bot (in a channel always as administrator): the bot gets a
        `my_chat_member` update and, in a group, the "joined" service message."""
        if self.bot_is_member:
            raise RuntimeError(f"the bot is already in {self.name}")
        new = "administrator" if admin or self.kind == "channel" else "member"
        self._membership_changed(by.api_user(), new)
        self.note(f"{by.first_name} added the bot as {new}")
        if self.kind != "channel":
            bot = self._state.bot.api_user()
            message = self.add_message(
                from_bot=False, sender_id=by.id, media={"new_chat_members": [bot]}
            )
            self._state.updates.push("message", self.payload(message))

    async def remove_bot(self, by: SimUser) -> None:
        """An administrator removes the bot: from a supergroup or channel that is a ban."""
        if not self.bot_is_member:
            raise RuntimeError(f"the bot is not in {self.name}")
        self._membership_changed(by.api_user(), "left" if self.kind == "group" else "kicked")
        self.note(f"{by.first_name} removed the bot")

    async def send(
        self, user: SimUser, text: str, *, reply_to: ChatMessage | None = None
    ) -> ChatMessage:
        """`user` writes in the group; the bot gets it only if privacy mode lets it through."""
        if self.kind == "channel":
            raise ValueError("people post in a channel with post(); they do not chat there")
        if not text.strip():
            raise ValueError("Telegram does not let people send an empty message")
        message = self.add_message(
            from_bot=False,
            sender_id=user.id,
            text=text,
            entities=command_entities(text),
            reply_to=reply_to,
        )
        if self._bot_reads(message):
            self._state.updates.push("message", self.payload(message))
        return message

    async def post(self, text: str) -> ChatMessage:
        """A post in the channel, signed by the channel itself."""
        if self.kind != "channel":
            raise ValueError("post() is for channels; people send() in groups")
        message = self.add_message(from_bot=False, text=text, entities=command_entities(text))
        if self.bot_is_member:
            self._state.updates.push("channel_post", self.payload(message))
        return message

    async def press(
        self,
        user: SimUser,
        label: str | None = None,
        *,
        index: int | None = None,
        message_id: int | None = None,
    ) -> None:
        """`user` taps an inline button on a bot message in this chat (as in SimUser.press)."""
        message = self._message_with_buttons(message_id)
        button = self._pick_button(message, label, index)
        if button.callback_data is None:
            raise ValueError(f"button {button.text!r} sends no callback")
        self._push_press(message, button.callback_data, user)
        self.note(f"{user.first_name} pressed [{button.text}] on #{message.message_id}")

    async def press_data(self, user: SimUser, data: str, *, message_id: int | None = None) -> None:
        """A press with made-up data on a bot message here (default the newest one)."""
        message = self.find(message_id) if message_id is not None else self.messages[-1]
        if message is None or not message.from_bot:
            raise ValueError(f"no bot message to press on\n{self.transcript()}")
        self._push_press(message, data, user)
        self.note(f"{user.first_name}: forged press {data!r} on #{message.message_id}")

    # -- the bot acts (Bot API) -------------------------------------------------------------

    def bot_leaves(self) -> None:
        """leaveChat: the bot is out, and Telegram tells it so with `my_chat_member`."""
        self._membership_changed(self._state.bot.api_user(), "left")
        self.note("the bot left")

    # -- helpers --------------------------------------------------------------------------

    def _sender(self, message: ChatMessage) -> dict[str, Any] | None:
        if message.from_bot:
            return None if self.kind == "channel" else self._state.bot.api_user()
        if message.sender_id is None:
            return None  # a channel post: the channel is the sender_chat
        return self._state.user(message.sender_id).api_user()

    def _bot_reads(self, message: ChatMessage) -> bool:
        """Privacy mode: what a bot that is no administrator gets from a group."""
        if not self.bot_is_member:
            return False
        if self.bot_status == "administrator":
            return True
        if message.reply_to is not None and message.reply_to.from_bot:
            return True
        username = self._state.bot.username.lower()
        text = message.text or ""
        units = text.encode("utf-16-le")  # entity offsets count UTF-16 code units
        for entity in message.entities:
            if entity["type"] != "bot_command":
                continue
            start, end = 2 * entity["offset"], 2 * (entity["offset"] + entity["length"])
            command = units[start:end].decode("utf-16-le")
            addressed = command.partition("@")[2].lower()
            # Telegram: a general /command reaches the bot that wrote last in the group; the
            # sandbox has one bot, so it is always that one.
            if addressed in ("", username):
                return True
        return f"@{username}" in text.lower()

    def _membership_changed(self, by: dict[str, Any], new: str) -> None:
        old = self.bot_status
        self.bot_status = new
        self._was_member = self._was_member or new in PRESENT
        self._state.updates.push(
            "my_chat_member",
            {
                "chat": self.api_chat(),
                "from": by,
                "date": int(time.time()),
                "old_chat_member": self._member(old),
                "new_chat_member": self._member(new),
            },
        )

    def _member(self, status: str) -> dict[str, Any]:
        member: dict[str, Any] = {"status": status, "user": self._state.bot.api_user()}
        if status == "administrator":
            member.update(_ADMIN_RIGHTS)
            if self.kind == "channel":
                member.update(can_post_messages=True, can_edit_messages=True)
            else:
                member["can_pin_messages"] = True
        elif status == "kicked":
            member["until_date"] = 0
        return member
