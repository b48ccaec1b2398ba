import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import EXAMPLES


@pytest.fixture
def school_files(tmp_path: Path) -> dict[str, Path]:
    files = {}
    for name in ("roster", "staff"):
        files[name] = tmp_path / f"{name}.csv"
        shutil.copy(EXAMPLES / f"regenboog-{name}.csv", files[name])
    return files


def test_roster_import_twice_reports_no_change_the_second_time(school_files, capsys):
    assert main(["roster", "import", str(school_files["roster"])]) == 0
    first = capsys.readouterr().out
    assert "pupils:    added 28" in first
    assert main(["roster", "import", str(school_files["roster"])]) == 0
    second = capsys.readouterr().out
    assert "No change." in second
    assert "unchanged 28" in second


def test_dry_run_says_so_and_writes_nothing(school_files, capsys):
    assert main(["roster", "import", "--dry-run", str(school_files["roster"])]) == 0
    assert "Dry run, nothing written." in capsys.readouterr().out
    with sqlite3.connect("data/parentbot.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM pupils").fetchone() == (0,)


def test_a_broken_file_is_refused_with_line_numbers(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("leerlingnummer;roepnaam;achternaam;groep;naam verzorger\n;Bo;Kok;4;Ann\n")
    assert main(["roster", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "nothing was changed" in err
    assert "line 2: empty pupil number" in err


def test_a_missing_file_is_one_line_not_a_traceback(capsys):
    Path(".env").write_text("")  # a home set up already
    assert main(["roster", "import", "nowhere.csv"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "parentbot: cannot read nowhere.csv: No such file or directory"


def test_a_bad_setting_is_one_line_naming_it(monkeypatch, capsys):
    monkeypatch.setenv("SCHOOL_TIMEZONE", "Mars/Olympus")
    assert main(["codes"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("parentbot: configuration error: SCHOOL_TIMEZONE:")


def test_codes_lists_every_guardian_and_staff_member_with_a_link(school_files, capsys, monkeypatch):
    main(["roster", "import", str(school_files["roster"])])
    main(["staff", "import", str(school_files["staff"])])
    capsys.readouterr()
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "@regenboog_bot")
    assert main(["codes", "--format", "csv"]) == 0
    first = capsys.readouterr().out.splitlines()
    assert main(["codes", "--format", "csv"]) == 0
    second = capsys.readouterr().out.splitlines()
    assert first == second
    assert first[0].startswith("ref,kind,name")
    assert len(first) == 1 + 33 + 7
    assert all("https://t.me/regenboog_bot?start=" in line for line in first[1:])


def test_codes_for_one_group_in_text(school_files, capsys):
    main(["roster", "import", str(school_files["roster"])])
    main(["staff", "import", str(school_files["staff"])])
    capsys.readouterr()
    assert main(["codes", "--group", "7/8"]) == 0
    out = capsys.readouterr().out
    assert "Ruben Prins" in out
    assert "Saskia Mulder" in out
    assert "Marloes Dekker" not in out


def test_renew_prints_a_new_link_and_the_old_one_disappears(school_files, capsys):
    main(["roster", "import", str(school_files["roster"])])
    capsys.readouterr()
    main(["codes", "--group", "4", "--format", "csv"])
    rows = capsys.readouterr().out.splitlines()[1:]
    ref, old_link = rows[0].split(",")[0], rows[0].split(",")[-1]
    assert main(["codes", "renew", ref]) == 0
    out = capsys.readouterr().out
    assert "the old one no longer works" in out
    main(["codes", "--group", "4", "--format", "csv"])
    relisted = capsys.readouterr().out
    assert old_link not in relisted
    assert out.splitlines()[1].strip() in relisted


def test_renew_for_an_unknown_reference(school_files, capsys):
    assert main(["roster", "import", str(school_files["roster"])]) == 0
    assert main(["codes", "renew", "g999"]) == 1
    assert "nobody active has reference 'g999'" in capsys.readouterr().err


def test_run_without_token_explains_how_to_get_one(capsys):
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "@BotFather" in err
    assert "parentbot sandbox" in err


def test_python_dash_m_bot_is_the_same_command(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "roster" in result.stdout
    assert "codes" in result.stdout


def test_plan_apply_reports_rounds_then_no_change_and_refuses_a_bad_plan(
    school_files, capsys, tmp_path
):
    main(["roster", "import", str(school_files["roster"])])
    main(["staff", "import", str(school_files["staff"])])
    plan = EXAMPLES / "regenboog-plan-2026-2027.toml"
    capsys.readouterr()
    assert main(["plan", "apply", "--dry-run", str(plan)]) == 0
    assert "Dry run, nothing written." in capsys.readouterr().out
    assert main(["plan", "apply", str(plan)]) == 0
    assert "progress-2026-12: added (talks +41 -0)" in capsys.readouterr().out
    assert main(["plan", "apply", str(plan)]) == 0
    assert "progress-2026-12: unchanged" in capsys.readouterr().out
    bad = tmp_path / "bad-plan.toml"
    bad.write_text(plan.read_text().replace('"7/8"]', '"9/10"]', 1))
    assert main(["plan", "apply", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "nothing was changed" in err
    assert "unknown group format '9/10'" in err


def test_outbox_shows_counts_and_problems_and_retries_a_failed_message(capsys):
    Path(".env").write_text("")  # a home set up already
    assert main(["outbox"]) == 0  # creates the database
    with sqlite3.connect("data/parentbot.sqlite3") as conn:
        rows = [
            ("guardian", 12, "invitation", "sent", "a", None),
            ("guardian", 13, "nudge", "failed", "b", "NetworkError: Bad Gateway (502)"),
            ("guardian", 14, "invitation", "unreachable", "c", "Forbidden: bot was blocked"),
            ("staff", 3, "escalation", "pending", "d", None),
        ]
        conn.executemany(
            "INSERT INTO outbox (recipient_kind, recipient_id, kind, status, dedup_key,"
            " last_error, not_before, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00+00:00', 'x')",
            rows,
        )
        conn.execute(
            "INSERT INTO guardians (id, import_key, name, language, created_at,"
            " updated_at, unreachable_at) VALUES (14, 'k', 'G', 'nl', 'x', 'x', 'x')"
        )
    assert main(["outbox"]) == 0
    out = capsys.readouterr().out
    assert "sent:             1" in out
    assert "failed:           1" in out
    assert "unreachable:      1" in out
    assert "1 waiting for the person" in out
    assert "#2 nudge to g13, 0 attempt(s): NetworkError: Bad Gateway (502)" in out
    assert "#3 invitation to g14" in out
    assert main(["outbox", "retry", "2"]) == 0
    assert "#2 (nudge to g13) will be sent again" in capsys.readouterr().out
    assert main(["outbox", "retry", "3"]) == 0  # the parent said they unblocked the bot
    with sqlite3.connect("data/parentbot.sqlite3") as conn:
        assert conn.execute("SELECT unreachable_at FROM guardians WHERE id = 14").fetchone() == (
            None,
        )
    assert main(["outbox", "retry", "1"]) == 1
    assert "row 1 is sent; only failed or unreachable rows" in capsys.readouterr().err
    assert main(["outbox", "retry", "99"]) == 1


def test_a_busy_sandbox_port_is_one_clear_line(monkeypatch, capsys):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        monkeypatch.setenv("SANDBOX_PORT", str(busy.getsockname()[1]))
        assert main(["sandbox"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("parentbot: the sandbox cannot listen on 127.0.0.1:")
    assert "SANDBOX_PORT" in last


def test_privacy_export_prints_json_and_erase_refuses_someone_still_on_the_roster(
    school_files, capsys
):
    import json

    main(["roster", "import", str(school_files["roster"])])
    capsys.readouterr()
    assert main(["privacy", "export", "g1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["person"]["name"] == "Fatima El Amrani"
    assert main(["privacy", "erase", "g1"]) == 1
    assert "still on the roster" in capsys.readouterr().err
    assert main(["privacy", "erase", "g1", "--force"]) == 0
    assert "Erased g1" in capsys.readouterr().out
    assert main(["privacy", "export", "x1"]) == 1
