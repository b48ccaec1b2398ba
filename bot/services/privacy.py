"""`parentbot privacy export|erase REF`: the school answers access and erasure requests.

Parents' data is personal data under the AVG/GDPR: a parent may ask what the school keeps
about them, and when they leave it is erased. Erasure keeps ids, so rounds and bookings
still add up, but nothing that names or reaches the person.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from bot.domain.clock import Clock, to_db
from bot.domain.person_kind import parse_person_ref
from bot.storage import privacy as store
from bot.storage.database import Database

log = logging.getLogger(__name__)


class StillActive(Exception):
    """Erasing someone still on the roster would be undone by the next import."""


async def export_person(db: Database, ref: str) -> dict[str, Any] | None:
    parsed = parse_person_ref(ref)
    if parsed is None:
        return None
    async with db.read() as conn:
        return await store.person_data(conn, *parsed)


async def erase_person(db: Database, ref: str, *, clock: Clock, force: bool = False) -> bool:
    """Erase a person who left (or, with force, anyone); False when there is nobody."""
    parsed = parse_person_ref(ref)
    if parsed is None:
        return False
    async with db.transaction() as conn:
        data = await store.person_data(conn, *parsed)
        if data is None:
            return False
        if data["person"]["active"] and not force:
            raise StillActive(ref)
        await store.erase_person(conn, *parsed, to_db(clock.now()))
    log.info("person erased kind=%s person_id=%d", *parsed)
    return True


async def purge_answers(db: Database, before: datetime) -> int:
    """Parents' answers are needed for the talk, not for ever: remove those of rounds
    whose talks all ended before `before` (the school decides when, e.g. each summer), and
    the conversations between parents and teachers quiet since then."""
    async with db.transaction() as conn:
        removed = await store.purge_round_answers(conn, to_db(before))
        conversations = await store.purge_conversations(conn, to_db(before))
    log.info("answers purged count=%d conversations=%d", removed, conversations)
    return removed
