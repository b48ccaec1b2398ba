import sqlite3

import pytest

from bot.domain.invite_codes import looks_like_code
from bot.services.invitations import (
    Redeemed,
    UnknownPerson,
    list_invitations,
    redeem_code,
    renew_code,
)
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from tests.conftest import EXAMPLES

SECRET = b"test-secret"


@pytest.fixture
async def school(db, clock):
    for importer, name in ((import_roster, "roster"), (import_staff, "staff")):
        data = (EXAMPLES / f"regenboog-{name}.csv").read_bytes()
        await importer(db, data, default_language="nl", clock=clock)
    return db


async def listing(db, clock, **kwargs):
    return await list_invitations(
        db, secret=SECRET, bot_username="school_bot", clock=clock, **kwargs
    )


async def test_everyone_gets_a_deep_link_and_the_same_one_on_every_run(school, clock):
    first = await listing(school, clock)
    assert {inv.person.kind for inv in first} == {"guardian", "staff"}
    for inv in first:
        assert looks_like_code(inv.code)
        assert inv.link == f"https://t.me/school_bot?start={inv.code}"
    assert [inv.link for inv in await listing(school, clock)] == [inv.link for inv in first]
    assert len({inv.code for inv in first}) == len(first)


async def test_the_database_holds_no_usable_code(school, clock):
    codes = [inv.code for inv in await listing(school, clock)]
    with sqlite3.connect(school.path) as conn:
        dumped = "\n".join(conn.iterdump())
    assert not any(code in dumped for code in codes)


async def test_group_filter_lists_that_group_s_guardians_and_teachers(school, clock):
    people = [inv.person for inv in await listing(school, clock, group="4")]
    assert all("4" in p.groups for p in people)
    names = {p.name for p in people}
    assert {"Karim Bouzid", "Ellen Vos", "Rania Haddad", "Fatima El Amrani"} <= names
    assert "Saskia Mulder" not in names
    fatima = next(p for p in people if p.name == "Fatima El Amrani")
    assert len(fatima.children) == 3  # all her children are shown, not only groep 4


async def test_a_code_links_exactly_one_telegram_account(school, clock):
    inv = next(i for i in await listing(school, clock) if i.person.name == "Olena Kovalenko")
    first = await redeem_code(school, inv.code, telegram_user_id=501, chat_id=501, clock=clock)
    assert first.outcome is Redeemed.LINKED
    assert first.person is not None
    assert first.person.name == "Olena Kovalenko"
    assert first.person.language == "uk"
    again = await redeem_code(school, inv.code, telegram_user_id=501, chat_id=501, clock=clock)
    assert again.outcome is Redeemed.ALREADY_LINKED
    stranger = await redeem_code(school, inv.code, telegram_user_id=666, chat_id=666, clock=clock)
    assert stranger.outcome is Redeemed.INVALID
    assert stranger.person is None


@pytest.mark.parametrize("code", ["", "nonsense", "A" * 24, "' OR 1=1; --"])
async def test_unknown_codes_reveal_nothing(school, clock, code):
    result = await redeem_code(school, code, telegram_user_id=7, chat_id=7, clock=clock)
    assert result == result.__class__(Redeemed.INVALID)


async def test_renewing_stops_the_old_code_and_a_new_phone_can_link(school, clock):
    inv = next(i for i in await listing(school, clock) if i.person.name == "Rania Haddad")
    await redeem_code(school, inv.code, telegram_user_id=1, chat_id=1, clock=clock)
    fresh = await renew_code(
        school, inv.person.ref, secret=SECRET, bot_username="school_bot", clock=clock
    )
    assert fresh.code != inv.code
    old = await redeem_code(school, inv.code, telegram_user_id=1, chat_id=1, clock=clock)
    assert old.outcome is Redeemed.INVALID
    new_phone = await redeem_code(school, fresh.code, telegram_user_id=2, chat_id=2, clock=clock)
    assert new_phone.outcome is Redeemed.LINKED
    relisted = next(i for i in await listing(school, clock) if i.person.name == "Rania Haddad")
    assert relisted.code == fresh.code


@pytest.mark.parametrize("ref", ["g9999", "x1", "g", "gabc"])
async def test_renewing_for_nobody_is_refused(school, clock, ref):
    with pytest.raises(UnknownPerson):
        await renew_code(school, ref, secret=SECRET, bot_username="b", clock=clock)


async def test_an_account_linked_to_one_parent_cannot_take_another(school, clock):
    invs = {i.person.name: i for i in await listing(school, clock)}
    await redeem_code(school, invs["Linda Bakker"].code, telegram_user_id=9, chat_id=9, clock=clock)
    other = await redeem_code(
        school, invs["Peter Bakker"].code, telegram_user_id=9, chat_id=9, clock=clock
    )
    assert other.outcome is Redeemed.ACCOUNT_TAKEN


async def test_a_teacher_who_is_also_a_parent_links_both(school, clock):
    invs = {(i.person.kind, i.person.name): i for i in await listing(school, clock)}
    parent = invs[("guardian", "Linda Bakker")]
    teacher = invs[("staff", "Karim Bouzid")]
    assert (
        await redeem_code(school, parent.code, telegram_user_id=5, chat_id=5, clock=clock)
    ).outcome is Redeemed.LINKED
    assert (
        await redeem_code(school, teacher.code, telegram_user_id=5, chat_id=5, clock=clock)
    ).outcome is Redeemed.LINKED


async def test_a_deactivated_person_s_code_stops_working(school, clock, db):
    inv = next(i for i in await listing(school, clock) if i.person.name == "Saskia Mulder")
    async with db.transaction() as conn:
        await conn.execute("UPDATE guardians SET active = 0 WHERE name = 'Saskia Mulder'")
    result = await redeem_code(school, inv.code, telegram_user_id=3, chat_id=3, clock=clock)
    assert result.outcome is Redeemed.INVALID


NO_LANGUAGE = (
    "leerlingnummer;roepnaam;achternaam;groep;naam verzorger;e-mail;taal\n"
    "1;Bo;Kok;4;Ann Kok;ann@x.nl;\n"
    "1;Bo;Kok;4;Jan Kok;jan@x.nl;Nederlands\n"
)


async def languages(db) -> dict[str, str]:
    async with db.read() as conn, conn.execute("SELECT name, language FROM guardians") as cursor:
        return {row[0]: row[1] async for row in cursor}


async def test_telegram_s_language_is_pre_selected_only_where_the_roster_named_none(db, clock):
    await import_roster(db, NO_LANGUAGE.encode(), default_language="nl", clock=clock)
    codes = {i.person.name: i.code for i in await listing(db, clock)}
    for user_id, name in enumerate(("Ann Kok", "Jan Kok"), start=1):
        result = await redeem_code(
            db,
            codes[name],
            telegram_user_id=user_id,
            chat_id=user_id,
            clock=clock,
            telegram_language="tr",
        )
        assert result.outcome is Redeemed.LINKED
    assert await languages(db) == {"Ann Kok": "tr", "Jan Kok": "nl"}
    report = await import_roster(db, NO_LANGUAGE.encode(), default_language="nl", clock=clock)
    assert not report.changed  # the roster still knows nothing better for Ann
    assert await languages(db) == {"Ann Kok": "tr", "Jan Kok": "nl"}
    named = NO_LANGUAGE.replace("ann@x.nl;", "ann@x.nl;Pools")
    await import_roster(db, named.encode(), default_language="nl", clock=clock)
    assert (await languages(db))["Ann Kok"] == "pl"  # once the school knows, it counts


async def test_a_person_whose_codes_were_all_revoked_gets_a_code_never_issued_before(school, clock):
    before = {inv.person.ref: inv.code for inv in await listing(school, clock)}
    renewed = await renew_code(school, "g1", secret=SECRET, bot_username="school_bot", clock=clock)
    with sqlite3.connect(school.path) as conn:
        conn.execute(
            "UPDATE invite_codes SET revoked_at = '2026-01-01'"
            " WHERE person_kind = 'guardian' AND person_id = 1"
        )
    after = {inv.person.ref: inv.code for inv in await listing(school, clock)}
    assert after["g1"] not in (before["g1"], renewed.code)
    assert {ref: code for ref, code in after.items() if ref != "g1"} == {
        ref: code for ref, code in before.items() if ref != "g1"
    }
    with sqlite3.connect(school.path) as conn:
        generations = conn.execute(
            "SELECT generation FROM invite_codes WHERE person_kind = 'guardian'"
            " AND person_id = 1 ORDER BY generation"
        ).fetchall()
    assert [g for (g,) in generations] == [1, 2, 3]
