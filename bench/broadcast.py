"""Broadcast benchmark: invitations for a whole school through the sandbox, at Telegram's
real limits (30 messages a second overall, one a second per chat).

    .venv/bin/python bench/broadcast.py                    # 1,000 guardians, about 35 s
    .venv/bin/python bench/broadcast.py --pressing 100     # 100 parents answer meanwhile
    .venv/bin/python bench/broadcast.py --guardians 200 --time-scale 0.1   # a quick look

The real bot (PTB application, planner, outbox, deliverer) runs against a local sandbox
whose "second" lasts `--time-scale` real seconds. With `--pressing N`, N parents spread over
the first nine tenths of the school read their invitation for 1 to 3 (Telegram) seconds,
then press its first button or send /talks, and wait for the bot's answer: the bot's
replies and the broadcast share Telegram's limits. It prints the time the broadcast took
beside the floor Telegram's limits allow for every message that went meanwhile
(invitations and replies, at 30 a second), the 429 answers the sandbox gave, what was lost
or sent twice, the replies' 95th percentile (real milliseconds from the press until the
answer was there) and the peak memory, ending with one line like:

    broadcast: messages=1100 invitations=1000 seconds=37.7 floor=36.7 ratio=1.03 http429=0
    lost=0 duplicates=0 pressing=100 replies_p95_ms=94 peak_rss_mib=116     (on one line)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import load_settings
from bot.domain.clock import ManualClock, to_db
from bot.sandbox import Sandbox, SimUser
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


async def broadcast(guardians: int, pressing: int, time_scale: float, folder: Path) -> str:
    os.environ.setdefault("PARENTBOT_SECRET_KEY", "bench-secret")
    settings = load_settings(folder, database_path=folder / "bench.sqlite3")
    clock = ManualClock(OPENS - timedelta(minutes=1))
    async with Sandbox(time_scale=time_scale, global_rate=TELEGRAM_RATE, per_chat_rate=1.0) as sb:
        flood = FloodCount.of(sb)
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
            reach = sb.users[: guardians * 9 // 10]  # invited well before the end
            pressers = reach[:: max(1, len(reach) // pressing)][:pressing] if pressing else []
            replies: list[float] = []
            parents = [
                asyncio.create_task(press_when_invited(user, n, len(pressers), time_scale, replies))
                for n, user in enumerate(pressers)
            ]
            clock.set(OPENS)
            started = time.perf_counter()
            flood.accepted.clear()
            report = await scheduling.tick()  # plans the invitations and sends them all
            ended = time.perf_counter()
            await asyncio.wait_for(asyncio.gather(*parents), timeout=60 * time_scale + 30)
        expected = {user.id: 1 for user in sb.users} | {user.id: 2 for user in pressers}
        received = {user.id: len(user.messages) for user in sb.users}
    seconds = ended - started
    during = sum(1 for moment in flood.accepted if moment <= ended)
    lost = sum(1 for count in received.values() if count == 0)
    duplicates = sum(max(0, received[chat] - expected[chat]) for chat in received)
    floor = during / TELEGRAM_RATE * time_scale
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    p95 = sorted(replies)[math.ceil(len(replies) * 0.95) - 1] * 1000 if replies else 0.0
    print(f"guardians: {guardians}, time scale: {time_scale} (a Telegram second in real seconds)")
    print(f"sent by the deliverer: {report.sent}, 429s seen by the deliverer: {report.throttled}")
    print(f"parents pressing during the broadcast: {len(pressers)}, replies: {len(replies)}")
    print(
        f"time taken: {seconds:.1f} s for {during} messages (invitations and replies);"
        f" floor at {TELEGRAM_RATE}/s: {floor:.1f} s"
    )
    return (
        f"broadcast: messages={during} invitations={report.sent} seconds={seconds:.1f}"
        f" floor={floor:.1f} ratio={seconds / floor:.2f} http429={flood.refused} lost={lost}"
        f" duplicates={duplicates} pressing={len(pressers)} replies_p95_ms={p95:.0f}"
        f" peak_rss_mib={peak:.0f}"
    )


async def press_when_invited(
    user: SimUser, number: int, pressers: int, time_scale: float, replies: list[float]
) -> None:
    """A parent reads their invitation for 1 to 3 (Telegram) seconds, then presses its first
    button ("Choose a time for …") or, every other parent, sends /talks; the time until the
    bot's answer is there is noted (real seconds)."""
    await user.wait_for(lambda: bool(user.messages), timeout=3600, what="the invitation")
    await asyncio.sleep((1 + 2 * number / pressers) * time_scale)
    before = len(user.messages)
    pressed = time.perf_counter()
    if number % 2:
        await user.send("/talks")
    else:
        await user.press(index=0)
    await user.wait_for(lambda: len(user.messages) > before, timeout=3600, what="the answer")
    replies.append(time.perf_counter() - pressed)


@dataclass
class FloodCount:
    """The sandbox's flood control, counted: the messages it let through (when, in
    `perf_counter` time) and the 429s it answered (as Telegram does)."""

    accepted: list[float] = field(default_factory=list)
    refused: int = 0

    @classmethod
    def of(cls, sandbox: Sandbox) -> FloodCount:
        count = cls()
        limits = sandbox._state.limits
        acquire = limits.acquire

        def counting(chat_id: int) -> None:
            try:
                acquire(chat_id)
            except ApiError as error:
                if error.code == 429:
                    count.refused += 1
                raise
            count.accepted.append(time.perf_counter())

        limits.acquire = counting  # type: ignore[method-assign]
        return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--guardians", type=int, default=1000, help="parents to invite")
    parser.add_argument(
        "--pressing",
        type=int,
        default=0,
        help="parents who press a button or send a command after their invitation arrives",
    )
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
        line = asyncio.run(broadcast(args.guardians, args.pressing, args.time_scale, Path(folder)))
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
