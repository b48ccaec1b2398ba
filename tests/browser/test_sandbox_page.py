"""The sandbox page as a school leader uses it: two phones, clicks, live updates, a clock."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.async_api import Locator, expect
from telegram import Bot

from tests.browser.conftest import Browser, Demo

# Where to save the README's picture of a booked talk, when asked; resolved before the tests
# move into their own folders.
SCREENSHOT = os.environ.get("PARENTBOT_SCREENSHOT")
SCREENSHOT_PATH = Path(SCREENSHOT).resolve() if SCREENSHOT else None


async def become(phone: Locator, demo: Demo, name: str) -> None:
    """Choose a person of the demo school in this phone: they open their link."""
    await phone.locator("select.who").select_option(demo.ref(name))


async def open_link(phone: Locator, first_name: str, language: str, link: str) -> None:
    """A new parent who got a letter: their own Telegram account opens the printed link."""
    await phone.locator("select.who").select_option("link")
    await phone.get_by_label("First name").fill(first_name)
    await phone.get_by_label("Phone language").fill(language)
    await phone.get_by_label("Invitation link").fill(link)
    await phone.get_by_role("button", name="Open the link").click()


async def press_first(phone: Locator, message_text: str) -> None:
    """Press the first button under the newest message with this text."""
    message = phone.locator(".message", has_text=message_text).last
    await message.locator("button.inline").first.click()


def from_bot(phone: Locator, text: str) -> Locator:
    return phone.locator(".from-bot .text", has_text=text)


async def test_a_new_parent_books_by_clicking_and_the_teacher_sees_it(
    demo: Demo, browser: Browser, tmp_path: Path
) -> None:
    parent, teacher = browser.phone(0), browser.phone(1)
    await become(teacher, demo, "Karim Bouzid")
    await open_link(parent, "Tom", "en", demo.invitation("Tom de Groot").link)
    await parent.get_by_role("button", name="✓ English").click()

    # Having chosen his language, Tom gets the invitation of the open round by himself.
    await parent.get_by_role("button", name="Choose a time for Sem").click()
    await press_first(parent, "Choose a day")
    await press_first(parent, "Choose a time on")
    await expect(from_bot(parent, "Your talk is booked")).to_be_visible()
    await expect(parent.locator(".toast")).to_have_text("Booked.")  # the answer to the press
    # News for someone who linked a moment ago waits two minutes, to reach them in the
    # language they settle on; the demo clock moves past that.
    await browser.page.get_by_role("button", name="+1 hour").click()
    await expect(from_bot(teacher, "Nieuw gesprek: Sem de Groot (4)")).to_be_visible()
    if SCREENSHOT_PATH is not None:
        await expect(parent.locator(".toast")).to_be_hidden()  # "Booked." fades after 3 s
        await browser.page.screenshot(path=SCREENSHOT_PATH)

    async with browser.page.expect_download() as download_info:
        await parent.locator("a.document").click()
    download = await download_info.value
    assert download.suggested_filename.endswith(".ics")
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    assert saved.read_text().startswith("BEGIN:VCALENDAR")

    await browser.page.get_by_role("button", name="To the day before the next talk").click()
    await expect(from_bot(parent, "Tomorrow at 2:30 PM you have a talk about Sem")).to_be_visible()
    await expect(browser.page.locator("#clock-now")).to_contain_text("December 2026")


async def test_an_arabic_speaking_parent_reads_and_writes_right_to_left(
    demo: Demo, browser: Browser
) -> None:
    fatima, teacher = browser.phone(0), browser.phone(1)
    await become(fatima, demo, "Fatima El Amrani")
    await become(teacher, demo, "Karim Bouzid")
    welcome = from_bot(fatima, "أهلاً بكم")
    await expect(welcome).to_be_visible()
    await fatima.get_by_label("Message").fill("شكراً، سأختار موعداً")
    await fatima.get_by_role("button", name="Send").click()
    typed = fatima.locator(".from-me .text", has_text="شكراً")

    assert await direction(welcome) == "rtl"
    assert await direction(typed) == "rtl"
    assert await direction(from_bot(teacher, "Welkom")) == "ltr"


async def direction(text: Locator) -> str:
    return await text.evaluate("element => getComputedStyle(element).direction")


async def test_markup_a_parent_types_is_text_in_both_phones_and_never_runs(
    demo: Demo, browser: Browser
) -> None:
    parent, teacher = browser.phone(0), browser.phone(1)
    attack = "<img src=x onerror=alert(1)>"
    await become(teacher, demo, "Karim Bouzid")
    await become(parent, demo, "Tom de Groot")
    await parent.get_by_role("button", name="✓ English").click()
    await parent.get_by_role("button", name="None of these times suits me").click()
    await expect(from_bot(parent, "Which days and times would suit you?")).to_be_visible()
    await parent.get_by_label("Message").fill(attack)
    await parent.get_by_role("button", name="Send").click()

    await expect(parent.locator(".from-me .text").last).to_have_text(attack)
    await browser.page.get_by_role("button", name="+1 hour").click()  # see the booking test
    # The bot shows the parent's own words (marked as such), word for word, as text.
    await expect(from_bot(teacher, attack)).to_be_visible()
    assert await browser.page.locator(".messages img").count() == 0
    assert browser.dialogs == []


def bot_of(demo: Demo) -> Bot:
    """The bot's side of the Bot API, to send what the bot itself has no reason to send yet."""
    api = demo.sandbox.api_url
    return Bot(demo.sandbox.token, base_url=f"{api}/bot", base_file_url=f"{api}/file/bot")


async def tom_with_his_welcome(demo: Demo, phone: Locator) -> int:
    await become(phone, demo, "Tom de Groot")
    await expect(from_bot(phone, "Welcome")).to_be_visible()
    return next(user.id for user in demo.sandbox.users if user.first_name == "Tom")


async def test_formatting_becomes_the_elements_telegram_shows(demo: Demo, browser: Browser) -> None:
    phone = browser.phone(0)
    tom = await tom_with_his_welcome(demo, phone)
    async with bot_of(demo) as bot:
        await bot.send_message(
            tom,
            '<b>bold <i>both</i></b> 😀 <a href="https://example.org/?a=1&amp;b=2">site</a> '
            "<tg-spoiler>secret</tg-spoiler> <blockquote>quoted &lt;b&gt;</blockquote>",
            parse_mode="HTML",
        )
    text = from_bot(phone, "site")
    spoiler = text.locator(".spoiler")

    await expect(text.locator("b")).to_have_text("bold both")
    await expect(text.locator("b i")).to_have_text("both")
    await expect(text.locator("a")).to_have_text("site")  # after an emoji: UTF-16 offsets
    await expect(text.locator("a")).to_have_attribute("href", "https://example.org/?a=1&b=2")
    await expect(text.locator("blockquote")).to_have_text("quoted <b>")
    await expect(spoiler).to_have_class("spoiler")
    await spoiler.click()
    await expect(spoiler).to_have_class("spoiler revealed")


async def test_edits_deletions_media_and_commands_work_as_in_telegram(
    demo: Demo, browser: Browser
) -> None:
    phone = browser.phone(0)
    tom = await tom_with_his_welcome(demo, phone)
    async with bot_of(demo) as bot:
        kept = await bot.send_message(tom, "first words")
        doomed = await bot.send_message(tom, "soon gone")
        await expect(from_bot(phone, "soon gone")).to_be_visible()
        await bot.edit_message_text("second words", tom, kept.message_id)
        await bot.delete_message(tom, doomed.message_id)
    await phone.get_by_role("button", name="Photo").click()
    await phone.get_by_role("button", name="Voice").click()
    await phone.get_by_role("button", name="Commands").click()
    await phone.locator(".menu button", has_text="/language").click()

    edited = phone.locator(".message", has_text="second words")
    await expect(edited.locator(".edited")).to_have_text("edited")
    await expect(from_bot(phone, "first words")).to_have_count(0)
    await expect(from_bot(phone, "soon gone")).to_have_count(0)
    await expect(phone.locator(".from-me .media")).to_have_text(["🖼️ Photo", "🎤 Voice message"])
    await expect(phone.locator(".from-me .text").last).to_have_text("/language")
    await expect(phone.locator(".menu")).to_be_hidden()
