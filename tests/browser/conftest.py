"""Browser tests: the sandbox page in real headless Chromium, against the demo in-process.

Playwright drives the Debian `chromium` package; its own browser download is never used
(it cannot be reached everywhere these tests run). Without chromium the tests fail and say
how to install it: skipped browser tests would let a broken page pass CI.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from playwright.async_api import Dialog, Locator, Page, async_playwright

from bot.config import Settings
from bot.domain.clock import OffsetClock
from bot.sandbox import Sandbox
from bot.sandbox.demo import SANDBOX_BOT_USERNAME, RunningDemo, running_demo
from bot.services.invitations import Invitation
from tests.services.school_fixture import DURING_BOOKING

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NO_CHROMIUM = (
    "The browser tests need Chromium on the PATH as `chromium`. On Debian or Ubuntu: "
    "sudo apt-get install chromium   (Playwright's own `playwright install` is not used)"
)


@dataclass
class Demo:
    sandbox: Sandbox
    running: RunningDemo

    def invitation(self, name: str) -> Invitation:
        return next(i for i in self.running.invitations if i.person.name == name)

    def ref(self, name: str) -> str:
        return self.invitation(name).person.ref


@dataclass
class Browser:
    """The page, with what it did that no test wants: dialogs opened, scripts that failed."""

    page: Page
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def phone(self, number: int) -> Locator:
        return self.page.locator("section.phone").nth(number)


@asynccontextmanager
async def demo_on_free_port(settings: Settings) -> AsyncIterator[Demo]:
    """`parentbot sandbox` as it runs, on a free port, on a Monday the December round is open.

    Rate limits are scaled down as in the end-to-end tests, so a press answered with two
    messages at once does not make the bot wait out a whole second.
    """
    clock = OffsetClock(DURING_BOOKING - datetime.now(UTC))
    sandbox = Sandbox(bot_username=SANDBOX_BOT_USERNAME, time_scale=0.05, per_chat_rate=0)
    on_free_port = settings.model_copy(update={"sandbox_port": 0})
    async with running_demo(on_free_port, clock, sandbox) as running:
        yield Demo(sandbox, running)


@pytest.fixture
async def demo(settings: Settings) -> AsyncIterator[Demo]:
    async with demo_on_free_port(settings) as running:
        yield running


@pytest.fixture
async def browser(demo: Demo) -> AsyncIterator[Browser]:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail(NO_CHROMIUM, pytrace=False)
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = await launched.new_page(viewport={"width": 1000, "height": 900})
            page.set_default_timeout(5000)
            opened = Browser(page)

            async def on_dialog(dialog: Dialog) -> None:
                opened.dialogs.append(dialog.message)
                await dialog.dismiss()

            page.on("dialog", on_dialog)
            page.on("pageerror", lambda error: opened.errors.append(str(error)))
            await page.goto(f"{demo.sandbox.api_url}/")
            yield opened
        finally:
            await launched.close()
    assert opened.errors == [], "the page's scripts failed"
