"""Administrator commands that meet a problem say one line what to do: no traceback, no token."""

from __future__ import annotations

import asyncio
import socket

from bot.cli import main
from bot.launch import TOKEN_REFUSED
from bot.sandbox import Sandbox
from tests.conftest import EXAMPLES

WRONG = "123456:WRONG-token_from-a-typo"


def roster_imported(capsys) -> None:
    assert main(["roster", "import", str(EXAMPLES / "regenboog-roster.csv")]) == 0
    capsys.readouterr()


async def test_codes_with_a_wrong_token_is_one_line_without_the_token(monkeypatch, capsys):
    await asyncio.to_thread(roster_imported, capsys)
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")  # where every request's URL is logged
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", WRONG)
    async with Sandbox() as sandbox:
        monkeypatch.setenv("TELEGRAM_API_URL", sandbox.api_url)
        # The command runs its own event loop, as from a shell, beside the sandbox's.
        assert await asyncio.to_thread(main, ["codes"]) == 1
        assert await asyncio.to_thread(main, ["codes", "renew", "g1"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "WRONG" not in err
    assert "Traceback" not in err
    assert err.count(f"parentbot: {TOKEN_REFUSED}\n") == 2
    assert "getMe" in err  # the DEBUG log was written, with the token blanked


def test_codes_without_telegram_is_one_line_naming_the_setting(monkeypatch, capsys):
    roster_imported(capsys)
    with socket.create_server(("127.0.0.1", 0)) as probe:
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:SECRETPART")
    monkeypatch.setenv("TELEGRAM_API_URL", closed)
    assert main(["codes"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("parentbot: cannot ask Telegram for the bot's @username (")
    assert "set TELEGRAM_BOT_USERNAME in .env" in err
    assert len(err.splitlines()) == 1
    assert "SECRETPART" not in err
