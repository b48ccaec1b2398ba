"""Who a Telegram account is at school: a guardian, a staff member, both, or nobody yet."""

from __future__ import annotations

import logging
from datetime import datetime

import aiosqlite

from bot.domain.clock import Clock, to_db
from bot.domain.events import PersonLinked
from bot.domain.people import Person
from bot.domain.person_kind import PersonKind
from bot.languages import SUPPORTED_LANGUAGES
from bot.storage import invites, outbox
from bot.storage.database import Database, raise_event
from bot.storage.people import linked_to_account

log = logging.getLogger(__name__)


async def who_is(db: Database, telegram_user_id: int) -> list[Person]:
    """The active people linked to this account, the parent before the teacher (a teacher
    may also be a parent). Asked for every update, so one statement for both kinds."""
    async with db.read_statement() as conn:
        return await linked_to_account(conn, telegram_user_id)


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
        # What waited for them (an invitation) now goes out, in the language just chosen.
        await _linked_again(conn, telegram_user_id, clock.now())
    log.info(
        "language chosen user_id=%d language=%s records=%d", telegram_user_id, language, changed
    )
    return changed > 0


async def came_back(db: Database, telegram_user_id: int, now: datetime) -> None:
    """Someone linked opened the bot again (after blocking it, say): reachable again, and
    what waited for them goes out."""
    async with db.transaction() as conn:
        await _linked_again(conn, telegram_user_id, now)


async def reachable_again(
    conn: aiosqlite.Connection, kind: PersonKind, person_id: int, now: datetime, *, settled: bool
) -> None:
    """A person opened their link or came back: what Telegram refused for them is tried
    again. `settled`: what waits goes now; else (just linked, still choosing a language)
    once they choose, or a little later."""
    revived = await outbox.person_returned(conn, kind, person_id, now)
    if revived:
        log.info("person back in Telegram %s:%d revived=%d", kind, person_id, revived)
    raise_event(PersonLinked(kind, person_id, settled))


async def _linked_again(conn: aiosqlite.Connection, telegram_user_id: int, now: datetime) -> None:
    for kind in PersonKind:
        person_id = await invites.linked_person(conn, kind, telegram_user_id)
        if person_id is not None:
            await reachable_again(conn, kind, person_id, now, settled=True)
