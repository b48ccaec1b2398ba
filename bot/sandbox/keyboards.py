"""reply_markup: validated as Telegram does, kept in the shape Telegram echoes back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.sandbox.errors import bad_request

MAX_CALLBACK_DATA_BYTES = 64
_BUTTON_ACTIONS = (
    "callback_data", "url", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
    "copy_text", "callback_game", "pay",
)  # fmt: skip
_BUTTON_ERROR = "can't parse inline keyboard button: "


@dataclass(frozen=True)
class Button:
    """An inline button as a person sees it: a label that sends data or opens a link."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Markup:
    """What a reply_markup does: attach inline buttons, or show or remove a reply keyboard."""

    inline: dict[str, Any] | None = None
    keyboard: list[list[str]] | None = None
    remove_keyboard: bool = False


def read_markup(value: Any) -> Markup:
    """Validate a reply_markup object, raising Telegram's 400s for what it refuses."""
    if value is None:
        return Markup()
    if not isinstance(value, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in value:
        return Markup(inline={"inline_keyboard": _inline_rows(value["inline_keyboard"])})
    if "keyboard" in value:
        return Markup(keyboard=_keyboard_rows(value["keyboard"]))
    if value.get("remove_keyboard"):
        return Markup(remove_keyboard=True)
    if value.get("force_reply"):
        return Markup()
    raise bad_request("can't parse reply keyboard markup JSON object")


def buttons_of(inline: dict[str, Any] | None) -> list[list[Button]]:
    """The rows of an inline keyboard as Buttons."""
    if not inline:
        return []
    return [
        [Button(b["text"], b.get("callback_data"), b.get("url")) for b in row]
        for row in inline["inline_keyboard"]
    ]


def _inline_rows(rows: Any) -> list[list[dict[str, Any]]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    return [[_inline_button(button) for button in row] for row in rows]


def _inline_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict):
        raise bad_request(_BUTTON_ERROR + "InlineKeyboardButton should be an object")
    if not isinstance(button.get("text"), str):
        raise bad_request(_BUTTON_ERROR + 'Field "text" must be of type String')
    if not any(action in button for action in _BUTTON_ACTIONS):
        raise bad_request(_BUTTON_ERROR + "Text buttons are unallowed in the inline keyboard")
    data = button.get("callback_data")
    if data is not None and (
        not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES
    ):
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and (not isinstance(url, str) or not url.strip() or " " in url.strip()):
        raise bad_request("BUTTON_URL_INVALID")
    return {key: value for key, value in button.items() if value is not None}


def _keyboard_rows(rows: Any) -> list[list[str]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays'
        )
    return [[_keyboard_label(button) for button in row] for row in rows]


def _keyboard_label(button: Any) -> str:
    if isinstance(button, str):
        return button
    text = button.get("text") if isinstance(button, dict) else None
    if isinstance(text, str):
        return text
    raise bad_request("can't parse keyboard button: KeyboardButton should be a String or an Object")
