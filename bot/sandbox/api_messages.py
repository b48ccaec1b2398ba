"""Bot API methods that act on chats: sending, editing, deleting, answering, files."""

from __future__ import annotations

import time
from typing import Any

from bot.sandbox.chats import SimChat
from bot.sandbox.errors import bad_request
from bot.sandbox.files import StoredFile
from bot.sandbox.formatting import FormattedText, format_text, utf16_len
from bot.sandbox.keyboards import Markup, read_markup
from bot.sandbox.messages import ChatMessage, Document
from bot.sandbox.params import Params
from bot.sandbox.state import Handler, SandboxState

MAX_TEXT = 4096  # UTF-16 code units after entity parsing, as Telegram counts
MAX_CAPTION = 1024
MAX_CALLBACK_ANSWER = 200
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
CHAT_ACTIONS = frozenset(
    {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
     "upload_document", "choose_sticker", "find_location", "record_video_note",
     "upload_video_note"}
)  # fmt: skip


async def send_message(state: SandboxState, params: Params) -> dict[str, Any]:
    user = state.chat(params.get("chat_id"))
    content = _message_text(params)
    return _deliver(
        state,
        user,
        params,
        text=content.text,
        entities=content.entities,
        html=_html_source(params, "text"),
    )


async def send_document(state: SandboxState, params: Params) -> dict[str, Any]:
    return _send_file(state, params, "document")


async def send_voice(state: SandboxState, params: Params) -> dict[str, Any]:
    """A voice note, e.g. a parent's spoken answer passed on to the teacher (by file_id)."""
    return _send_file(state, params, "voice")


def _send_file(state: SandboxState, params: Params, field: str) -> dict[str, Any]:
    user = state.chat(params.get("chat_id"))
    caption = format_text(
        params.text("caption") or "", params.get("parse_mode"), params.get("caption_entities")
    )
    if utf16_len(caption.text) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    stored = _stored_file(state, params, field)
    file_name = stored.file_name or field
    described = {**stored.describe(), "mime_type": stored.mime_type}
    if field == "voice":
        described["duration"] = int(params.get("duration") or 0)
    else:
        described["file_name"] = file_name
    return _deliver(
        state,
        user,
        params,
        caption=caption.text or None,
        entities=caption.entities,
        html=_html_source(params, "caption"),
        document=Document(file_name, stored.mime_type, stored.data),
        media={field: described},
    )


async def edit_message_text(state: SandboxState, params: Params) -> dict[str, Any]:
    user, message = _message_to_edit(state, params)
    content = _message_text(params)
    markup = _inline_markup(params)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    if (content.text, content.entities, markup.inline) == (
        message.text,
        message.entities,
        message.reply_markup,
    ):
        raise bad_request(NOT_MODIFIED)
    state.limits.acquire(user.id)
    message.text, message.entities = content.text, content.entities
    message.html = _html_source(params, "text")
    # Like Telegram, an edit without reply_markup removes the inline keyboard.
    _mark_edited(user, message, markup)
    return user.payload(message)


async def edit_message_reply_markup(state: SandboxState, params: Params) -> dict[str, Any]:
    user, message = _message_to_edit(state, params)
    markup = _inline_markup(params)
    if markup.inline == message.reply_markup:
        raise bad_request(NOT_MODIFIED)
    state.limits.acquire(user.id)
    _mark_edited(user, message, markup)
    return user.payload(message)


async def delete_message(state: SandboxState, params: Params) -> bool:
    user = state.chat(params.get("chat_id"), writing=False)
    message = user.find(params.get("message_id"))
    if message is None:
        raise bad_request("message to delete not found")
    message.deleted = True
    user.changed(message)
    return True


async def answer_callback_query(state: SandboxState, params: Params) -> bool:
    text = params.text("text") or ""
    if utf16_len(text) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
    user = state.callbacks.pop(params.text("callback_query_id") or "", None)
    if user is None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    user.record_callback_answer(text, show_alert=bool(params.get("show_alert")))
    return True


async def send_chat_action(state: SandboxState, params: Params) -> bool:
    state.chat(params.get("chat_id"))
    if params.get("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


async def get_chat(state: SandboxState, params: Params) -> dict[str, Any]:
    user = state.chat(params.get("chat_id"), writing=False)
    gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
    return {
        **user.api_chat(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {**dict.fromkeys(gifts, True), "gifts_from_channels": False},
    }


async def get_file(state: SandboxState, params: Params) -> dict[str, Any]:
    stored = state.files.by_id(params.text("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    return stored.as_file()


HANDLERS: dict[str, Handler] = {
    "sendMessage": send_message,
    "sendDocument": send_document,
    "sendVoice": send_voice,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
    "sendChatAction": send_chat_action,
    "getChat": get_chat,
    "getFile": get_file,
}


def _deliver(state: SandboxState, user: SimChat, params: Params, **content: Any) -> dict[str, Any]:
    """The shared end of every send: markup, reply, flood control, then the chat."""
    markup = read_markup(params.get("reply_markup"))
    reply_to = _reply_target(user, params)
    state.limits.acquire(user.id)
    message = user.add_message(
        from_bot=True, reply_markup=markup.inline, reply_to=reply_to, **content
    )
    user.apply_markup(markup)
    return user.payload(message)


def _message_text(params: Params) -> FormattedText:
    content = format_text(
        params.text("text") or "", params.get("parse_mode"), params.get("entities")
    )
    if not content.text:
        raise bad_request("message text is empty")
    if utf16_len(content.text) > MAX_TEXT:
        raise bad_request("message is too long")
    return content


def _html_source(params: Params, field: str) -> str | None:
    """The HTML as the bot wrote it, kept so a web page can render the message."""
    if (params.text("parse_mode") or "").lower() != "html":
        return None
    return params.text(field)


def _inline_markup(params: Params) -> Markup:
    markup = read_markup(params.get("reply_markup"))
    if markup.keyboard is not None or markup.remove_keyboard:
        raise bad_request("inline keyboard expected")
    return markup


def _message_to_edit(state: SandboxState, params: Params) -> tuple[SimChat, ChatMessage]:
    if params.get("inline_message_id") is not None:
        raise bad_request("MESSAGE_ID_INVALID")
    user = state.chat(params.get("chat_id"))
    message = user.find(params.get("message_id"))
    if message is None:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return user, message


def _mark_edited(user: SimChat, message: ChatMessage, markup: Markup) -> None:
    message.reply_markup = markup.inline
    message.edit_date = int(time.time())
    user.changed(message)


def _reply_target(user: SimChat, params: Params) -> ChatMessage | None:
    """The message replied to, from reply_parameters or the older reply_to_message_id."""
    reply = params.get("reply_parameters") or {}
    message_id = reply.get("message_id", params.get("reply_to_message_id"))
    if message_id is None:
        return None
    target = user.find(message_id)
    lenient = reply.get("allow_sending_without_reply", params.get("allow_sending_without_reply"))
    if target is None and not lenient:
        raise bad_request("message to be replied not found")
    return target


def _stored_file(state: SandboxState, params: Params, field: str) -> StoredFile:
    """The file to send: an upload (direct or attach://), or a known file_id."""
    value = params.text(field) or ""
    upload = params.uploads.get(value.removeprefix("attach://") if value else field)
    if upload is not None:
        if not upload.data:
            raise bad_request("file must be non-empty")
        return state.files.add(
            upload.data,
            folder=f"{field}s",
            mime_type=upload.content_type,
            file_name=upload.filename,
        )
    stored = state.files.by_id(value)
    if stored is not None:
        return stored
    if value.startswith(("http://", "https://")):
        raise bad_request("failed to get HTTP URL content")
    if value:
        raise bad_request("wrong file identifier/HTTP URL specified")
    raise bad_request(f"there is no {field} in the request")
