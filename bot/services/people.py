"""Who a Telegram account is at school: a guardian, a staff member, both, or nobody yet."""

from __future__ import annotations

import logging

from bot.domain.clock import Clock, to_db
from bot.languages import SUPPORTED_LANGUAGES
from bot.storage import invites
from bot.storage.database import Database
from bot.storage.people import Person, active_guardians, active_staff

log = logging.getLogger(__name__)


async def who_is(db: Database, telegram_user_id: int) -> list[Person]:
    """The active people linked to this account; a teacher may also be a parent."""
    async with db.read() as conn:
        people = []
        for kind, lookup in (("guardian", active_guardians), ("staff", active_staff)):
            person_id = await invites.linked_person(conn, kind, telegram_user_id)
            if person_id is not None:
                people.extend(await lookup(conn, person_id=person_id))
    return people


async def set_language(db: Database, telegram_user_id: int, language: str, *, clock: Clock) -> bool:
    """Make a person's own choice of language stick, for every role their account has.

    One account may be a parent and a teacher; one choice serves both. The roster import
    never overwrites a chosen language. Returns False, changing nothing, when the account
    is linked to nobody active.
    """
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"not a shipped language: {language!r}")
    async with db.transaction() as conn:
        changed = await invites.set_account_language(
            conn, telegram_user_id, language, to_db(clock.now())
        )
    log.info(
        "language chosen user_id=%d language=%s records=%d", telegram_user_id, language, changed
    )
    return changed > 0
