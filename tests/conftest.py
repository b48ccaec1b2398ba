"""Shared fixtures: every test runs in its own folder with a clean environment."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from bot.domain.clock import ManualClock
from bot.storage.database import Database

SETTING_NAMES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_URL",
    "TELEGRAM_BOT_USERNAME",
    "DATABASE_PATH",
    "SCHOOL_NAME",
    "SCHOOL_TIMEZONE",
    "DEFAULT_LANGUAGE",
    "PARENTBOT_SECRET_KEY",
    "LOG_LEVEL",
    "SANDBOX_HOST",
    "SANDBOX_PORT",
    "LOOK_BACK",
    "SIBLING_GAP_MINUTES",
    "TRANSLATION_ENGINE",
    "TRANSLATION_URL",
    "TRANSLATION_API_KEY",
    "TRANSLATION_TIMEOUT_SECONDS",
    "QUIET_HOURS",
    "REMINDER_OFFSETS",
    "NUDGE_AFTER",
    "NUDGE_BEFORE_CLOSE",
    "DELIVERY_RATE",
    "DELIVERY_MAX_ATTEMPTS",
    "TEACHER_DIGEST_AT",
    "ANSWERS_KEPT_DAYS",
    "BACKUPS_KEPT",
    "TELEGRAM_WEBHOOK_URL",
    "WEBHOOK_LISTEN",
    "WEBHOOK_PORT",
)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No `.env`, setting or database of the developer's leaks into a test."""
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)
    # The test's folder is parentbot's home (bot/home.py), never the developer's data folder.
    monkeypatch.setenv("PARENTBOT_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("PARENTBOT_SECRET_KEY", "test-secret-key-not-for-production")
    return load_settings(database_path=tmp_path / "school.sqlite3")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 9, 7, 8, 0, tzinfo=UTC))


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    database = await Database.open(settings.database_path)
    yield database
    await database.close()
