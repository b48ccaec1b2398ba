"""The translation engine's settings: off by default, each engine refused without what it
needs, in one line naming the setting."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings


def test_machine_translation_is_off_by_default() -> None:
    settings = load_settings()
    assert settings.translation_engine == "off"
    assert not settings.machine_translation
    assert settings.translation_timeout_seconds == 10


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"TRANSLATION_ENGINE": "google"}, "TRANSLATION_ENGINE: 'google' is not one of off,"),
        ({"TRANSLATION_ENGINE": "libretranslate"}, "TRANSLATION_URL: is needed for"),
        (
            {"TRANSLATION_ENGINE": "libretranslate", "TRANSLATION_URL": "localhost:5000"},
            "TRANSLATION_URL: must start with http",
        ),
        ({"TRANSLATION_ENGINE": "deepl"}, "TRANSLATION_API_KEY: is needed for"),
        ({"TRANSLATION_TIMEOUT_SECONDS": "120"}, "TRANSLATION_TIMEOUT_SECONDS:"),
    ],
)
def test_an_engine_without_what_it_needs_is_refused(
    monkeypatch: pytest.MonkeyPatch, values: dict[str, str], expected: str
) -> None:
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert str(error.value).startswith(expected)
    assert "\n" not in str(error.value)


def test_a_configured_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSLATION_ENGINE", "LibreTranslate")
    monkeypatch.setenv("TRANSLATION_URL", "http://127.0.0.1:5000/")
    monkeypatch.setenv("TRANSLATION_API_KEY", "")
    settings = load_settings()
    assert (settings.translation_engine, settings.translation_url) == (
        "libretranslate",
        "http://127.0.0.1:5000",
    )
    assert settings.translation_api_key is None
    assert settings.machine_translation
