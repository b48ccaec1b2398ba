"""The bot works in private chats only, and only for people: in a group, supergroup or channel
it links no code, moves no chat, shows nothing personal, records no answer and offers no
button; it says one generic line at most and leaves. Other bots are ignored entirely."""

from __future__ import annotations

from bot.i18n import load_catalog
from bot.storage.database import Database
from tests.e2e.test_questions import book_and_open_questions

NL, TR, EN = load_catalog("nl"), load_catalog("tr"), load_catalog("en")
ONLY_PRIVATE = "I only work in a private chat. Open a chat with me to continue."


async def telegram_link(school, name: str) -> tuple[int | None, int | None]:
    """(telegram_user_id, telegram_chat_id) the database holds for a guardian."""
    db = await Database.open(school.settings.database_path)
    try:
        async with db.read() as conn:
            cursor = await conn.execute(
                "SELECT telegram_user_id, telegram_chat_id FROM guardians WHERE name = ?", (name,)
            )
            row = await cursor.fetchone()
    finally:
        await db.close()
    return row["telegram_user_id"], row["telegram_chat_id"]


async def count_answers(school) -> int:
    db = await Database.open(school.settings.database_path)
    try:
        async with db.read() as conn:
            cursor = await conn.execute("SELECT count(*) FROM answers")
            (count,) = await cursor.fetchone()
    finally:
        await db.close()
    return count


async def left(group) -> None:
    await group.wait_for(lambda: not group.bot_is_member, what="the bot leaving")


def nothing_personal(message, *words: str) -> None:
    assert not message.buttons
    for word in words:
        assert word not in message.body


async def test_start_with_a_parent_s_code_in_a_group_links_nothing_and_shows_no_name(school):
    group = school.sandbox.create_group("Ouders 1/2A", bot_status="member")
    peter = school.person("Peter")
    code = school.code("Peter Bakker")

    await group.send(peter, f"/start {code}")

    line = await group.expect_message()
    assert line.text == NL.gettext(ONLY_PRIVATE)
    nothing_personal(line, "Peter", "Bakker", "Daan", "1/2A")
    await left(group)
    assert len(group.messages) == 1
    assert await telegram_link(school, "Peter Bakker") == (None, None)
    await peter.send(f"/start {code}")  # the code still works where it should
    welcome = await peter.expect_message(contains="Peter Bakker")
    assert "Daan Bakker" in welcome.text
    assert await telegram_link(school, "Peter Bakker") == (peter.id, peter.id)


async def test_a_linked_parent_sending_their_link_in_a_group_keeps_their_private_chat(school):
    linda = await school.linked("Linda Bakker")
    group = school.sandbox.create_group("Schoolplein", kind="supergroup", bot_status="member")

    await group.send(linda, f"/start {school.code('Linda Bakker')}")

    line = await group.expect_message()
    nothing_personal(line, "Linda", "Bakker", "Daan")
    await left(group)
    assert await telegram_link(school, "Linda Bakker") == (linda.id, linda.id)
    await linda.send("/start")
    assert "Linda Bakker" in (await linda.expect_message(contains="Welkom")).text


async def test_talks_in_a_group_shows_nothing_personal_and_no_buttons(booking_school):
    tom = await booking_school.linked("Tom de Groot", "en")
    group = booking_school.sandbox.create_group("Ouders groep 3", bot_status="administrator")

    await group.send(tom, "/talks")
    await group.send(tom, "/schedule")

    line = await group.expect_message()
    assert line.text == EN.gettext(ONLY_PRIVATE)  # Tom's phone speaks English
    nothing_personal(line, "Sem", "Tom", "Progress talks")
    await left(group)
    assert [message.body for message in group.messages] == [line.text]
    await tom.send("/talks")  # in his own chat everything is still there
    invitation = await tom.expect_message(contains="Progress talks, December")
    assert invitation.buttons


async def test_text_typed_in_a_group_while_a_question_is_open_is_not_saved(booking_school):
    mark = await booking_school.linked("Mark Jansen", "en")
    question = await book_and_open_questions(mark, "Zoë", EN)
    group = booking_school.sandbox.create_group("Ouders", bot_status="administrator")

    await group.send(mark, "Zoë has trouble sleeping since the divorce")

    await left(group)
    assert group.messages == []  # plain talk in a group gets no answer at all
    assert await count_answers(booking_school) == 0
    await mark.send("Private answer")  # the same question is still open in his chat
    second = await mark.expect_message(contains="Question 2 of")
    await mark.press("Back", message_id=second.message_id)
    first = await mark.expect_message(contains="Question 1 of")
    assert "Your answer so far: Private answer" in first.text
    assert "divorce" not in first.text
    assert question.message_id != first.message_id


async def test_a_press_on_a_message_in_a_group_changes_nothing(booking_school):
    tom = await booking_school.linked("Tom de Groot", "en")
    await tom.send("/talks")
    invitation = await tom.expect_message(contains="Progress talks, December")
    choose = invitation.buttons[0][0].callback_data
    group = booking_school.sandbox.create_group("Ouders", bot_status="member")
    await group.send(tom, "/start")
    line = await group.expect_message()

    await group.press_data(tom, choose, message_id=line.message_id)  # a copied button

    answers = await tom.expect_answers(1)
    assert answers == [EN.gettext(ONLY_PRIVATE)]
    assert len(group.messages) == 1
    assert not [m for m in tom.messages if "Choose a day" in m.body]


async def test_the_bot_leaves_a_group_it_is_added_to_after_one_line(school):
    ayse = school.person("Ayşe", language_code="tr")
    group = school.sandbox.create_group("Veliler")

    await group.add_bot(by=ayse)

    line = await group.expect_message()
    assert line.text == TR.gettext(ONLY_PRIVATE)
    await left(group)
    assert len(group.messages) == 1
    leaves = [call for call in school.sandbox.calls if call.method == "leaveChat"]
    assert [call.params["chat_id"] for call in leaves] == [group.id]


async def test_the_bot_leaves_a_channel_without_posting_and_ignores_its_posts(school):
    peter = school.person("Peter")
    channel = school.sandbox.create_group("Nieuws", kind="channel", bot_status="administrator")

    await channel.post(f"/start {school.code('Peter Bakker')}")

    await left(channel)
    assert channel.messages == []
    assert await telegram_link(school, "Peter Bakker") == (None, None)
    await channel.add_bot(by=peter)
    await left(channel)
    assert channel.messages == []


async def test_a_bot_sending_a_valid_code_is_ignored(school):
    mallory = school.sandbox.create_user("Mallory", is_bot=True, username="mallory_bot")
    code = school.code("Peter Bakker")

    await mallory.send(f"/start {code}")
    stranger = school.person("Anon")
    await stranger.send("hallo")  # updates are handled in order: once this is answered,
    await stranger.expect_message()  # Mallory's was handled too

    assert not [call for call in school.sandbox.calls if call.params.get("chat_id") == mallory.id]
    assert await telegram_link(school, "Peter Bakker") == (None, None)
    peter = school.person("Peter")
    await peter.send(f"/start {code}")
    await peter.expect_message(contains="Peter Bakker")
