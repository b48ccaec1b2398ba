from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def test_defaults_are_the_documented_ones():
    settings = load_settings()
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert settings.school_timezone == "Europe/Amsterdam"
    assert settings.default_language == "nl"
    assert settings.database_path == Path("data/parentbot.sqlite3")
    assert settings.telegram_bot_token is None


def test_values_come_from_env_file_and_environment_wins(monkeypatch):
    Path(".env").write_text("SCHOOL_NAME=De Vlinder\nDEFAULT_LANGUAGE=tr\n", encoding="utf-8")
    monkeypatch.setenv("DEFAULT_LANGUAGE", "pl")
    settings = load_settings()
    assert (settings.school_name, settings.default_language) == ("De Vlinder", "pl")


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("SCHOOL_TIMEZONE", "Europe/Amsterdm", "SCHOOL_TIMEZONE: 'Europe/Amsterdm' is not a known"),
        ("DEFAULT_LANGUAGE", "fr", "DEFAULT_LANGUAGE: 'fr' is not one of nl, en, ar, tr, pl, uk"),
        ("TELEGRAM_API_URL", "localhost:8081", "TELEGRAM_API_URL: must start with http"),
        ("SANDBOX_PORT", "eighty", "SANDBOX_PORT:"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_setting(monkeypatch, name, value, expected):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert str(error.value).startswith(expected)
    assert "\n" not in str(error.value)


def test_secret_key_is_generated_once_into_env_file_and_then_reused():
    first = load_settings().secret_key
    lines = Path(".env").read_text(encoding="utf-8").splitlines()
    assert sum(line.startswith("PARENTBOT_SECRET_KEY=") for line in lines) == 1
    assert load_settings().secret_key == first
    assert len(first) >= 32


def test_an_empty_key_line_copied_from_the_example_is_filled_in_place():
    Path(".env").write_text("SCHOOL_NAME=X\nPARENTBOT_SECRET_KEY=\n", encoding="utf-8")
    key = load_settings().secret_key.decode()
    assert (
        Path(".env").read_text(encoding="utf-8") == f"SCHOOL_NAME=X\nPARENTBOT_SECRET_KEY={key}\n"
    )
