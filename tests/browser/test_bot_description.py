"""The sandbox page shows what the bot says about itself, per person, as Telegram does."""

from __future__ import annotations

from playwright.async_api import expect

from tests.browser.conftest import Browser, Demo
from tests.browser.test_sandbox_page import become


async def test_each_phone_shows_the_bot_s_description_in_its_own_language(
    demo: Demo, browser: Browser
) -> None:
    teacher, parent = browser.phone(0), browser.phone(1)
    await become(teacher, demo, "Karim Bouzid")
    await become(parent, demo, "Olena Kovalenko")
    about = teacher.locator(".about-bot")
    await expect(about).to_contain_text("What can this bot do?")
    await expect(about).to_contain_text("Basisschool De Regenboog")
    # Olena's phone is in Ukrainian: her description is the Ukrainian one.
    await expect(parent.locator(".about-bot")).to_contain_text("Це помічник")
