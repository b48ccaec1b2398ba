"""Who a Telegram account is at school: a guardian, a staff member, both, or nobody yet."""

from __future__ import annotations

from bot.storage import invites
from bot.storage.database import Database
from bot.storage.people import Person, active_guardians, active_staff


async def who_is(db: Database, telegram_user_id: int) -> list[Person]:
    """The active people linked to this account; a teacher may also be a parent."""
    async with db.read() as conn:
        people = []
        for kind, lookup in (("guardian", active_guardians), ("staff", active_staff)):
            person_id = await invites.linked_person(conn, kind, telegram_user_id)
            if person_id is not None:
                people.extend(await lookup(conn, person_id=person_id))
    return people
