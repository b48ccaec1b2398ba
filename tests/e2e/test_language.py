"""Every parent in their own language: chosen in the welcome or with /language, any time."""

import logging

from bot.i18n import load_catalog
from bot.languages import SUPPORTED_LANGUAGES, native_name

# Each in its own name and script (pinned in tests/unit/test_language_picker.py).
EVERY_LANGUAGE = [native_name(code) for code in SUPPORTED_LANGUAGES]
STALE = "This button no longer works."


def labels(message) -> list[str]:
    return [button.text for row in message.buttons for button in row]


async def test_the_first_welcome_offers_every_language_with_the_roster_s_ticked(school):
    mark = school.person("Mark", language_code="nl")
    await mark.send(f"/start {school.code('Mark Jansen')}")
    welcome = await mark.expect_message(contains="Welcome, ")  # the roster says English
    assert "Not your language? Choose yours below" in welcome.text
    assert labels(welcome) == ["Nederlands", "✓ English", *EVERY_LANGUAGE[2:]]


async def test_a_guardian_picks_ukrainian_in_the_welcome_and_is_answered_in_it(school):
    mark = school.person("Mark", language_code="en")
    await mark.send(f"/start {school.code('Mark Jansen')}")
    welcome = await mark.expect_message(contains="Welcome, ")

    await mark.press("Українська")
    confirmed = await mark.expect_message(contains="Українська")
    assert confirmed is welcome  # the welcome itself is rewritten in the new language
    assert confirmed.text.startswith("Вітаємо, Mark Jansen!")
    assert "Zoë de Vries" in confirmed.text
    assert "✓ Українська\n" in confirmed.text
    assert confirmed.buttons == []
    assert mark.callback_answers == [""]

    await mark.send("/start")
    await mark.expect_message(contains="Вітаємо, Mark Jansen")
    await mark.send("/frobnicate")
    await mark.expect_message(contains="Я не знаю цієї команди")


async def test_language_command_changes_the_language_later(school):
    olena = await school.linked("Olena Kovalenko", "uk")
    await olena.send("/language")
    picker = await olena.expect_message()
    assert labels(picker) == [*EVERY_LANGUAGE[:5], "✓ Українська", *EVERY_LANGUAGE[6:]]

    await olena.press("Polski")
    confirmed = await olena.expect_message(contains="Polski")
    assert confirmed is picker
    assert confirmed.text.startswith("✓ Polski\n")
    assert confirmed.buttons == []

    await olena.send("/start")
    await olena.expect_message(contains="Witamy, Olena Kovalenko")


async def test_arabic_confirmation_starts_with_arabic(school):
    mark = await school.linked("Mark Jansen", "en")
    await mark.send("/language")
    await mark.expect_message()
    await mark.press("العربية")
    confirmed = await mark.expect_message(contains="العربية")
    assert confirmed.text.startswith("✓ العربية")


async def test_a_teacher_changes_their_language_too(school):
    karim = await school.linked("Karim Bouzid", kind="staff")
    await karim.send("/language")
    picker = await karim.expect_message()
    assert "✓ Nederlands" in labels(picker)
    await karim.press("English")
    await karim.expect_message(contains="✓ English")
    await karim.send("/start")
    welcome = await karim.expect_message(contains="Welcome, ")
    assert "as staff for group 4" in welcome.text


async def test_a_teacher_s_first_welcome_is_rewritten_as_a_teacher_s(school):
    ellen = school.person("Ellen", language_code="nl")
    await ellen.send(f"/start {school.code('Ellen Vos', kind='staff')}")
    await ellen.expect_message(contains="Welkom")
    await ellen.press("English")
    confirmed = await ellen.expect_message(contains="✓ English")
    assert confirmed.text.startswith("Welcome, Ellen Vos! You are now connected")
    assert "as staff for group 4" in confirmed.text


async def test_a_stranger_s_language_command_points_to_the_letter(school):
    stranger = school.person("Anon", language_code="en")
    await stranger.send("/language")
    answer = await stranger.expect_message(contains="open the personal link")
    assert answer.buttons == []


async def test_a_stranger_s_press_changes_nothing_and_points_to_the_letter(school):
    stranger = school.person("Anon", language_code="en")
    await stranger.send("hello")
    await stranger.expect_message(contains="open the personal link")
    await stranger.press_data("1:lang:uk")
    await stranger.expect_message(contains="open the personal link")
    assert stranger.callback_answers == [""]


async def test_forged_and_outdated_presses_change_nothing_and_are_answered(school):
    olena = await school.linked("Olena Kovalenko", "uk")
    await olena.send("/language")
    picker = await olena.expect_message()
    for data in ("1:lang:xx", "2:lang:nl", "1:lang:nl:x", "1:nonsense", "garbage"):
        await olena.press_data(data)
    await olena.send("/start")  # updates are handled in order: the presses are done by now
    await olena.expect_message(contains="Вітаємо")
    assert olena.callback_answers == [load_catalog("uk").gettext(STALE)] * 5
    assert picker.buttons  # the picker is still there, untouched
    assert not picker.edited


async def test_a_press_from_another_account_changes_neither(school):
    olena = await school.linked("Olena Kovalenko", "uk")
    await olena.send("/language")
    picker = await olena.expect_message()
    mark = await school.linked("Mark Jansen", "en")
    await olena.press_data("1:lang:nl", presser=mark)
    await mark.send("/start")
    await mark.expect_message(contains="Welcome, ")  # Mark is still English
    assert mark.callback_answers == [STALE]
    assert not picker.edited
    await olena.send("/start")
    await olena.expect_message(contains="Вітаємо")  # and Olena still Ukrainian


async def test_a_double_tap_is_answered_twice_and_logs_no_error(school, caplog):
    linda = await school.linked("Linda Bakker")
    await linda.send("/language")
    await linda.expect_message()
    with caplog.at_level(logging.ERROR):
        await linda.press("English")
        await linda.press("English")  # before the bot has seen the first
        await linda.expect_message(contains="✓ English")
        await linda.send("/start")
        await linda.expect_message(contains="Welcome, ")
    assert linda.callback_answers == ["", ""]
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


async def test_the_command_menu_offers_language_in_every_language(school):
    for phone_language in (*SUPPORTED_LANGUAGES, "de", None):
        person = school.person("Anyone", language_code=phone_language)
        assert "language" in [c["command"] for c in person.commands]
