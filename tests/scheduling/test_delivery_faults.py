"""500 notifications through a struggling Telegram: 500s, 502s, stalls and 429s.

The real clock and APScheduler drive delivery here (back-off waits must pass); a Telegram
"second" lasts 10 ms, so the test takes a few seconds.
"""

import asyncio
import contextlib
import time

from telegram import Bot

from bot.clock import SystemClock
from bot.config import Settings
from bot.i18n import Translations
from bot.sandbox import Sandbox
from bot.storage import outbox
from bot.storage.database import Database
from scheduling.clock import SchedulingClock
from tests.scheduling.conftest import TEST_RENDERERS

PARENTS = 500
LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk")


async def add_parents(db: Database, sandbox: Sandbox, count: int) -> dict[int, int]:
    """Guardians in Telegram with a note each; returns chat id → guardian id."""
    now = SystemClock().now()
    users = [sandbox.create_user(f"Parent{n}") for n in range(count)]
    for user in users:
        user.started = True
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO guardians (import_key, name, language, telegram_user_id,"
            " telegram_chat_id, linked_at, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (f"p{n}", f"Parent {n}", LANGUAGES[n % 6], u.id, u.id, "2026-01-01", "x", "x")
                for n, u in enumerate(users)
            ],
        )
        async with conn.execute("SELECT id, telegram_chat_id FROM guardians") as cursor:
            ids = {row["telegram_chat_id"]: row["id"] async for row in cursor}
        for guardian_id in ids.values():
            await outbox.enqueue(
                conn,
                recipient_kind="guardian",
                recipient_id=guardian_id,
                kind="note",
                params={"text": f"invitation {guardian_id}"},
                not_before=now,
                dedup_key=f"invite:{guardian_id}",
                now=now,
            )
    return ids


async def flip_stalls(sandbox: Sandbox) -> None:
    """Half the time a faulty call answers 500/502, half the time it stalls and is served."""
    while True:
        sandbox.stall_seconds = 0.05 if sandbox.stall_seconds == 0 else 0.0
        await asyncio.sleep(0.03)


async def test_500_notifications_arrive_exactly_once_through_faults_and_flood_control(
    db: Database, settings: Settings
):
    settings = settings.model_copy(update={"quiet_hours": "off", "delivery_max_attempts": 30})
    # Telegram allows less today than we think: 3 per (10 ms) second → 429s to obey.
    async with Sandbox(time_scale=0.01, global_rate=3, per_chat_rate=1.0, seed=5) as sandbox:
        chats = await add_parents(db, sandbox, PARENTS)
        api = sandbox.api_url
        async with Bot(
            sandbox.token, base_url=f"{api}/bot", base_file_url=f"{api}/file/bot"
        ) as bot:
            scheduling = SchedulingClock(
                db,
                bot,
                settings,
                SystemClock(),
                Translations("nl"),
                time_scale=sandbox.time_scale,
                renderers=TEST_RENDERERS,
            )
            sandbox.fault_rate = 0.1
            stalls = asyncio.create_task(flip_stalls(sandbox))
            started = time.monotonic()
            await scheduling.start()
            try:
                while time.monotonic() - started < 30:
                    async with db.read() as conn:
                        counts = await outbox.status_counts(conn)
                    if counts.get("sent", 0) + counts.get("failed", 0) == PARENTS:
                        break
                    await asyncio.sleep(0.05)
            finally:
                stalls.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await stalls
                await scheduling.stop()
    assert counts == {"sent": PARENTS}
    for user in sandbox.users:
        assert [m.text for m in user.messages] == [
            f"invitation {chats[user.id]} [{LANGUAGES[(chats[user.id] - 1) % 6]}]"
        ]
    totals = scheduling.deliverer.totals
    assert totals.throttled > 0  # 429s happened and were waited out
    assert totals.retried > 0  # 500s and 502s happened and were retried
