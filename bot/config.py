"""Settings from the environment and a `.env` file, validated once at start-up.

An administrator who mistypes a value must get one line naming the setting, never a
traceback; `ConfigError` carries that line. A value the bot could read but that could
never take effect (a nudge the planner always drops, a digest time inside quiet hours) is
refused the same way, at start, rather than silently doing nothing.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.domain.contact_details import email_address, phone_number
from bot.domain.conversations import parse_working_hours
from bot.domain.family_time import DEFAULT_GAP
from bot.domain.timing import Offset, QuietHours, parse_offsets, parse_quiet_hours
from bot.home import BACKUPS_FOLDER_NAME, ENV_FILE_NAME, LOCK_FILE_NAME, find_home
from bot.languages import SUPPORTED_LANGUAGES
from bot.storage.files import keep_private, private_folder, write_private
from scheduling.planner import MIN_NUDGE_GAP

SECRET_KEY_NAME = "PARENTBOT_SECRET_KEY"
# What @BotFather hands out: the bot's id, a colon, a secret (e.g. 123456:ABC-def_1).
_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")
TRANSLATION_ENGINES = ("off", "libretranslate", "deepl")


class ConfigError(Exception):
    """A setting has a value the bot cannot use; the message names the setting."""


class Settings(BaseSettings):
    """Every setting the bot reads; `.env.example` documents each with its default."""

    # The `.env` file is the home's, named by `load_settings` (bot/home.py).
    model_config = SettingsConfigDict(env_file_encoding="utf-8", extra="ignore", frozen=True)

    # The folder of `.env`, the database and the backups (README: "Running it at a school").
    parentbot_home: Path
    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_bot_username: str | None = None
    # Webhook mode (README: "Webhook mode"): Telegram calls this https address; unset: polling.
    telegram_webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"  # a container's port or a proxy reaches the bot from outside
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    # Relative to the home.
    database_path: Path = Path("data/parentbot.sqlite3")
    # Dated backups kept in the home's backups folder; older ones are deleted.
    backups_kept: int = Field(default=14, ge=1, le=1000)
    school_name: str = "Basisschool De Regenboog"
    school_timezone: str = "Europe/Amsterdam"
    default_language: str = "nl"
    parentbot_secret_key: SecretStr | None = None
    log_level: str = "INFO"
    sandbox_host: str = "127.0.0.1"
    sandbox_port: int = Field(default=8081, ge=0, le=65535)
    # Reminders and delivery (README: "Reminders and delivery").
    quiet_hours: str = "21:00-08:00"
    reminder_offsets: str = "7d,1d"
    nudge_after: str = "3d,6d"
    nudge_before_close: str = "1d"
    delivery_rate: float = Field(default=30.0, gt=0, le=1000)
    delivery_max_attempts: int = Field(default=8, ge=1, le=100)
    # The teacher's digest of tomorrow's talks and answers, school time (before quiet hours).
    teacher_digest_at: time = time(19, 0)
    # After a talk, ask the parents whether it was a good talk (the guide's last step).
    look_back: bool = True
    # Parents' answers are deleted this many days after their round's talks ended (0: never).
    answers_kept_days: int = Field(default=365, ge=0, le=3650)
    # Minutes a family needs between two talks with different teachers in different places.
    sibling_gap_minutes: int = Field(default=DEFAULT_GAP // timedelta(minutes=1), ge=0, le=60)
    # When teachers read parents' messages (school time); outside it they wait: "off" never.
    teacher_hours: str = "mon-fri 08:00-17:00"
    # How parents reach the school (README: "Contact details"); empty: not shown.
    school_phone: str = ""
    school_email: str = ""
    # Machine translation of free text (README: "Machine translation (optional)").
    translation_engine: str = "off"
    translation_url: str | None = Field(default=None, validate_default=True)
    translation_api_key: SecretStr | None = Field(default=None, validate_default=True)
    # Below outbox.HOLD (60 s): a message waits for its translation at most that long.
    translation_timeout_seconds: float = Field(default=10.0, gt=0, le=30)

    @field_validator(
        "telegram_bot_token",
        "telegram_bot_username",
        "telegram_webhook_url",
        "parentbot_secret_key",
        "translation_url",
        "translation_api_key",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_bot_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN_SHAPE.fullmatch(value.get_secret_value().strip()):
            raise ValueError(
                "does not look like a token from @BotFather (digits, a colon, then letters,"
                " digits, - or _)"
            )
        return value

    @field_validator("telegram_webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not value.startswith("https://") or not urlsplit(value).hostname:
            raise ValueError(f"Telegram only calls https:// addresses, got {value!r}")
        return value

    @field_validator("database_path")
    @classmethod
    def _check_database_path(cls, value: Path, info: ValidationInfo) -> Path:
        home: Path = info.data["parentbot_home"]
        path = home / value.expanduser()
        if path.is_dir():
            raise ValueError(f"{str(value)!r} is a folder; give the database file inside it")
        return path

    @field_validator("school_name")
    @classmethod
    def _check_school_name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is empty; parents see the school's name in every message")
        return value.strip()

    @field_validator("school_phone")
    @classmethod
    def _check_school_phone(cls, value: str) -> str:
        return phone_number(value) if value.strip() else ""

    @field_validator("school_email")
    @classmethod
    def _check_school_email(cls, value: str) -> str:
        return email_address(value) if value.strip() else ""

    @field_validator("telegram_api_url")
    @classmethod
    def _check_api_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"must start with http:// or https://, got {value!r}")
        return value

    @field_validator("school_timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not a known time zone (e.g. Europe/Amsterdam)"
            ) from None
        return value

    @field_validator("default_language")
    @classmethod
    def _check_language(cls, value: str) -> str:
        if value not in SUPPORTED_LANGUAGES:
            raise ValueError(f"{value!r} is not one of {', '.join(SUPPORTED_LANGUAGES)}")
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError(f"{value!r} is not DEBUG, INFO, WARNING or ERROR")
        return level

    @field_validator("quiet_hours")
    @classmethod
    def _check_quiet_hours(cls, value: str) -> str:
        parse_quiet_hours(value)
        return value.strip()

    @field_validator("teacher_hours")
    @classmethod
    def _check_teacher_hours(cls, value: str) -> str:
        parse_working_hours(value)
        return value

    @field_validator("reminder_offsets")
    @classmethod
    def _check_reminder_offsets(cls, value: str) -> str:
        _same_time_twice(value)
        return value.strip()

    @field_validator("nudge_after")
    @classmethod
    def _check_nudge_after(cls, value: str) -> str:
        # The planner keeps nudges a day from the opening and from each other (the later
        # one wins): anything closer would be dropped every time, so it is refused here.
        offsets = sorted(parse_offsets(value), key=lambda offset: offset.approximate)
        for offset in offsets:
            if offset.approximate < MIN_NUDGE_GAP:
                raise ValueError(
                    f"{offset.label} is less than a day after booking opens, and nudges come"
                    " at least a day after it, so it would never be sent (use days, e.g. 3d,6d)"
                )
        for earlier, later in pairwise(offsets):
            if later.approximate - earlier.approximate < MIN_NUDGE_GAP:
                raise ValueError(
                    f"{earlier.label} and {later.label} are less than a day apart, and nudges"
                    f" come at least a day apart, so {earlier.label} would never be sent"
                )
        return value.strip()

    @field_validator("nudge_before_close")
    @classmethod
    def _check_nudge_before_close(cls, value: str) -> str:
        offsets = parse_offsets(value)
        if len(offsets) > 1:
            raise ValueError(
                f"give one offset (e.g. 1d), not {value.strip()!r}: there is one nudge before"
                " booking closes"
            )
        if offsets and offsets[0].approximate < MIN_NUDGE_GAP:
            raise ValueError(
                f"{offsets[0].label} is less than a day before booking closes, and nudges come"
                " at least a day before it, so it would never be sent (use days, e.g. 1d)"
            )
        return value.strip()

    @field_validator("teacher_digest_at")
    @classmethod
    def _check_digest_time(cls, value: time, info: ValidationInfo) -> time:
        if value.tzinfo is not None:
            raise ValueError("give a time of day in the school's time zone, e.g. 19:00")
        text = info.data.get("quiet_hours")  # absent when QUIET_HOURS itself was refused
        quiet = parse_quiet_hours(text) if isinstance(text, str) else None
        if quiet is not None and _is_quiet(quiet, value):
            raise ValueError(
                f"{value:%H:%M} is within QUIET_HOURS ({quiet.label}), so the digest would"
                f" wait until {quiet.end:%H:%M} on the day of the talks; choose a time"
                " outside quiet hours"
            )
        return value

    @field_validator("translation_engine")
    @classmethod
    def _check_translation_engine(cls, value: str) -> str:
        engine = value.strip().lower()
        if engine not in TRANSLATION_ENGINES:
            raise ValueError(f"{value!r} is not one of {', '.join(TRANSLATION_ENGINES)}")
        return engine

    @field_validator("translation_url")
    @classmethod
    def _check_translation_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            if info.data.get("translation_engine") == "libretranslate":
                raise ValueError(
                    "is needed for TRANSLATION_ENGINE=libretranslate: the address of the"
                    " school's LibreTranslate server, e.g. http://127.0.0.1:5000"
                )
            return None
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"must start with http:// or https://, got {value!r}")
        return value

    @field_validator("translation_api_key")
    @classmethod
    def _check_translation_api_key(
        cls, value: SecretStr | None, info: ValidationInfo
    ) -> SecretStr | None:
        if value is None and info.data.get("translation_engine") == "deepl":
            raise ValueError("is needed for TRANSLATION_ENGINE=deepl: the school's DeepL API key")
        return value

    @property
    def machine_translation(self) -> bool:
        """Whether an engine translates free text (else it is shown as written, marked)."""
        return self.translation_engine != "off"

    @property
    def quiet_period(self) -> QuietHours | None:
        return parse_quiet_hours(self.quiet_hours)

    def held_until(self, queued_at: datetime) -> datetime | None:
        """When quiet hours let a notification queued at `queued_at` go out (None: at once)."""
        quiet = self.quiet_period
        return quiet.until(queued_at, self.timezone) if quiet else None

    @property
    def reminder_offset_list(self) -> tuple[Offset, ...]:
        return parse_offsets(self.reminder_offsets)

    @property
    def nudge_offset_list(self) -> tuple[Offset, ...]:
        return parse_offsets(self.nudge_after)

    @property
    def nudge_before_close_offset(self) -> Offset | None:
        offsets = parse_offsets(self.nudge_before_close)
        return offsets[-1] if offsets else None

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.school_timezone)

    @property
    def env_file(self) -> Path:
        return self.parentbot_home / ENV_FILE_NAME

    @property
    def backups_folder(self) -> Path:
        return self.parentbot_home / BACKUPS_FOLDER_NAME

    @property
    def lock_file(self) -> Path:
        return self.parentbot_home / LOCK_FILE_NAME

    @property
    def secret_key(self) -> bytes:
        if self.parentbot_secret_key is None:
            raise ConfigError(f"{SECRET_KEY_NAME}: not set (run any parentbot command once)")
        return self.parentbot_secret_key.get_secret_value().encode()


def load_settings(
    home: Path | None = None, *, create_secret: bool = True, **overrides: Any
) -> Settings:
    """Read and validate the settings of the home (bot/home.py: `home`, else found),
    creating the secret key on first use unless `create_secret` is False.

    `overrides` are field values, validated (and converted) as those read from the environment.
    """
    folder = find_home(home)
    try:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=folder / ENV_FILE_NAME, parentbot_home=folder, **overrides
        )
    except ValidationError as error:
        raise ConfigError(_describe(error)) from None
    if settings.env_file.is_file():
        keep_private(settings.env_file)
    return with_a_secret_key(settings) if create_secret else settings


def is_a_home(settings: Settings) -> bool:
    """Whether the home was set up: it has a `.env` or a database (a folder that merely
    exists, or none at all, is not one)."""
    return settings.env_file.is_file() or settings.database_path.exists()


def with_a_secret_key(settings: Settings) -> Settings:
    """The settings with their key, made and written to `.env` (creating the home) when
    missing, unless a database shows letters were printed with a lost one."""
    if settings.parentbot_secret_key is not None:
        return settings
    _refuse_a_new_key_beside(settings.database_path, settings.backups_folder)
    key = secrets.token_urlsafe(32)
    write_secret_key(settings.env_file, key)
    return settings.model_copy(update={"parentbot_secret_key": SecretStr(key)})


def _refuse_a_new_key_beside(database: Path, backups: Path) -> None:
    """A database exists, so letters were printed with a key that is now missing: a new
    one would silently invalidate all of them. Only the old key can help."""
    if database.exists():
        raise ConfigError(
            f"{SECRET_KEY_NAME}: not set, but the database {database} exists; a new key would"
            f" make every printed letter invalid, so none is made: put the old .env back"
            f" (each backup in {backups} has its .env beside it) or point PARENTBOT_HOME"
            " (or --home) at the folder that holds it"
        )


def _same_time_twice(text: str) -> None:
    """Refuse two offsets that name the same moment ("1d" and "24h"): one of the two
    reminders would be dropped every time."""
    seen: dict[Any, Offset] = {}
    for offset in parse_offsets(text):
        other = seen.setdefault(offset.approximate, offset)
        if other is not offset:
            raise ValueError(
                f"{other.label} and {offset.label} are the same time before a talk, so only"
                " one of them would be sent"
            )


def _is_quiet(quiet: QuietHours, at: time) -> bool:
    """Whether a time of day falls within the quiet period (any day: no clock change)."""
    return quiet.until(datetime.combine(date(2000, 1, 3), at, tzinfo=UTC), UTC) is not None


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    name = str(first["loc"][0]).upper() if first["loc"] else "settings"
    message = first["msg"].removeprefix("Value error, ")
    return f"{name}: {message}"


def write_secret_key(env_file: Path, key: str) -> None:
    """Keep the key that derives invitation codes in `env_file`, the rest of it unchanged.

    The key lives outside the database so a leaked database dump reveals no usable code.
    """
    text = env_file.read_text(encoding="utf-8") if env_file.exists() else ""
    private_folder(env_file.parent)
    write_private(env_file, with_secret_key(text, key))


def with_secret_key(env_text: str, key: str) -> str:
    """`.env` text with the key set: in place of its key line (an empty one copied from
    `.env.example`, or an old key), else added at the end with a warning to keep it."""
    lines = env_text.splitlines()
    setting = f"{SECRET_KEY_NAME}={key}"
    at = next((i for i, line in enumerate(lines) if line.startswith(f"{SECRET_KEY_NAME}=")), None)
    if at is not None:
        lines[at] = setting
    else:
        lines += [
            "# Derives the invitation codes. Keep it secret and keep it: a new key",
            "# invalidates every printed letter.",
            setting,
        ]
    return "\n".join(lines) + "\n"


def secret_key_in(env_text: str) -> str | None:
    """The key an `.env` text sets, if any (the last line wins, as when it is read)."""
    keys = [
        line.partition("=")[2].strip().strip("'\"")
        for line in env_text.splitlines()
        if line.startswith(f"{SECRET_KEY_NAME}=")
    ]
    return keys[-1] if keys and keys[-1] else None
