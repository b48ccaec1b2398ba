"""Pre-talk questions: a parent answers at home, one question at a time, and sends them.

Every answer is saved as it is given, so the parent can stop and come back (also after a
restart) at the first question without an answer. Access is checked on every step: a
guardian answers only about their own child in a round of that child's group.

A pressed typical answer is stored as its key; typed answers are the parent's own words,
and when they are sent a machine translation is asked for in each teacher's language.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain import dedup_keys
from bot.domain.answers import Answer
from bot.domain.bookings import Actor, Child
from bot.domain.notification_kind import NotificationKind
from bot.domain.people import Person
from bot.domain.person_kind import PersonKind
from bot.domain.questions import (
    Choice,
    Question,
    choice_of,
    chosen,
    chosen_key,
    questions_of,
    words_in,
)
from bot.domain.rounds import Round
from bot.services.parent_words import want_for_staff, writer
from bot.storage import answers as store
from bot.storage import bookings
from bot.storage.answers import Key
from bot.storage.database import Database
from bot.storage.outbox import enqueue, withdraw
from bot.storage.pending_inputs import expect_input, forget_input
from bot.storage.rounds import load_round

log = logging.getLogger(__name__)

ANSWER = "answer"


@dataclass(frozen=True)
class Questionnaire:
    round: Round
    child: Child
    questions: tuple[Question, ...]
    answers: dict[str, Answer]
    current: Question | None  # None: the summary is shown
    submitted_at: datetime | None  # when the parent last sent them to the teacher

    @property
    def number(self) -> int:
        """1-based position of the current question."""
        return self.questions.index(self.current) + 1 if self.current else len(self.questions)


def has_answer(q: Questionnaire, question: Question) -> bool:
    """Whether the parent gave this question an answer (typed, spoken or by a button)."""
    given = q.answers.get(question.key)
    return given is not None and not given.skipped


async def _context(
    conn: aiosqlite.Connection, guardian: Actor, round_id: int, pupil_id: int
) -> tuple[Round, Child] | None:
    if guardian.kind != PersonKind.GUARDIAN:
        return None
    round_ = await load_round(conn, round_id)
    children = await bookings.children_in_round(conn, guardian.id, round_id)
    child = next((c for c in children if c.pupil_id == pupil_id), None)
    return (round_, child) if round_ and child else None


async def _load(
    conn: aiosqlite.Connection, guardian: Actor, round_id: int, pupil_id: int
) -> Questionnaire | None:
    context = await _context(conn, guardian, round_id, pupil_id)
    if context is None:
        return None
    round_, child = context
    key: Key = (round_id, pupil_id, guardian.id)
    questions = questions_of(round_)
    answers = await store.answers_of(conn, key)
    progress = await store.progress_of(conn, key)
    if progress is None:
        first = next((q for q in questions if q.key not in answers), None)
        return Questionnaire(round_, child, questions, answers, first, submitted_at=None)
    current = next((q for q in questions if q.key == progress.current), None)
    return Questionnaire(round_, child, questions, answers, current, progress.submitted_at)


async def open_questions(
    db: Database, guardian: Actor, user_id: int, round_id: int, pupil_id: int, now: datetime
) -> Questionnaire | None:
    """Start, or resume at the first unanswered question (the summary once all are done)."""
    async with db.transaction() as conn:
        found = await _load(conn, guardian, round_id, pupil_id)
        if found is None:
            return None
        current = next((q for q in found.questions if q.key not in found.answers), None)
        await store.set_progress(
            conn,
            (round_id, pupil_id, guardian.id),
            current.key if current else None,
            reviewing=False,
        )
        await _wait_for_answer(conn, user_id, round_id, pupil_id, now)
        return await _load(conn, guardian, round_id, pupil_id)


async def _wait_for_answer(
    conn: aiosqlite.Connection, user_id: int, round_id: int, pupil_id: int, now: datetime
) -> None:
    await expect_input(conn, user_id, ANSWER, {"round_id": round_id, "pupil_id": pupil_id}, now)


async def give_answer(
    db: Database,
    guardian: Actor,
    user_id: int,
    round_id: int,
    pupil_id: int,
    answer: Answer,
    now: datetime,
    question_key: str | None = None,
) -> Questionnaire | None:
    """Save the answer to the current question and move on (or back to the summary).

    Skipping never replaces an answer the parent gave: it moves on and keeps it. The button
    says so ("Keep my answer"); an older message's Skip button does the same. A pressed
    choice (or "no interpreter needed") counts only for the question it belongs to
    (`question_key`): a button of an earlier question, pressed later, changes nothing.
    """
    async with db.transaction() as conn:
        found = await _load(conn, guardian, round_id, pupil_id)
        if found is None or found.current is None:
            return found
        if question_key is not None and found.current.key != question_key:
            return found  # a button of another question, pressed later
        if chosen_key(answer) is not None and (
            question_key is None or choice_of(found.current, answer) is None
        ):
            return found
        key: Key = (round_id, pupil_id, guardian.id)
        if not (answer.skipped and has_answer(found, found.current)):
            await store.save_answer(conn, key, found.current.key, answer, now)
        progress = await store.progress_of(conn, key)
        answered = {*found.answers, found.current.key}
        following = found.questions[found.questions.index(found.current) + 1 :]
        upcoming = next((q for q in following if q.key not in answered), None)
        if progress and progress.reviewing:
            upcoming = None
        await store.set_progress(conn, key, upcoming.key if upcoming else None, reviewing=False)
        await _wait_for_answer(conn, user_id, round_id, pupil_id, now)
        return await _load(conn, guardian, round_id, pupil_id)


async def choose(
    db: Database,
    guardian: Actor,
    user_id: int,
    round_id: int,
    pupil_id: int,
    question_key: str,
    choice_key: str,
    now: datetime,
) -> Questionnaire | None:
    """A typical answer pressed: stored as its key, if it is one of the current question's."""
    answer = chosen(Choice(choice_key))
    return await give_answer(db, guardian, user_id, round_id, pupil_id, answer, now, question_key)


async def tell_teachers(
    conn: aiosqlite.Connection,
    key: Key,
    teachers: Iterable[int],
    source: str,
    now: datetime,
    *,
    held: bool,
) -> None:
    """Queue one answers message per teacher (the parents' answers and the child's card,
    read when sent). The language they were written in travels with the notice: their
    translations are kept under it, whatever language the parent picks later. `held`: it
    waits for those translations."""
    round_id, pupil_id, guardian_id = key
    params = {
        "round_id": round_id,
        "pupil_id": pupil_id,
        "guardian_id": guardian_id,
        "source": source,
    }
    for staff_id in teachers:
        await enqueue(
            conn,
            recipient_kind=PersonKind.STAFF,
            recipient_id=staff_id,
            kind=NotificationKind.ANSWERS,
            params=params,
            not_before=now,
            dedup_key=dedup_keys.answers(round_id, pupil_id, guardian_id, now, staff_id),
            now=now,
            wait_for_translation=held,
        )


async def go_to(
    db: Database,
    guardian: Actor,
    user_id: int,
    round_id: int,
    pupil_id: int,
    number: int | None,
    now: datetime,
) -> Questionnaire | None:
    """Show question `number` (1-based) to change it, or the previous one (None)."""
    async with db.transaction() as conn:
        found = await _load(conn, guardian, round_id, pupil_id)
        if found is None:
            return None
        questions = found.questions
        if number is None:  # Back: the previous question, from the summary the last
            index = questions.index(found.current) - 1 if found.current else len(questions) - 1
            reviewing = False
        else:
            index, reviewing = number - 1, True
        if not 0 <= index < len(questions):
            return found
        key: Key = (round_id, pupil_id, guardian.id)
        await store.set_progress(conn, key, questions[index].key, reviewing=reviewing)
        await _wait_for_answer(conn, user_id, round_id, pupil_id, now)
        return await _load(conn, guardian, round_id, pupil_id)


async def submit(
    db: Database,
    guardian: Actor,
    user_id: int,
    round_id: int,
    pupil_id: int,
    now: datetime,
) -> Questionnaire | None:
    """Send the answers: the child's teachers get them, the wait for typing ends.

    When the school runs a translation engine, the typed answers are wanted in each
    teacher's language, and the teachers' messages wait briefly for the translations.
    """
    async with db.transaction() as conn:
        found = await _load(conn, guardian, round_id, pupil_id)
        if found is None:
            return None
        parent = await writer(conn, guardian.id)
        if parent is None:
            return None
        key: Key = (round_id, pupil_id, guardian.id)
        await store.mark_submitted(conn, key, now)
        await forget_input(conn, user_id)
        # Rendered when sent, a copy still waiting would say what this one says: withdraw it.
        await withdraw(conn, dedup_keys.answers_prefix(round_id, pupil_id, guardian.id))
        teachers = await talk_teachers(conn, round_id, pupil_id)
        held = await _want_translations(conn, found, parent, teachers)
        await tell_teachers(conn, key, teachers, parent.language, now, held=held)
        log.info(
            "answers sent round_id=%d pupil_id=%d guardian_id=%d", round_id, pupil_id, guardian.id
        )
        return await _load(conn, guardian, round_id, pupil_id)


async def talk_teachers(conn: aiosqlite.Connection, round_id: int, pupil_id: int) -> list[int]:
    """Who reads what a parent sends before the talk: the teacher of the booked talk, or
    else every teacher of the child's group."""
    booked = await bookings.active_booking(conn, round_id, pupil_id, "")
    if booked is not None:
        return [booked.offer.staff_id]
    return await bookings.teachers_of_pupil(conn, pupil_id)


async def _want_translations(
    conn: aiosqlite.Connection, q: Questionnaire, parent: Person, teachers: list[int]
) -> bool:
    """Ask for the typed answers in the teachers' languages; True while any is pending."""
    names = (q.child.first_name, q.child.last_name, q.child.full_name, parent.name)
    return await want_for_staff(conn, words_in(q.answers), parent.language, teachers, names)
