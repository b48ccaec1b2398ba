"""`parentbot export agreements` and `parentbot export schedule`: the school's records back
out on the command line, as files a spreadsheet, a text editor and a calendar open."""

import asyncio
import csv
import errno
import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from bot.calendar_file import talk_uid
from bot.cli import main
from bot.config import load_settings
from bot.domain.bookings import Actor
from bot.domain.clock import ManualClock
from bot.services import booking
from bot.storage.database import Database
from tests.records_fixture import (
    AS_FORMULAS,
    KEREM_WORDS,
    LINA_WORDS,
    SEM_DRAFT,
    Talks,
    talks_with_agreements,
    typed_like_formulas,
)


@pytest.fixture
def school(monkeypatch) -> Talks:
    """The home's database after the December talks (tests/records_fixture.py)."""
    monkeypatch.setenv("PARENTBOT_SECRET_KEY", "test-secret-key-not-for-production")
    settings = load_settings()

    async def tell() -> Talks:
        db = await Database.open(settings.database_path)
        try:
            clock = ManualClock(datetime(2026, 9, 7, 8, 0, tzinfo=UTC))
            return await talks_with_agreements(db, clock, settings.timezone)
        finally:
            await db.close()

    return asyncio.run(tell())


async def _rewrite(change) -> None:
    """Change the home's database as a test needs it, as the bot would leave it."""
    db = await Database.open(load_settings().database_path)
    try:
        await change(db)
    finally:
        await db.close()


def table(text: str, delimiter: str = ";") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_the_agreements_csv_holds_exactly_the_sent_agreements_asked_for(school, capsys):
    assert main(["export", "agreements"]) == 0
    rows = table(capsys.readouterr().out)
    assert sorted((r["pupil_id"], r["owner"]) for r in rows) == [
        ("1017", "parents"),
        ("1017", "pupil"),
        ("1017", "pupil"),  # her own goal
        ("1022", "school"),
    ]
    texts = {r["agreement"] for r in rows}
    assert {LINA_WORDS, KEREM_WORDS} < texts
    assert "Elke dag 20 minuten samen met uw kind lezen." in texts  # the school's language
    assert SEM_DRAFT not in texts  # a draft never sent

    assert main(["export", "agreements", "--group", "Groep 4"]) == 0
    assert {r["pupil_id"] for r in table(capsys.readouterr().out)} == {"1017"}
    assert main(["export", "agreements", "--since", "2026-12-09"]) == 0
    assert {r["pupil_id"] for r in table(capsys.readouterr().out)} == {"1022"}


def test_the_csv_file_opens_in_excel_as_utf_8(school, tmp_path, capsys):
    out = tmp_path / "afspraken.csv"
    assert main(["export", "agreements", "-o", str(out)]) == 0
    assert f"Wrote 4 rows to {out}" in capsys.readouterr().out
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs
    assert data[3:].startswith(b"pupil_id;pupil_name;group;")  # a Dutch Excel's columns
    with out.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file, delimiter=";"))
    assert {r["pupil_name"] for r in rows} == {"Lina Haddad", "Kerem Öztürk"}


@pytest.mark.parametrize(("given", "delimiter"), [(",", ","), ("tab", "\t"), (";", ";")])
def test_the_delimiter_can_be_chosen_for_both_exports(school, tmp_path, capsys, given, delimiter):
    assert main(["export", "schedule", "--delimiter", given]) == 0
    out = capsys.readouterr().out
    assert out.startswith(delimiter.join(["date", "start", "end", "teacher"]))
    assert len(table(out, delimiter)) == 4

    written = tmp_path / "afspraken.csv"
    assert main(["export", "agreements", "--delimiter", given, "-o", str(written)]) == 0
    text = written.read_text(encoding="utf-8-sig")
    assert {r["pupil_id"] for r in table(text, delimiter)} == {"1017", "1022"}


def test_typed_formulas_reach_the_spreadsheet_as_text(school, capsys):
    asyncio.run(_rewrite(typed_like_formulas))
    assert main(["export", "agreements"]) == 0
    rows = table(capsys.readouterr().out)
    assert f"'{AS_FORMULAS['agreement']}" in {r["agreement"] for r in rows}
    assert main(["export", "schedule"]) == 0
    rows = table(capsys.readouterr().out)
    assert f"'{AS_FORMULAS['parent']}" in {r["parents"] for r in rows}


def test_markdown_writes_one_file_per_pupil_in_the_school_s_words(school, tmp_path, capsys):
    folder = tmp_path / "leerlingdossier"
    assert main(["export", "agreements", "--format", "markdown", "-o", str(folder)]) == 0
    assert "Wrote 2 pupil files" in capsys.readouterr().out
    assert sorted(p.name for p in folder.iterdir()) == [
        "1017 Lina Haddad.md",
        "1022 Kerem Öztürk.md",
    ]
    lina = (folder / "1017 Lina Haddad.md").read_text(encoding="utf-8")
    # The round as the plan names it for the school's language.
    assert "## 8 december 2026, 14:30 — Voortgangsgesprekken december" in lina
    assert "### Afspraken" in lina
    assert LINA_WORDS in lina

    assert main(["export", "agreements", "--format", "markdown"]) == 1
    assert "give a folder with -o DIR" in capsys.readouterr().err


LONG_NAME = "عبد الرحمن محمد " * 9  # 144 letters: 260 bytes, more than a file name holds


async def _long_name(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE pupils SET first_name = ? WHERE first_name = 'Lina'", (LONG_NAME,)
        )


def test_a_pupil_with_a_very_long_name_gets_a_file_too(school, tmp_path, capsys):
    asyncio.run(_rewrite(_long_name))
    folder = tmp_path / "leerlingdossier"
    assert main(["export", "agreements", "--format", "markdown", "-o", str(folder)]) == 0
    assert "Wrote 2 pupil files" in capsys.readouterr().out
    names = sorted(p.name for p in folder.iterdir())  # and no half-written folder left
    assert names[0].startswith("1017 عبد الرحمن")
    assert names[1] == "1022 Kerem Öztürk.md"
    assert LONG_NAME.strip() in (folder / names[0]).read_text(encoding="utf-8")


def test_a_failing_write_leaves_no_half_export(school, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "leerlingdossier"
    folder.mkdir()
    (folder / "1017 Lina Haddad.md").write_text("last week's file", encoding="utf-8")
    written = []
    write_bytes = Path.write_bytes

    def disk_full_at_the_second(path: Path, data: bytes) -> int:
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(path)
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", disk_full_at_the_second)
    assert main(["export", "agreements", "--format", "markdown", "-o", str(folder)]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert written  # one file was written before the disk was full
    assert [p.name for p in folder.iterdir()] == ["1017 Lina Haddad.md"]
    assert (folder / "1017 Lina Haddad.md").read_text(encoding="utf-8") == "last week's file"


def test_nothing_found_is_one_line_and_no_file(school, capsys):
    assert main(["export", "agreements", "--group", "5"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == "No sent agreements found for group 5."


def test_a_group_that_is_not_one_is_refused_by_the_parser(school, capsys):
    with pytest.raises(SystemExit) as refused:
        main(["export", "agreements", "--group", "twaalf"])
    assert refused.value.code == 2
    assert "unknown group format" in capsys.readouterr().err


def test_the_schedule_as_csv_and_one_calendar_per_teacher(school, tmp_path, capsys):
    assert main(["export", "schedule", "--round", "progress-2026-12"]) == 0
    rows = table(capsys.readouterr().out)
    assert {(r["teacher"], r["pupil_id"]) for r in rows} == {
        ("Karim Bouzid", "1017"),
        ("Ruben Prins", "1022"),
        ("Ellen Vos", "1016"),
    }

    folder = tmp_path / "agenda"
    assert main(["export", "schedule", "--format", "ics", "-o", str(folder)]) == 0
    assert "Wrote 3 teacher calendars" in capsys.readouterr().out
    calendars = {p.name: Calendar.from_ical(p.read_bytes()) for p in folder.iterdir()}
    ruben = next(c for name, c in calendars.items() if name.startswith("Ruben Prins"))
    (event,) = ruben.walk("VEVENT")
    assert str(event["summary"]) == "Oudergesprek over Kerem Öztürk (7/8)"
    place = str(event["location"])
    assert "7/8" in place  # the keyword "classroom", in Dutch words
    assert "classroom" not in place
    total = sum(len(c.walk("VEVENT")) for c in calendars.values())
    assert total == 4  # with Lina's follow-up talk


def test_a_teacher_whose_talks_were_all_cancelled_gets_a_file_that_drops_them(
    school, tmp_path, capsys
):
    """Lina's follow-up talk, alone in its round, called off by Karim."""
    follow_up_round = ""

    async def cancel_the_follow_up(db: Database) -> None:
        nonlocal follow_up_round
        karim = Actor("staff", school.staff["karim"])
        now = datetime(2026, 12, 11, 12, 0, tzinfo=UTC)
        result = await booking.cancel(db, karim, school.follow_up, now)
        assert result.outcome is booking.Outcome.CANCELLED
        sql = "SELECT r.plan_key FROM rounds r JOIN bookings b ON b.round_id = r.id WHERE b.id = ?"
        async with db.read() as conn, conn.execute(sql, (school.follow_up,)) as cursor:
            (follow_up_round,) = await cursor.fetchone()

    asyncio.run(_rewrite(cancel_the_follow_up))
    assert main(["export", "schedule", "--round", follow_up_round]) == 0
    assert capsys.readouterr().err.strip() == f"No booked talks found in round {follow_up_round}."

    folder = tmp_path / "agenda"
    export = ["export", "schedule", "--round", follow_up_round, "--format", "ics"]
    assert main([*export, "-o", str(folder)]) == 0
    (karim,) = folder.iterdir()
    assert karim.name == f"Karim Bouzid-{school.staff['karim']}.ics"
    (event,) = Calendar.from_ical(karim.read_bytes()).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == talk_uid(school.follow_up)


def test_an_unknown_round_names_the_rounds_there_are(school, capsys):
    assert main(["export", "schedule", "--round", "nope"]) == 1
    err = capsys.readouterr().err
    assert "no round 'nope'" in err
    assert "progress-2026-12" in err
