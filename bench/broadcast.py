"""Broadcast benchmark: invitations for a whole school through the sandbox, at Telegram's
real limits (30 messages a second overall, one a second per chat).

    .venv/bin/python bench/broadcast.py                    # 1,000 guardians, about 35 s
    .venv/bin/python bench/broadcast.py --guardians 200 --time-scale 0.1   # a quick look

The real bot (PTB application, planner, outbox, deliverer) runs against a local sandbox
whose "second" lasts `--time-scale` real seconds. It prints the time the broadcast took
beside the floor Telegram's limits allow, the 429 answers the sandbox gave, what was lost or
sent twice, and the peak memory, ending with one line like:

    broadcast: messages=1000 seconds=34.1 floor=33.3 ratio=1.02 http429=0 lost=0
    duplicates=0 peak_rss_mib=61       (on one line)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import load_settings
from bot.domain.clock import ManualClock, to_db
from bot.sandbox import Sandbox
from bot.sandbox.errors import ApiError
from bot.storage.database import Database
from bot.telegram.application import build_application, running
from scheduling.clock import SCHEDULER_KEY

TELEGRAM_RATE = 30  # messages per second overall
OPENS = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)  # Monday 09:00 in Amsterdam
GROUPS = ("1/2A", "3", "4", "5", "6", "7", "8")


async def build_school(db: Database, sandbox: Sandbox, guardians: int) -> None:
    """`guardians` parents in Telegram, one child each, spread over the groups; a round
    for all groups that opens at OPENS."""
    stamp = to_db(OPENS - timedelta(days=30))
    users = [sandbox.create_user(f"Parent{n}") for n in range(guardians)]
    for user in users:
        user.started = True  # each opened their link once
    async with db.transaction() as conn:
        for number, name in enumerate(GROUPS, start=1):
            low = 1 if name == "1/2A" else int(name)
            high = 2 if name == "1/2A" else int(name)
            await conn.execute(
                "INSERT INTO class_groups (id, name, grade_low, grade_high, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (number, name, low, high, stamp),
            )
            await conn.execute(
                "INSERT INTO staff (id, import_key, name, email, role, language, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, 'teacher', 'nl', ?, ?)",
                (number, f"t{number}@school.nl", f"Teacher {number}", f"t{number}@school.nl",
                 stamp, stamp),
            )  # fmt: skip
            await conn.execute(
                "INSERT INTO staff_groups (staff_id, group_id) VALUES (?, ?)", (number, number)
            )
        languages = ("nl", "en", "ar", "tr", "pl", "uk")
        await conn.executemany(
            "INSERT INTO pupils (id, external_id, first_name, last_name, group_id, created_at,"
            " updated_at) VALUES (?, ?, ?, 'Test', ?, ?, ?)",
            [(n + 1, str(n), f"Kid{n}", n % len(GROUPS) + 1, stamp, stamp)
             for n in range(guardians)],
        )  # fmt: skip
        await conn.executemany(
            "INSERT INTO guardians (id, import_key, name, language, telegram_user_id,"
            " telegram_chat_id, linked_at, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(n + 1, f"g{n}", f"Parent {n}", languages[n % 6], u.id, u.id, stamp, stamp, stamp)
             for n, u in enumerate(users)],
        )  # fmt: skip
        await conn.execute(
            "INSERT INTO pupil_guardians (pupil_id, guardian_id) SELECT id, id FROM pupils"
        )
        await conn.execute(
            "INSERT INTO rounds (id, plan_key, kind, title, slot_minutes, form, place,"
            " booking_opens_at, booking_closes_at, created_at, updated_at)"
            " VALUES (1, 'bench', 'progress', 'Voortgangsgesprekken', 15, 'school', 'lokaal',"
            " ?, ?, ?, ?)",
            (to_db(OPENS), to_db(OPENS + timedelta(days=14)), stamp, stamp),
        )
        for number in range(1, len(GROUPS) + 1):
            await conn.execute(
                "INSERT INTO round_groups (round_id, group_id) VALUES (1, ?)", (number,)
            )
            start = OPENS + timedelta(days=21, hours=6)
            await conn.execute(
                "INSERT INTO slots (round_id, staff_id, starts_at, ends_at) VALUES (1, ?, ?, ?)",
                (number, to_db(start), to_db(start + timedelta(minutes=15))),
            )


async def broadcast(guardians: int, time_scale: float, folder: Path) -> str:
    os.environ.setdefault("PARENTBOT_SECRET_KEY", "bench-secret")
    settings = load_settings(folder, database_path=folder / "bench.sqlite3")
    clock = ManualClock(OPENS - timedelta(minutes=1))
    async with Sandbox(time_scale=time_scale, global_rate=TELEGRAM_RATE, per_chat_rate=1.0) as sb:
        refused = count_429s(sb)
        db = await Database.open(settings.database_path)
        try:
            await build_school(db, sb, guardians)
        finally:
            await db.close()
        bot_settings = settings.model_copy(update={"telegram_api_url": sb.api_url})
        app = build_application(bot_settings, clock, token=sb.token, delivery_time_scale=time_scale)
        async with running(app, poll_timeout=1):
            scheduling = app.bot_data[SCHEDULER_KEY]
            await asyncio.sleep(time_scale)  # start-up calls (commands menu) out of the way
            clock.set(OPENS)
            started = time.perf_counter()
            report = await scheduling.tick()  # plans the invitations and sends them all
            seconds = time.perf_counter() - started
        received = [len(user.messages) for user in sb.users]
    messages = sum(received)
    lost = sum(1 for count in received if count == 0)
    duplicates = sum(count - 1 for count in received if count > 1)
    floor = guardians / TELEGRAM_RATE * time_scale
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"guardians: {guardians}, time scale: {time_scale} (a Telegram second in real seconds)")
    print(f"sent by the deliverer: {report.sent}, 429s seen by the bot: {report.throttled}")
    print(f"time taken: {seconds:.1f} s; floor at {TELEGRAM_RATE}/s: {floor:.1f} s")
    return (
        f"broadcast: messages={messages} seconds={seconds:.1f} floor={floor:.1f}"
        f" ratio={seconds / floor:.2f} http429={refused[0]} lost={lost}"
        f" duplicates={duplicates} peak_rss_mib={peak:.0f}"
    )


def count_429s(sandbox: Sandbox) -> list[int]:
    """Count the sandbox's flood-control refusals (it answers them as Telegram does)."""
    counter = [0]
    limits = sandbox._state.limits
    acquire = limits.acquire

    def counting(chat_id: int) -> None:
        try:
            acquire(chat_id)
        except ApiError as error:
            if error.code == 429:
                counter[0] += 1
            raise

    limits.acquire = counting  # type: ignore[method-assign]
    return counter


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--guardians", type=int, default=1000, help="parents to invite")
    parser.add_argument(
        "--time-scale",
        type=float,
        default=1.0,
        help="real seconds per Telegram second (1.0: real time; 0.1: ten times faster)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)  # no .env of the developer's, no secret written next to the code
        line = asyncio.run(broadcast(args.guardians, args.time_scale, Path(folder)))
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
