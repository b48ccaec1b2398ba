"""A parent or teacher opens their personal link and is greeted, in their language."""

from bot.i18n import FIRST_STRONG_ISOLATE


async def test_a_guardian_opens_their_link_and_is_welcomed_by_name_in_their_language(school):
    olena = school.person("Olena", language_code="uk")
    await olena.send(f"/start {school.code('Olena Kovalenko')}")
    welcome = await olena.expect_message(contains="Вітаємо")
    assert "Olena Kovalenko" in welcome.text
    assert "Bohdan Kovalenko (4)" in welcome.text
    assert "Sofiia Kovalenko (1/2A)" in welcome.text
    assert school.settings.school_name in welcome.text


async def test_the_roster_language_wins_over_the_phone_s_language(school):
    ayse = school.person("Ayşe", language_code="en")
    await ayse.send(f"/start {school.code('Ayşe Yılmaz')}")
    await ayse.expect_message(contains="Hoş geldiniz")


async def test_arabic_welcome_starts_right_to_left_with_latin_names_isolated(school):
    fatima = school.person("Fatima", language_code="ar")
    await fatima.send(f"/start {school.code('Fatima El Amrani')}")
    welcome = await fatima.expect_message(contains="أهلاً")
    assert welcome.text.startswith("أهلاً")
    assert f"{FIRST_STRONG_ISOLATE}Fatima El Amrani" in welcome.text


async def test_a_teacher_is_welcomed_with_their_group(school):
    karim = school.person("Karim")
    await karim.send(f"/start {school.code('Karim Bouzid', kind='staff')}")
    welcome = await karim.expect_message(contains="Welkom")
    assert "medewerker van groep 4" in welcome.text


async def test_a_second_account_using_a_code_learns_nothing(school):
    await school.linked("Linda Bakker")
    intruder = school.person("Mallory", language_code="en")
    await intruder.send(f"/start {school.code('Linda Bakker')}")
    answer = await intruder.expect_message(contains="not valid")
    assert "Linda" not in answer.text
    assert "Daan" not in answer.text


async def test_a_mistyped_code_gets_a_clear_answer_in_the_phone_s_language(school):
    stranger = school.person("Piotr", language_code="pl")
    await stranger.send("/start abc")
    await stranger.expect_message(contains="Ten link jest nieważny")


async def test_a_stranger_in_an_unshipped_language_is_answered_in_the_school_s(school):
    stranger = school.person("Anon", language_code="de")
    await stranger.send("hello?")
    greeting = await stranger.expect_message(contains="persoonlijke link")
    assert "Basisschool" in greeting.text  # default school name, no personal data


async def test_photos_stickers_and_unknown_commands_get_a_localized_answer(school):
    sanne = await school.linked("Sanne de Vries")
    await sanne.send_sticker()
    await sanne.expect_message(contains="stickers kan ik niet doorsturen")
    await sanne.send_photo()
    await sanne.expect_message(contains="stickers kan ik niet doorsturen")
    await sanne.send("/frobnicate")
    await sanne.expect_message(contains="Deze opdracht ken ik niet")
    await sanne.send("Hallo juf!")  # offered as a message to Zoë's teacher
    await sanne.expect_message(contains="Dit naar Marloes Dekker sturen over Zoë?")


async def test_start_again_shows_the_connection_once_more(school):
    mark = await school.linked("Mark Jansen", language_code="en")
    await mark.send("/start")
    again = await mark.expect_message(contains="Welcome, ")
    assert "Zoë de Vries" in again.text


async def test_the_command_menu_is_published_in_every_language(school, sandbox):
    languages = {
        call.params.get("language_code")
        for call in sandbox.calls
        if call.method.lower() == "setmycommands"
    }
    assert {"nl", "en", "ar", "tr", "pl", "uk", None} <= languages
