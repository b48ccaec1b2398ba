"""The Bot API's error answers, so every refusal reads exactly as Telegram's would."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A refusal the bot receives as `{"ok": false, ...}` with Telegram's code and text."""

    def __init__(self, code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram sends; 429s carry `parameters.retry_after` for clients."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(reason: str) -> ApiError:
    """A 400; Telegram prefixes every such reason with "Bad Request: "."""
    return ApiError(400, f"Bad Request: {reason}")


def too_many_requests(retry_after: int) -> ApiError:
    """A 429 whose text and `retry_after` agree, as PTB's RetryAfter expects."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)
