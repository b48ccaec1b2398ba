"""A parent who changes their reply before the teacher got the first one: the teacher gets
one message, with the reply as it is now."""

from datetime import timedelta

from bot.services import agreements
from tests.services.test_agreements import held_talk_with_karim


async def waiting_for(db, staff_id: int) -> list[tuple[str, str]]:
    sql = (
        "SELECT kind, params FROM outbox WHERE status = 'pending' AND recipient_kind = 'staff'"
        " AND recipient_id = ? ORDER BY id"
    )
    async with db.read() as conn, conn.execute(sql, (staff_id,)) as cursor:
        return [tuple(row) async for row in cursor]


async def sent_record(db, clock, settings):
    _, rania, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    for purpose, params, text in (
        (agreements.AGREEMENT, {"owner": "pupil"}, "Oefent de tafels"),
        (agreements.EVALUATION, {}, "2027-01-15"),
    ):
        await agreements.typed(
            db,
            karim,
            9,
            purpose,
            {"booking_id": booking_id, **params},
            text,
            settings.timezone,
            clock.now(),
            language="nl",
        )
    await agreements.send(db, karim, booking_id, clock.now())
    return rania, karim, booking_id


async def test_a_changed_mark_replaces_the_one_still_waiting(db, clock, settings):
    rania, karim, booking_id = await sent_record(db, clock, settings)
    talk = await agreements.talk_for_guardian(db, rania, booking_id)
    agreement = talk.record.agreements[0].id
    await agreements.mark(db, rania, agreement, "done", clock.now())
    clock.advance(timedelta(minutes=1))
    await agreements.mark(db, rania, agreement, "attention", clock.now())
    kinds = [kind for kind, _ in await waiting_for(db, karim.id)]
    assert kinds.count("agreement_progress") == 1


async def test_a_second_question_or_look_back_replaces_the_one_still_waiting(db, clock, settings):
    rania, karim, booking_id = await sent_record(db, clock, settings)
    for answer in ("good", "better"):
        await agreements.look_back(db, rania, booking_id, answer, clock.now())
        clock.advance(timedelta(minutes=1))
    for question in ("Welke boeken?", "Welke boeken, en hoe vaak?"):
        await agreements.question(db, rania, 2, booking_id, question, clock.now())
        clock.advance(timedelta(minutes=1))
    await agreements.understood(db, rania, booking_id, clock.now())
    whats = [params for _, params in await waiting_for(db, karim.id)]
    assert ['"what": "look_back"' in p for p in whats].count(True) == 1
    assert ['"what": "question"' in p for p in whats].count(True) == 1
    assert ['"what": "understood"' in p for p in whats].count(True) == 1
