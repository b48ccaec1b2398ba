"""A stand-in translation engine on loopback: the LibreTranslate API and DeepL's /v2/translate.

It translates deterministically — `"[{target}] " + text`, the markup (and so every protected
name) untouched — and records what it was sent, so a test can check that a child's name
never reached the engine. It can be told to fail (HTTP 500), to hang (answer only when it
stops), or be stopped altogether (connection refused, as an engine that is down).

    async with translation_double() as double:
        settings.model_copy(update={"translation_engine": "libretranslate",
                                    "translation_url": double.url})
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web

Mode = Literal["up", "fail", "hang"]


@dataclass
class TranslationDouble:
    api_key: str | None = None  # when set, a request without it is refused (403)
    mode: Mode = "up"
    received: list[dict[str, Any]] = field(default_factory=list)  # request bodies, in order
    url: str = ""
    _runner: web.AppRunner | None = None
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    @staticmethod
    def translated(text: str, target: str) -> str:
        """What the double answers for `text` in `target`."""
        return f"[{target}] {text}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/translate", self._libretranslate)
        app.router.add_post("/v2/translate", self._deepl)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"

    async def stop(self) -> None:
        """Stop listening: from now on the engine is down (connection refused)."""
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _answer_or_misbehave(self) -> web.Response | None:
        if self.mode == "hang":
            await self._stopping.wait()
        if self.mode in ("fail", "hang"):
            return web.json_response({"error": "the double was told to fail"}, status=500)
        return None

    async def _libretranslate(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        if self.api_key is not None and body.get("api_key") != self.api_key:
            return web.json_response({"error": "Invalid API key"}, status=403)
        if (refused := await self._answer_or_misbehave()) is not None:
            return refused
        if body.get("format") != "html" or not isinstance(body.get("q"), str):
            return web.json_response(
                {"error": "the double expects format=html, q a string"}, status=400
            )
        return web.json_response({"translatedText": self.translated(body["q"], body["target"])})

    async def _deepl(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        expected = f"DeepL-Auth-Key {self.api_key}"
        if self.api_key is not None and request.headers.get("Authorization") != expected:
            return web.json_response({"message": "Wrong auth key"}, status=403)
        if (refused := await self._answer_or_misbehave()) is not None:
            return refused
        target = str(body["target_lang"]).lower()
        return web.json_response(
            {
                "translations": [
                    {
                        "detected_source_language": body.get("source_lang", "NL"),
                        "text": self.translated(text, target),
                        "billed_characters": len(text),
                    }
                    for text in body["text"]
                ]
            }
        )


@asynccontextmanager
async def translation_double(api_key: str | None = None) -> AsyncIterator[TranslationDouble]:
    double = TranslationDouble(api_key=api_key)
    await double.start()
    try:
        yield double
    finally:
        await double.stop()
