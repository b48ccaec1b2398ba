import pytest

from bot.domain.csv_table import FileRejected
from bot.services.staff_import import import_staff
from tests.conftest import EXAMPLES

HEADER = "Naam;E-mail;Functie;Groepen\n"


async def run(db, clock, text: str | bytes, **kwargs):
    data = text if isinstance(text, bytes) else text.encode()
    return await import_staff(db, data, default_language="nl", clock=clock, **kwargs)


async def teaching(db) -> list[tuple[str, str]]:
    sql = (
        "SELECT s.name, g.name FROM staff_groups sg JOIN staff s ON s.id = sg.staff_id"
        " JOIN class_groups g ON g.id = sg.group_id ORDER BY s.name, g.name"
    )
    async with db.read() as conn, conn.execute(sql) as cursor:
        return [tuple(row) async for row in cursor]


async def test_the_example_staff_imports_once(db, clock):
    data = (EXAMPLES / "regenboog-staff.csv").read_bytes()
    first = await run(db, clock, data)
    assert len(first.staff.added) >= 5
    second = await run(db, clock, data)
    assert not second.staff.any


async def test_duo_teachers_share_a_group_and_a_teacher_may_have_two(db, clock):
    await run(
        db,
        clock,
        HEADER
        + "Karim Bouzid;k@school.nl;leerkracht;Groep 4\n"
        + "Ellen Vos;e@school.nl;Groepsleerkracht;4, 5/6\n"
        + "Ilse Koster;i@school.nl;IB'er;\n",
    )
    assert await teaching(db) == [("Ellen Vos", "4"), ("Ellen Vos", "5/6"), ("Karim Bouzid", "4")]


async def test_changed_groups_replace_the_old_ones_and_leavers_are_deactivated(db, clock):
    await run(db, clock, HEADER + "A;a@s.nl;teacher;4\nB;b@s.nl;teacher;5\n")
    report = await run(db, clock, HEADER + "A;a@s.nl;teacher;6\n")
    assert list(report.staff.updated) == ["a@s.nl"]
    assert report.staff.deactivated == ["b@s.nl"]
    assert ("A", "6") in await teaching(db)
    assert ("A", "4") not in await teaching(db)


async def test_bad_staff_rows_are_refused_with_line_numbers(db, clock):
    with pytest.raises(FileRejected) as rejected:
        await run(
            db, clock, HEADER + "A;a@s.nl;conciërge;4\nB;no-mail;teacher;4\nC;c@s.nl;teacher;9\n"
        )
    assert [p.line for p in rejected.value.problems] == [2, 3, 4]
    assert await teaching(db) == []
