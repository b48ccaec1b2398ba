"""Bot API methods about the bot's place in a chat: leaving groups and channels."""

from __future__ import annotations

from bot.sandbox.errors import bad_request
from bot.sandbox.groups import SimGroup
from bot.sandbox.params import Params
from bot.sandbox.state import Handler, SandboxState


async def leave_chat(state: SandboxState, params: Params) -> bool:
    """The bot leaves a group, supergroup or channel; a private chat cannot be left."""
    chat = state.chat(params.get("chat_id"), writing=False)
    if not isinstance(chat, SimGroup):
        raise bad_request("chat member status can't be changed in private chats")
    chat.bot_leaves()
    return True


HANDLERS: dict[str, Handler] = {"leaveChat": leave_chat}
