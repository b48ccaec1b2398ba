"""The teacher composes an agreement from the phrasebook, or keeps their own words.

A chosen phrase is checked against the book (a pressed key, count or owner may be forged)
and stored by key and parameters, so each parent reads it in their own language. Own words
the teacher typed wait in the pending input until they choose to keep them, so a search
that found phrases never loses what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.agreements import ChildGoal, Words
from bot.domain.bookings import Actor, Child
from bot.domain.phrasebook import COUNT_CHOICES, MAX_NAME, Area, Phrase
from bot.domain.phrasebook_entries import BY_KEY
from bot.domain.pupil_card import CardGoal
from bot.services.agreements import AGREEMENT, GOAL, OWNERS, Talk, due_date, staff_talk
from bot.services.pupil_cards import goal_of
from bot.storage import agreements as store
from bot.storage.bookings import pupil_as_child
from bot.storage.database import Database
from bot.storage.pending_inputs import expect_input, forget_input, pending_input

AGREEMENT_NAME = "agreement_name"
DEADLINE_WEEKS = (2, 4, 6, 8)


def phrase_for(key: str, owner: str) -> Phrase | None:
    """The book's phrase for a pressed key, if it is one the owner can take on."""
    phrase = BY_KEY.get(key)
    if phrase is None or phrase.area is Area.TALKING or phrase.owner != owner:
        return None
    return phrase


def talking_phrase(key: str) -> Phrase | None:
    """A talking point for at home: those take no count or name."""
    phrase = BY_KEY.get(key)
    if phrase is None or phrase.area is not Area.TALKING or phrase.count or phrase.takes_name:
        return None
    return phrase


def _open_draft(talk: Talk | None) -> bool:
    """The teacher's own talk, held, with a record to add to."""
    return talk is not None and talk.record is not None and talk.record.held


@dataclass(frozen=True)
class Pick:
    """What the teacher pressed (and typed) so far: a phrase for an owner in a talk."""

    booking_id: int
    owner: str
    key: str
    count: int | None = None
    name: str | None = None


async def _held_due(
    conn: aiosqlite.Connection, user_id: int, booking_id: int, now: datetime
) -> str | None:
    """A deadline the teacher typed with their own words, kept while they pick a sentence
    the search found instead (ISO date, or None)."""
    awaited = await pending_input(conn, user_id, now)
    if awaited is None or awaited[0] not in (AGREEMENT, AGREEMENT_NAME):
        return None
    params = awaited[1]
    due = params.get("due")
    return str(due) if params.get("booking_id") == booking_id and due else None


async def add_phrase(
    db: Database, staff: Actor, user_id: int, pick: Pick, now: datetime
) -> Talk | None:
    """Store a phrase with its parameters (and a deadline typed before the teacher picked
    it); None when the press does not fit the book or the talk is not the teacher's draft."""
    phrase = phrase_for(pick.key, pick.owner)
    if phrase is None or not _fits(phrase, pick.count, pick.name):
        return None
    params: dict[str, object] = {}
    if pick.count is not None:
        params["count"] = pick.count
    if pick.name is not None:
        params["name"] = pick.name
    words = Words(phrase=pick.key, params=params)
    async with db.transaction() as conn:
        talk = await staff_talk(conn, staff, pick.booking_id)
        if not _open_draft(talk):
            return None
        due = await _held_due(conn, user_id, pick.booking_id, now)
        deadline_on = date.fromisoformat(due) if due else None
        await store.add_agreement(conn, pick.booking_id, pick.owner, words, deadline_on)
        await forget_input(conn, user_id)
        return await staff_talk(conn, staff, pick.booking_id)


def _fits(phrase: Phrase, count: int | None, name: str | None) -> bool:
    if (count is None) != (phrase.count is None):
        return False
    if phrase.count is not None and count not in COUNT_CHOICES[phrase.count]:
        return False
    if (name is None) == phrase.takes_name:
        return False
    return name is None or 0 < len(name.encode("utf-16-le")) // 2 <= MAX_NAME


async def wait_for_name(
    db: Database, staff: Actor, user_id: int, pick: Pick, now: datetime
) -> bool:
    """The chosen phrase names a book or club: wait for the teacher to type the name."""
    phrase = phrase_for(pick.key, pick.owner)
    if phrase is None or not phrase.takes_name or not _fits(phrase, pick.count, "?"):
        return False
    async with db.transaction() as conn:
        if not _open_draft(await staff_talk(conn, staff, pick.booking_id)):
            return False
        params = {
            "booking_id": pick.booking_id,
            "owner": pick.owner,
            "phrase": pick.key,
            "count": pick.count,
            "due": await _held_due(conn, user_id, pick.booking_id, now),
        }
        await expect_input(conn, user_id, AGREEMENT_NAME, params, now)
    return True


async def hold_own_words(
    db: Database,
    staff: Actor,
    user_id: int,
    booking_id: int,
    owner: str,
    text: str,
    language: str,
    now: datetime,
) -> bool:
    """What the teacher typed found phrases: keep it (and its deadline) waiting while they
    choose."""
    if owner not in OWNERS:
        return False
    _, due = due_date(text, language)
    async with db.transaction() as conn:
        if not _open_draft(await staff_talk(conn, staff, booking_id)):
            return False
        params = {
            "booking_id": booking_id,
            "owner": owner,
            "text": text,
            "due": due.isoformat() if due else None,
        }
        await expect_input(conn, user_id, AGREEMENT, params, now)
    return True


async def keep_own_words(
    db: Database, staff: Actor, user_id: int, booking_id: int, language: str, now: datetime
) -> Talk | None:
    """The teacher keeps the words they typed after all (a deadline at the end is read)."""
    async with db.transaction() as conn:
        awaited = await pending_input(conn, user_id, now)
        talk = await staff_talk(conn, staff, booking_id)
        if awaited is None or not _open_draft(talk):
            return None
        purpose, params = awaited
        text = str(params.get("text", ""))
        if purpose != AGREEMENT or params.get("booking_id") != booking_id or not text:
            return None
        words, due = due_date(text, language)
        await store.add_agreement(
            conn, booking_id, str(params["owner"]), Words(words, language), due
        )
        await forget_input(conn, user_id)
        return await staff_talk(conn, staff, booking_id)


async def set_deadline(
    db: Database, staff: Actor, agreement_id: int, weeks: int, tz: ZoneInfo, now: datetime
) -> Talk | None:
    """A deadline some weeks from today, chosen with one press."""
    if weeks not in DEADLINE_WEEKS:
        return None
    async with db.transaction() as conn:
        booking_id = await store.booking_of_agreement(conn, agreement_id)
        talk = await staff_talk(conn, staff, booking_id) if booking_id else None
        if talk is None or not _open_draft(talk):
            return None
        await store.set_due(conn, agreement_id, deadline(weeks, tz, now))
        return await staff_talk(conn, staff, talk.booked.booking_id)


def deadline(weeks: int, tz: ZoneInfo, now: datetime) -> date:
    return now.astimezone(tz).date() + timedelta(weeks=weeks)


async def set_talking_phrase(
    db: Database, staff: Actor, user_id: int, booking_id: int, key: str
) -> Talk | None:
    """Talking points for at home, from the book."""
    if talking_phrase(key) is None:
        return None
    async with db.transaction() as conn:
        talk = await staff_talk(conn, staff, booking_id)
        if not _open_draft(talk):
            return None
        await store.set_talking_points(conn, booking_id, Words(phrase=key))
        await forget_input(conn, user_id)
        return await staff_talk(conn, staff, booking_id)


@dataclass(frozen=True)
class GoalAsked:
    """The teacher may type the child's goal as the child said it; `card` is the goal
    from the child's card before the talk, to take instead (None: no card goal)."""

    child: Child
    card: CardGoal | None


def _has_goal(talk: Talk) -> bool:
    """The child's own goal is recorded already: a talk has one."""
    return talk.record is not None and talk.record.child_goal is not None


async def _card_goal(conn: aiosqlite.Connection, talk: Talk) -> CardGoal | None:
    """The goal on the child's card for the talk's round, if it says something to write
    down: a goal only recorded as a voice note the teacher types as the child said it."""
    goal = await goal_of(conn, talk.booked.round_id, talk.booked.pupil_id)
    if goal is None or not (goal.text or goal.topics or goal.needs_from):
        return None
    return goal


async def ask_goal(
    db: Database, staff: Actor, user_id: int, booking_id: int, now: datetime
) -> GoalAsked | None:
    """+ the child's own goal: wait for the teacher to type it, and offer the card's goal.
    None when the talk is not the teacher's open draft or already has the child's goal."""
    async with db.transaction() as conn:
        talk = await staff_talk(conn, staff, booking_id)
        if talk is None or not _open_draft(talk) or _has_goal(talk):
            return None
        child = await pupil_as_child(conn, talk.booked.pupil_id)
        if child is None:
            return None
        params = {"booking_id": booking_id, "owner": "pupil", GOAL: True}
        await expect_input(conn, user_id, AGREEMENT, params, now)
        return GoalAsked(child, await _card_goal(conn, talk))


async def take_card_goal(db: Database, staff: Actor, user_id: int, booking_id: int) -> Talk | None:
    """The child's goal from their card becomes the talk's own goal of the child: their
    words as written (or recorded: then none) with the card's pictures. Read again here,
    so an old button takes the card as it is now, and never a second goal."""
    async with db.transaction() as conn:
        talk = await staff_talk(conn, staff, booking_id)
        if talk is None or not _open_draft(talk) or _has_goal(talk):
            return None
        card = await _card_goal(conn, talk)
        if card is None:
            return None
        goal = ChildGoal(card.topics, card.needs_from)
        words = Words(card.text, card.language)
        await store.add_agreement(conn, booking_id, "pupil", words, None, child_goal=goal)
        await forget_input(conn, user_id)
        return await staff_talk(conn, staff, booking_id)
