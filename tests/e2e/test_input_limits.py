"""What a person types is measured as Telegram counts it (an emoji counts two) before
anything is stored; too long, they are told the limit and nothing changes."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.questions import questions_for
from bot.domain.rounds import TalkKind
from bot.storage.database import Database
from tests.e2e.test_agreements import (
    AMSTERDAM,
    book_zoe,
    held_draft,
    is_draft,
    type_into_draft,
    until,
)
from tests.e2e.test_questions import EN, book_and_open_questions
from tests.e2e.test_teacher import switch_to_english
from tests.e2e.test_teacher_hours import open_hours


async def count(school, sql: str) -> int:
    db = await Database.open(school.settings.database_path)
    try:
        async with db.read() as conn, conn.execute(sql) as cursor:
            row = await cursor.fetchone()
        return int(row[0])
    finally:
        await db.close()


async def test_a_round_of_3980_typed_characters_is_refused_and_nothing_is_opened(booking_school):
    karim = await booking_school.linked("Karim Bouzid", kind="staff")
    await switch_to_english(karim)
    rounds = await count(booking_school, "SELECT count(*) FROM rounds")
    await karim.send("/newround")
    kinds = await karim.expect_message(contains="Which talks do you want to open for group 4?")
    await karim.press("Second development talks", message_id=kinds.message_id)
    await karim.expect_message(contains="Type the hours to add")

    await karim.send("Extra gesprekken " * 234)  # 3,978 characters on one line

    await karim.expect_message(contains="Please keep it shorter: at most 1000 characters.")
    assert await count(booking_school, "SELECT count(*) FROM rounds") == rounds
    await karim.send("2026-11-30 15:00-15:40")  # the question is still open
    await karim.expect_message(contains="Opened:")


async def test_hours_of_over_4096_typed_characters_are_refused_and_nothing_is_added(
    booking_school,
):
    karim = await booking_school.linked("Karim Bouzid", kind="staff")
    await switch_to_english(karim)
    slots = await count(booking_school, "SELECT count(*) FROM slots")
    menu = await open_hours(karim)
    await karim.press("Add hours", message_id=menu.message_id)
    await karim.expect_message(contains="Type the hours to add")

    await karim.send("avond " * 700)  # 4,200 characters

    await karim.expect_message(contains="Please keep it shorter: at most 1000 characters.")
    assert await count(booking_school, "SELECT count(*) FROM slots") == slots
    await karim.send("2026-12-11 19:00-19:40")
    await karim.expect_message(contains="Added 2 talk times.")


async def test_a_wish_of_600_emoji_counts_1200_and_is_refused(booking_school):
    tom = await booking_school.linked("Tom de Groot", "en")
    await tom.send("/talks")
    await tom.expect_message(contains="Progress talks, December")
    await tom.press("None of these times suits me")
    await tom.expect_message(contains="Which days and times would suit you?")

    await tom.send("🙏" * 600)

    await tom.expect_message(contains="Please keep it shorter: at most 1000 characters.")
    assert await count(booking_school, "SELECT count(*) FROM time_requests") == 0


async def test_an_answer_of_1001_emoji_is_too_long_and_not_saved(booking_school):
    mark = await booking_school.linked("Mark Jansen", "en")
    await book_and_open_questions(mark, "Zoë", EN)

    await mark.send("😊" * 1001)

    refused = await mark.expect_message(contains="This answer is too long.")
    assert "2000 characters" in refused.text
    assert await count(booking_school, "SELECT count(*) FROM answers") == 0
    await mark.send("She draws a lot")
    await mark.expect_message(contains=questions_for(TalkKind.PROGRESS)[1].text)


async def test_over_long_agreements_and_questions_about_them_are_refused(booking_school):
    mark = await booking_school.linked("Mark Jansen", "en")
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    await switch_to_english(marloes)
    await book_zoe(mark)
    await until(booking_school, datetime(2026, 12, 8, 14, 50, tzinfo=AMSTERDAM))
    draft = await held_draft(marloes)
    await marloes.press("+ The pupil will", message_id=draft.message_id)
    await marloes.expect_message(predicate=lambda m: "1:nvm" in str(m.buttons))

    await marloes.send("📚" * 501)

    await marloes.expect_message(contains="Please keep it shorter: at most 1000 characters.")
    assert await count(booking_school, "SELECT count(*) FROM agreements") == 0
    await marloes.send("Reads every day")
    draft = await marloes.expect_message(predicate=is_draft)
    draft = await type_into_draft(marloes, draft, "Evaluation date", "2027-01-20")
    await marloes.press("Preview and send", message_id=draft.message_id)
    preview = await marloes.expect_message(contains="This is what the parents will get")
    await marloes.press("Send to the parents", message_id=preview.message_id)
    await marloes.expect_message(contains="Sent to")
    await booking_school.wait(timedelta(0))
    agreements = await mark.expect_message(contains="Reads every day")
    await mark.press("I have a question", message_id=agreements.message_id)
    await mark.expect_message(contains="Type your question for the teacher")

    await mark.send("🤔" * 501)

    await mark.expect_message(contains="Please keep it shorter: at most 1000 characters.")
    assert await count(booking_school, "SELECT count(*) FROM agreement_replies") == 0
