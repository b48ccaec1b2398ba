"""`parentbot sandbox`: the sandbox, the real bot and a demo school, in one process.

This is what `make run` starts when no Telegram token is set, so anyone can try the bot on
their own machine. The demo school lives in its own database file, apart from real data.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import event_loop
from bot.config import Settings
from bot.domain.clock import Clock, OffsetClock
from bot.domain.year_plan import PlannedRound, parse_plan
from bot.sandbox.demo_controls import DemoControls
from bot.sandbox.server import Sandbox
from bot.services.invitations import Invitation, list_invitations
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from bot.services.year_plan import apply_plan
from bot.storage.database import Database
from bot.telegram.application import build_application, running

DEMO_PHONE = "020 123 4567"
DEMO_EMAIL = "info@regenboog.example.nl"

log = logging.getLogger(__name__)

EXAMPLES = Path(__file__).resolve().parent / "demo_school"
DEMO_FILES = (("roster", import_roster), ("staff", import_staff))
DEMO_PLAN = EXAMPLES / "regenboog-plan-2026-2027.toml"
SANDBOX_BOT_USERNAME = "parentbot_sandbox_bot"


def run_sandbox(settings: Settings) -> int:
    """Serve until Ctrl-C or SIGTERM; returns the exit code."""
    event_loop.run(serve_demo(settings))
    return 0


async def serve_demo(settings: Settings, stop: asyncio.Event | None = None) -> None:
    stop = stop or _stop_on_signals()
    sandbox = Sandbox(bot_username=SANDBOX_BOT_USERNAME)
    plan = parse_plan(DEMO_PLAN.read_text(encoding="utf-8"), settings.timezone)
    start = demo_start_offset(plan, settings.timezone, datetime.now(UTC))
    async with running_demo(settings, OffsetClock(start), sandbox) as demo:
        print(_banner(sandbox.api_url, demo.settings, demo.invitations), flush=True)
        await stop.wait()
    print("Sandbox stopped.", flush=True)


def demo_start_offset(plan: list[PlannedRound], tz: ZoneInfo, now: datetime) -> timedelta:
    """How far to set the demo's clock so that booking is open when it starts.

    While a round of the example plan is open the demo runs at the real time; otherwise it
    starts two days into the first round's booking, at 10:00, so the demo stays useful
    long after the example year is over.
    """
    if not plan or any(r.is_open(now) for r in plan):
        return timedelta(0)
    first = min(plan, key=lambda r: r.booking_opens_at)
    opening_day = first.booking_opens_at.astimezone(tz).date() + timedelta(days=2)
    return datetime.combine(opening_day, time(10), tz).astimezone(UTC) - now


@dataclass(frozen=True)
class RunningDemo:
    settings: Settings  # the bot's: the demo database, the sandbox as Telegram
    invitations: list[Invitation]


@asynccontextmanager
async def running_demo(
    settings: Settings, clock: OffsetClock, sandbox: Sandbox
) -> AsyncIterator[RunningDemo]:
    """The demo school, `sandbox` serving it with the page, and the bot; stopped on exit.

    The demo starts afresh every time: its simulated people and its clock live in memory
    only, so a database kept from an earlier run would name accounts nobody plays any more
    and hold times ahead of the clock.
    """
    demo = settings.model_copy(
        update={
            "database_path": settings.database_path.with_name("sandbox-demo.sqlite3"),
            # The fictional school's own contact details, unless the user set real ones.
            "school_phone": settings.school_phone or DEMO_PHONE,
            "school_email": settings.school_email or DEMO_EMAIL,
        }
    )
    _remove_database(demo.database_path)
    invitations = await load_demo_school(demo, clock)
    controls = DemoControls(sandbox, invitations, clock, demo.timezone)
    await sandbox.start(settings.sandbox_host, settings.sandbox_port, routes=controls.routes())
    try:
        bot_settings = demo.model_copy(update={"telegram_api_url": sandbox.api_url})
        app = build_application(
            bot_settings, clock, token=sandbox.token, delivery_time_scale=sandbox.time_scale
        )
        async with running(app):
            controls.attach(app.bot_data)
            yield RunningDemo(bot_settings, invitations)
    finally:
        await sandbox.stop()


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


async def load_demo_school(settings: Settings, clock: Clock) -> list[Invitation]:
    """Import the example school and its year plan."""
    db = await Database.open(settings.database_path)
    try:
        for name, importer in DEMO_FILES:
            data = (EXAMPLES / f"regenboog-{name}.csv").read_bytes()
            await importer(db, data, default_language=settings.default_language, clock=clock)
        plan = DEMO_PLAN.read_text(encoding="utf-8")
        await apply_plan(db, plan, clock=clock, tz=settings.timezone)
        return await list_invitations(
            db, secret=settings.secret_key, bot_username=SANDBOX_BOT_USERNAME, clock=clock
        )
    finally:
        await db.close()


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop


def _banner(api: str, settings: Settings, invitations: list[Invitation]) -> str:
    people = "\n".join(
        f"  {inv.person.ref:>4}  {inv.person.name} [{inv.person.language}]: /start {inv.code}"
        for inv in invitations
    )
    return f"""\
parentbot sandbox is running: a local stand-in for Telegram with a demo school.
  Open this page to try it:   {api}/
  Bot API (the bot polls it): {api}/bot<token>/<method>
  Simulated people (JSON):    {api}/sandbox/users
  Demo database:              {settings.database_path}

Try it as a parent, e.g. Olena (Ukrainian), then book with /talks:
  J='Content-Type: application/json'
  curl -s -H "$J" -X POST {api}/sandbox/users -d '{{"first_name": "Olena", "language_code": "uk"}}'
  curl -s -H "$J" -X POST {api}/sandbox/users/<id>/messages -d '{{"text": "/start <her code>"}}'
  curl -s -H "$J" -X POST {api}/sandbox/users/<id>/messages -d '{{"text": "/talks"}}'
  curl -s -H "$J" -X POST {api}/sandbox/users/<id>/press -d '{{"label": "<a button>"}}'
  curl -s {api}/sandbox/users/<id>/chat

Invitation codes of the demo school:
{people}

Press Ctrl-C to stop."""
