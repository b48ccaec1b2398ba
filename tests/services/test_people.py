"""A person's own choice of language: stored for every role their account has, and kept."""

import pytest

from bot.services.invitations import list_invitations, redeem_code
from bot.services.people import set_language, who_is
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from tests.conftest import EXAMPLES


@pytest.fixture
async def school(db, clock):
    for importer, name in ((import_roster, "roster"), (import_staff, "staff")):
        data = (EXAMPLES / f"regenboog-{name}.csv").read_bytes()
        await importer(db, data, default_language="nl", clock=clock)
    return db


async def link(db, clock, user_id: int, name: str, kind: str = "guardian") -> None:
    invitations = await list_invitations(db, secret=b"s", bot_username="school_bot", clock=clock)
    code = next(i.code for i in invitations if (i.person.kind, i.person.name) == (kind, name))
    await redeem_code(db, code, telegram_user_id=user_id, chat_id=user_id, clock=clock)


async def chosen(db, table: str, name: str) -> tuple[str, int]:
    async with (
        db.read() as conn,
        conn.execute(
            f"SELECT language, language_chosen FROM {table} WHERE name = ?", (name,)
        ) as cursor,
    ):
        row = await cursor.fetchone()
    return row["language"], row["language_chosen"]


async def test_a_guardian_s_choice_is_stored_and_marked_as_theirs(school, clock):
    await link(school, clock, 11, "Olena Kovalenko")
    assert await set_language(school, 11, "pl", clock=clock)
    assert await chosen(school, "guardians", "Olena Kovalenko") == ("pl", 1)
    assert [p.language for p in await who_is(school, 11)] == ["pl"]
    assert await chosen(school, "guardians", "Iryna Shevchenko") == ("uk", 0)  # nobody else


async def test_one_choice_serves_a_parent_who_is_also_a_teacher(school, clock):
    await link(school, clock, 12, "Linda Bakker")
    await link(school, clock, 12, "Karim Bouzid", kind="staff")
    assert await set_language(school, 12, "en", clock=clock)
    assert await chosen(school, "guardians", "Linda Bakker") == ("en", 1)
    assert await chosen(school, "staff", "Karim Bouzid") == ("en", 1)
    assert {(p.kind, p.language) for p in await who_is(school, 12)} == {
        ("guardian", "en"),
        ("staff", "en"),
    }


async def test_an_account_linked_to_nobody_changes_nothing(school, clock):
    assert not await set_language(school, 13, "uk", clock=clock)
    async with (
        school.read() as conn,
        conn.execute(
            "SELECT count(*) FROM guardians WHERE language_chosen = 1"
            " UNION ALL SELECT count(*) FROM staff WHERE language_chosen = 1"
        ) as cursor,
    ):
        assert [row[0] async for row in cursor] == [0, 0]


async def test_a_deactivated_record_is_not_changed(school, clock):
    await link(school, clock, 14, "Saskia Mulder")
    async with school.transaction() as conn:
        await conn.execute("UPDATE guardians SET active = 0 WHERE name = 'Saskia Mulder'")
    assert not await set_language(school, 14, "tr", clock=clock)
    assert await chosen(school, "guardians", "Saskia Mulder") == ("nl", 0)


async def test_a_language_the_bot_does_not_ship_is_refused(school, clock):
    await link(school, clock, 15, "Olena Kovalenko")
    with pytest.raises(ValueError, match="shipped"):
        await set_language(school, 15, "de", clock=clock)
    assert await chosen(school, "guardians", "Olena Kovalenko") == ("uk", 0)


async def test_the_next_roster_import_keeps_the_choice(school, clock):
    await link(school, clock, 16, "Ayşe Yılmaz")
    await set_language(school, 16, "nl", clock=clock)
    data = (EXAMPLES / "regenboog-roster.csv").read_bytes()
    await import_roster(school, data, default_language="nl", clock=clock)
    assert await chosen(school, "guardians", "Ayşe Yılmaz") == ("nl", 1)
