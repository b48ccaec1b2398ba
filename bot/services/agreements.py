"""After the talk: the teacher records what was agreed; every parent gets it at once.

Who may do what is checked on every step: only the talk's teacher (or a teacher of the
pupil) records; only the pupil's own parents read, confirm, ask and mark progress.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite
from babel.dates import parse_date

from bot.domain import dedup_keys
from bot.domain.agreements import CHILD_ANSWER_BY_KEY, Agreement, ChildGoal, Record, Words
from bot.domain.bookings import Actor, Booked, Child
from bot.domain.events import TalksChanged
from bot.domain.family_time import fitting
from bot.domain.machine_translation import Translated
from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind
from bot.domain.rounds import NewRound
from bot.domain.schedule import BookedTalk
from bot.services import conversations, machine_translation, parent_words
from bot.services.teacher_hours import Added, open_round_in
from bot.storage import agreements as store
from bot.storage import bookings, rounds
from bot.storage.database import Database, raise_event
from bot.storage.groups import group_ids
from bot.storage.outbox import enqueue, withdraw
from bot.storage.pending_inputs import expect_input, forget_input
from bot.storage.schedule import booked_talks

log = logging.getLogger(__name__)

OWNERS = ("pupil", "parents", "school")
STATUSES = ("done", "going_well", "attention")
AGREEMENT, EVALUATION, TALKING_POINTS, QUESTION, FOLLOW_UP_HOURS = (
    "agreement",
    "evaluation",
    "talking_points",
    "agreement_question",
    "follow_up_hours",
)
GOAL = "goal"  # in an awaited agreement's params: it is the child's own goal
MAX_TEXT = 1000  # what a teacher or parent types, in UTF-16 code units (typed_input checks)
RECORD_WITHIN = timedelta(days=14)
LOOK_BACK_AFTER = timedelta(hours=1)
LOOK_BACK_ANSWERS = ("good", "better")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOCAL_DATE = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.](\d{2}|\d{4})")
_TRAILING_DATE = re.compile(rf"\s*\(?({_ISO_DATE.pattern}|{_LOCAL_DATE.pattern})\)?\s*$")


class Outcome(Enum):
    SAVED = "saved"  # what the teacher typed is in the draft
    SENT = "sent"
    NO_AGREEMENTS = "no_agreements"
    NO_EVALUATION = "no_evaluation"
    NOT_A_DATE = "not_a_date"
    NOT_AHEAD = "not_ahead"


@dataclass(frozen=True)
class Talk:
    booked: Booked
    record: Record | None


@dataclass(frozen=True)
class Result:
    """What became of a teacher's draft or sending: the reply shows the talk or how many
    parents got it, or says why not (the outcome)."""

    outcome: Outcome
    talk: Talk | None = None
    parents: int = 0


async def talks_to_record(
    db: Database, staff: Actor, now: datetime
) -> list[tuple[BookedTalk, Record | None]]:
    """The teacher's talks of the last two weeks that began, with what is recorded so far
    (a sent record can still be corrected)."""
    async with db.read() as conn:
        talks = await booked_talks(conn, staff.id, now - RECORD_WITHIN, now)
        return [(talk, await store.record_of(conn, talk.booking_id)) for talk in talks]


async def children_of(db: Database, pupil_ids: Iterable[int]) -> dict[int, Child | None]:
    """The pupils the teacher's talks are about, to name them (None: no longer known)."""
    async with db.read() as conn:
        return {pupil_id: await bookings.pupil_as_child(conn, pupil_id) for pupil_id in pupil_ids}


async def child_of(db: Database, pupil_id: int) -> Child | None:
    """The pupil a record is about, to name them in it."""
    async with db.read() as conn:
        return await bookings.pupil_as_child(conn, pupil_id)


async def staff_talk(conn: aiosqlite.Connection, staff: Actor, booking_id: int) -> Talk | None:
    booked = await bookings.booking(conn, booking_id)
    if staff.kind != PersonKind.STAFF or booked is None:
        return None
    if booked.offer.staff_id != staff.id and not await bookings.teaches_pupil(
        conn, staff.id, booked.pupil_id
    ):
        return None
    return Talk(booked, await store.record_of(conn, booking_id))


async def talk_for_staff(db: Database, staff: Actor, booking_id: int) -> Talk | None:
    async with db.read() as conn:
        return await staff_talk(conn, staff, booking_id)


async def read_by(db: Database, staff: Actor, booking_id: int) -> list[tuple[str, bool]]:
    """Which parents confirmed the sent agreements: for the teacher of the talk only."""
    async with db.read() as conn:
        talk = await staff_talk(conn, staff, booking_id)
        if talk is None:
            return []
        guardians = await _guardians(conn, talk.booked)
        return await store.read_by(conn, booking_id, guardians)


async def set_held(
    db: Database, staff: Actor, booking_id: int, *, held: bool, now: datetime
) -> Talk | None:
    """Held: a draft to fill in. Not held: the parents are told and may choose a new time."""
    async with db.transaction() as conn:
        talk = await staff_talk(conn, staff, booking_id)
        if talk is None or talk.record is not None:
            return talk
        await store.create_record(conn, booking_id, staff.id, held, now)
        if not held:
            await bookings.cancel_booking(conn, booking_id, now)
            for guardian_id in await _guardians(conn, talk.booked):
                await enqueue(
                    conn,
                    recipient_kind=PersonKind.GUARDIAN,
                    recipient_id=guardian_id,
                    kind=NotificationKind.NO_SHOW,
                    params={"booking_id": booking_id},
                    not_before=now,
                    dedup_key=dedup_keys.no_show(booking_id, guardian_id),
                    now=now,
                )
        raise_event(TalksChanged(talk.booked.round_id))
        return await staff_talk(conn, staff, booking_id)


async def _guardians(conn: aiosqlite.Connection, booked: Booked) -> list[int]:
    return await bookings.guardians_of(conn, booked.pupil_id, booked.household or None)


async def wait_for(
    db: Database, staff: Actor, user_id: int, booking_id: int, purpose: str, now: datetime
) -> bool:
    """The teacher will type an agreement, the evaluation date or talking points."""
    async with db.transaction() as conn:
        talk = await staff_talk(conn, staff, booking_id)
        if talk is None or talk.record is None or not talk.record.held:
            return False
        params: dict[str, object] = {"booking_id": booking_id}
        await expect_input(conn, user_id, purpose, params, now)
    return True


async def wait_for_agreement(
    db: Database, staff: Actor, user_id: int, booking_id: int, owner: str, now: datetime
) -> bool:
    if owner not in OWNERS:
        return False
    async with db.transaction() as conn:
        talk = await staff_talk(conn, staff, booking_id)
        if talk is None or talk.record is None or not talk.record.held:
            return False
        params = {"booking_id": booking_id, "owner": owner}
        await expect_input(conn, user_id, AGREEMENT, params, now)
    return True


async def typed(
    db: Database,
    staff: Actor,
    user_id: int,
    purpose: str,
    params: dict[str, Any],
    text: str,
    tz: ZoneInfo,
    now: datetime,
    *,
    language: str,
) -> Result | None:
    """What the teacher typed for a draft: saved, or why not (the question stays open).
    Dates may be ISO or written the teacher's way (20-1-2027 in Dutch)."""
    text = text.strip()
    booking_id = int(params["booking_id"])
    async with db.transaction() as conn:
        talk = await staff_talk(conn, staff, booking_id)
        if talk is None or talk.record is None:
            return None
        if purpose == AGREEMENT:
            words, due = due_date(text, language)
            own = Words(words, language)
            goal = ChildGoal() if params.get(GOAL) else None  # typed as the child said it
            if goal is not None and talk.record.child_goal is not None:
                await forget_input(conn, user_id)  # one goal per talk: it stays as it is
                return Result(Outcome.SAVED, talk)
            owner = "pupil" if goal else str(params["owner"])
            await store.add_agreement(conn, booking_id, owner, own, due, child_goal=goal)
        elif purpose == EVALUATION:
            day = _date(text, language)
            if day is None:
                return Result(Outcome.NOT_A_DATE)
            if day <= now.astimezone(tz).date():
                return Result(Outcome.NOT_AHEAD)
            await store.update_record(conn, booking_id, evaluate_on=day.isoformat())
        elif purpose == TALKING_POINTS:
            await store.set_talking_points(conn, booking_id, Words(text, language))
        await forget_input(conn, user_id)
        return Result(Outcome.SAVED, await staff_talk(conn, staff, booking_id))


def due_date(text: str, language: str) -> tuple[str, date | None]:
    """The words of a typed agreement and the deadline written at its end, if any."""
    match = _TRAILING_DATE.search(text)
    due = _date(match.group(1), language) if match else None
    return (text[: match.start()] if match and due else text), due


def _date(text: str, language: str) -> date | None:
    text = text.strip()
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        if _LOCAL_DATE.fullmatch(text):
            return parse_date(text, locale=language)  # the locale's day/month order
    except (ValueError, IndexError):
        pass
    return None


async def toggle_follow_up(db: Database, staff: Actor, booking_id: int) -> Talk | None:
    async with db.transaction() as conn:
        talk = await staff_talk(conn, staff, booking_id)
        if talk is None or talk.record is None:
            return None
        await store.update_record(conn, booking_id, follow_up=int(not talk.record.follow_up))
        return await staff_talk(conn, staff, booking_id)


async def send(
    db: Database,
    staff: Actor,
    booking_id: int,
    now: datetime,
    *,
    look_back: bool = True,
) -> Result | None:
    """Send to every parent of the pupil at once; returns how many, or what is missing.

    Sending again after a correction replaces the earlier version. With `look_back`, the
    first sending also asks the parents, an hour later, whether it was a good talk. When
    the school has a translation engine, the teacher's own words are machine-translated
    into each parent's language first: the message waits for that, never longer than the
    engine's time-out, and goes out with the original alone when the engine fails.
    """
    async with db.transaction() as conn:
        talk = await staff_talk(conn, staff, booking_id)
        if talk is None or talk.record is None or not talk.record.held:
            return None
        if not talk.record.agreements:
            return Result(Outcome.NO_AGREEMENTS)
        if talk.record.evaluate_on is None:
            return Result(Outcome.NO_EVALUATION)
        version = await store.mark_sent(conn, booking_id, now)
        guardians = await _guardians(conn, talk.booked)
        held = await _want_translations(conn, talk, guardians)
        for guardian_id in guardians:
            await enqueue(
                conn,
                recipient_kind=PersonKind.GUARDIAN,
                recipient_id=guardian_id,
                kind=NotificationKind.AGREEMENTS,
                params={"booking_id": booking_id, "version": version},
                not_before=now,
                dedup_key=dedup_keys.agreements(booking_id, version, guardian_id),
                now=now,
                wait_for_translation=held,
            )
            if look_back and version == 1:
                await enqueue(
                    conn,
                    recipient_kind=PersonKind.GUARDIAN,
                    recipient_id=guardian_id,
                    kind=NotificationKind.LOOK_BACK,
                    params={"booking_id": booking_id},
                    not_before=now + LOOK_BACK_AFTER,
                    dedup_key=dedup_keys.look_back(booking_id, guardian_id),
                    now=now,
                )
        raise_event(TalksChanged(talk.booked.round_id))  # the evaluation is planned
    log.info("agreements sent booking_id=%d version=%d", booking_id, version)
    return Result(Outcome.SENT, parents=len(guardians))


async def _want_translations(conn: aiosqlite.Connection, talk: Talk, guardians: list[int]) -> bool:
    """Ask for the teacher's own words in every parent's language; True while any waits.
    The child's and the teacher's names are kept out of the translation."""
    assert talk.record is not None
    parents = await store.readers(conn, guardians)
    languages = {language for _, language in parents}
    child = await bookings.pupil_as_child(conn, talk.booked.pupil_id)
    names = [talk.booked.offer.teacher, *(name for name, _ in parents)]
    if child:
        names += [child.first_name, child.last_name, child.full_name]
    pending = False
    for words in talk.record.own_words():
        pending |= await machine_translation.want(
            conn, words.text, words.language, languages, protect=names
        )
    return pending


async def translations_for(
    conn: aiosqlite.Connection, record: Record, language: str
) -> dict[str, Translated]:
    """The machine translations into one reader's language of the record's own words, by
    original (read inside the delivering transaction)."""
    found = {}
    for words in record.own_words():
        if words.language != language:
            translated = await machine_translation.lookup(
                conn, words.text, words.language, language
            )
            if translated is not None:
                found[words.text] = translated
    return found


async def free_times_left(
    conn: aiosqlite.Connection, booked: Booked, now: datetime, gap: timedelta
) -> bool:
    """Whether the parents who did not come can still choose a time themselves that leaves
    their family's other talks room (else the teacher calls them); read when their message
    is sent."""
    free = await bookings.free_offers(conn, booked.round_id, booked.pupil_id, now)
    family = await bookings.family_talks(conn, booked.pupil_id, None)
    return bool(fitting(free, family, gap))


async def readers(db: Database, staff: Actor, booking_id: int) -> list[tuple[str, str]]:
    """Who will get the agreements, and in which language: for the teacher's preview."""
    async with db.read() as conn:
        talk = await staff_talk(conn, staff, booking_id)
        if talk is None:
            return []
        return await store.readers(conn, await _guardians(conn, talk.booked))


async def ask_follow_up_hours(
    db: Database, staff: Actor, user_id: int, booking_id: int, now: datetime
) -> bool:
    """After sending: when a follow-up talk is needed and not yet opened, wait for the
    teacher's times for it."""
    async with db.transaction() as conn:
        talk = await staff_talk(conn, staff, booking_id)
        record = talk.record if talk else None
        if (
            record is None
            or not record.follow_up
            or record.follow_up_round_id
            or not record.version
        ):
            return False
        await expect_input(conn, user_id, FOLLOW_UP_HOURS, {"booking_id": booking_id}, now)
    return True


def _follow_up_open(record: Record | None) -> bool:
    """A follow-up talk is needed and no round for it was opened yet."""
    return record is not None and record.follow_up and record.follow_up_round_id is None


async def open_follow_up(
    db: Database,
    staff: Actor,
    user_id: int,
    booking_id: int,
    title: str,
    text: str,
    tz: ZoneInfo,
    now: datetime,
) -> tuple[Added, int | None]:
    """A round for this pupil alone, with the typed times: the planner then invites the
    pupil's parents to book it, as for any round."""
    async with db.transaction() as conn:
        talk = await staff_talk(conn, staff, booking_id)
        if talk is None or not _follow_up_open(talk.record):
            await forget_input(conn, user_id)
            return Added(), None
        held_in = await rounds.load_round(conn, talk.booked.round_id)
        child = await bookings.pupil_as_child(conn, talk.booked.pupil_id)
        if held_in is None or child is None:
            return Added(), None
        group_id = (await group_ids(conn))[child.group]
        opened = NewRound(held_in.kind, group_id, title, held_in, (talk.booked.pupil_id,))
        added, round_id = await open_round_in(conn, staff, user_id, opened, text, tz, now)
        if round_id is not None:
            await store.update_record(conn, booking_id, follow_up_round_id=round_id)
    log.info("follow-up round booking_id=%d round_id=%s", booking_id, round_id)
    return added, round_id


async def _guardian_talk(
    conn: aiosqlite.Connection, guardian: Actor, booking_id: int
) -> Talk | None:
    booked = await bookings.booking(conn, booking_id)
    if guardian.kind != PersonKind.GUARDIAN or booked is None:
        return None
    if guardian.id not in await _guardians(conn, booked):
        return None
    record = await store.record_of(conn, booking_id)
    return Talk(booked, record) if record and record.version > 0 else None


async def talk_for_guardian(db: Database, guardian: Actor, booking_id: int) -> Talk | None:
    async with db.read() as conn:
        return await _guardian_talk(conn, guardian, booking_id)


class OutdatedVersion(Exception):
    """The parent confirmed a version of the agreements that a correction has replaced."""


async def understood(
    db: Database, guardian: Actor, booking_id: int, now: datetime, *, version: int | None = None
) -> bool:
    """The parent read the agreements; the teacher hears who confirmed.

    `version` is the version the pressed message showed: a press on an older message, whose
    keyboard stays live after a correction, must not confirm the corrected agreements (the
    school's records count confirmations of the version last sent). Buttons sent before
    messages carried their version have none, and count as before.
    """
    async with db.transaction() as conn:
        talk = await _guardian_talk(conn, guardian, booking_id)
        if talk is None:
            return False
        if version is not None and talk.record is not None and talk.record.version != version:
            raise OutdatedVersion(booking_id)
        await store.reply(conn, booking_id, guardian.id, now=now)
        await _tell_teacher(conn, talk, guardian.id, "understood", now)
    return True


async def ask_question(
    db: Database, guardian: Actor, user_id: int, booking_id: int, now: datetime
) -> bool:
    async with db.transaction() as conn:
        if await _guardian_talk(conn, guardian, booking_id) is None:
            return False
        await expect_input(conn, user_id, QUESTION, {"booking_id": booking_id}, now)
    return True


async def question(
    db: Database, guardian: Actor, user_id: int, booking_id: int, text: str, now: datetime
) -> bool:
    async with db.transaction() as conn:
        talk = await _guardian_talk(conn, guardian, booking_id)
        if talk is None:
            return False
        await store.reply(conn, booking_id, guardian.id, now=now, question=text)
        await forget_input(conn, user_id)
        parent = await parent_words.writer(conn, guardian.id)
        child = await bookings.pupil_as_child(conn, talk.booked.pupil_id)
        names = [parent.name] if parent else []
        names += [child.first_name, child.last_name, child.full_name] if child else []
        held = parent is not None and await parent_words.want_for_staff(
            conn, [text], parent.language, [talk.booked.offer.staff_id], names
        )
        await _tell_teacher(conn, talk, guardian.id, "question", now, held=held)
        staff_id = talk.booked.offer.staff_id
        await conversations.agreements_question(conn, guardian.id, booking_id, staff_id, text, now)
    return True


async def mark(
    db: Database, guardian: Actor, agreement_id: int, status: str, now: datetime
) -> bool:
    """On the evaluation date: how an agreement went, from a parent; the teacher hears it.
    The child's own goal is the child's to answer (`answer_for_child`)."""
    if status not in STATUSES:
        return False
    async with db.transaction() as conn:
        found = await _parents_agreement(conn, guardian, agreement_id)
        if found is None or found[1].child_goal is not None:
            return False
        await store.mark_progress(conn, agreement_id, guardian.id, status, now)
        await _tell_progress(conn, found[0], agreement_id, guardian.id, status, now)
    return True


async def answer_for_child(
    db: Database, guardian: Actor, agreement_id: int, answer: str, now: datetime
) -> bool:
    """On the evaluation date the child answers Hattie's questions about their own goal
    ("How far am I?", "What is my next step?") on a parent's phone; the teacher hears it.
    Only on a parent's phone, for the goal of a sent record."""
    known = CHILD_ANSWER_BY_KEY.get(answer)
    if known is None:
        return False
    async with db.transaction() as conn:
        found = await _parents_agreement(conn, guardian, agreement_id)
        if found is None or found[1].child_goal is None:
            return False
        await store.answer_child_goal(conn, agreement_id, guardian.id, known.question, answer, now)
        await _tell_progress(conn, found[0], agreement_id, guardian.id, answer, now)
    return True


async def _parents_agreement(
    conn: aiosqlite.Connection, guardian: Actor, agreement_id: int
) -> tuple[Talk, Agreement] | None:
    """An agreement of a sent record, for one of the pupil's parents only."""
    booking_id = await store.booking_of_agreement(conn, agreement_id)
    talk = await _guardian_talk(conn, guardian, booking_id) if booking_id else None
    if talk is None or talk.record is None:
        return None
    agreement = next((a for a in talk.record.agreements if a.id == agreement_id), None)
    return (talk, agreement) if agreement is not None else None


async def _tell_progress(
    conn: aiosqlite.Connection,
    talk: Talk,
    agreement_id: int,
    guardian_id: int,
    what: str,
    now: datetime,
) -> None:
    """The teacher hears how an agreement goes as it is now, once: a notice that still
    waits is withdrawn for the newer one (it is read when sent)."""
    await withdraw(conn, dedup_keys.agreement_progress_prefix(agreement_id, guardian_id))
    await enqueue(
        conn,
        recipient_kind=PersonKind.STAFF,
        recipient_id=talk.booked.offer.staff_id,
        kind=NotificationKind.AGREEMENT_PROGRESS,
        params={"agreement_id": agreement_id, "guardian_id": guardian_id},
        not_before=now,
        dedup_key=dedup_keys.agreement_progress(agreement_id, guardian_id, what, now),
        now=now,
    )


@dataclass(frozen=True)
class GoalAnswers:
    """What the child answered about their own goal on one parent's phone."""

    record: Record
    child: Child
    goal: Agreement
    answers: dict[str, str]  # question -> answer key


async def goal_answers(
    conn: aiosqlite.Connection, agreement_id: int, guardian_id: int
) -> GoalAnswers | None:
    """For the teacher's notice, read when it is sent: None unless the agreement is still a
    child's goal the child answered about on this parent's phone."""
    booking_id = await store.booking_of_agreement(conn, agreement_id)
    record = await store.record_of(conn, booking_id) if booking_id else None
    goal = record.child_goal if record else None
    if record is None or goal is None or goal.id != agreement_id:
        return None
    booked = await bookings.booking(conn, record.booking_id)
    child = await bookings.pupil_as_child(conn, booked.pupil_id) if booked else None
    answers = await store.child_goal_answers(conn, agreement_id, guardian_id)
    return GoalAnswers(record, child, goal, answers) if child and answers else None


async def _tell_teacher(
    conn: aiosqlite.Connection,
    talk: Talk,
    guardian_id: int,
    what: str,
    now: datetime,
    *,
    held: bool = False,
) -> None:
    """Queue the parent's reply for the teacher. It is read when sent, so one that still
    waits already says what a newer reply of the same kind says: that one is withdrawn.
    `held`: it waits for the machine translation of the parent's words."""
    booking_id = talk.booked.booking_id
    await withdraw(conn, dedup_keys.agreements_reply_prefix(booking_id, guardian_id, what))
    await enqueue(
        conn,
        recipient_kind=PersonKind.STAFF,
        recipient_id=talk.booked.offer.staff_id,
        kind=NotificationKind.AGREEMENTS_REPLY,
        params={"booking_id": booking_id, "guardian_id": guardian_id, "what": what},
        not_before=now,
        dedup_key=dedup_keys.agreements_reply(booking_id, guardian_id, what, now),
        now=now,
        wait_for_translation=held,
    )


async def remove_agreement(db: Database, staff: Actor, agreement_id: int) -> Talk | None:
    """Take one agreement out of a record (a correction before sending it again)."""
    async with db.transaction() as conn:
        booking_id = await store.booking_of_agreement(conn, agreement_id)
        talk = await staff_talk(conn, staff, booking_id) if booking_id else None
        if talk is None or talk.record is None:
            return None
        await store.remove_agreement(conn, agreement_id)
        return await staff_talk(conn, staff, talk.booked.booking_id)


async def look_back(
    db: Database, guardian: Actor, booking_id: int, answer: str, now: datetime
) -> bool:
    """Was it a good talk? The parent's answer reaches the teacher."""
    if answer not in LOOK_BACK_ANSWERS:
        return False
    async with db.transaction() as conn:
        talk = await _guardian_talk(conn, guardian, booking_id)
        if talk is None:
            return False
        await store.look_back(conn, booking_id, guardian.id, answer, now)
        await _tell_teacher(conn, talk, guardian.id, "look_back", now)
    return True
