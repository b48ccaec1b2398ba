"""End-to-end harness: the real PTB application over real HTTP against the sandbox.

A test gets a running school — the example roster and staff imported, the bot polling the
sandbox — and creates simulated people who open their links, type and press buttons.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

import pytest
from telegram.ext import Application

from bot.config import Settings
from bot.domain.clock import ManualClock
from bot.sandbox import Sandbox, SimUser
from bot.services.invitations import Invitation, list_invitations
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from bot.services.year_plan import apply_plan
from bot.storage.database import Database
from bot.telegram.application import build_application, running
from scheduling.clock import SCHEDULER_KEY
from tests.conftest import EXAMPLES
from tests.services.school_fixture import DURING_BOOKING, PLAN


@dataclass
class School:
    sandbox: Sandbox
    settings: Settings
    invitations: list[Invitation]
    app: Application
    clock: ManualClock

    async def wait(self, delta: timedelta) -> None:
        """Let time pass on the injected clock, then run what fell due (plan and deliver)."""
        self.clock.advance(delta)
        await self.app.bot_data[SCHEDULER_KEY].tick()

    def code(self, name: str, kind: str = "guardian") -> str:
        """The invitation code of the person with this name, as printed on their letter."""
        for invitation in self.invitations:
            if invitation.person.name == name and invitation.person.kind == kind:
                return invitation.code
        raise KeyError(name)

    def person(self, first_name: str, language_code: str | None = "nl") -> SimUser:
        return self.sandbox.create_user(first_name, language_code=language_code)

    async def linked(
        self, name: str, language_code: str | None = "nl", kind: str = "guardian"
    ) -> SimUser:
        """A person who has opened their link, with the welcome already read."""
        user = self.person(name.split()[0], language_code)
        await user.send(f"/start {self.code(name, kind)}")
        await user.expect_message()
        return user


async def load_example_school(settings: Settings, clock: ManualClock) -> list[Invitation]:
    db = await Database.open(settings.database_path)
    try:
        for importer, name in ((import_roster, "roster"), (import_staff, "staff")):
            data = (EXAMPLES / f"regenboog-{name}.csv").read_bytes()
            await importer(db, data, default_language=settings.default_language, clock=clock)
        return await list_invitations(
            db, secret=settings.secret_key, bot_username="parentbot_sandbox_bot", clock=clock
        )
    finally:
        await db.close()


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    # The sandbox does not enforce the per-chat limit here: the bot keeps it itself (its one
    # sending budget, tested in tests/scheduling/test_send_budget.py and
    # tests/unit/test_rate_limiter.py), and the sandbox's own check in tests/sandbox.
    async with Sandbox(time_scale=0.05, per_chat_rate=0) as running_sandbox:
        yield running_sandbox


@pytest.fixture
async def school(sandbox: Sandbox, settings: Settings, clock: ManualClock) -> AsyncIterator[School]:
    async with running_school(sandbox, settings, clock) as started:
        yield started


@pytest.fixture
async def booking_school(
    sandbox: Sandbox, settings: Settings, clock: ManualClock
) -> AsyncIterator[School]:
    """The example school with its year plan, on a day the December round is open."""
    async with running_school(sandbox, settings, clock, with_plan=True) as started:
        yield started


async def built_school(
    sandbox: Sandbox, settings: Settings, clock: ManualClock, *, with_plan: bool = False
) -> tuple[list[Invitation], Settings, Application]:
    """The example school loaded (with its year plan: on a day the December round is open)
    and its bot built against the sandbox, not yet running: polling or a webhook runs it."""
    invitations = await load_example_school(settings, clock)
    if with_plan:
        db = await Database.open(settings.database_path)
        try:
            await apply_plan(
                db, PLAN.read_text(encoding="utf-8"), clock=clock, tz=settings.timezone
            )
        finally:
            await db.close()
        clock.set(DURING_BOOKING)
    bot_settings = settings.model_copy(update={"telegram_api_url": sandbox.api_url})
    app = build_application(
        bot_settings, clock, token=sandbox.token, delivery_time_scale=sandbox.time_scale
    )
    return invitations, bot_settings, app


@asynccontextmanager
async def running_school(
    sandbox: Sandbox, settings: Settings, clock: ManualClock, *, with_plan: bool = False
) -> AsyncIterator[School]:
    invitations, bot_settings, app = await built_school(
        sandbox, settings, clock, with_plan=with_plan
    )
    async with running(app, poll_timeout=1):
        yield School(sandbox, bot_settings, invitations, app, clock)
