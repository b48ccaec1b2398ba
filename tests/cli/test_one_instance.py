"""One bot per home, and the database's refusals as one line each (never a traceback)."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing

import pytest

from bot.cli import CommandFailed, _database_errors, main
from bot.config import load_settings
from bot.instance_lock import InstanceRunning, instance_lock
from bot.storage.migrations import available_migrations
from tests.cli.lock_holder import lock_held_by_another_process
from tests.conftest import EXAMPLES

TOKEN = "123456:ABC-def_1"


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_a_second_run_names_the_process_that_holds_the_home(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    (tmp_path / ".env").write_text("")  # a home set up already
    with lock_held_by_another_process(tmp_path / "parentbot.lock") as pid:
        assert main(["run"]) == 1
    assert one_line(capsys) == (
        f"parentbot: parentbot is already running for {tmp_path} (process {pid}); stop it"
        " first, or give this one another home (PARENTBOT_HOME or --home)"
    )
    assert TOKEN not in capsys.readouterr().err


def test_a_second_sandbox_in_the_same_home_is_refused(tmp_path, capsys):
    (tmp_path / ".env").write_text("")  # a home set up already
    with lock_held_by_another_process(tmp_path / "sandbox.lock") as pid:
        assert main(["sandbox"]) == 1
    assert f"a sandbox is already running for {tmp_path} (process {pid})" in one_line(capsys)


def test_the_lock_is_free_again_once_its_holder_is_gone(tmp_path):
    lock = tmp_path / "parentbot.lock"
    with (
        lock_held_by_another_process(lock) as pid,
        pytest.raises(InstanceRunning) as running,
        instance_lock(lock),
    ):
        pass
    assert running.value.pid == pid
    with instance_lock(lock):
        assert lock.read_text() == f"{os.getpid()}\n"
    assert lock.stat().st_mode & 0o777 == 0o600


def test_a_database_newer_than_the_code_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PARENTBOT_SECRET_KEY", "a-key")
    (tmp_path / "data").mkdir()
    with closing(sqlite3.connect(tmp_path / "data" / "parentbot.sqlite3")) as conn:
        conn.execute("PRAGMA user_version = 999")
    assert main(["outbox"]) == 1
    assert one_line(capsys) == (
        "parentbot: the database was written by a newer parentbot (schema 999, this version"
        f" knows {len(available_migrations())}): install the newer version or restore a backup"
    )


def test_a_database_locked_by_another_process_is_one_line(tmp_path, capsys):
    (tmp_path / ".env").write_text("")  # a home set up already
    assert main(["outbox"]) == 0  # creates the database
    capsys.readouterr()
    database = tmp_path / "data" / "parentbot.sqlite3"
    with closing(sqlite3.connect(database, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # another program writing, never finishing
        assert main(["roster", "import", str(EXAMPLES / "regenboog-roster.csv")]) == 1
        other.execute("ROLLBACK")
    line = one_line(capsys)
    assert line.startswith(f"parentbot: the database {database} is locked by another process")


def test_a_full_disk_is_one_line_saying_what_can_go(tmp_path):
    settings = load_settings()
    with closing(sqlite3.connect(tmp_path / "small.sqlite3")) as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.execute("PRAGMA max_page_count = 3")  # what SQLite says when the disk is full
        with pytest.raises(CommandFailed) as failed, _database_errors(settings):
            conn.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,))
    assert str(failed.value) == (
        f"the disk holding {settings.database_path} is full: free some space (old backups in"
        f" {tmp_path / 'backups'} can go) and try again"
    )
