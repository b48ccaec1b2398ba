"""The `/` menu per role and language, and what Telegram shows about the bot."""

import logging

import pytest
from telegram import BotCommandScopeChat
from telegram.error import BadRequest

from bot.i18n import load_catalog
from bot.languages import SUPPORTED_LANGUAGES
from bot.sandbox import Fail
from bot.services.staff_import import import_staff
from bot.telegram.context import DEPS_KEY
from bot.telegram.description import publish_descriptions
from bot.telegram.menus import publish_menus
from bot.telegram.sending import utf16_length
from tests.conftest import EXAMPLES
from tests.e2e.test_teacher import switch_to_english

NL, AR = load_catalog("nl"), load_catalog("ar")
PARENTS = ["start", "talks", "meetings", "contact", "language", "help"]
TEACHERS = [
    "schedule",
    "hours",
    "newround",
    "answers",
    "record",
    "meetings",
    "contact",
    "language",
    "help",
]
LEADERS = ["overview", "meetings", "contact", "language", "help"]


def names(commands) -> list[str]:
    return [c["command"] if isinstance(c, dict) else c.command for c in commands]


async def test_everyone_sees_the_parents_menu_and_the_bot_describes_itself(school):
    bot = school.app.bot
    for language in (*SUPPORTED_LANGUAGES, None):
        assert names(await bot.get_my_commands(language_code=language)) == PARENTS
    arabic = await bot.get_my_commands(language_code="ar")
    assert arabic[0].description == AR.gettext("Connect or show your connection")
    stranger = school.person("Sami", "ar")  # what their app shows: Arabic, parents' commands
    assert names(stranger.commands) == PARENTS
    assert stranger.commands[1]["description"] == arabic[1].description

    for language in (*SUPPORTED_LANGUAGES, None):
        described = (await bot.get_my_description(language)).description
        short = (await bot.get_my_short_description(language)).short_description
        assert "Basisschool De Regenboog" in described
        assert 0 < utf16_length(described) <= 512
        assert 0 < utf16_length(short) <= 120
    dutch = (await bot.get_my_description("nl")).description
    assert (
        NL.gettext("This is the assistant for parent-teacher talks of {school}.").format(
            school="Basisschool De Regenboog"
        )
        in dutch
    )


async def test_a_teacher_gets_the_teacher_menu_in_the_language_they_read(school):
    marloes = await school.linked("Marloes Dekker", kind="staff")  # the staff file: Dutch
    chat = BotCommandScopeChat(marloes.id)
    mine = await school.app.bot.get_my_commands(scope=chat)
    assert names(mine) == TEACHERS
    assert mine[0].description == NL.gettext("Your talks and who has not booked")
    assert names(marloes.commands) == TEACHERS  # her app shows her own menu, not the parents'

    await switch_to_english(marloes)
    mine = await school.app.bot.get_my_commands(scope=chat)
    assert mine[0].description == "Your talks and who has not booked"
    assert marloes.commands[0]["description"] == "Your talks and who has not booked"


async def test_directors_and_parents_get_their_own_menus(school):
    hans = await school.linked("Hans de Wit", kind="staff")
    assert names(hans.commands) == LEADERS
    ilse = await school.linked("Ilse Koster", kind="staff")  # intern begeleider
    assert names(ilse.commands) == LEADERS
    sanne = await school.linked("Sanne de Vries")
    assert await school.app.bot.get_my_commands(scope=BotCommandScopeChat(sanne.id)) == ()
    assert names(sanne.commands) == PARENTS


async def test_start_up_gives_staff_their_menu_and_takes_it_from_those_who_left(school):
    marloes = await school.linked("Marloes Dekker", kind="staff")
    karim = await school.linked("Karim Bouzid", kind="staff")
    bot, deps = school.app.bot, school.app.bot_data[DEPS_KEY]
    await bot.delete_my_commands(scope=BotCommandScopeChat(karim.id))  # lost somehow
    staff_file = (EXAMPLES / "regenboog-staff.csv").read_bytes()
    without_marloes = b"\n".join(line for line in staff_file.splitlines() if b"Marloes" not in line)
    await import_staff(deps.db, without_marloes, default_language="nl", clock=school.clock)

    await publish_menus(bot, deps.db, deps.translations)  # what every start-up does

    assert names(karim.commands) == TEACHERS
    assert names(marloes.commands) == PARENTS  # no longer on the staff list


async def test_the_sandbox_refuses_descriptions_over_telegram_s_limits(school):
    bot = school.app.bot
    refused = (
        bot.set_my_description("x" * 513),
        bot.set_my_short_description("😀" * 61),  # 122 in UTF-16, as Telegram counts
    )
    for call in refused:
        with pytest.raises(BadRequest):
            await call
    assert await bot.set_my_short_description("😀" * 60)


async def test_a_failing_menu_call_does_not_lose_the_welcome(school):
    """The menu is a convenience: Telegram failing it must not cost anyone their answer."""
    school.sandbox.schedule("deleteMyCommands", {1: Fail(500)})
    sami = school.person("Sami", "en")
    await sami.send("/start")
    await sami.expect_message(contains="personal link")
    school.sandbox.schedule("setMyCommands", {1: Fail(500)})
    karim = school.person("Karim")
    await karim.send(f"/start {school.code('Karim Bouzid', kind='staff')}")
    await karim.expect_message(contains="Welkom")


async def test_start_up_goes_on_when_telegram_refuses_menus_and_descriptions(school, caplog):
    bot, deps = school.app.bot, school.app.bot_data[DEPS_KEY]
    school.sandbox.schedule("setMyCommands", {1: Fail(500)})
    school.sandbox.schedule("getMyDescription", {1: Fail(400)})
    with caplog.at_level(logging.WARNING):
        await publish_menus(bot, deps.db, deps.translations)
        await publish_descriptions(bot, deps.translations, "De Regenboog")
    assert [record.getMessage() for record in caplog.records] == [
        "menus not published (Internal Server Error); the next start tries again",
        "descriptions not published (Internal Server Error); the next start tries again",
    ]
