import os
import sqlite3
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.home import find_home


def test_defaults_are_the_documented_ones(tmp_path):
    settings = load_settings()
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert settings.school_timezone == "Europe/Amsterdam"
    assert settings.default_language == "nl"
    assert settings.database_path == tmp_path / "data" / "parentbot.sqlite3"
    assert settings.backups_kept == 14
    assert settings.telegram_bot_token is None


def test_the_home_is_the_option_else_the_variable_else_a_folder_with_env_else_xdg(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("PARENTBOT_HOME", str(tmp_path / "named"))
    assert find_home(tmp_path / "given") == tmp_path / "given"
    assert find_home() == tmp_path / "named"
    monkeypatch.delenv("PARENTBOT_HOME")
    assert find_home() == tmp_path / "xdg" / "parentbot"
    Path(".env").write_text("SCHOOL_NAME=X\n", encoding="utf-8")
    assert find_home() == tmp_path
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    monkeypatch.chdir(tmp_path / "..")
    assert find_home() == tmp_path / "user" / ".local" / "share" / "parentbot"


def test_settings_database_and_key_come_from_the_home_not_the_folder(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".env").write_text("SCHOOL_NAME=De Vlinder\nDATABASE_PATH=db/school.sqlite3\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    settings = load_settings(home)
    assert settings.school_name == "De Vlinder"
    assert settings.database_path == home / "db" / "school.sqlite3"
    assert "PARENTBOT_SECRET_KEY=" in (home / ".env").read_text()
    assert list(elsewhere.iterdir()) == []


def test_a_new_home_and_its_env_file_are_private(tmp_path):
    load_settings(tmp_path / "new" / "home")
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "new" / "home").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "new" / "home" / ".env").stat().st_mode & 0o777 == 0o600


def test_an_env_file_copied_from_the_example_is_made_private():
    Path(".env").write_text("PARENTBOT_SECRET_KEY=abc\n", encoding="utf-8")
    os.chmod(".env", 0o644)
    load_settings()
    assert os.stat(".env").st_mode & 0o777 == 0o600


def test_no_new_key_is_made_where_a_database_exists(tmp_path):
    (tmp_path / "data").mkdir()
    sqlite3.connect(tmp_path / "data" / "parentbot.sqlite3").close()
    with pytest.raises(ConfigError) as error:
        load_settings()
    message = str(error.value)
    assert message.startswith("PARENTBOT_SECRET_KEY: not set, but the database")
    assert str(tmp_path / "backups") in message
    assert "\n" not in message
    assert not Path(".env").exists()


def test_a_restore_reads_the_settings_without_making_a_key():
    assert load_settings(create_secret=False).parentbot_secret_key is None
    assert not Path(".env").exists()


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
    assert os.stat(".env").st_mode & 0o777 == 0o600


def test_an_empty_key_line_copied_from_the_example_is_filled_in_place():
    Path(".env").write_text("SCHOOL_NAME=X\nPARENTBOT_SECRET_KEY=\n", encoding="utf-8")
    key = load_settings().secret_key.decode()
    assert (
        Path(".env").read_text(encoding="utf-8") == f"SCHOOL_NAME=X\nPARENTBOT_SECRET_KEY={key}\n"
    )


# Values the bot could read but that could never take effect: refused at start, one line.
@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("NUDGE_AFTER", "5m,30m", "NUDGE_AFTER: 5m is less than a day after booking opens"),
        ("NUDGE_AFTER", "12h", "NUDGE_AFTER: 12h is less than a day after booking opens"),
        ("NUDGE_AFTER", "3d,3d12h", "NUDGE_AFTER: 3d and 3d12h are less than a day apart"),
        ("NUDGE_AFTER", "2d,6d,1d12h", "NUDGE_AFTER: 1d12h and 2d are less than a day apart"),
        ("NUDGE_BEFORE_CLOSE", "2h", "NUDGE_BEFORE_CLOSE: 2h is less than a day before booking"),
        ("NUDGE_BEFORE_CLOSE", "2d,1d", "NUDGE_BEFORE_CLOSE: give one offset (e.g. 1d)"),
        ("REMINDER_OFFSETS", "7d,1d,24h", "REMINDER_OFFSETS: 1d and 24h are the same time"),
        ("TEACHER_DIGEST_AT", "22:30", "TEACHER_DIGEST_AT: 22:30 is within QUIET_HOURS"),
        ("TEACHER_DIGEST_AT", "06:00", "TEACHER_DIGEST_AT: 06:00 is within QUIET_HOURS"),
        ("TEACHER_DIGEST_AT", "19:00+02:00", "TEACHER_DIGEST_AT: give a time of day in the"),
        ("SCHOOL_NAME", "   ", "SCHOOL_NAME: is empty"),
        ("TELEGRAM_BOT_TOKEN", "my-bot-token", "TELEGRAM_BOT_TOKEN: does not look like a token"),
        ("DATABASE_PATH", ".", "DATABASE_PATH: '.' is a folder"),
        ("DELIVERY_RATE", "0", "DELIVERY_RATE:"),
        ("DELIVERY_MAX_ATTEMPTS", "0", "DELIVERY_MAX_ATTEMPTS:"),
        ("ANSWERS_KEPT_DAYS", "-1", "ANSWERS_KEPT_DAYS:"),
        ("LOOK_BACK", "sometimes", "LOOK_BACK:"),
        ("QUIET_HOURS", "21:00", "QUIET_HOURS: '21:00' is not a period"),
    ],
)
def test_a_value_that_could_never_take_effect_is_refused_in_one_line(
    monkeypatch, name, value, expected
):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert str(error.value).startswith(expected)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("NUDGE_AFTER", "1d,2d"),  # a day after opening and a day apart: both are sent
        ("NUDGE_AFTER", "3d12h,6d"),
        ("NUDGE_AFTER", ""),  # no nudges after opening
        ("NUDGE_BEFORE_CLOSE", ""),
        ("REMINDER_OFFSETS", "7d,1d,2h,30m"),  # hours and minutes are fine for reminders
        ("REMINDER_OFFSETS", "1d,1d"),  # the same offset twice is one reminder
        ("TEACHER_DIGEST_AT", "20:59"),
        ("TEACHER_DIGEST_AT", "08:00"),  # quiet hours end at 08:00
        ("TELEGRAM_BOT_TOKEN", "123456:ABC-def_1"),
    ],
)
def test_values_that_take_effect_are_accepted(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    load_settings()


def test_the_digest_may_fall_in_the_evening_when_quiet_hours_are_off_or_later(monkeypatch):
    monkeypatch.setenv("TEACHER_DIGEST_AT", "22:30")
    monkeypatch.setenv("QUIET_HOURS", "off")
    assert load_settings().teacher_digest_at.hour == 22
    monkeypatch.setenv("QUIET_HOURS", "23:00-07:00")
    assert load_settings().teacher_digest_at.hour == 22


def test_nudges_under_a_day_are_refused_because_the_planner_would_drop_them():
    """The refusal matches what the planner does: these nudges never come."""
    from datetime import UTC, datetime, timedelta

    from bot.domain.timing import parse_offsets
    from scheduling.planner import Rules, nudge_times
    from tests.round_fixture import a_round

    opens = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    round_ = a_round(booking_opens_at=opens, booking_closes_at=opens + timedelta(days=14))
    dropped = Rules(tz=UTC, nudge_after=parse_offsets("5m,30m"), nudge_before_close=None)
    assert nudge_times(round_, dropped) == []
    kept = Rules(tz=UTC, nudge_after=parse_offsets("1d,2d"), nudge_before_close=None)
    assert [label for label, _ in nudge_times(round_, kept)] == ["1d", "2d"]
