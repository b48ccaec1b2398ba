"""The engine adapters against the translation double on loopback: the real HTTP of each
(httpx for LibreTranslate, DeepL's official client), every failure an `EngineFailed`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.domain.machine_translation import EngineFailed, TranslationEngine, protect, restore
from bot.translation_engines import engine_from
from bot.translation_engines.deepl import DeepL
from bot.translation_engines.libretranslate import LibreTranslate
from tests.translation_double import TranslationDouble, translation_double

KEY = "double-key:fx"
MakeEngine = Callable[..., TranslationEngine]


@pytest.fixture
async def double() -> AsyncIterator[TranslationDouble]:
    async with translation_double(api_key=KEY) as started:
        yield started


def libre(
    double: TranslationDouble, *, key: str | None = KEY, timeout: float = 5
) -> LibreTranslate:
    return LibreTranslate(double.url, api_key=key, timeout=timeout)


def deepl(double: TranslationDouble, *, key: str = KEY, timeout: float = 5) -> DeepL:
    return DeepL(key, server_url=double.url, timeout=timeout)


@pytest.mark.parametrize("make", [libre, deepl])
async def test_a_text_is_translated_with_the_names_never_sent(
    double: TranslationDouble, make: MakeEngine
) -> None:
    engine: TranslationEngine = make(double)
    marked, tokens = protect("Emma leest & rekent met juf Fatma", ["Emma", "Fatma"])
    translated = await engine.translate(marked, "nl", "ar")
    assert restore(translated, tokens) == "[ar] Emma leest & rekent met juf Fatma"
    sent = str(double.received[-1])
    assert "Emma" not in sent
    assert "Fatma" not in sent


async def test_libretranslate_is_asked_for_html_with_the_key(double: TranslationDouble) -> None:
    await libre(double).translate("Hallo", "nl", "uk")
    assert double.received == [
        {"q": "Hallo", "source": "nl", "target": "uk", "format": "html", "api_key": KEY}
    ]


async def test_deepl_is_asked_for_xml_ignoring_the_kept_elements(double: TranslationDouble) -> None:
    await deepl(double).translate("Hallo", "nl", "en")
    sent = double.received[-1]
    assert sent["text"] == ["Hallo"]
    assert (sent["source_lang"], sent["target_lang"]) == ("NL", "EN-GB")
    assert (sent["tag_handling"], sent["ignore_tags"]) == ("xml", ["code"])


@pytest.mark.parametrize("make", [libre, deepl])
async def test_a_refused_key_fails(double: TranslationDouble, make: MakeEngine) -> None:
    engine = make(double, key="wrong-key")
    with pytest.raises(EngineFailed):
        await engine.translate("Hallo", "nl", "ar")


@pytest.mark.parametrize("make", [libre, deepl])
async def test_a_failing_engine_fails(double: TranslationDouble, make: MakeEngine) -> None:
    double.mode = "fail"
    with pytest.raises(EngineFailed):
        await make(double).translate("Hallo", "nl", "ar")


@pytest.mark.parametrize("make", [libre, deepl])
async def test_a_hanging_engine_fails_after_the_timeout(
    double: TranslationDouble, make: MakeEngine
) -> None:
    double.mode = "hang"
    engine = make(double, timeout=0.2)
    async with asyncio.timeout(5):  # a safety net: the adapter's own timeout must end it
        with pytest.raises(EngineFailed):
            await engine.translate("Hallo", "nl", "ar")


@pytest.mark.parametrize("make", [libre, deepl])
async def test_an_engine_that_is_down_fails(make: MakeEngine) -> None:
    async with translation_double(api_key=KEY) as stopped:
        await stopped.stop()
        with pytest.raises(EngineFailed):
            await make(stopped).translate("Hallo", "nl", "ar")


def test_the_settings_choose_the_engine(settings: Settings) -> None:
    assert engine_from(settings) is None
    chosen = engine_from(
        settings.model_copy(
            update={"translation_engine": "libretranslate", "translation_url": "http://127.0.0.1:1"}
        )
    )
    assert isinstance(chosen, LibreTranslate)
    chosen = engine_from(
        settings.model_copy(
            update={"translation_engine": "deepl", "translation_api_key": SecretStr(KEY)}
        )
    )
    assert isinstance(chosen, DeepL)
