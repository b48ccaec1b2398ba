"""Parents and teachers reach each other: a parent's message to their child's teacher, the
teacher's answer, and the parent's reply, all in one conversation.

What a parent typed or said outside any flow is kept with the pending input while they
choose the child and the teacher (never in a button), so the choice survives a restart.
Every press and every answer is checked again: a parent writes about their own children
only, and a teacher answers about pupils of their own groups only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

import aiosqlite

from bot.domain import dedup_keys
from bot.domain.bookings import Actor
from bot.domain.conversations import (
    URGENT_WITHIN,
    Conversation,
    Message,
    Topic,
    Words,
    WorkingHours,
)
from bot.domain.machine_translation import Translated
from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind
from bot.services import machine_translation
from bot.services.parent_words import want_for_staff, writer
from bot.storage import bookings, people
from bot.storage import conversations as store
from bot.storage.database import Database
from bot.storage.outbox import enqueue
from bot.storage.pending_inputs import expect_input, forget_input, pending_input

log = logging.getLogger(__name__)

DRAFT = "conversation_draft"  # a parent's message waits for Send
REPLY = "conversation_reply"  # someone pressed Answer (or Reply) and types or speaks


@dataclass(frozen=True)
class Teacher:
    id: int
    name: str


@dataclass(frozen=True)
class ChildChoice:
    pupil_id: int
    first_name: str
    full_name: str
    teachers: tuple[Teacher, ...]


@dataclass(frozen=True)
class Draft:
    """A parent's message before Send: whom it may go to and whom it goes to now."""

    words: Words
    children: tuple[ChildChoice, ...]
    pupil_id: int
    staff_id: int  # 0: every teacher of the child
    reaches_at: datetime | None  # sent now: when the teachers would read it (None: at once)
    talk_soon: bool  # the child has a talk within a day: the parent may mark it urgent

    @property
    def child(self) -> ChildChoice:
        return next(c for c in self.children if c.pupil_id == self.pupil_id)

    @property
    def addressed(self) -> tuple[Teacher, ...]:
        teachers = self.child.teachers
        return tuple(t for t in teachers if self.staff_id in (0, t.id))


@dataclass(frozen=True)
class Delivered:
    """What became of a message: who gets it, and when (None: now, quiet hours aside)."""

    names: tuple[str, ...]
    reaches_at: datetime | None


@dataclass(frozen=True)
class Addressee:
    """Whom a person answers after pressing Answer: a name, and the child it is about."""

    name: str
    child: str


# -- a parent's new message ---------------------------------------------------------------


async def draft(
    db: Database,
    guardian: Actor,
    user_id: int,
    words: Words,
    now: datetime,
    hours: WorkingHours | None,
    tz: tzinfo,
) -> Draft | None:
    """Keep what the parent typed or said and offer it to their child's teachers; None when
    no child of theirs has a teacher to write to."""
    async with db.transaction() as conn:
        children = await _children(conn, guardian.id)
        if not children:
            return None
        params = {"text": words.text, "voice": words.voice_file_id, "pupil_id": 0, "staff_id": 0}
        params["pupil_id"] = children[0].pupil_id
        await expect_input(conn, user_id, DRAFT, params, now)
        return await _draft(conn, children, params, now, hours, tz)


async def choose(
    db: Database,
    guardian: Actor,
    user_id: int,
    now: datetime,
    hours: WorkingHours | None,
    tz: tzinfo,
    *,
    pupil_id: int | None = None,
    staff_id: int | None = None,
) -> Draft | None:
    """Another child or teacher pressed; None when no draft waits or the press names no
    child or teacher of theirs."""
    async with db.transaction() as conn:
        found = await _kept(conn, guardian.id, user_id, now)
        if found is None:
            return None
        children, params = found
        if pupil_id is not None:
            if pupil_id not in {c.pupil_id for c in children}:
                return None
            params |= {"pupil_id": pupil_id, "staff_id": 0}
        if staff_id is not None:
            child = next(c for c in children if c.pupil_id == params["pupil_id"])
            if staff_id != 0 and staff_id not in {t.id for t in child.teachers}:
                return None
            params["staff_id"] = staff_id
        await expect_input(conn, user_id, DRAFT, params, now)
        return await _draft(conn, children, params, now, hours, tz)


async def send(
    db: Database,
    guardian: Actor,
    user_id: int,
    now: datetime,
    hours: WorkingHours | None,
    tz: tzinfo,
    *,
    urgent: bool = False,
) -> Delivered | None:
    """Send the kept message to the chosen teachers: a new conversation. None when there is
    nothing to send (any more)."""
    async with db.transaction() as conn:
        found = await _kept(conn, guardian.id, user_id, now)
        if found is None:
            return None
        children, params = found
        offer = await _draft(conn, children, params, now, hours, tz)
        talk = await _talk_soon(conn, offer.pupil_id, now) if urgent else None
        if urgent and talk is None:
            return None  # the talk is gone or no longer soon: the parent chooses again
        topic = Topic.TALK if talk is not None else Topic.GENERAL
        staff_ids = tuple(t.id for t in offer.addressed)
        conversation_id = await store.create(
            conn, offer.pupil_id, guardian.id, topic, staff_ids, now, booking_id=talk
        )
        conversation = await store.conversation(conn, conversation_id)
        assert conversation is not None
        await forget_input(conn, user_id)
        delivered = await _from_parent(
            conn, conversation, guardian.id, offer.words, now, hours, tz, urgent=urgent
        )
    log.info("parent message conversation_id=%d", conversation_id)
    return delivered


# -- answers and replies in a conversation --------------------------------------------------


async def open_answer(
    db: Database, actor: Actor, user_id: int, conversation_id: int, now: datetime
) -> Addressee | None:
    """Answer (or Reply) pressed: wait for the text or voice note; None when this person
    may not write in this conversation."""
    async with db.transaction() as conn:
        conversation = await _allowed(conn, actor, conversation_id)
        if conversation is None:
            return None
        await expect_input(conn, user_id, REPLY, {"conversation_id": conversation_id}, now)
        return await _addressee(conn, actor, conversation)


async def answer(
    db: Database,
    actor: Actor,
    user_id: int | None,
    conversation_id: int,
    words: Words,
    now: datetime,
    hours: WorkingHours | None,
    tz: tzinfo,
) -> Delivered | None:
    """A teacher's answer reaches the parent (the child's other parents too when it is about
    the talk or the agreements); a parent's reply reaches the teachers. None when this
    person may not write in this conversation. `user_id`: the pending input to end."""
    async with db.transaction() as conn:
        conversation = await _allowed(conn, actor, conversation_id)
        if conversation is None:
            return None
        if user_id is not None:
            await forget_input(conn, user_id)
        if actor.kind == PersonKind.GUARDIAN:
            return await _from_parent(conn, conversation, actor.id, words, now, hours, tz)
        await store.join(conn, conversation.id, actor.id)  # the parent's reply reaches them
        return await _from_teacher(conn, conversation, actor.id, words, now)


async def agreements_question(
    conn: aiosqlite.Connection,
    guardian_id: int,
    booking_id: int,
    staff_id: int,
    text: str,
    now: datetime,
) -> None:
    """A parent's question about the agreements begins a conversation the teacher answers
    like any other (the question itself reaches the teacher as a reply to the agreements)."""
    booked = await bookings.booking(conn, booking_id)
    parent = await writer(conn, guardian_id)
    if booked is None or parent is None:
        return
    conversation_id = await store.create(
        conn, booked.pupil_id, guardian_id, Topic.AGREEMENTS, (staff_id,), now, booking_id
    )
    author = (PersonKind.GUARDIAN, guardian_id)
    await store.add_message(
        conn, conversation_id, author, Words(text), parent.language, reaches_at=now, now=now
    )


async def _allowed(
    conn: aiosqlite.Connection, actor: Actor, conversation_id: int
) -> Conversation | None:
    """The conversation, if this person may write in it now: the parent who began it (still
    the child's parent), or a teacher of the child's group."""
    conversation = await store.conversation(conn, conversation_id)
    if conversation is None:
        return None
    if actor.kind == PersonKind.STAFF:
        teaches = await bookings.teaches_pupil(conn, actor.id, conversation.pupil_id)
        return conversation if teaches else None
    parents = await bookings.guardians_of(conn, conversation.pupil_id)
    mine = actor.id == conversation.guardian_id and actor.id in parents
    return conversation if mine else None


async def _addressee(
    conn: aiosqlite.Connection, actor: Actor, conversation: Conversation
) -> Addressee:
    child = await bookings.pupil_as_child(conn, conversation.pupil_id)
    if actor.kind == PersonKind.STAFF:
        parent = await writer(conn, conversation.guardian_id)
        names = [parent.name] if parent else []
    else:
        teachers = dict(await store.teachers_named(conn, conversation.pupil_id))
        names = [teachers[s] for s in conversation.staff_ids if s in teachers]
    return Addressee(", ".join(names), child.first_name if child else "")


async def _from_parent(
    conn: aiosqlite.Connection,
    conversation: Conversation,
    guardian_id: int,
    words: Words,
    now: datetime,
    hours: WorkingHours | None,
    tz: tzinfo,
    *,
    urgent: bool = False,
) -> Delivered | None:
    """Queue a parent's message for the conversation's teachers who still teach the child:
    at once within working hours (or urgent), else with the others that wait for the
    start of the next working period, as one message per pupil."""
    parent = await writer(conn, guardian_id)
    teachers = dict(await store.teachers_named(conn, conversation.pupil_id))
    staff_ids = [s for s in conversation.staff_ids if s in teachers]
    if parent is None or not staff_ids:
        return None
    later = None if urgent or hours is None else hours.next_start(now, tz)
    reaches_at = later or now
    author = (PersonKind.GUARDIAN, guardian_id)
    message_id = await store.add_message(
        conn, conversation.id, author, words, parent.language,
        reaches_at=reaches_at, now=now, urgent=urgent,
    )  # fmt: skip
    child = await bookings.pupil_as_child(conn, conversation.pupil_id)
    names = [parent.name, *((child.first_name, child.full_name) if child else ())]
    texts = [words.text] if words.text else []
    held = await want_for_staff(conn, texts, parent.language, staff_ids, names)
    for staff_id in staff_ids:
        params: dict[str, Any]
        if later is None:
            params = {"message_id": message_id}
            key = dedup_keys.parent_message(message_id, staff_id)
        else:
            params = {"pupil_id": conversation.pupil_id, "reaches_at": later.isoformat()}
            key = dedup_keys.parent_messages(conversation.pupil_id, staff_id, later)
        await enqueue(
            conn,
            recipient_kind=PersonKind.STAFF,
            recipient_id=staff_id,
            kind=NotificationKind.PARENT_MESSAGE,
            params=params,
            not_before=reaches_at,
            dedup_key=key,
            now=now,
            wait_for_translation=held,
        )
    return Delivered(tuple(teachers[s] for s in staff_ids), later)


async def _from_teacher(
    conn: aiosqlite.Connection,
    conversation: Conversation,
    staff_id: int,
    words: Words,
    now: datetime,
) -> Delivered | None:
    """Queue a teacher's answer for the parent who wrote, and for the child's other parents
    when the conversation is about the talk or the agreements."""
    staff = await people.active_staff(conn, person_id=staff_id)
    parents = await bookings.guardians_of(conn, conversation.pupil_id)
    readers = [
        p
        for g in parents
        if conversation.topic.whole_family or g == conversation.guardian_id
        for p in await people.active_guardians(conn, person_id=g)
    ]
    if not staff or not readers:
        return None
    author = (PersonKind.STAFF, staff_id)
    message_id = await store.add_message(
        conn, conversation.id, author, words, staff[0].language, reaches_at=now, now=now
    )
    child = await bookings.pupil_as_child(conn, conversation.pupil_id)
    protect = [staff[0].name, *(p.name for p in readers)]
    protect += [child.first_name, child.full_name] if child else []
    held = await _want(conn, words, staff[0].language, (p.language for p in readers), protect)
    for reader in readers:
        await enqueue(
            conn,
            recipient_kind=PersonKind.GUARDIAN,
            recipient_id=reader.id,
            kind=NotificationKind.TEACHER_ANSWER,
            params={"message_id": message_id},
            not_before=now,
            dedup_key=dedup_keys.teacher_answer(message_id, reader.id),
            now=now,
            wait_for_translation=held,
        )
    log.info("teacher answer conversation_id=%d", conversation.id)
    return Delivered(tuple(p.name for p in readers), None)


async def _want(
    conn: aiosqlite.Connection,
    words: Words,
    source: str,
    targets: Iterable[str],
    protect: list[str],
) -> bool:
    if not words.text:
        return False
    return await machine_translation.want(conn, words.text, source, targets, protect)


# -- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thread:
    """A conversation with its messages, as a teacher or parent reads it."""

    conversation: Conversation
    child_first_name: str
    child_name: str
    group: str
    parent_name: str
    parent_language: str
    messages: tuple[Message, ...]


async def for_teacher(
    conn: aiosqlite.Connection, staff_id: int, params: dict[str, Any]
) -> list[Thread]:
    """The parents' messages one notification brings a teacher, by conversation: one
    message, or those of a pupil that waited for this working period. Empty when the
    teacher no longer teaches the child."""
    if "message_id" in params:
        found = await store.message(conn, int(params["message_id"]))
        waiting = [found] if found else []
    else:
        moment = datetime.fromisoformat(str(params["reaches_at"]))
        waiting = await store.waiting_for(conn, staff_id, int(params["pupil_id"]), moment)
    threads: list[Thread] = []
    for conversation_id in sorted({m.conversation_id for m in waiting}):
        mine = [m for m in waiting if m.conversation_id == conversation_id]
        thread = await _thread(conn, conversation_id, mine)
        if thread and await bookings.teaches_pupil(conn, staff_id, thread.conversation.pupil_id):
            threads.append(thread)
    return threads


async def answer_for_parent(
    conn: aiosqlite.Connection, guardian_id: int, message_id: int
) -> Thread | None:
    """A teacher's answer as one parent reads it: None unless it is theirs to read now."""
    found = await store.message(conn, message_id)
    if found is None or found.author_kind != PersonKind.STAFF:
        return None
    thread = await _thread(conn, found.conversation_id, [found])
    if thread is None:
        return None
    conversation = thread.conversation
    if guardian_id not in await bookings.guardians_of(conn, conversation.pupil_id):
        return None
    if guardian_id != conversation.guardian_id and not conversation.topic.whole_family:
        return None
    return thread


async def agreements_conversation(
    conn: aiosqlite.Connection, booking_id: int, guardian_id: int
) -> int | None:
    """The conversation a parent's question about the agreements began, to answer it."""
    return await store.about_agreements(conn, booking_id, guardian_id)


async def pupils_with_messages(db: Database, staff_id: int) -> list[tuple[int, str, str]]:
    async with db.read() as conn:
        return await store.pupils_with_messages(conn, staff_id)


async def threads_of_pupil(db: Database, staff_id: int, pupil_id: int) -> list[Thread] | None:
    """Every conversation about a pupil, for one of the pupil's teachers; None otherwise."""
    async with db.read() as conn:
        if not await bookings.teaches_pupil(conn, staff_id, pupil_id):
            return None
        found = [
            await _thread(conn, conversation_id, await store.messages(conn, conversation_id))
            for conversation_id in await store.of_pupil(conn, pupil_id)
        ]
        return [thread for thread in found if thread is not None and thread.messages]


async def translation(
    conn: aiosqlite.Connection, text: str, source: str, target: str
) -> Translated | None:
    return await machine_translation.lookup(conn, text, source, target)


async def _thread(
    conn: aiosqlite.Connection, conversation_id: int, messages: list[Message]
) -> Thread | None:
    conversation = await store.conversation(conn, conversation_id)
    if conversation is None:
        return None
    child = await bookings.pupil_as_child(conn, conversation.pupil_id)
    parent = await writer(conn, conversation.guardian_id)
    if child is None or parent is None:
        return None
    return Thread(
        conversation,
        child.first_name,
        child.full_name,
        child.group,
        parent.name,
        parent.language,
        tuple(messages),
    )


# -- the draft, as kept -----------------------------------------------------------------------


async def _children(conn: aiosqlite.Connection, guardian_id: int) -> tuple[ChildChoice, ...]:
    """A parent's children that have a teacher to write to."""
    found = []
    for pupil_id, first_name, full_name in await store.children_of(conn, guardian_id):
        teachers = tuple(Teacher(*t) for t in await store.teachers_named(conn, pupil_id))
        if teachers:
            found.append(ChildChoice(pupil_id, first_name, full_name, teachers))
    return tuple(found)


async def _kept(
    conn: aiosqlite.Connection, guardian_id: int, user_id: int, now: datetime
) -> tuple[tuple[ChildChoice, ...], dict[str, Any]] | None:
    """The parent's children and the draft kept for them; None when none waits, or its
    child is no longer theirs."""
    awaited = await pending_input(conn, user_id, now)
    if awaited is None or awaited[0] != DRAFT:
        return None
    children, params = await _children(conn, guardian_id), awaited[1]
    if params.get("pupil_id") not in {c.pupil_id for c in children}:
        return None
    return children, params


async def _draft(
    conn: aiosqlite.Connection,
    children: tuple[ChildChoice, ...],
    params: dict[str, Any],
    now: datetime,
    hours: WorkingHours | None,
    tz: tzinfo,
) -> Draft:
    pupil_id, staff_id = int(params["pupil_id"]), int(params.get("staff_id") or 0)
    child = next(c for c in children if c.pupil_id == pupil_id)
    if staff_id not in {0, *(t.id for t in child.teachers)}:
        staff_id = 0  # a teacher who left meanwhile: every teacher of the child
    reaches_at = hours.next_start(now, tz) if hours else None
    talk = reaches_at is not None and await _talk_soon(conn, pupil_id, now) is not None
    words = Words(str(params.get("text") or ""), params.get("voice"))
    return Draft(words, children, pupil_id, staff_id, reaches_at, talk)


async def _talk_soon(conn: aiosqlite.Connection, pupil_id: int, now: datetime) -> int | None:
    return await store.talk_soon(conn, pupil_id, now, now + URGENT_WITHIN)
