"""Outbox query benchmark: the delivery loop's queries on a school-sized outbox.

    .venv/bin/python bench/outbox_queries.py                      # 20,000 guardians
    .venv/bin/python bench/outbox_queries.py --guardians 5000 --runs 9

A freshly migrated database gets `--guardians` parents (half of them linked), one pending
invitation each, three reminders per tenth of them, and five sent rows per parent from
earlier rounds. Each query of `bot.storage.outbox` the deliverer and the planner run is
timed `--runs` times; the median in milliseconds is printed, ending with one line like:

    outbox_queries: guardians=20000 pending=26000 due_rows_ms=0.4 next_due_ms=31.0
    withdraw_ms=0.1 expire_stale_ms=0.1 release_held_ms=0.1       (on one line)

Each withdrawal and expiry is rolled back, so every run sees the same rows.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiosqlite

from bot.domain.clock import to_db
from bot.domain.person_kind import PersonKind
from bot.storage import outbox
from bot.storage.database import Database

NOW = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)


async def fill(db: Database, guardians: int) -> int:
    """The rows described above, in one transaction; returns how many are pending."""
    stamp = to_db(NOW - timedelta(days=30))
    later = to_db(NOW + timedelta(days=14))
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO guardians (id, import_key, name, language, telegram_user_id,"
            " telegram_chat_id, linked_at, created_at, updated_at)"
            " VALUES (?, ?, ?, 'nl', ?, ?, ?, ?, ?)",
            [
                (
                    n,
                    f"g{n}",
                    f"Parent {n}",
                    n if n % 2 else None,
                    n if n % 2 else None,
                    stamp if n % 2 else None,
                    stamp,
                    stamp,
                )
                for n in range(1, guardians + 1)
            ],
        )
        rows: list[tuple[Any, ...]] = []
        for n in range(1, guardians + 1):
            rows.append(
                (n, "invitation", to_db(NOW), None, f"invite:round:2:guardian:{n}", "pending")
            )
            for old in range(5):
                key = f"invite:round:{-old}:guardian:{n}"
                rows.append((n, "invitation", stamp, None, key, "sent"))
            if n % 10 == 0:
                for offset in ("7d", "1d", "2h"):
                    key = f"remind:booking:{n}:slot:{n}:{offset}:guardian:{n}"
                    rows.append((n, "reminder", later, later, key, "pending"))
        await conn.executemany(
            "INSERT INTO outbox (recipient_kind, recipient_id, kind, not_before, expires_at,"
            " dedup_key, status, created_at) VALUES ('guardian', ?, ?, ?, ?, ?, ?, ?)",
            [(*row, stamp) for row in rows],
        )
    return sum(1 for row in rows if row[-1] == "pending")


async def median_ms(
    db: Database, query: Callable[[aiosqlite.Connection], Awaitable[Any]], runs: int
) -> float:
    """Each run in its own transaction, rolled back: the rows stay as they were."""
    times = []
    for _ in range(runs):
        async with db.transaction(commit=False) as conn:
            start = time.perf_counter()
            await query(conn)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def main(guardians: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "bench.sqlite3")
        try:
            pending = await fill(db, guardians)
            booking = guardians // 2 // 10 * 10 or 10
            queries: dict[str, Callable[[aiosqlite.Connection], Awaitable[Any]]] = {
                "due_rows": lambda conn: outbox.due_rows(conn, NOW),
                "due_rows_one": lambda conn: outbox.due_rows(
                    conn, NOW, recipient=(PersonKind.GUARDIAN, 1)
                ),
                "next_due": lambda conn: outbox.next_due(conn, NOW),
                "withdraw": lambda conn: outbox.withdraw(conn, f"remind:booking:{booking}:"),
                "expire_stale": lambda conn: outbox.expire_stale(conn, NOW),
                "release_held": lambda conn: outbox.release_held(conn, NOW),
            }
            figures = {name: await median_ms(db, query, runs) for name, query in queries.items()}
        finally:
            await db.close()
    shown = " ".join(f"{name}_ms={value:.2f}" for name, value in figures.items())
    print(f"outbox_queries: guardians={guardians} pending={pending} runs={runs} {shown}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--guardians", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.guardians, arguments.runs))
