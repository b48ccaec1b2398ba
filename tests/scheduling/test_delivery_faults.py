"""500 notifications through a struggling Telegram: 500s, 502s, stalls and 429s.

The real clock and APScheduler drive delivery here (back-off waits must pass); a Telegram
"second" lasts 10 ms, so the test takes a few seconds. Which calls fail is scripted by call
number, so the same faults happen however fast or busy the machine is.
"""

import asyncio
import time
from collections import Counter

from telegram import Bot

from bot.config import Settings
from bot.domain.clock import SystemClock
from bot.i18n import Translations
from bot.sandbox import Fail, Sandbox, Stall, Throttle
from bot.sandbox.limits import Scripted
from bot.storage import outbox
from bot.storage.database import Database
from bot.telegram.notifications import for_delivery
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


def struggling_telegram() -> dict[int, Scripted]:
    """Among the first 400 sends: 500s, 502s, 429s and stalls (stalled calls are served)."""
    script: dict[int, Scripted] = {}
    for number in range(1, 401):
        if number % 37 == 0:
            script[number] = Throttle(retry_after=1 + number % 3)
        elif number % 11 == 0:
            script[number] = Fail(500)
        elif number % 13 == 0:
            script[number] = Fail(502)
        elif number % 7 == 0:
            script[number] = Stall(0.05)
    return script


# A safety net against a hang, never a measure of speed: a busy machine is merely slower.
GIVE_UP_AFTER = 300.0


async def test_500_notifications_arrive_exactly_once_through_faults_and_flood_control(
    db: Database, settings: Settings
):
    settings = settings.model_copy(update={"quiet_hours": "off", "delivery_max_attempts": 30})
    script = struggling_telegram()
    kinds = Counter(type(outcome).__name__ for outcome in script.values())
    async with Sandbox(time_scale=0.01, global_rate=0, per_chat_rate=0) as sandbox:
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
                for_delivery(TEST_RENDERERS, settings, Translations("nl")),
                time_scale=sandbox.time_scale,
            )
            sandbox.schedule("sendMessage", script)
            started = time.monotonic()
            await scheduling.start()
            try:
                while time.monotonic() - started < GIVE_UP_AFTER:
                    async with db.read() as conn:
                        counts = await outbox.status_counts(conn)
                    if counts.get("sent", 0) + counts.get("failed", 0) == PARENTS:
                        break
                    await asyncio.sleep(0.05)
            finally:
                await scheduling.stop()
    assert counts == {"sent": PARENTS}
    for user in sandbox.users:
        assert [m.text for m in user.messages] == [
            f"invitation {chats[user.id]} [{LANGUAGES[(chats[user.id] - 1) % 6]}]"
        ]
    totals = scheduling.deliverer.totals
    assert totals.throttled == kinds["Throttle"]  # every 429 was waited out
    assert totals.retried == kinds["Fail"]  # every 500 and 502 was retried
    sends = [call for call in sandbox.calls if call.method == "sendMessage"]
    assert len(sends) == PARENTS + kinds["Throttle"] + kinds["Fail"]
