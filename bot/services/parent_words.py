"""A parent's own words, wanted in the languages of the teachers who will read them.

Typed answers and a "none of these times" note are shown to teachers as written; when the
school runs a translation engine, each teacher whose language differs also gets a machine
translation. The names of the child, the parent and the teachers are kept out of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import aiosqlite

from bot.domain.machine_translation import Translated
from bot.domain.people import Person
from bot.services import machine_translation
from bot.storage import people
from bot.storage.database import Database


async def writer(conn: aiosqlite.Connection, guardian_id: int) -> Person | None:
    """The parent, whose bot language is the language they write in; None when gone."""
    found = await people.active_guardians(conn, person_id=guardian_id)
    return found[0] if found else None


async def want_for_staff(
    conn: aiosqlite.Connection,
    texts: Iterable[str],
    source: str,
    staff_ids: Iterable[int],
    names: Iterable[str],
) -> bool:
    """Ask for each text in each reading teacher's language; True while any translation is
    still being made, so the teachers' messages wait for it (briefly)."""
    staff = [p for s in staff_ids for p in await people.active_staff(conn, person_id=s)]
    targets = {p.language for p in staff}
    protect = [*names, *(p.name for p in staff)]
    pending = False
    for text in texts:
        pending |= await machine_translation.want(conn, text, source, targets, protect)
    return pending


@dataclass(frozen=True)
class Written:
    """A parent's typed words as a reader gets them: the language they were written in
    (None when unknown: shown as written) and the machine translations made, by text."""

    source: str | None
    translated: dict[str, Translated]


async def written(
    conn: aiosqlite.Connection,
    guardian_id: int,
    texts: Iterable[str],
    target: str,
    source: str | None = None,
) -> Written:
    """The translations of a parent's texts into `target`. `source`: the language they were
    written in, as the notice recorded it; else the parent's language now."""
    if source is None:
        parent = await writer(conn, guardian_id)
        source = parent.language if parent else None
    if source is None:
        return Written(None, {})
    found = {text: await machine_translation.lookup(conn, text, source, target) for text in texts}
    return Written(source, {text: t for text, t in found.items() if t is not None})


async def parents_written(
    db: Database, guardian_texts: Mapping[int, Iterable[str]], target: str
) -> dict[int, Written]:
    """`written` for several parents at once, for a view outside any delivery."""
    async with db.read() as conn:
        return {
            guardian_id: await written(conn, guardian_id, texts, target)
            for guardian_id, texts in guardian_texts.items()
        }
