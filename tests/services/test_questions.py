from datetime import timedelta

from bot.domain.answers import Answer
from bot.domain.bookings import Actor
from bot.domain.questions import JOINING
from bot.services import questions
from bot.services.year_plan import apply_plan
from tests.services.school_fixture import PLAN, load_school


async def test_a_round_that_leaves_joining_open_asks_the_parents(db, clock, settings):
    ids = await load_school(db, clock, settings.timezone)
    open_plan = PLAN.read_text().replace(
        "pupil_joins_from_grade = 4", "pupil_joins_from_grade = 4\npupil_may_join = true", 1
    )
    await apply_plan(db, open_plan, clock=clock, tz=settings.timezone)
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    round_id, lina = await ids.round(), await ids.pupil("Lina")
    q = await questions.open_questions(db, rania, 1, round_id, lina, clock.now())
    assert JOINING in q.questions
    assert q.questions.index(JOINING) == len(q.questions) - 2


async def test_answers_are_kept_per_parent_and_resume_at_the_first_open_question(
    db, clock, settings
):
    ids = await load_school(db, clock, settings.timezone)
    round_id, lina = await ids.round(), await ids.pupil("Lina")
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    await questions.open_questions(db, rania, 1, round_id, lina, clock.now())
    await questions.give_answer(
        db, rania, 1, round_id, lina, Answer("een", None, False), clock.now()
    )
    await questions.give_answer(db, rania, 1, round_id, lina, Answer("", None, True), clock.now())
    again = await questions.open_questions(db, rania, 1, round_id, lina, clock.now())
    assert again.current is again.questions[2]
    assert again.answers["learning_home"].text == "een"
    stranger = Actor("guardian", await ids.guardian("Saskia Mulder"))
    assert await questions.open_questions(db, stranger, 2, round_id, lina, clock.now()) is None


async def test_answers_sent_again_before_the_teacher_got_them_reach_the_teacher_once(
    db, clock, settings
):
    ids = await load_school(db, clock, settings.timezone)
    round_id, lina = await ids.round(), await ids.pupil("Lina")
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    await questions.open_questions(db, rania, 1, round_id, lina, clock.now())
    await questions.give_answer(
        db, rania, 1, round_id, lina, Answer("een", None, False), clock.now()
    )
    await questions.submit(db, rania, 1, round_id, lina, clock.now())
    clock.advance(timedelta(minutes=3))
    await questions.submit(db, rania, 1, round_id, lina, clock.now())  # changed, sent again
    sql = "SELECT recipient_id FROM outbox WHERE kind = 'answers' AND status = 'pending'"
    async with db.read() as conn, conn.execute(sql) as cursor:
        teachers = [row[0] async for row in cursor]
    assert sorted(teachers) == sorted(set(teachers))  # each teacher once, the latest answers
    assert teachers
