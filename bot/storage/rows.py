"""Reads in one round trip to aiosqlite's thread.

Every statement, fetch and close on an aiosqlite cursor is a hop to the connection's
thread, about 50 µs of CPU each; `execute_fetchall` runs the statement and fetches its rows
in one. The reads a Telegram update makes keep their rows anyway, so they use it (or
`first_row`); only the planner's streams over the whole school keep a cursor, so their
memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Iterable

import aiosqlite


async def first_row(
    conn: aiosqlite.Connection, sql: str, params: Iterable[object] = ()
) -> aiosqlite.Row | None:
    """The first row a statement gives, or None. Every row it gives is fetched: for a query
    that finds a row by its key, checks that one exists or ends in LIMIT 1, and for a
    write's RETURNING."""
    for row in await conn.execute_fetchall(sql, params):
        return row
    return None
