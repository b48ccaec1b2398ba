"""Reading Bot API parameters from any body Telegram accepts.

Telegram takes the query string, JSON, url-encoded forms and multipart forms alike. In forms every
value is a string and objects arrive JSON-encoded (PTB sends them that way), so values are coerced
by field name, as the real server does, into one typed dict the method handlers can trust.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.sandbox.errors import bad_request

_INT_FIELDS = frozenset(
    {"chat_id", "message_id", "reply_to_message_id", "message_thread_id",
     "offset", "limit", "timeout", "cache_time", "max_connections", "user_id"}
)  # fmt: skip
_BOOL_FIELDS = frozenset(
    {"disable_notification", "protect_content", "show_alert", "drop_pending_updates",
     "disable_web_page_preview", "allow_sending_without_reply",
     "disable_content_type_detection", "allow_paid_broadcast"}
)  # fmt: skip
# JSON-serialized parameters and the JSON type each must decode to.
_JSON_FIELDS: dict[str, type] = {
    "reply_markup": dict,
    "link_preview_options": dict,
    "reply_parameters": dict,
    "scope": dict,
    "entities": list,
    "caption_entities": list,
    "commands": list,
    "allowed_updates": list,
}
# Telegram names the object, not the field, when its JSON does not parse.
_JSON_FIELD_NAMES = {"reply_markup": "reply keyboard markup"}
_UNREADABLE = object()


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Params:
    """A request's typed parameters, plus the files uploaded with it."""

    values: dict[str, Any]
    uploads: dict[str, Upload] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value

    def text(self, name: str) -> str | None:
        """A string parameter; numbers sent in JSON are accepted as Telegram does."""
        value = self.values.get(name)
        return None if value is None else str(value)


async def read_params(request: web.Request) -> Params:
    """Merge query string and body, then coerce every value by its field's type."""
    raw: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.content_type == "application/json":
        body = await request.text()
        try:
            decoded = json.loads(body) if body.strip() else {}
        except json.JSONDecodeError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(decoded, dict):
            raise bad_request("JSON object expected")
        raw.update(decoded)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                uploads[name] = Upload(value.filename, value.content_type, value.file.read())
            else:
                raw[name] = value
    return Params({name: _coerce(name, value) for name, value in raw.items()}, uploads)


def _coerce(name: str, value: Any) -> Any:
    if name in _JSON_FIELDS:
        return _json_field(name, value)
    if not isinstance(value, str):
        return value
    if name in _BOOL_FIELDS:
        return value.strip().lower() in ("true", "1")
    if name in _INT_FIELDS:
        try:
            return int(value)
        except ValueError:
            # chat_id may be an @username; anything else unreadable Telegram treats as absent.
            return value if name == "chat_id" else None
    return value


def _json_field(name: str, value: Any) -> Any:
    """An object or array parameter, which may also arrive as a JSON string."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else None
        except json.JSONDecodeError:
            value = _UNREADABLE
    if value is None or isinstance(value, _JSON_FIELDS[name]):
        return value
    label = _JSON_FIELD_NAMES.get(name, name.replace("_", " "))
    raise bad_request(f"can't parse {label} JSON object")
