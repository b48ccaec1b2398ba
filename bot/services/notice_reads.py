"""What the outbox renderers read, inside the transaction that claims the row.

A renderer holds only that transaction's connection (`RenderContext.conn`), so these take
the connection; they only read. What a notice says is decided at send time, from the
database as it is then: each returns None when the notice's reason is gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.agreements import Record
from bot.domain.answers import Answer
from bot.domain.bookings import Booked, Child
from bot.domain.machine_translation import Translated
from bot.domain.rounds import Round
from bot.domain.schedule import BookedTalk
from bot.services import machine_translation
from bot.services.teacher_view import ParentAnswers, parents_answers
from bot.storage import agreements, answers, bookings, notices, talk_calendar
from bot.storage.bookings import TimeRequest
from bot.storage.notices import UnbookedPupil, UnreachableGuardian
from bot.storage.rounds import load_round
from bot.storage.schedule import booked_talks
from bot.storage.talk_calendar import TalkCalendar


async def talk(conn: aiosqlite.Connection, booking_id: int) -> tuple[Round, Booked, Child] | None:
    """The booking with its round and child, in whatever status it is now."""
    booked = await bookings.booking(conn, booking_id)
    if booked is None:
        return None
    round_ = await load_round(conn, booked.round_id)
    child = await bookings.pupil_as_child(conn, booked.pupil_id)
    return (round_, booked, child) if round_ and child else None


async def booking(conn: aiosqlite.Connection, booking_id: int) -> Booked | None:
    """One booking as it is now: a notice is only said while what it says is still so."""
    return await bookings.booking(conn, booking_id)


async def booker_name(conn: aiosqlite.Connection, booking_id: int) -> str:
    """Who made (or last touched) the booking, to name them in the notice."""
    return await bookings.booker_name(conn, booking_id)


async def calendar_entry(conn: aiosqlite.Connection, booked: Booked) -> TalkCalendar:
    """The calendar entry of the booking's talk at its newest version: what a file sent now
    about it must name to replace (or remove) the entry the reader holds."""
    entry = await talk_calendar.of_booking(conn, booked.booking_id)
    assert entry is not None  # the booking was read in this same transaction
    return entry


async def teacher_has_calendar(
    conn: aiosqlite.Connection, entry: TalkCalendar, staff_id: int
) -> bool:
    """Whether the teacher was given the talk's calendar file: they booked or moved it on
    the parents' behalf. Only they need a file when it changes."""
    return await talk_calendar.booked_by_staff(conn, entry.first_booking_id, staff_id)


async def booked_again(conn: aiosqlite.Connection, cancelled: Booked) -> bool:
    """Whether the family has a talk in the round again after this one was cancelled, so
    the notice of the cancellation does not send them to choose a time."""
    found = await bookings.active_booking(
        conn, cancelled.round_id, cancelled.pupil_id, cancelled.household
    )
    return found is not None


async def time_request(
    conn: aiosqlite.Connection, request_id: int
) -> tuple[TimeRequest, Child] | None:
    """A parent's own words about times that would suit them, with the child they are about."""
    request = await bookings.time_request(conn, request_id)
    if request is None:
        return None
    child = await bookings.pupil_as_child(conn, request.pupil_id)
    return (request, child) if child else None


@dataclass(frozen=True)
class AnswersNotice:
    """A parent's sent answers, with what the teacher needs to place them."""

    round: Round
    child: Child
    guardian_name: str
    booked: Booked | None  # the family's talk in the round, if booked
    answers: dict[str, Answer]


async def answers_notice(
    conn: aiosqlite.Connection, staff_id: int, round_id: int, pupil_id: int, guardian_id: int
) -> AnswersNotice | None:
    """None unless the staff member teaches the pupil, and while round and pupil exist."""
    if not await bookings.teaches_pupil(conn, staff_id, pupil_id):
        return None
    round_ = await load_round(conn, round_id)
    child = await bookings.pupil_as_child(conn, pupil_id)
    if round_ is None or child is None:
        return None
    key = (round_id, pupil_id, guardian_id)
    progress = await answers.progress_of(conn, key)
    # Answers the parent never sent stay theirs, also when the child's card goes out.
    sent = progress is not None and progress.submitted_at is not None
    return AnswersNotice(
        round_,
        child,
        await answers.guardian_name(conn, guardian_id),
        await bookings.active_booking(conn, round_id, pupil_id, ""),
        await answers.answers_of(conn, key) if sent else {},
    )


@dataclass(frozen=True)
class Mark:
    """A parent's word on how an agreement of the earlier talk went."""

    agreement_id: int
    guardian: str
    status: str


@dataclass(frozen=True)
class DigestTalk:
    """One talk of the teacher's day, with the family's earlier agreements and answers."""

    talk: BookedTalk
    round: Round
    child: Child
    earlier: Record | None  # the last held talk's record, when it has agreements
    marks: tuple[Mark, ...]  # in (agreement, guardian) order
    parents: list[ParentAnswers]


async def digest(
    conn: aiosqlite.Connection, staff_id: int, start: datetime, end: datetime
) -> tuple[int, list[DigestTalk]]:
    """How many talks the teacher has in the window, and those whose round and pupil still
    exist, described."""
    talks = await booked_talks(conn, staff_id, start, end)
    found = []
    for talk in talks:
        round_ = await load_round(conn, talk.round_id)
        child = await bookings.pupil_as_child(conn, talk.pupil_id)
        if round_ is None or child is None:
            continue
        earlier, marks = await _earlier_record(conn, talk.pupil_id, talk.starts_at)
        parents = await parents_answers(conn, talk.round_id, talk.pupil_id)
        found.append(DigestTalk(talk, round_, child, earlier, marks, parents))
    return len(talks), found


async def _earlier_record(
    conn: aiosqlite.Connection, pupil_id: int, before: datetime
) -> tuple[Record | None, tuple[Mark, ...]]:
    booking_id = await agreements.earlier_record(conn, pupil_id, before)
    record = await agreements.record_of(conn, booking_id) if booking_id else None
    if record is None or not record.agreements:
        return None, ()
    marks = await agreements.progress_marks(conn, record.booking_id)
    return record, tuple(
        [
            Mark(agreement_id, await answers.guardian_name(conn, guardian_id), status)
            for (agreement_id, guardian_id), status in sorted(marks.items())
        ]
    )


async def appointment(
    conn: aiosqlite.Connection,
    guardian_id: int,
    booking_id: int,
    slot_id: int | None,
    now: datetime,
) -> tuple[Booked, Round, Child] | None:
    """(booking, round, child) while a reminder of the talk is still right for this guardian:
    active, ahead, not moved away from `slot_id` (the new time has reminders of its own), and
    their own household's talk."""
    booked = await bookings.booking(conn, booking_id)
    if booked is None or booked.status != "active" or booked.offer.starts_at <= now:
        return None
    if slot_id is not None and booked.offer.slot_id != slot_id:
        return None
    round_ = await load_round(conn, booked.round_id)
    children = await bookings.children_in_round(conn, guardian_id, booked.round_id)
    child = next((c for c in children if c.pupil_id == booked.pupil_id), None)
    if round_ is None or child is None:
        return None
    if booked.household and child.household != booked.household:
        return None
    return booked, round_, child


async def unbooked_pupils(
    conn: aiosqlite.Connection, round_id: int, staff_id: int
) -> tuple[Round, list[UnbookedPupil]] | None:
    """The round and the teacher's pupils in it still without a talk; None if it is gone."""
    round_ = await load_round(conn, round_id)
    if round_ is None:
        return None
    return round_, await notices.unbooked_pupils(conn, round_id, staff_id)


async def unreachable_guardian(
    conn: aiosqlite.Connection, guardian_id: int, staff_id: int
) -> UnreachableGuardian | None:
    """A parent Telegram refuses, with their children the teacher teaches."""
    return await notices.unreachable_guardian(conn, guardian_id, staff_id)


async def recorded_talk(
    conn: aiosqlite.Connection, booking_id: int
) -> tuple[Record, Booked, Child] | None:
    """A talk with its record, for the notices about its agreements."""
    record = await agreements.record_of(conn, booking_id)
    booked = await bookings.booking(conn, booking_id)
    child = await bookings.pupil_as_child(conn, booked.pupil_id) if booked else None
    if record is None or booked is None or child is None:
        return None
    return record, booked, child


async def is_parent(conn: aiosqlite.Connection, guardian_id: int, booked: Booked) -> bool:
    """Only a parent of the talk's household (any parent, for a family talk) reads about it."""
    return guardian_id in await bookings.guardians_of(
        conn, booked.pupil_id, booked.household or None
    )


async def guardian_name(conn: aiosqlite.Connection, guardian_id: int) -> str:
    """The parent's name, to tell the teacher who replied ('' when gone)."""
    return await answers.guardian_name(conn, guardian_id)


async def look_back(conn: aiosqlite.Connection, booking_id: int, guardian_id: int) -> str:
    """How the parent said the talk went ('good', 'better', or '' when not said)."""
    return await agreements.look_back_of(conn, booking_id, guardian_id)


async def question(conn: aiosqlite.Connection, booking_id: int, guardian_id: int) -> str:
    """The parent's question about the agreements."""
    return await agreements.question_of(conn, booking_id, guardian_id)


async def progress_mark(
    conn: aiosqlite.Connection, agreement_id: int, guardian_id: int
) -> tuple[Record, Child, str] | None:
    """How a parent says one agreement went, with its talk's record and child; None when
    the agreement, its talk or the mark is gone."""
    booking_id = await agreements.booking_of_agreement(conn, agreement_id)
    talk = await recorded_talk(conn, booking_id) if booking_id else None
    if talk is None:
        return None
    record, _, child = talk
    status = (await agreements.progress_marks(conn, record.booking_id)).get(
        (agreement_id, guardian_id)
    )
    return (record, child, status) if status is not None else None


async def translation(
    conn: aiosqlite.Connection, text: str, source: str, target: str
) -> Translated | None:
    """The machine translation of someone's words into the reader's language, if made."""
    return await machine_translation.lookup(conn, text, source, target)
