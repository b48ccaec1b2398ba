import sqlite3

import pytest

from bot.domain.csv_table import FileRejected
from bot.services.roster_import import import_roster
from tests.conftest import EXAMPLES

HEADER = "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Groep;Naam verzorger;E-mail;Taal\r\n"


def dump(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


async def run(db, clock, text: str | bytes, **kwargs):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return await import_roster(db, data, default_language="nl", clock=clock, **kwargs)


async def rows(db, sql: str) -> list[tuple]:
    async with db.read() as conn, conn.execute(sql) as cursor:
        return [tuple(row) async for row in cursor]


async def test_the_example_school_imports_and_a_second_import_changes_nothing(db, clock):
    data = (EXAMPLES / "regenboog-roster.csv").read_bytes()
    first = await run(db, clock, data)
    assert len(first.pupils.added) >= 20
    before = dump(db.path)
    second = await run(db, clock, data)
    assert not second.changed
    assert len(second.pupils.unchanged) == len(first.pupils.added)
    assert dump(db.path) == before


async def test_dutch_excel_csv_with_semicolons_and_bom(db, clock):
    data = (
        b"\xef\xbb\xbf"
        + (HEADER + "1;Zo\u00eb;de;Vries;Groep 1/2A;Sanne de Vries;s@x.nl;Nederlands\r\n").encode()
    )
    await run(db, clock, data)
    assert await rows(db, "SELECT first_name, name_prefix, last_name FROM pupils") == [
        ("Zoë", "de", "Vries")
    ]


async def test_windows_1252_names_with_diacritics_survive(db, clock):
    text = HEADER.replace(";", ",") + "1,Zoë,,Ülkü,4,Ülkü Demir,u@x.nl,Turks\r\n"
    await run(db, clock, text.encode("cp1252"))
    assert await rows(db, "SELECT first_name, last_name FROM pupils") == [("Zoë", "Ülkü")]
    assert await rows(db, "SELECT name, language FROM guardians") == [("Ülkü Demir", "tr")]


async def test_ij_ligature_name_from_utf8(db, clock):
    await run(db, clock, HEADER + "1;Ĳsbrand;;Visser;4;Anke Visser;a@x.nl;nl\r\n")
    assert await rows(db, "SELECT first_name FROM pupils") == [("Ĳsbrand",)]


async def test_guardian_with_three_children_in_two_groups(db, clock):
    await run(
        db,
        clock,
        HEADER
        + "1;Adam;;Haddad;4;Rania Haddad;r@x.nl;ar\r\n"
        + "2;Lina;;Haddad;4;Rania Haddad;r@x.nl;ar\r\n"
        + "3;Omar;;Haddad;7/8;Rania Haddad;r@x.nl;ar\r\n",
    )
    linked = await rows(
        db,
        "SELECT g.name, p.first_name, cg.name FROM pupil_guardians l"
        " JOIN guardians g ON g.id = l.guardian_id JOIN pupils p ON p.id = l.pupil_id"
        " JOIN class_groups cg ON cg.id = p.group_id ORDER BY p.external_id",
    )
    assert linked == [
        ("Rania Haddad", "Adam", "4"),
        ("Rania Haddad", "Lina", "4"),
        ("Rania Haddad", "Omar", "7/8"),
    ]


async def test_two_guardians_with_different_languages_for_one_child(db, clock):
    await run(
        db,
        clock,
        HEADER
        + "1;Ĳsbrand;;Visser;4;Anke Visser;a@x.nl;nl\r\n"
        + "1;Ĳsbrand;;Visser;4;Ülkü Demir;u@x.nl;tr\r\n",
    )
    assert await rows(db, "SELECT name, language FROM guardians ORDER BY name") == [
        ("Anke Visser", "nl"),
        ("Ülkü Demir", "tr"),
    ]


async def test_a_broken_roster_leaves_the_database_exactly_as_it_was(db, clock):
    await run(db, clock, (EXAMPLES / "regenboog-roster.csv").read_bytes())
    before = dump(db.path)
    with pytest.raises(FileRejected) as rejected:
        await run(
            db,
            clock,
            HEADER
            + "1;Bo;;Kok;4;Ann Kok;ann@x.nl;nl\r\n"
            + ";Mo;;Kok;4;Ann Kok;ann@x.nl;nl\r\n"
            + "3;Finn;;Mulder;Groep 12;Saskia;s@x.nl;nl\r\n",
        )
    assert [p.line for p in rejected.value.problems] == [3, 4]
    assert dump(db.path) == before


async def test_a_file_without_a_required_column_is_refused_on_line_1(db, clock):
    with pytest.raises(FileRejected) as rejected:
        await run(db, clock, "Leerlingnummer;Roepnaam;Achternaam\r\n1;Bo;Kok\r\n")
    assert {p.line for p in rejected.value.problems} == {1}
    assert await rows(db, "SELECT count(*) FROM pupils") == [(0,)]


async def test_a_newer_file_updates_adds_and_deactivates_keeping_history(db, clock):
    await run(
        db,
        clock,
        HEADER + "1;Bo;;Kok;4;Ann Kok;ann@x.nl;nl\r\n" + "2;Mo;;Ali;5;Sam Ali;sam@x.nl;ar\r\n",
    )
    report = await run(
        db,
        clock,
        HEADER + "1;Bo;;Kok;5;Ann Kok;ann@x.nl;nl\r\n" + "3;Noa;;Bos;3;Eef Bos;eef@x.nl;nl\r\n",
    )
    assert list(report.pupils.updated) == ["1"]
    assert list(report.pupils.added) == ["3"]
    assert report.pupils.deactivated == ["2"]
    assert report.guardians.deactivated == ["email:sam@x.nl"]
    assert any("Mo Ali" in line for line in report.departing)
    assert await rows(db, "SELECT external_id, active FROM pupils ORDER BY external_id") == [
        ("1", 1),
        ("2", 0),
        ("3", 1),
    ]


async def test_a_pupil_who_returns_is_reactivated(db, clock):
    one = HEADER + "1;Bo;;Kok;4;Ann Kok;ann@x.nl;nl\r\n"
    await run(db, clock, one)
    await run(db, clock, HEADER + "2;Mo;;Ali;5;Sam Ali;sam@x.nl;ar\r\n")
    report = await run(db, clock, one)
    assert list(report.pupils.updated) == ["1"]
    assert await rows(db, "SELECT active FROM pupils WHERE external_id = '1'") == [(1,)]


async def test_dry_run_reports_but_writes_nothing(db, clock):
    before = dump(db.path)
    report = await run(db, clock, HEADER + "1;Bo;;Kok;4;Ann Kok;ann@x.nl;nl\r\n", dry_run=True)
    assert list(report.pupils.added) == ["1"]
    assert dump(db.path) == before


async def test_a_language_the_parent_chose_is_not_overwritten_by_the_roster(db, clock):
    text = HEADER + "1;Bo;;Kok;4;Ann Kok;ann@x.nl;nl\r\n"
    await run(db, clock, text)
    async with db.transaction() as conn:
        await conn.execute("UPDATE guardians SET language = 'uk', language_chosen = 1")
    report = await run(db, clock, text)
    assert not report.changed
    assert await rows(db, "SELECT language FROM guardians") == [("uk",)]
