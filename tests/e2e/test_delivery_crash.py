"""The bot process is killed (SIGKILL) halfway through 300 invitations and started again:
every parent ends up with their invitation, and at most one of them gets it twice (the
one in flight at the moment of the kill)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from datetime import timedelta
from pathlib import Path

from bot.clock import SystemClock, to_db
from bot.config import Settings
from bot.sandbox import Sandbox
from bot.storage import outbox
from bot.storage.database import Database

PARENTS = 300
ROUND_TITLE = "Voortgangsgesprekken groep 5"


async def school_of(db: Database, sandbox: Sandbox, parents: int) -> None:
    """Group 5 with `parents` pupils, each with one parent in Telegram; a round open now."""
    now = SystemClock().now()
    stamp = to_db(now)
    users = [sandbox.create_user(f"Parent{n}") for n in range(parents)]
    for user in users:
        user.started = True
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO class_groups (name, grade_low, grade_high, created_at)"
            " VALUES ('5', 5, 5, ?)",
            (stamp,),
        )
        await conn.executemany(
            "INSERT INTO pupils (external_id, first_name, last_name, group_id, created_at,"
            " updated_at) VALUES (?, ?, 'Test', 1, ?, ?)",
            [(str(5000 + n), f"Kid{n}", stamp, stamp) for n in range(parents)],
        )
        await conn.executemany(
            "INSERT INTO guardians (import_key, name, language, telegram_user_id,"
            " telegram_chat_id, linked_at, created_at, updated_at)"
            " VALUES (?, ?, 'nl', ?, ?, ?, ?, ?)",
            [
                (
                    f"p{n}",
                    f"Parent {n}",
                    user.id,
                    user.id,
                    "2026-01-01T00:00:00+00:00",
                    stamp,
                    stamp,
                )
                for n, user in enumerate(users)
            ],
        )
        await conn.execute(
            "INSERT INTO pupil_guardians (pupil_id, guardian_id) SELECT id, id FROM pupils"
        )
        await conn.execute(
            "INSERT INTO staff (import_key, name, email, role, language, created_at, updated_at)"
            " VALUES ('t@school.nl', 'Teacher', 't@school.nl', 'teacher', 'nl', ?, ?)",
            (stamp, stamp),
        )
        await conn.execute("INSERT INTO staff_groups (staff_id, group_id) VALUES (1, 1)")
        await conn.execute(
            "INSERT INTO rounds (plan_key, kind, title, slot_minutes, form, booking_opens_at,"
            " booking_closes_at, created_at, updated_at)"
            " VALUES ('r', 'progress', ?, 15, 'school', ?, ?, ?, ?)",
            (
                ROUND_TITLE,
                to_db(now - timedelta(minutes=1)),
                to_db(now + timedelta(days=7)),
                stamp,
                stamp,
            ),
        )
        await conn.execute("INSERT INTO round_groups (round_id, group_id) VALUES (1, 1)")
        start = now + timedelta(days=10)
        await conn.execute(
            "INSERT INTO slots (round_id, staff_id, starts_at, ends_at) VALUES (1, 1, ?, ?)",
            (to_db(start), to_db(start + timedelta(minutes=15))),
        )


async def start_bot(
    sandbox: Sandbox, settings: Settings, folder: Path
) -> asyncio.subprocess.Process:
    """`parentbot run` as an administrator starts it, pointed at the sandbox."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": sandbox.token,
        "TELEGRAM_API_URL": sandbox.api_url,
        "DATABASE_PATH": str(settings.database_path),
        "PARENTBOT_SECRET_KEY": "crash-test-secret",
        "QUIET_HOURS": "off",  # the test may run at night
        "DELIVERY_RATE": "1000",  # the sandbox's limits are off: be quick
        "LOG_LEVEL": "WARNING",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=folder, env=env
    )


async def wait_until(condition, timeout: float) -> bool:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.001)
    return condition()


async def test_a_bot_killed_halfway_through_300_invitations_sends_each_once_after_restart(
    settings: Settings, tmp_path: Path
):
    async with Sandbox(time_scale=0.05, global_rate=0, per_chat_rate=0) as sandbox:
        db = await Database.open(settings.database_path)
        try:
            await school_of(db, sandbox, PARENTS)
        finally:
            await db.close()

        def delivered() -> int:
            return sum(len(user.messages) for user in sandbox.users)

        first = await start_bot(sandbox, settings, tmp_path)
        try:
            assert await wait_until(lambda: delivered() >= PARENTS // 2, timeout=30)
        finally:
            first.send_signal(signal.SIGKILL)
            await first.wait()
        at_kill = delivered()
        assert at_kill < PARENTS, "the bot finished before it could be killed"

        second = await start_bot(sandbox, settings, tmp_path)
        try:
            done = await wait_until(lambda: all(user.messages for user in sandbox.users), 30)
            await asyncio.sleep(0.2)  # anything sent twice would show by now
        finally:
            second.send_signal(signal.SIGTERM)
            await second.wait()
        assert done, f"only {sum(bool(u.messages) for u in sandbox.users)} of {PARENTS} reached"

    received = [len(user.messages) for user in sandbox.users]
    assert all(count >= 1 for count in received)
    assert sum(count - 1 for count in received) <= 1  # at most the one in flight
    assert all(ROUND_TITLE in user.messages[0].text for user in sandbox.users)
    db = await Database.open(settings.database_path)
    try:
        async with db.read() as conn:
            assert await outbox.status_counts(conn) == {"sent": PARENTS}
    finally:
        await db.close()
