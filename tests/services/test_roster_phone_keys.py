"""Guardians known by phone alone were stored under the old normaliser's key
(`phone:+310612345678` for "+31 (0)6 1234 5678"). Upgrading must not make them strangers:
a re-import finds them, so nobody is deactivated, re-created or loses their Telegram link."""

from __future__ import annotations

from bot.services.invitations import Redeemed, list_invitations, redeem_code
from bot.services.roster_import import import_roster

HEADER = (
    "Leerlingnummer;Roepnaam;Achternaam;Groep;Naam ouder/verzorger;Telefoon ouder/verzorger\r\n"
)
OLD_STYLE_FILE = HEADER + "1001;Adam;Haddad;Groep 4;Rania Haddad;+31 (0)6 1234 5678\r\n"


async def run(db, clock, text: str):
    return await import_roster(db, text.encode(), default_language="nl", clock=clock)


async def guardians(db) -> list[tuple]:
    sql = "SELECT id, import_key, telegram_user_id, active, phone FROM guardians"
    async with db.read() as conn, conn.execute(sql) as cursor:
        return [tuple(row) async for row in cursor]


async def test_a_guardian_stored_under_an_old_phone_key_stays_the_same_linked_guardian(db, clock):
    await run(db, clock, OLD_STYLE_FILE)
    (invitation,) = await list_invitations(
        db, secret=b"test-secret", bot_username="school_bot", clock=clock
    )
    linked = await redeem_code(db, invitation.code, telegram_user_id=77, chat_id=77, clock=clock)
    assert linked.outcome is Redeemed.LINKED
    async with db.transaction() as conn:  # what the old normaliser stored for this number
        await conn.execute("UPDATE guardians SET import_key = 'phone:+310612345678'")
    (before,) = await guardians(db)

    again = await run(db, clock, OLD_STYLE_FILE)
    assert not again.changed
    assert await guardians(db) == [before]

    respelled = await run(db, clock, OLD_STYLE_FILE.replace("+31 (0)6 1234 5678", "06-1234 5678"))
    assert (len(respelled.guardians.added), respelled.guardians.deactivated) == (0, [])
    assert not respelled.links.added
    assert not respelled.links.deactivated
    (after,) = await guardians(db)
    guardian_id, key, telegram_user_id, active, phone = after
    assert (guardian_id, key, telegram_user_id, active) == (before[0], before[1], 77, 1)
    assert phone == "06-1234 5678"


async def test_a_belgian_number_the_old_import_read_as_dutch_is_the_same_guardian(db, clock):
    """The old import made "0470 12 34 56" +31470123456; the school now writes the +32."""
    await run(db, clock, HEADER + "1003;Jonas;Peeters;Groep 4;Els Peeters;+32 470 12 34 56\r\n")
    async with db.transaction() as conn:
        await conn.execute("UPDATE guardians SET import_key = 'phone:+31470123456'")
    (before,) = await guardians(db)
    again = await run(
        db, clock, HEADER + "1003;Jonas;Peeters;Groep 4;Els Peeters;0032 470123456\r\n"
    )
    assert not again.guardians.added
    assert not again.guardians.deactivated
    (after,) = await guardians(db)
    assert after[:4] == before[:4]


# The old import made two guardians of one parent whose rows spelled the number two ways.
TWO_WAYS = (
    HEADER
    + "1001;Adam;Haddad;Groep 4;Rania Haddad;06-1234 5678\r\n"
    + "1002;Lina;Haddad;Groep 6;Rania Haddad;06-1234 5678\r\n"
)


async def stored_twice(db, clock) -> None:
    """Rania stored under the current key (Lina's row) and the old one (Adam's row)."""
    await run(db, clock, TWO_WAYS)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO guardians (import_key, name, phone, language, created_at, updated_at)"
            " SELECT 'phone:+310612345678', name, '+31 (0)6 1234 5678', language, created_at,"
            " updated_at FROM guardians"
        )
        await conn.execute(
            "UPDATE pupil_guardians SET guardian_id = (SELECT max(id) FROM guardians)"
            " WHERE pupil_id = (SELECT id FROM pupils WHERE external_id = '1001')"
        )


async def connect(db, key: str, account: int) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE guardians SET telegram_user_id = ?, telegram_chat_id = ? WHERE import_key = ?",
            (account, account, key),
        )


async def links(db) -> list[tuple]:
    sql = (
        "SELECT p.external_id, g.import_key FROM pupil_guardians l JOIN pupils p"
        " ON p.id = l.pupil_id JOIN guardians g ON g.id = l.guardian_id WHERE l.active = 1"
        " ORDER BY 1, 2"
    )
    async with db.read() as conn, conn.execute(sql) as cursor:
        return [tuple(row) async for row in cursor]


async def test_of_a_number_stored_twice_the_connected_old_record_is_the_guardian(db, clock):
    await stored_twice(db, clock)
    await connect(db, "phone:+310612345678", 77)

    report = await run(db, clock, TWO_WAYS)

    assert report.guardians.deactivated == ["phone:+31612345678"]  # the unused duplicate
    assert {(key, user, active) for _, key, user, active, _ in await guardians(db)} == {
        ("phone:+310612345678", 77, 1),
        ("phone:+31612345678", None, 0),
    }
    assert await links(db) == [("1001", "phone:+310612345678"), ("1002", "phone:+310612345678")]


async def test_of_a_number_stored_twice_the_record_with_a_history_is_the_guardian(db, clock):
    await stored_twice(db, clock)
    async with db.transaction() as conn:  # Rania wrote to the teacher before
        await conn.execute(
            "INSERT INTO conversations (pupil_id, guardian_id, topic, created_at)"
            " SELECT p.id, g.id, 'general', '2026-09-01' FROM pupils p, guardians g"
            " WHERE p.external_id = '1001' AND g.import_key = 'phone:+310612345678'"
        )

    await run(db, clock, TWO_WAYS)

    assert {(key, active) for _, key, _, active, _ in await guardians(db)} == {
        ("phone:+310612345678", 1),
        ("phone:+31612345678", 0),
    }


async def test_a_number_stored_twice_with_two_accounts_keeps_both_and_warns(db, clock):
    await stored_twice(db, clock)
    await connect(db, "phone:+310612345678", 77)
    await connect(db, "phone:+31612345678", 78)

    report = await run(db, clock, TWO_WAYS)

    assert not report.guardians.deactivated
    assert {(key, user, active) for _, key, user, active, _ in await guardians(db)} == {
        ("phone:+310612345678", 77, 1),
        ("phone:+31612345678", 78, 1),
    }
    assert len(await links(db)) == 4  # both records stay a parent of both children
    (warning,) = [str(w) for w in report.warnings]
    assert warning == (
        "guardian 'Rania Haddad' (06-1234 5678) is stored 2 times by an earlier version, each"
        " connected to a Telegram account of its own: all stay active and get the messages"
    )
