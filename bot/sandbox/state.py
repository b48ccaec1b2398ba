"""Everything the fake Telegram knows: the bot, the people, their chats, updates and files."""

from __future__ import annotations

import itertools
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.sandbox.chats import SimChat
from bot.sandbox.errors import bad_request
from bot.sandbox.events import ChangeFeed
from bot.sandbox.files import FileStore
from bot.sandbox.groups import SimGroup
from bot.sandbox.limits import RateLimiter
from bot.sandbox.params import Params
from bot.sandbox.updates import UpdateQueue
from bot.sandbox.users import SimUser
from bot.sandbox.webhook_push import WebhookPush

# Simulated people get ids in a range real accounts also use, so int64 handling is exercised.
FIRST_USER_ID = 7_000_000_001
# Groups have negative ids; supergroups and channels are -100 followed by their own id.
FIRST_GROUP_ID = -4_000_000_001
FIRST_SUPERGROUP_ID = -1_002_000_000_001
DEFAULT_SCOPE = {"type": "default"}


@dataclass(frozen=True)
class BotIdentity:
    id: int
    first_name: str
    username: str

    def api_user(self) -> dict[str, Any]:
        """The bot as the `from` of its own messages."""
        return {
            "id": self.id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    def get_me(self) -> dict[str, Any]:
        """getMe adds the bot's capabilities to its User object."""
        return {
            **self.api_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }


def scope_key(scope: dict[str, Any] | None) -> str:
    """A BotCommandScope as a dict key; field order must not matter."""
    return json.dumps(scope or DEFAULT_SCOPE, sort_keys=True)


class SandboxState:
    def __init__(self, bot: BotIdentity, limits: RateLimiter) -> None:
        self.bot = bot
        self.limits = limits
        self.updates = UpdateQueue()
        self.files = FileStore()
        self.feed = ChangeFeed()  # chats that changed, for the web page's live view
        self.users: dict[int, SimUser] = {}
        self.groups: dict[int, SimGroup] = {}  # groups, supergroups and channels
        # Unanswered callback queries, by id, with the person who pressed.
        self.callbacks: dict[str, SimUser] = {}
        # setMyCommands lists by (scope_key, language_code); "" is every language.
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] | None = None
        self.webhook_push: WebhookPush | None = None  # delivers updates while a webhook is set
        self.allow_http_webhook = False  # tests: a webhook on this machine, without https
        self._user_ids = itertools.count(FIRST_USER_ID)
        self._group_ids = itertools.count(-FIRST_GROUP_ID)
        self._supergroup_ids = itertools.count(-FIRST_SUPERGROUP_ID)
        self._callback_ids = itertools.count(1)

    def create_user(
        self,
        first_name: str,
        *,
        last_name: str | None = None,
        language_code: str | None = "nl",
        username: str | None = None,
        is_bot: bool = False,
    ) -> SimUser:
        user = SimUser(
            self,
            next(self._user_ids),
            first_name,
            last_name=last_name,
            language_code=language_code,
            username=username,
            is_bot=is_bot,
        )
        self.users[user.id] = user
        return user

    def create_group(
        self, title: str, *, kind: str = "group", bot_status: str = "left"
    ) -> SimGroup:
        ids = self._group_ids if kind == "group" else self._supergroup_ids
        group = SimGroup(self, -next(ids), title, kind, bot_status=bot_status)
        self.groups[group.id] = group
        return group

    def user(self, user_id: int) -> SimUser:
        try:
            return self.users[user_id]
        except KeyError:
            raise LookupError(f"no simulated user with id {user_id}") from None

    def chat(self, chat_id: Any, *, writing: bool = True) -> SimChat:
        """The chat a Bot API call addresses, refused the way Telegram refuses it."""
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        found: SimChat | None = None
        if isinstance(chat_id, int):
            found = self.users.get(chat_id) or self.groups.get(chat_id)
        if found is None:
            raise bad_request("chat not found")
        found.check_bot_may_act(writing=writing)
        return found

    def new_callback_id(self, user: SimUser) -> str:
        query_id = str(next(self._callback_ids) * 1_000_003 + user.id)
        self.callbacks[query_id] = user
        return query_id

    def commands_for(self, user: SimUser) -> list[dict[str, Any]]:
        """The command menu this person sees, resolved in the order the Bot API documents."""
        language = (user.language_code or "").split("-")[0]
        scopes: list[dict[str, Any]] = [
            {"type": "chat", "chat_id": user.id},
            {"type": "all_private_chats"},
            DEFAULT_SCOPE,
        ]
        for scope in scopes:
            for code in (language, ""):
                found = self.commands.get((scope_key(scope), code))
                if found:
                    return found
        return []


# A Bot API method: reads typed parameters, returns the `result`, or raises ApiError.
Handler = Callable[[SandboxState, Params], Awaitable[Any]]
