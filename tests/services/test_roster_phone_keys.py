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
