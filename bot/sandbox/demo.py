"""`parentbot sandbox`: the sandbox, the real bot and a demo school, in one process.

This is what `make run` starts when no Telegram token is set, so anyone can try the bot on
their own machine. The demo school lives in its own database file, apart from real data.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path

from bot.clock import SystemClock
from bot.config import Settings
from bot.sandbox.server import Sandbox
from bot.services.invitations import Invitation, list_invitations
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from bot.services.year_plan import apply_plan
from bot.storage.database import Database
from bot.telegram.application import build_application, running

log = logging.getLogger(__name__)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DEMO_FILES = (("roster", import_roster), ("staff", import_staff))
DEMO_PLAN = EXAMPLES / "regenboog-plan-2026-2027.toml"
SANDBOX_BOT_USERNAME = "parentbot_sandbox_bot"


def run_sandbox(settings: Settings) -> int:
    """Serve until Ctrl-C or SIGTERM; returns the exit code."""
    asyncio.run(serve_demo(settings))
    return 0


async def serve_demo(settings: Settings, stop: asyncio.Event | None = None) -> None:
    stop = stop or _stop_on_signals()
    clock = SystemClock()
    demo = settings.model_copy(
        update={"database_path": settings.database_path.with_name("sandbox-demo.sqlite3")}
    )
    invitations = await load_demo_school(demo, clock)
    sandbox = Sandbox(bot_username=SANDBOX_BOT_USERNAME)
    await sandbox.start(settings.sandbox_host, settings.sandbox_port)
    try:
        bot_settings = demo.model_copy(update={"telegram_api_url": sandbox.api_url})
        app = build_application(bot_settings, clock, token=sandbox.token)
        async with running(app):
            print(_banner(sandbox.api_url, demo, invitations), flush=True)
            await stop.wait()
    finally:
        await sandbox.stop()
    print("Sandbox stopped.", flush=True)


async def load_demo_school(settings: Settings, clock: SystemClock) -> list[Invitation]:
    """Import the example school and its year plan (no-ops when already there)."""
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
  Bot API (the bot polls it): {api}/bot<token>/<method>
  Simulated people (JSON):    {api}/sandbox/users
  Demo database:              {settings.database_path}

Try it as a parent, e.g. Olena (Ukrainian), then book with /talks:
  curl -s -X POST {api}/sandbox/users -d '{{"first_name": "Olena", "language_code": "uk"}}'
  curl -s -X POST {api}/sandbox/users/<id>/messages -d '{{"text": "/start <her code>"}}'
  curl -s -X POST {api}/sandbox/users/<id>/messages -d '{{"text": "/talks"}}'
  curl -s -X POST {api}/sandbox/users/<id>/press -d '{{"label": "<a button>"}}'
  curl -s {api}/sandbox/users/<id>/chat

Invitation codes of the demo school:
{people}

Press Ctrl-C to stop."""
