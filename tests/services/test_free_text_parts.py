"""Property test: whatever people type, every message that quotes it goes out in parts
Telegram takes (at most 4,096 after parsing, valid HTML) that read as the whole.

One school state with a text in every place a person types one — answers, a wish for
another time, agreements, talking points, a parent's question, a parent's name — is
rendered by every notification kind and reply that shows such text, for random texts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import Settings
from bot.domain.answers import Answer
from bot.domain.bookings import Actor
from bot.domain.clock import ManualClock
from bot.domain.notification_kind import NotificationKind as Kind
from bot.i18n import Translations
from bot.services import agreements, booking, questions
from bot.services.agreements import OWNERS
from bot.services.teacher_hours import Added
from bot.storage import agreements as agreement_store
from bot.storage import bookings
from bot.storage.database import Database
from bot.storage.people import active_guardians, active_staff
from bot.telegram.agreements_view import agreements_text
from bot.telegram.context import Dependencies
from bot.telegram.deps import Reader
from bot.telegram.notification_kinds import RENDERERS
from bot.telegram.notifications import RenderContext
from bot.telegram.questions import question_view
from bot.telegram.sending import text_parts
from bot.telegram.teacher_hours import hours_report
from tests.services.school_fixture import load_school, wish_other_time
from tests.unit.test_sending_properties import check_parts, typed

# As much as a person may type (the input limits), in runs without a space.
long_typed = st.builds(
    lambda unit, count: unit * count,
    st.sampled_from(["x", "😀", "&", "<b>", "ب"]),
    st.integers(min_value=300, max_value=1000),
)
free_text = st.one_of(typed, long_typed).filter(lambda text: text.strip())
TRANSLATIONS = Translations("nl")
EVALUATE_ON = "2027-01-15"
QUOTING_KINDS = {
    Kind.ANSWERS,
    Kind.TIME_REQUEST,
    Kind.AGREEMENTS,
    Kind.AGREEMENTS_REPLY,
    Kind.DIGEST,
    Kind.EVALUATION,
}


@dataclass
class School:
    db: Database
    settings: Settings
    clock: ManualClock
    mark: Actor  # Zoë's father, reads Arabic: texts are isolated inside right-to-left
    marloes: Actor  # Zoë's teacher
    round_id: int
    zoe: int
    booking_id: int
    talk_day: date


@pytest.fixture
async def school(db: Database, clock: ManualClock, settings: Settings) -> School:
    ids = await load_school(db, clock, settings.timezone)
    mark = Actor("guardian", await ids.guardian("Mark Jansen"))
    marloes = Actor("staff", await ids.staff("Marloes Dekker"))
    tom = Actor("guardian", await ids.guardian("Tom de Groot"))
    round_id, zoe, sem = await ids.round(), await ids.pupil("Zoë"), await ids.pupil("Sem")
    now = clock.now()
    offers = (await booking.free_offers(db, mark, round_id, zoe, now)).offers
    offer = next(o for o in offers if o.staff_id == marloes.id)
    booked = await booking.book(
        db, mark, round_id=round_id, pupil_id=zoe, slot_id=offer.slot_id, now=now
    )
    booking_id = booked.booking.booking_id
    questionnaire = await questions.open_questions(db, mark, 1, round_id, zoe, now)
    assert questionnaire is not None
    for _ in questionnaire.questions:
        answer = Answer("typed", None, skipped=False)
        await questions.give_answer(db, mark, 1, round_id, zoe, answer, now)
    await questions.submit(db, mark, 1, round_id, zoe, now)
    await wish_other_time(db, settings.timezone, tom.id, round_id, sem, "typed", now, user_id=2)

    clock.set(offer.ends_at + timedelta(minutes=5))
    now, tz = clock.now(), settings.timezone
    await agreements.set_held(db, marloes, booking_id, held=True, now=now)
    draft = {"booking_id": booking_id}
    for owner in OWNERS:
        params = {**draft, "owner": owner}
        await agreements.typed(
            db, marloes, 3, agreements.AGREEMENT, params, "typed", tz, now, language="nl"
        )
    for purpose, text in (
        (agreements.TALKING_POINTS, "typed"),
        (agreements.EVALUATION, EVALUATE_ON),
    ):
        await agreements.typed(db, marloes, 3, purpose, draft, text, tz, now, language="nl")
    assert (await agreements.send(db, marloes, booking_id, now)).parents == 2
    await agreements.question(db, mark, 1, booking_id, "typed", now)
    sent = await agreements.talk_for_guardian(db, mark, booking_id)
    assert sent is not None
    assert sent.record is not None
    await agreements.mark(db, mark, sent.record.agreements[0].id, "attention", now)
    async with db.transaction() as conn:
        await conn.execute("UPDATE guardians SET language = 'ar' WHERE id = ?", (mark.id,))
    return School(
        db, settings, clock, mark, marloes, round_id, zoe, booking_id, offer.starts_at.date()
    )


async def type_everywhere(school: School, text: str) -> None:
    """Put `text` wherever a person typed something, and make it the father's name."""
    async with school.db.transaction() as conn:
        for sql in (
            "UPDATE answers SET text = ?",
            "UPDATE time_requests SET message = ?",
            "UPDATE agreements SET text = ?",
            "UPDATE talk_records SET talking_points = ?",
            "UPDATE agreement_replies SET question = ? WHERE question != ''",
        ):
            await conn.execute(sql, (text,))
        await conn.execute("UPDATE guardians SET name = ? WHERE id = ?", (text, school.mark.id))


async def reader_of(school: School, kind: str, person_id: int) -> Reader:
    async with school.db.read() as conn:
        lookup = active_guardians if kind == "guardian" else active_staff
        people = tuple(await lookup(conn, person_id=person_id))
    language = people[0].language
    return Reader(language, TRANSLATIONS.for_language(language), people)


async def notifications(school: School) -> dict[str, list[str]]:
    """Every queued notification, and the digest and evaluation, rendered as they would be
    sent: per kind, the HTML of each."""
    async with school.db.read() as conn, conn.execute("SELECT * FROM outbox") as cursor:
        rows = [
            (row["recipient_kind"], row["recipient_id"], row["kind"], json.loads(row["params"]))
            for row in await cursor.fetchall()
        ]
    evaluation = {"booking_id": school.booking_id, "evaluate_on": EVALUATE_ON}
    rows += [
        ("staff", school.marloes.id, Kind.DIGEST, {"day": school.talk_day.isoformat()}),
        ("staff", school.marloes.id, Kind.EVALUATION, evaluation),
        ("guardian", school.mark.id, Kind.EVALUATION, evaluation),
    ]
    rendered: dict[str, list[str]] = {}
    for recipient_kind, recipient_id, kind, params in rows:
        reader = await reader_of(school, recipient_kind, recipient_id)
        async with school.db.read() as conn:
            context = RenderContext(
                conn, school.settings, reader, recipient_kind, recipient_id, school.clock.now()
            )
            outgoing = await RENDERERS[kind](context, params)
        if outgoing is not None:
            check_parts(
                outgoing.text,
                [p.text for p in outgoing.parts() if p.voice is None and p.document is None],
            )
            rendered.setdefault(kind, []).append(outgoing.text)
    return rendered


async def replies(school: School, text: str) -> list[str]:
    """The replies that quote typed text: a question with the answer so far, the summary
    of all answers, the teacher's draft of the agreements, the report on typed hours."""
    father = await reader_of(school, "guardian", school.mark.id)
    teacher = await reader_of(school, "staff", school.marloes.id)
    now = school.clock.now()
    deps = Dependencies(school.db, school.settings, school.clock, TRANSLATIONS)
    first = await questions.go_to(school.db, school.mark, 1, school.round_id, school.zoe, 1, now)
    assert first is not None
    async with school.db.read() as conn:
        record = await agreement_store.record_of(conn, school.booking_id)
        booked = await bookings.booking(conn, school.booking_id)
        child = await bookings.pupil_as_child(conn, school.zoe)
    assert record is not None
    assert booked is not None
    assert child is not None
    lines = [line for line in text.splitlines() if line.strip()] or [text]
    return [
        question_view(first, father, deps)[0],
        question_view(replace(first, current=None), father, deps)[0],
        agreements_text(record, booked, child, teacher, school.settings.timezone, for_parent=False),
        "\n".join(hours_report(Added(unreadable=lines * 5), teacher, school.settings.timezone)),
    ]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=free_text)
async def test_every_message_that_quotes_typed_text_is_sent_in_parts_telegram_takes(
    school: School, text: str
) -> None:
    await type_everywhere(school, text)
    rendered = await notifications(school)
    assert set(rendered) >= QUOTING_KINDS
    for reply in await replies(school, text):
        check_parts(reply, [part.text for part in text_parts(reply)])
