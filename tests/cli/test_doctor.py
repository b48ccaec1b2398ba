"""`parentbot doctor`: one line per check, against the sandbox standing in for Telegram."""

from __future__ import annotations

import io
import shutil
import socket
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr
from telegram import WebhookInfo

from bot.config import Settings
from bot.doctor import Check, examine, report, run_doctor, webhook_check
from bot.domain.clock import ManualClock, SystemClock
from bot.i18n import LOCALES_DIR
from bot.launch import TOKEN_REFUSED
from bot.sandbox import Sandbox
from bot.storage.database import Database
from bot.storage.migrations import available_migrations


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox() as running:
        yield running


def against(settings: Settings, api_url: str, token: str) -> Settings:
    return settings.model_copy(
        update={"telegram_api_url": api_url, "telegram_bot_token": SecretStr(token)}
    )


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {check.name: check for check in checks}


async def test_a_healthy_installation_is_all_ok_one_line_each(settings, sandbox):
    await (await Database.open(settings.database_path)).close()
    checks = await examine(against(settings, sandbox.api_url, sandbox.token), SystemClock())
    out = io.StringIO()
    assert report(checks, out) == 0
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "ok    settings",
        "ok    secret key",
        "ok    database",
        "ok    translations",
        "ok    time zone",
        "ok    clock",
        "ok    token",
        "ok    webhook",
    ]
    found = by_name(checks)
    assert f"schema version {len(available_migrations())} (current)" in found["database"].detail
    assert found["token"].detail == "Telegram knows this bot as @parentbot_sandbox_bot"
    assert found["clock"].detail == "agrees with Telegram's"
    assert found["webhook"].detail.startswith("none (the bot fetches updates by long polling)")


async def test_a_wrong_token_fails_with_what_to_do_and_without_the_token(settings, sandbox):
    wrong = "123456:WRONG-token_from-a-typo"
    out = io.StringIO()
    assert report(await examine(against(settings, sandbox.api_url, wrong), SystemClock()), out) == 1
    assert f"FAIL  token: {TOKEN_REFUSED}" in out.getvalue().splitlines()
    assert "WRONG" not in out.getvalue()


async def test_telegram_out_of_reach_fails_and_the_clock_is_checked_alone(settings):
    with socket.create_server(("127.0.0.1", 0)) as probe:
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    found = by_name(await examine(against(settings, closed, "123456:SECRETPART"), SystemClock()))
    assert not found["token"].ok
    assert found["token"].detail.startswith("Telegram is not reachable (")
    assert "SECRETPART" not in found["token"].detail
    assert found["clock"].ok
    assert "not compared" in found["clock"].detail
    assert "webhook" not in found


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime.now(UTC) + timedelta(hours=3), "3 hours off Telegram's"),
        (datetime(2019, 5, 1, tzinfo=UTC), "this machine says it is 2019-05-01"),
    ],
)
async def test_a_wrong_clock_fails_with_how_to_fix_it(settings, sandbox, moment, expected):
    checks = await examine(against(settings, sandbox.api_url, sandbox.token), ManualClock(moment))
    clock = by_name(checks)["clock"]
    assert not clock.ok
    assert expected in clock.detail
    assert "timedatectl set-ntp true" in clock.detail


async def test_a_database_newer_than_the_code_fails_and_none_yet_is_fine(settings, sandbox):
    patient = against(settings, sandbox.api_url, sandbox.token)
    assert not settings.database_path.exists()
    fresh = by_name(await examine(patient, SystemClock()))["database"]
    assert fresh.ok
    assert "none yet" in fresh.detail
    assert not settings.database_path.exists()  # the doctor creates nothing
    with sqlite3.connect(settings.database_path) as conn:
        conn.execute("PRAGMA user_version = 999")
    newer = by_name(await examine(patient, SystemClock()))["database"]
    assert not newer.ok
    assert "schema version 999, newer than this parentbot" in newer.detail


async def test_a_missing_translation_fails_naming_the_language(settings, sandbox, tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    po = locales / "tr" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    first = text.index('msgstr "', text.index("\nmsgid ", text.index("\nmsgid ") + 1))
    end = text.index("\n", first)
    po.write_text(text[:first] + 'msgstr ""' + text[end:], encoding="utf-8")
    patient = against(settings, sandbox.api_url, sandbox.token)
    translations = by_name(await examine(patient, SystemClock(), locales))["translations"]
    assert not translations.ok
    assert translations.detail.startswith("tr lacks 1 of ")


def test_awebhook_check_whose_deliveries_fail_is_reported(settings):
    failing = WebhookInfo(
        url="https://bot.school.example/telegram",
        has_custom_certificate=False,
        pending_update_count=4,
        last_error_date=datetime(2026, 11, 29, 8, 0, tzinfo=UTC),
        last_error_message="Connection refused",
    )
    check = webhook_check(failing)
    assert not check.ok
    assert check.detail.startswith("4 updates waiting; Telegram's last delivery to https://bot")
    assert "(Connection refused)" in check.detail
    delivered = WebhookInfo(url=failing.url, has_custom_certificate=False, pending_update_count=0)
    assert webhook_check(delivered) == Check("webhook", True, f"{failing.url}; 0 updates waiting")


def test_run_doctor_prints_and_exits_1_when_a_check_fails(settings, capsys):
    assert run_doctor(settings) == 1  # no token in the test's settings
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("ok    settings: read")
    assert lines[-1].startswith("FAIL  token: TELEGRAM_BOT_TOKEN is not set")


async def test_a_file_that_is_no_database_fails_with_where_to_look(settings, sandbox):
    settings.database_path.write_bytes(b"these are the minutes of the parents' council")
    patient = against(settings, sandbox.api_url, sandbox.token)
    database = by_name(await examine(patient, SystemClock()))["database"]
    assert not database.ok
    assert "cannot be read (file is not a database)" in database.detail
    assert "DATABASE_PATH" in database.detail


def test_the_doctor_only_looks_a_missing_key_is_its_fail_line_and_none_is_written(tmp_path, capsys):
    from bot.cli import main

    (tmp_path / ".env").write_text("SCHOOL_NAME=De Vlinder\n")
    assert main(["doctor"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("FAIL  secret key: PARENTBOT_SECRET_KEY is not set")
    assert (tmp_path / ".env").read_text() == "SCHOOL_NAME=De Vlinder\n"
    (tmp_path / ".env").unlink()
    (tmp_path / "data").mkdir()
    sqlite3.connect(tmp_path / "data" / "parentbot.sqlite3").close()  # a database, no key
    assert main(["doctor"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines()[1].startswith("FAIL  secret key: PARENTBOT_SECRET_KEY is not set")
    assert not (tmp_path / ".env").exists()


def test_the_doctor_in_a_folder_that_is_no_home_creates_nothing(tmp_path, capsys):
    from bot.cli import main

    assert main(["--home", str(tmp_path / "nowhere"), "doctor"]) == 1
    assert capsys.readouterr().err.startswith(
        f"parentbot: no parentbot home at {tmp_path / 'nowhere'} "
    )
    assert not (tmp_path / "nowhere").exists()
