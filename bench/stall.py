"""Planner stall benchmark: how long a parent waits for the bot while the planner runs.

    .venv/bin/python bench/stall.py                       # 20,000 guardians
    .venv/bin/python bench/stall.py --guardians 1000      # a quick look

A freshly migrated database gets a roster of `--guardians` parents (two per pupil, thirty
pupils a group) through the real roster import, a teacher per group through the staff
import, and a year plan with one round for every group through the real plan service, in
a process of their own as the command line does (the peak memory printed is the bot's).
The real bot (PTB application, planner, outbox, deliverer) runs against the sandbox; a few
parents open their links just before booking opens. Once it is open, they send /help in
turn, the next one `--interval` seconds after each reply, while the scheduler runs three
planning passes one after the other, as its minute's job does (plan, then deliver what is
due): the first queues an invitation for every guardian, the next two find them all
queued. It prints the replies' times, how long each pass took and the peak memory, ending
with one line like:

    stall: guardians=20000 passes=3 p50_ms=12 p99_ms=98 max_ms=115 plan_pass_s=1.26
    peak_rss_mib=142       (on one line; plan_pass_s is the longest of the three)

The parents take turns because Telegram takes about one message a second per chat, and
the bot keeps to that: one parent asking every few milliseconds would measure that pace,
not the planner. For the same reason their own invitations wait: they linked a minute
before (on the bot's clock) and chose no language, so delivery holds what waited for them
for its settling time, which ends after the bench (the line before last counts any message
that came anyway).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import load_settings
from bot.domain.clock import ManualClock
from bot.sandbox import Sandbox, SimUser
from bot.services.invitations import renew_code
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from bot.services.year_plan import apply_plan
from bot.storage.database import Database
from bot.telegram.application import build_application, running
from scheduling.clock import SCHEDULER_KEY
from scheduling.send_budget import CHAT_INTERVAL

SECRET = b"bench-secret-key-of-thirty-two-b"
BOT_USERNAME = "parentbot_sandbox_bot"
SET_UP = datetime(2026, 11, 9, 8, 0, tzinfo=UTC)  # a week before booking opens
OPENS = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)  # Monday 09:00 in Amsterdam
PASSES = 3
# Enough parents that each asks about once a second and a bit, together well below
# Telegram's 30 messages a second.
PARENTS = 30


def roster_csv(guardians: int) -> bytes:
    """Two guardians per pupil, thirty pupils per group, as the administration exports it."""
    lines = ["Leerlingnummer;Roepnaam;Achternaam;Groep;Naam verzorger;Telefoon verzorger"]
    for n in range(guardians):
        pupil = n // 2
        group = f"{pupil // 30 % 8 + 1}{chr(65 + pupil // 240 % 26)}"
        lines.append(f"{10000 + pupil};Kind{pupil};Achternaam;{group};Ouder {n};06{n + 10**7:08d}")
    return "\n".join(lines).encode()


def staff_csv(groups: list[str]) -> bytes:
    """A teacher for each group, as the administration exports the staff list."""
    lines = ["Naam;E-mail;Functie;Groepen;Taal"]
    lines += [
        f"Teacher {n};t{n}@school.example;Leerkracht;{g};Nederlands" for n, g in enumerate(groups)
    ]
    return "\n".join(lines).encode()


def year_plan(groups: list[str]) -> str:
    """One round for every group, each teacher with an afternoon of talks."""
    quoted = ", ".join(f'"{g}"' for g in groups)
    text = f"""
[[rounds]]
id = "progress-bench"
kind = "progress"
groups = [{quoted}]
slot_minutes = 15
buffer_minutes = 5
form = "school"
place = "classroom"
booking_opens = 2026-11-16T09:00:00
booking_closes = 2026-12-04T17:00:00
cancel_cutoff_hours = 24
booking_scope = "pupil"
"""
    for n in range(len(groups)):
        text += f"""
[[rounds.teachers]]
email = "t{n}@school.example"
hours = ["2026-12-08 14:30-16:30"]
"""
    return text


def build_school(database: Path, guardians: int) -> list[str]:
    """The school in the database, built in a process of its own (as `parentbot import` and
    `parentbot plan apply` do), so the peak memory measured is the bot's; returns the
    invitation codes of the first PARENTS."""
    return asyncio.run(_build_school(database, guardians))


async def _build_school(database: Path, guardians: int) -> list[str]:
    clock = ManualClock(SET_UP)
    tz = load_settings(database.parent, database_path=database).timezone
    roster = roster_csv(guardians)
    groups = sorted({line.split(";")[3] for line in roster.decode().splitlines()[1:]})
    db = await Database.open(database)
    try:
        await import_roster(db, roster, default_language="nl", clock=clock)
        await import_staff(db, staff_csv(groups), default_language="nl", clock=clock)
        await apply_plan(db, year_plan(groups), clock=clock, tz=tz)
        return [
            (
                await renew_code(db, f"g{n}", secret=SECRET, bot_username=BOT_USERNAME, clock=clock)
            ).code
            for n in range(1, PARENTS + 1)
        ]
    finally:
        await db.close()


async def ask_in_turn(
    parents: list[tuple[SimUser, str]], interval: float, stop: asyncio.Event
) -> list[float]:
    """Each parent in turn sends /help until told to stop; the time to each reply (the
    parent's answer, as before) in milliseconds."""
    latencies = []
    for parent, answer in itertools.cycle(parents):
        if stop.is_set():
            break
        started = time.perf_counter()
        await parent.send("/help")
        await parent.expect_message(answer, timeout=60)
        latencies.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(interval)
    return latencies


async def outbox_size(db: Database) -> int:
    async with db.read() as conn, conn.execute("SELECT count(*) FROM outbox") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def linked_parents(sandbox: Sandbox, codes: list[str]) -> list[tuple[SimUser, str]]:
    """Parents who opened their links, each with the bot's answer to their /help."""
    parents = []
    for number, code in enumerate(codes, start=1):
        parent = sandbox.create_user(f"Parent{number}", language_code="nl")
        await parent.send(f"/start {code}")
        await parent.expect_message(timeout=60)
        await parent.send("/help")
        parents.append((parent, (await parent.expect_message(timeout=60)).body))
    return parents


async def measure(guardians: int, interval: float, folder: Path) -> str:
    os.environ.setdefault("PARENTBOT_SECRET_KEY", SECRET.decode())
    settings = load_settings(folder, database_path=folder / "bench.sqlite3")
    clock = ManualClock(SET_UP)
    started = time.perf_counter()
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as builder:
        codes = await asyncio.get_running_loop().run_in_executor(
            builder, build_school, settings.database_path, guardians
        )
    print(f"school built in {time.perf_counter() - started:.1f} s")
    async with Sandbox(per_chat_rate=0) as sandbox:
        bot_settings = settings.model_copy(update={"telegram_api_url": sandbox.api_url})
        app = build_application(bot_settings, clock, token=sandbox.token)
        async with running(app, poll_timeout=1):
            scheduling = app.bot_data[SCHEDULER_KEY]
            clock.set(OPENS - timedelta(seconds=30))
            parents = await linked_parents(sandbox, codes)
            await scheduling.tick()  # the planning their linking asked for, before booking opens
            await asyncio.sleep(CHAT_INTERVAL)  # each chat's pace starts afresh
            clock.set(OPENS + timedelta(seconds=30))
            before = sum(len(parent.messages) for parent, _ in parents)
            stop = asyncio.Event()
            asking = asyncio.create_task(ask_in_turn(parents, interval, stop))
            passes = []
            queued = []
            for _ in range(PASSES):
                await asyncio.sleep(0.5)
                started = time.perf_counter()
                await scheduling.tick()
                passes.append(time.perf_counter() - started)
                queued.append(await outbox_size(scheduling.db))
            await asyncio.sleep(0.5)
            stop.set()
            latencies = await asking
            others = sum(len(parent.messages) for parent, _ in parents) - before - len(latencies)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"replies: {len(latencies)}; passes (s): {', '.join(f'{s:.2f}' for s in passes)}")
    print(f"outbox rows after each pass: {', '.join(str(n) for n in queued)}")
    print(f"other messages to the asking parents meanwhile: {others}")
    return (
        f"stall: guardians={guardians} passes={PASSES} p50_ms={cuts[49]:.0f}"
        f" p99_ms={cuts[98]:.0f} max_ms={max(latencies):.0f} plan_pass_s={max(passes):.2f}"
        f" peak_rss_mib={peak:.0f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--guardians", type=int, default=20_000, help="parents on the roster")
    parser.add_argument(
        "--interval", type=float, default=0.03, help="seconds between a reply and the next /help"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)  # no .env of the developer's, no secret written next to the code
        line = asyncio.run(measure(args.guardians, args.interval, Path(folder)))
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
