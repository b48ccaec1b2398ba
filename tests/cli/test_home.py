"""One home: every command finds the same settings, key and database from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import EXAMPLES

ROSTER = EXAMPLES / "regenboog-roster.csv"


def parentbot(*args: str, cwd: Path, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PARENTBOT_HOME"}
    if home is not None:
        env["PARENTBOT_HOME"] = str(home)
    env["XDG_DATA_HOME"] = str(cwd / "xdg")  # never the developer's own data folder
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**env, "TELEGRAM_BOT_USERNAME": "regenboog_bot"},
        capture_output=True,
        text=True,
        check=False,
    )


def folders(tmp_path: Path, *names: str) -> list[Path]:
    for name in names:
        (tmp_path / name).mkdir()
    return [tmp_path / name for name in names]


def test_every_command_finds_the_home_from_any_folder(tmp_path):
    home, first, second = folders(tmp_path, "home", "first", "second")
    assert parentbot("roster", "import", str(ROSTER), cwd=first, home=home).returncode == 0
    from_first = parentbot("codes", "--format", "csv", cwd=first, home=home)
    from_second = parentbot("codes", "--format", "csv", cwd=second, home=home)
    assert from_first.returncode == 0, from_first.stderr
    assert from_first.stdout == from_second.stdout
    assert len(from_first.stdout.splitlines()) == 1 + 33
    assert (home / ".env").is_file()
    assert (home / "data" / "parentbot.sqlite3").is_file()
    assert list(first.iterdir()) == list(second.iterdir()) == []


def test_the_home_option_names_it_before_the_command(tmp_path):
    home, elsewhere = folders(tmp_path, "home", "elsewhere")
    imported = parentbot("--home", str(home), "roster", "import", str(ROSTER), cwd=elsewhere)
    assert imported.returncode == 0, imported.stderr
    listed = parentbot("codes", "--format", "csv", cwd=tmp_path, home=home)
    assert len(listed.stdout.splitlines()) == 1 + 33
    assert list(elsewhere.iterdir()) == []


def test_without_a_home_a_folder_without_env_uses_the_user_data_folder(tmp_path):
    (elsewhere,) = folders(tmp_path, "elsewhere")
    assert parentbot("roster", "import", str(ROSTER), cwd=elsewhere).returncode == 0
    assert (elsewhere / "xdg" / "parentbot" / "data" / "parentbot.sqlite3").is_file()
    assert sorted(path.name for path in elsewhere.iterdir()) == ["xdg"]


def test_no_new_secret_is_made_beside_an_existing_database(tmp_path, capsys):
    assert main(["roster", "import", str(ROSTER)]) == 0
    Path(".env").rename("lost.env")
    capsys.readouterr()
    assert main(["codes"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(
        "parentbot: configuration error: PARENTBOT_SECRET_KEY: not set, but the database"
    )
    assert "put the old .env back" in err[0]
    assert not Path(".env").exists()


def test_version_comes_from_the_package(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"parentbot {version('parentbot')}"


def test_a_command_in_a_folder_that_is_no_home_refuses_and_creates_nothing(tmp_path):
    """The issue's headline: `parentbot codes` started in the wrong folder must not make a
    new home with a new key (every printed letter would be invalid)."""
    (elsewhere,) = folders(tmp_path, "elsewhere")
    for command in (["codes"], ["codes", "renew", "g1"], ["outbox"], ["backup"], ["doctor"]):
        refused = parentbot(*command, cwd=elsewhere)
        assert refused.returncode == 1, refused.stderr
        assert refused.stdout == ""
        assert refused.stderr == (
            f"parentbot: no parentbot home at {elsewhere / 'xdg' / 'parentbot'} (no .env or"
            " database there): run it in the folder of your .env, or set PARENTBOT_HOME"
            " / --home\n"
        )
    assert list(elsewhere.iterdir()) == []


def test_setting_a_school_up_creates_the_home_and_says_so_once(tmp_path):
    home, elsewhere = folders(tmp_path, "home", "elsewhere")
    first = parentbot("roster", "import", str(ROSTER), cwd=elsewhere, home=home / "school")
    assert first.returncode == 0, first.stderr
    assert first.stderr == f"parentbot: created a new home at {home / 'school'}\n"
    again = parentbot("codes", cwd=elsewhere, home=home / "school")
    assert again.returncode == 0, again.stderr
    assert again.stderr == ""
