"""The child's card before the talk: filled in on a parent's phone, read by the teacher.

Offered only where the pupil joins the talk (by the school's rule per groep, or because
the parents said so in their answers): the card prepares the child for a talk they are in.
Every step checks again that the parent is a guardian of this child in this round and that
the round still has a card for them.

Sent, the card travels with the parent's answers: the teacher's message about that
parent's answers shows it, so a card sent before or after the answers reaches the teacher
as one message, rendered as things are when it goes out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain import dedup_keys
from bot.domain.bookings import Actor, Child
from bot.domain.person_kind import PersonKind
from bot.domain.pupil_card import (
    CARDS,
    CardAnswer,
    CardBand,
    CardGoal,
    CardItem,
    band_for,
    goal_from,
    picture_of,
    toggled,
    typing_allowed,
)
from bot.domain.rounds import Round
from bot.services.parent_words import Written, want_for_staff, writer, written
from bot.services.questions import talk_teachers, tell_teachers
from bot.storage import bookings
from bot.storage import pupil_cards as store
from bot.storage.answers import guardian_name
from bot.storage.database import Database
from bot.storage.outbox import withdraw
from bot.storage.pending_inputs import expect_input, forget_input
from bot.storage.pupil_cards import Key, StoredCard
from bot.storage.rounds import load_round

log = logging.getLogger(__name__)

CARD_WORDS = "pupil_card"  # the typed words or voice note the open card item waits for

# From the item and its answer so far: the new answer and whether to stay on the item;
# None: nothing changes.
_AnswerOf = Callable[[CardItem, CardAnswer | None], tuple[CardAnswer, bool] | None]


@dataclass(frozen=True)
class Card:
    """A card as the parent's phone shows it."""

    round: Round
    child: Child
    band: CardBand
    items: tuple[CardItem, ...]
    answers: dict[str, CardAnswer]
    current: CardItem | None  # None: the whole card, to check and send
    submitted_at: datetime | None

    @property
    def number(self) -> int:
        """1-based position of the current item."""
        return self.items.index(self.current) + 1 if self.current else len(self.items)


async def goal_of(conn: aiosqlite.Connection, round_id: int, pupil_id: int) -> CardGoal | None:
    """The child's goal and who they say can help, from the newest card sent to the teacher
    that has one (a child with two homes may fill in a card at each); None when no sent
    card gives a goal. A card still being filled in stays the family's own."""
    for card in reversed(await store.cards_about(conn, round_id, pupil_id)):
        if card.submitted_at is None:
            continue
        goal = goal_from(card.answers, card.language)
        if goal is not None:
            return goal
    return None


async def _band(conn: aiosqlite.Connection, round_: Round, child: Child) -> CardBand | None:
    """The card the child gets in this round, or None when there is none: the child does
    not join the talk (by the rule per groep, nor as the parents said) or the plan says off."""
    band = band_for(child.grade_low, round_.pupil_card)
    if band is None:
        return None
    joins = round_.pupil_joins(child.grade_low) or (
        round_.pupil_may_join and await store.parents_said_joining(conn, round_.id, child.pupil_id)
    )
    return band if joins else None


async def _load(
    conn: aiosqlite.Connection, guardian: Actor, round_id: int, pupil_id: int
) -> tuple[Card, Key] | None:
    if guardian.kind != PersonKind.GUARDIAN:
        return None
    round_ = await load_round(conn, round_id)
    children = await bookings.children_in_round(conn, guardian.id, round_id)
    child = next((c for c in children if c.pupil_id == pupil_id), None)
    if round_ is None or child is None:
        return None
    key: Key = (round_id, pupil_id, guardian.id)
    offered = await _band(conn, round_, child)  # also for a card begun: it may be gone
    if offered is None:
        return None
    stored = await store.card_of(conn, key)
    band = stored.band if stored else offered
    items = CARDS[band]
    if stored is None:
        return Card(round_, child, band, items, {}, items[0], None), key
    current = next((i for i in items if i.key == stored.current), None)
    card = Card(round_, child, band, items, stored.answers, current, stored.submitted_at)
    return card, key


def _next_open(card: Card, after: CardItem | None, answered: set[str]) -> CardItem | None:
    """The first item after `after` (None: from the start) without an answer yet."""
    start = card.items.index(after) + 1 if after else 0
    return next((i for i in card.items[start:] if i.key not in answered), None)


async def _move(
    conn: aiosqlite.Connection, key: Key, user_id: int, current: CardItem | None, now: datetime
) -> None:
    await store.set_current(conn, key, current.key if current else None, now)
    params = {"round_id": key[0], "pupil_id": key[1]}
    await expect_input(conn, user_id, CARD_WORDS, params, now)


async def open_card(
    db: Database, guardian: Actor, user_id: int, round_id: int, pupil_id: int, now: datetime
) -> Card | None:
    """Start the card, or go on at its first item without an answer (the whole card once
    every item has one). None: no card for this parent, child and round."""
    async with db.transaction() as conn:
        found = await _load(conn, guardian, round_id, pupil_id)
        if found is None:
            return None
        card, key = found
        parent = await writer(conn, guardian.id)
        if parent is None:
            return None
        await store.start_card(conn, key, card.band, parent.language, now)
        await _move(conn, key, user_id, _next_open(card, None, set(card.answers)), now)
        return await _reload(conn, guardian, round_id, pupil_id)


async def _reload(
    conn: aiosqlite.Connection, guardian: Actor, round_id: int, pupil_id: int
) -> Card | None:
    found = await _load(conn, guardian, round_id, pupil_id)
    return found[0] if found else None


async def _answer(
    db: Database,
    guardian: Actor,
    user_id: int,
    ids: tuple[int, int],
    item_key: str | None,
    answer_of: _AnswerOf,
    now: datetime,
) -> Card | None:
    """Give the current item an answer (made from the answer it had) and move on — or stay,
    when the answer says so (a picture of several toggled). `item_key`: the item a button
    belongs to; a button of another item, pressed later, changes nothing."""
    async with db.transaction() as conn:
        found = await _load(conn, guardian, *ids)
        if found is None:
            return None
        card, key = found
        item = card.current
        if item is None or (item_key is not None and item.key != item_key):
            return card
        made = answer_of(item, card.answers.get(item.key))
        if made is None:
            return card
        answer, stay = made
        parent = await writer(conn, guardian.id)
        if parent is None:
            return None
        await store.save_item(conn, key, item.key, answer, parent.language, now)
        upcoming = item if stay else _next_open(card, item, {*card.answers, item.key})
        await _move(conn, key, user_id, upcoming, now)
        return await _reload(conn, guardian, *ids)


async def press_picture(
    db: Database,
    guardian: Actor,
    user_id: int,
    ids: tuple[int, int],
    item_key: str,
    picture_key: str,
    now: datetime,
) -> Card | None:
    """A picture pressed: on or off for an item of several (it stays open, for more), else
    the item's answer, and the next item. The child's words given before are kept."""

    def made(item: CardItem, before: CardAnswer | None) -> tuple[CardAnswer, bool] | None:
        if picture_of(item, picture_key) is None:
            return None
        pictures = toggled(before, item, picture_key)
        kept = before or CardAnswer()
        return CardAnswer(pictures, kept.text, kept.voice_file_id), item.several

    return await _answer(db, guardian, user_id, ids, item_key, made, now)


async def give_words(
    db: Database,
    guardian: Actor,
    user_id: int,
    ids: tuple[int, int],
    text: str,
    voice_file_id: str | None,
    now: datetime,
) -> Card | None:
    """The child's own words for the open item, typed or recorded, beside the pictures
    pressed; then the next item. Typed words are refused on a young child's card (the
    caller says why, from `typing_allowed`)."""

    def made(item: CardItem, before: CardAnswer | None) -> tuple[CardAnswer, bool] | None:
        kept = before or CardAnswer()
        if voice_file_id:
            return CardAnswer(kept.pictures, "", voice_file_id), False
        return CardAnswer(kept.pictures, text, None), False

    async with db.transaction() as conn:  # _answer joins it
        card = await _reload(conn, guardian, *ids)
        if card is None or (not voice_file_id and not typing_allowed(card.band)):
            return card
        return await _answer(db, guardian, user_id, ids, None, made, now)


async def go_on(
    db: Database, guardian: Actor, user_id: int, ids: tuple[int, int], item_key: str, now: datetime
) -> Card | None:
    """Next (or Skip): the item keeps what it has; one left empty is marked skipped."""

    def made(item: CardItem, before: CardAnswer | None) -> tuple[CardAnswer, bool]:
        kept = before if before is not None and before.given else CardAnswer(skipped=True)
        return kept, False

    return await _answer(db, guardian, user_id, ids, item_key, made, now)


async def go_to(
    db: Database,
    guardian: Actor,
    user_id: int,
    ids: tuple[int, int],
    number: int | None,
    now: datetime,
) -> Card | None:
    """Show item `number` (1-based) to change it, or the one before (None: Back)."""
    async with db.transaction() as conn:
        found = await _load(conn, guardian, *ids)
        if found is None:
            return None
        card, key = found
        if number is None:
            index = card.items.index(card.current) - 1 if card.current else len(card.items) - 1
        else:
            index = number - 1
        if not 0 <= index < len(card.items):
            return card
        await _move(conn, key, user_id, card.items[index], now)
        return await _reload(conn, guardian, *ids)


async def submit(
    db: Database, guardian: Actor, user_id: int, ids: tuple[int, int], now: datetime
) -> Card | None:
    """Send the card: the child's teachers get it with this parent's answers (one message,
    as it is when it goes out), the child's typed words wanted in each teacher's language."""
    async with db.transaction() as conn:
        found = await _load(conn, guardian, *ids)
        parent = await writer(conn, guardian.id)
        if found is None or parent is None:
            return None
        card, key = found
        stored = await store.card_of(conn, key)
        if stored is None:
            return None
        await store.mark_submitted(conn, key, now)
        await forget_input(conn, user_id)
        round_id, pupil_id = ids
        await withdraw(conn, dedup_keys.answers_prefix(round_id, pupil_id, guardian.id))
        teachers = await talk_teachers(conn, round_id, pupil_id)
        names = (card.child.first_name, card.child.last_name, card.child.full_name, parent.name)
        held = await want_for_staff(conn, _typed(stored), stored.language, teachers, names)
        await tell_teachers(conn, key, teachers, parent.language, now, held=held)
        log.info(
            "pupil card sent round_id=%d pupil_id=%d guardian_id=%d",
            round_id,
            pupil_id,
            guardian.id,
        )
        return await _reload(conn, guardian, *ids)


def _typed(card: StoredCard) -> list[str]:
    """The child's typed words on a card: what a teacher may want machine-translated."""
    return [answer.text for answer in card.answers.values() if answer.text]


@dataclass(frozen=True)
class SentCard:
    """A sent card as a teacher reads it: who helped fill it in, the child's answers, and
    the child's typed words with their translations into the teacher's language."""

    guardian_id: int
    guardian_name: str
    band: CardBand
    answers: dict[str, CardAnswer]
    written: Written


async def sent_cards(
    conn: aiosqlite.Connection,
    round_id: int,
    pupil_id: int,
    reader_language: str,
    guardian_id: int | None = None,
) -> list[SentCard]:
    """The cards sent about a pupil in a round (only one parent's, when `guardian_id` is
    given), for a teacher the caller has checked teaches the pupil."""
    found = []
    for card in await store.cards_about(conn, round_id, pupil_id):
        if card.submitted_at is None or guardian_id not in (None, card.guardian_id):
            continue
        words = await written(conn, card.guardian_id, _typed(card), reader_language, card.language)
        name = await guardian_name(conn, card.guardian_id)
        found.append(SentCard(card.guardian_id, name, card.band, card.answers, words))
    return found


async def cards_of_pupil(
    db: Database, round_id: int, pupil_id: int, reader_language: str
) -> list[SentCard]:
    """`sent_cards` for a view outside any delivery (/answers, its export)."""
    async with db.read() as conn:
        return await sent_cards(conn, round_id, pupil_id, reader_language)
