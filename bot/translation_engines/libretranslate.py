"""LibreTranslate: the open-source engine a school can run on its own server.

`POST {url}/translate` with JSON `{q, source, target, format, api_key?}` answers
`{"translatedText": ...}`. The text goes as HTML so that LibreTranslate leaves the
protected names (`<code translate="no">`) alone; see `bot.domain.machine_translation`.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from bot.domain.machine_translation import EngineFailed


class LibreTranslate:
    """The LibreTranslate HTTP API at `url`, each call bounded by `timeout` seconds."""

    name = "libretranslate"

    def __init__(self, url: str, *, api_key: str | None, timeout: float) -> None:
        self._url = url.rstrip("/") + "/translate"
        self._api_key = api_key
        self._timeout = timeout

    async def translate(self, text: str, source: str, target: str) -> str:
        body: dict[str, Any] = {"q": text, "source": source, "target": target, "format": "html"}
        if self._api_key:
            body["api_key"] = self._api_key
        try:
            async with asyncio.timeout(self._timeout):
                async with httpx.AsyncClient(timeout=self._timeout) as client:
                    response = await client.post(self._url, json=body)
            response.raise_for_status()
            translated = response.json().get("translatedText")
        except (httpx.HTTPError, TimeoutError, ValueError, AttributeError) as error:
            raise EngineFailed(f"libretranslate: {type(error).__name__}") from error
        if not isinstance(translated, str):
            raise EngineFailed("libretranslate: no translatedText in the answer")
        return translated
