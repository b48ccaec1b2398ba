"""DeepL, through its official client: an external service (see the README on privacy).

The text goes as XML with `<code>` ignored, so DeepL leaves the protected names alone
(`bot.domain.machine_translation`). The client is synchronous: each call runs in a
thread, bounded by the timeout (a call that overruns is abandoned, never awaited).
"""

from __future__ import annotations

import asyncio

import deepl

from bot.domain.machine_translation import IGNORED_TAG, EngineFailed

# DeepL wants a variant for some targets: "EN" alone is refused.
_TARGETS = {"en": "EN-GB", "pt": "PT-PT"}


class DeepL:
    """DeepL's API with the school's key (`server_url`: another address, e.g. a test's)."""

    name = "deepl"

    def __init__(self, api_key: str, *, server_url: str | None, timeout: float) -> None:
        # The client retries with back-off on its own; here a failure must come quickly, so
        # the original goes out instead (these are the client's documented module settings).
        deepl.http_client.max_network_retries = 0
        deepl.http_client.min_connection_timeout = timeout
        self._client = deepl.Translator(api_key, server_url=server_url, send_platform_info=False)
        self._timeout = timeout

    async def translate(self, text: str, source: str, target: str) -> str:
        try:
            async with asyncio.timeout(self._timeout):
                result = await asyncio.to_thread(
                    self._client.translate_text,
                    text,
                    source_lang=source.upper(),
                    target_lang=_TARGETS.get(target, target.upper()),
                    tag_handling="xml",
                    ignore_tags=[IGNORED_TAG],
                )
        except (deepl.DeepLException, TimeoutError, ValueError) as error:
            raise EngineFailed(f"deepl: {type(error).__name__}") from error
        if isinstance(result, list):
            raise EngineFailed("deepl: more than one answer to one text")
        return str(result.text)
