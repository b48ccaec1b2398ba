"""`parentbot backup` and `restore` as an administrator uses them, with the secret key."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import secret_key_in
from bot.storage.migrations import available_migrations
from tests.cli.lock_holder import lock_held_by_another_process
from tests.conftest import EXAMPLES
from tests.storage.test_backup import migrated_up_to

ROSTER = EXAMPLES / "regenboog-roster.csv"


@pytest.fixture
def school(capsys, monkeypatch) -> Path:
    """A home with a roster imported; returns the home."""
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "regenboog_bot")
    assert main(["roster", "import", str(ROSTER)]) == 0
    capsys.readouterr()
    return Path.cwd()


def codes(capsys) -> str:
    assert main(["codes", "--format", "csv"]) == 0
    return capsys.readouterr().out


def dated_backups(home: Path) -> list[Path]:
    return sorted((home / "backups").glob("parentbot-*.sqlite3"))


def user_version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def test_backup_writes_a_dated_private_copy_with_the_key_beside_it(school, capsys):
    assert main(["backup"]) == 0
    out = capsys.readouterr().out
    (backup,) = dated_backups(school)
    env = backup.with_suffix(".env")
    assert f"to {backup}\n" in out
    assert f"with its settings and secret key in {env}\n" in out
    assert secret_key_in(env.read_text()) == secret_key_in((school / ".env").read_text())
    assert backup.stat().st_mode & 0o777 == env.stat().st_mode & 0o777 == 0o600
    assert (school / "backups").stat().st_mode & 0o777 == 0o700
    with closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("SELECT count(*) FROM pupils").fetchone() == (28,)


def test_backup_to_a_named_file_refuses_to_overwrite_one(school, tmp_path, capsys):
    target = tmp_path / "usb" / "before-the-import.sqlite3"
    assert main(["backup", str(target)]) == 0
    assert target.is_file()
    assert (tmp_path / "usb" / "before-the-import.env").is_file()
    capsys.readouterr()
    assert main(["backup", str(target)]) == 1
    assert capsys.readouterr().err == (
        f"parentbot: {target} exists already; give a new file name\n"
    )


def test_only_the_newest_backups_kept_are_kept(school, monkeypatch, capsys):
    monkeypatch.setenv("BACKUPS_KEPT", "2")
    for _ in range(3):
        assert main(["backup"]) == 0
    assert len(dated_backups(school)) == 2
    assert len(list((school / "backups").glob("parentbot-*.env"))) == 2


def test_without_a_database_there_is_nothing_to_back_up(tmp_path, capsys):
    (tmp_path / ".env").write_text("")  # a home set up already
    assert main(["backup"]) == 1
    assert capsys.readouterr().err == (
        f"parentbot: there is no database at {tmp_path / 'data' / 'parentbot.sqlite3'} yet:"
        " nothing to back up\n"
    )


def test_restore_brings_back_the_data_and_saves_what_it_replaced(school, tmp_path, capsys):
    before = codes(capsys)
    backup = tmp_path / "saved.sqlite3"
    assert main(["backup", str(backup)]) == 0
    ref = before.splitlines()[1].split(",")[0]
    assert main(["codes", "renew", ref]) == 0
    capsys.readouterr()
    assert codes(capsys) != before
    assert main(["restore", str(backup)]) == 0
    out = capsys.readouterr().out
    (saved,) = dated_backups(school)
    assert f"The database it replaced is saved as {saved}." in out
    assert codes(capsys) == before


def test_restore_on_a_new_machine_brings_the_key_and_settings_too(school, tmp_path, capsys):
    (school / ".env").write_text((school / ".env").read_text() + "SCHOOL_NAME=De Vlinder\n")
    before = codes(capsys)
    assert main(["backup"]) == 0
    (backup,) = dated_backups(school)
    new_home = tmp_path / "new-machine"
    assert main(["--home", str(new_home), "restore", str(backup)]) == 0
    assert f"The secret key from {backup.with_suffix('.env')}" in capsys.readouterr().out
    assert (new_home / ".env").read_text() == backup.with_suffix(".env").read_text()
    assert (new_home / ".env").stat().st_mode & 0o777 == 0o600
    assert new_home.stat().st_mode & 0o777 == 0o700
    assert main(["--home", str(new_home), "codes", "--format", "csv"]) == 0
    assert capsys.readouterr().out == before


def test_restore_without_any_key_is_refused_and_changes_nothing(school, tmp_path, capsys):
    assert main(["backup", str(tmp_path / "bare.sqlite3")]) == 0
    (tmp_path / "bare.env").unlink()
    capsys.readouterr()
    new_home = tmp_path / "new-machine"
    assert main(["--home", str(new_home), "restore", str(tmp_path / "bare.sqlite3")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"parentbot: {tmp_path / 'bare.env'} with the secret key is missing")
    assert len(err.splitlines()) == 1
    assert not new_home.exists()


def test_restore_is_refused_while_the_bot_runs(school, tmp_path, capsys):
    backup = tmp_path / "saved.sqlite3"
    assert main(["backup", str(backup)]) == 0
    capsys.readouterr()
    with lock_held_by_another_process(school / "parentbot.lock") as pid:
        assert main(["restore", str(backup)]) == 1
    assert capsys.readouterr().err == (
        f"parentbot: parentbot is running for {school} (process {pid}): stop it first"
        " (e.g. `systemctl stop parentbot`), then restore\n"
    )
    assert dated_backups(school) == []  # nothing was touched


def test_restore_refuses_a_file_that_is_no_parentbot_database(school, capsys):
    assert main(["restore", str(ROSTER)]) == 1
    assert capsys.readouterr().err == f"parentbot: {ROSTER} is not an SQLite database\n"
    assert main(["restore", "data/parentbot.sqlite3"]) == 1
    assert "is the database itself" in capsys.readouterr().err


def test_a_database_with_data_is_backed_up_before_a_migration(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PARENTBOT_SECRET_KEY", "a-key")
    older = len(available_migrations()) - 1
    (tmp_path / "data").mkdir()
    migrated_up_to(tmp_path / "data" / "parentbot.sqlite3", older)
    assert main(["outbox"]) == 0
    (backup,) = dated_backups(tmp_path)
    assert user_version(backup) == older
    assert secret_key_in(backup.with_suffix(".env").read_text()) == "a-key"
    assert user_version(tmp_path / "data" / "parentbot.sqlite3") == older + 1
    assert main(["outbox"]) == 0  # nothing left to migrate: no second backup
    assert len(dated_backups(tmp_path)) == 1


def test_restoring_the_oldest_dated_backup_keeps_it_and_brings_its_data_back(
    school, monkeypatch, capsys
):
    """Saving the current database prunes the backups folder: the backup being restored
    must survive it, or an empty file would replace the database."""
    monkeypatch.setenv("BACKUPS_KEPT", "2")
    before = codes(capsys)
    assert main(["backup"]) == 0
    (oldest,) = dated_backups(school)
    ref = before.splitlines()[1].split(",")[0]
    assert main(["codes", "renew", ref]) == 0
    assert main(["backup"]) == 0
    assert len(dated_backups(school)) == 2
    assert main(["restore", str(oldest)]) == 0
    capsys.readouterr()
    assert oldest.is_file()
    assert codes(capsys) == before
    assert main(["restore", str(oldest)]) == 0  # again: it is still there to restore


def test_a_damaged_database_is_one_line_and_a_restore_puts_it_right(school, tmp_path, capsys):
    before = codes(capsys)
    backup = tmp_path / "saved.sqlite3"
    assert main(["backup", str(backup)]) == 0
    database = school / "data" / "parentbot.sqlite3"
    database.write_bytes(b"this is no database, it was overwritten by mistake" * 100)
    capsys.readouterr()
    for command in (["codes"], ["outbox"], ["backup"], ["report"]):
        assert main(command) == 1
        assert capsys.readouterr().err == (
            f"parentbot: the database {database} is damaged or not a parentbot database:"
            " restore a backup (parentbot restore FILE)\n"
        )
    assert main(["restore", str(backup)]) == 0
    out = capsys.readouterr().out
    (damaged,) = (school / "data").glob("parentbot.sqlite3.damaged-*")
    assert f"The database it replaced is saved as {damaged}." in out
    assert damaged.read_bytes().startswith(b"this is no database")
    assert codes(capsys) == before


def test_a_named_backup_never_replaces_an_env_beside_it(school, tmp_path, capsys):
    kept = tmp_path / "school.env"
    kept.write_text("TELEGRAM_BOT_TOKEN=123:another-school\n")
    assert main(["backup", str(tmp_path / "school.sqlite3")]) == 1
    assert capsys.readouterr().err == (
        f"parentbot: {kept} exists already (the backup's .env would replace it); give a new"
        " file name\n"
    )
    assert kept.read_text() == "TELEGRAM_BOT_TOKEN=123:another-school\n"
    assert not (tmp_path / "school.sqlite3").exists()
