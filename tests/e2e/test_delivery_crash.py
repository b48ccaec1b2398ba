"""The bot process is killed (SIGKILL) halfway through 300 invitations and started again:
every parent ends up with their invitation, and one of them gets it twice: the one in
flight at the moment of the kill, which Telegram delivered but the bot never heard of.

The sandbox holds the 150th send until the bot is dead, so the kill lands in the middle of a
call on any machine, however fast or busy.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from bot.config import Settings
from bot.domain.clock import SystemClock, to_db
from bot.sandbox import Hold, Sandbox
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


# Safety nets against a hang, never a measure of speed: a busy machine is merely slower.
GIVE_UP_AFTER = 300.0


async def wait_until(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + GIVE_UP_AFTER
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.01)
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
        in_flight = Hold()
        sandbox.schedule("sendMessage", {PARENTS // 2: in_flight})

        first = await start_bot(sandbox, settings, tmp_path)
        try:
            await asyncio.wait_for(in_flight.reached.wait(), GIVE_UP_AFTER)
        finally:
            first.send_signal(signal.SIGKILL)
            await first.wait()
        sends = [call for call in sandbox.calls if call.method == "sendMessage"]
        assert len(sends) == PARENTS // 2
        held_for = sandbox.user(int(sends[-1].params["chat_id"]))
        in_flight.release.set()  # Telegram delivers it; its answer reaches no one
        assert await wait_until(lambda: len(held_for.messages) == 1)
        assert sum(len(user.messages) for user in sandbox.users) == PARENTS // 2

        second = await start_bot(sandbox, settings, tmp_path)
        try:
            done = await wait_until(lambda: all(user.messages for user in sandbox.users))
        finally:
            second.send_signal(signal.SIGTERM)
            await second.wait()  # once it has exited, whatever it sent is in the chats
        assert done, f"only {sum(bool(u.messages) for u in sandbox.users)} of {PARENTS} reached"

    received = [len(user.messages) for user in sandbox.users]
    assert all(count >= 1 for count in received)
    assert sum(count - 1 for count in received) == 1  # only the one in flight came twice
    assert len(held_for.messages) == 2
    assert all(ROUND_TITLE in user.messages[0].text for user in sandbox.users)
    db = await Database.open(settings.database_path)
    try:
        async with db.read() as conn:
            assert await outbox.status_counts(conn) == {"sent": PARENTS}
    finally:
        await db.close()
