"""The roster's optional enrolment date: who is a newcomer for the information meetings."""

import sqlite3

import pytest

from bot.domain.csv_table import FileRejected
from bot.services.roster_import import import_roster
from tests.conftest import EXAMPLES

HEADER = "Leerlingnummer;Roepnaam;Achternaam;Groep;Naam verzorger;E-mail;{column}\r\n"


def roster(*dates: str, column: str = "Inschrijfdatum") -> bytes:
    """One pupil per date, each with their own guardian."""
    lines = [HEADER.format(column=column)] + [
        f"{n};Kind{n};Kok;4;Ouder {n};ouder{n}@x.nl;{written}\r\n"
        for n, written in enumerate(dates, start=1)
    ]
    return "".join(lines).encode("utf-8")


async def run(db, clock, data: bytes):
    return await import_roster(db, data, default_language="nl", clock=clock)


async def enrolled(db) -> dict[str, str | None]:
    async with (
        db.read() as conn,
        conn.execute("SELECT external_id, enrolled_on FROM pupils") as cursor,
    ):
        return {row[0]: row[1] async for row in cursor}


def dump(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


async def test_iso_and_dutch_day_month_dates_are_stored_as_iso(db, clock):
    await run(db, clock, roster("2026-09-01", "1-9-2026", "01-09-2026", "1/9/2026", "3.2.2025", ""))
    assert await enrolled(db) == {
        "1": "2026-09-01",
        "2": "2026-09-01",
        "3": "2026-09-01",
        "4": "2026-09-01",
        "5": "2025-02-03",
        "6": None,
    }


@pytest.mark.parametrize(
    "column",
    [
        "inschrijfdatum",
        "Datum inschrijving",
        "Instroomdatum",
        "Enrolment date",
        "enrolled_on",
        "Start date",
    ],
)
async def test_the_column_is_found_by_its_usual_names(db, clock, column):
    await run(db, clock, roster("15-10-2026", column=column))
    assert await enrolled(db) == {"1": "2026-10-15"}


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("31-02-2026", "'31-02-2026' is not a real date"),
        ("2026-13-01", "'2026-13-01' is not a real date"),
        ("1-9-26", "'1-9-26' should look like 2026-09-01 or 1-9-2026"),
        ("september 2026", "should look like"),
    ],
)
async def test_a_bad_date_refuses_the_file_with_its_line(db, clock, written, reason):
    await run(db, clock, roster("1-9-2026"))
    before = dump(db.path)
    with pytest.raises(FileRejected) as rejected:
        await run(db, clock, roster("1-9-2026", "2-9-2026", written))
    (problem,) = rejected.value.problems
    assert problem.line == 4
    assert "pupil 3" in problem.reason
    assert reason in problem.reason
    assert dump(db.path) == before


async def test_a_pupil_s_rows_must_agree_on_the_date(db, clock):
    data = roster("1-9-2026") + b"1;Kind1;Kok;4;Ouder 2;ouder2@x.nl;2-9-2026\r\n"
    with pytest.raises(FileRejected, match="line 3: pupil 1 differs from line 2: enrolled_on"):
        await run(db, clock, data)


async def test_a_changed_date_is_a_pupil_update_and_the_same_file_is_no_change(db, clock):
    await run(db, clock, roster("1-9-2026", "2-9-2026"))
    same = await run(db, clock, roster("2026-09-01", "2-9-2026"))
    assert not same.changed
    changed = await run(db, clock, roster("1-9-2026", "", ""))
    assert list(changed.pupils.updated) == ["2"]
    assert list(changed.pupils.added) == ["3"]
    assert await enrolled(db) == {"1": "2026-09-01", "2": None, "3": None}


async def test_a_file_without_the_column_keeps_the_stored_dates(db, clock):
    await run(db, clock, roster("1-9-2026"))
    without_dates = (
        b"Leerlingnummer;Roepnaam;Achternaam;Groep;Naam verzorger;E-mail\r\n"
        b"1;Kind1;Kok;4;Ouder 1;ouder1@x.nl\r\n"
        b"2;Kind2;Kok;4;Ouder 2;ouder2@x.nl\r\n"
    )
    report = await run(db, clock, without_dates)
    assert list(report.pupils.unchanged) == ["1"]
    assert await enrolled(db) == {"1": "2026-09-01", "2": None}


async def test_the_example_school_has_recent_newcomers(db, clock):
    await run(db, clock, (EXAMPLES / "regenboog-roster.csv").read_bytes())
    dates = await enrolled(db)
    assert all(dates.values())
    assert {pupil for pupil, day in dates.items() if day and day >= "2026-06-01"} == {
        "1006",  # Sofiia, 1/2A
        "1015",  # Bohdan, groep 4
        "1027",  # Sara, 7/8
        "1031",  # Senait, 5
        "1032",  # Hodan, 5
        "1033",  # Sina, 5
    }
