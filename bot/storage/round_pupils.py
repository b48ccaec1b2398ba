"""Follow-up rounds are for named pupils only; every other round is for its whole groups.

Queries that find the pupils of a round join `round_groups rg` and `pupils p`; they add
`PUPIL_IN_ROUND` so a follow-up round reaches only its own pupil's parents. A loaded round
answers the same question with `Round.includes` (its `only_pupils` come from this table).
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
