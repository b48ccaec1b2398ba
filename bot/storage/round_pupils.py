"""Follow-up rounds are for named pupils only; every other round is for its whole groups.

Queries that find the pupils of a round join `round_groups rg` and `pupils p`; they add
`PUPIL_IN_ROUND` so a follow-up round reaches only its own pupil's parents.
"""

from __future__ import annotations

import aiosqlite

PUPIL_IN_ROUND = """(
    NOT EXISTS (SELECT 1 FROM round_pupils rp WHERE rp.round_id = rg.round_id)
    OR EXISTS (SELECT 1 FROM round_pupils rp
               WHERE rp.round_id = rg.round_id AND rp.pupil_id = p.id)
)"""


async def limit_round(conn: aiosqlite.Connection, round_id: int, pupil_ids: list[int]) -> None:
    await conn.executemany(
        "INSERT INTO round_pupils (round_id, pupil_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(round_id, pupil_id) for pupil_id in pupil_ids],
    )


async def round_pupils(conn: aiosqlite.Connection) -> dict[int, frozenset[int]]:
    """The follow-up rounds and their pupils."""
    found: dict[int, set[int]] = {}
    async with conn.execute("SELECT round_id, pupil_id FROM round_pupils") as cursor:
        async for row in cursor:
            found.setdefault(row["round_id"], set()).add(row["pupil_id"])
    return {round_id: frozenset(pupils) for round_id, pupils in found.items()}
