"""Messages between parents and teachers: who may write in a conversation (checked on every
press and answer), who reads a teacher's answer, when a teacher reads a parent's message,
and that conversations are covered by the privacy export, erasure and purge."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.bookings import Actor
from bot.domain.conversations import Topic, Words, parse_working_hours
from bot.domain.person_kind import PersonKind
from bot.services import booking, conversations
from bot.services.privacy import erase_person, export_person, purge_answers
from tests.services.school_fixture import load_school

TZ = ZoneInfo("Europe/Amsterdam")
HOURS = parse_working_hours("mon-fri 08:00-17:00")
ANKE_USER, KARIM_USER = 11, 22


@pytest.fixture
async def ids(db, clock, settings):
    return await load_school(db, clock, settings.timezone)


async def _outbox(db, kind: str) -> list[dict]:
    async with db.read() as conn:
        cursor = await conn.execute(
            "SELECT recipient_id, params, not_before FROM outbox WHERE kind = ? ORDER BY id",
            (kind,),
        )
        rows = await cursor.fetchall()
    return [{**dict(r), "params": json.loads(r["params"])} for r in rows]


async def _anke_writes(db, ids, clock, text: str = "Ĳsbrand is ziek", *, urgent=False):
    """Anke (Ĳsbrand's mother, group 4) sends a message to Karim only."""
    anke = Actor(PersonKind.GUARDIAN, await ids.guardian("Anke Visser"))
    karim = await ids.staff("Karim Bouzid")
    draft = await conversations.draft(db, anke, ANKE_USER, Words(text), clock.now(), HOURS, TZ)
    assert draft is not None
    assert {t.name for t in draft.addressed} == {"Karim Bouzid", "Ellen Vos"}
    draft = await conversations.choose(db, anke, ANKE_USER, clock.now(), HOURS, TZ, staff_id=karim)
    assert draft is not None
    assert [t.name for t in draft.addressed] == ["Karim Bouzid"]
    sent = await conversations.send(db, anke, ANKE_USER, clock.now(), HOURS, TZ, urgent=urgent)
    assert sent is not None
    async with db.read() as conn:
        row = await (await conn.execute("SELECT max(id) AS id FROM conversations")).fetchone()
    return anke, sent, row["id"]


async def test_only_a_teacher_of_the_child_answers_and_only_the_writer_reads_it(db, clock, ids):
    anke, sent, conversation_id = await _anke_writes(db, ids, clock)
    assert sent.names == ("Karim Bouzid",)
    assert sent.reaches_at is None  # Monday morning: within working hours
    [to_karim] = await _outbox(db, "parent_message")
    assert to_karim["recipient_id"] == await ids.staff("Karim Bouzid")

    # A teacher of another group, a parent of another family: a forged Answer does nothing.
    marloes = Actor(PersonKind.STAFF, await ids.staff("Marloes Dekker"))
    rania = Actor(PersonKind.GUARDIAN, await ids.guardian("Rania Haddad"))
    now = clock.now()
    for stranger in (marloes, rania):
        assert await conversations.open_answer(db, stranger, 5, conversation_id, now) is None
        words = Words("Wie ben ik?")
        assert (
            await conversations.answer(db, stranger, 5, conversation_id, words, now, HOURS, TZ)
            is None
        )
    assert await conversations.open_answer(db, marloes, 5, conversation_id + 99, now) is None

    # Ellen teaches Ĳsbrand too: she may answer, though it was sent to Karim.
    ellen = Actor(PersonKind.STAFF, await ids.staff("Ellen Vos"))
    addressee = await conversations.open_answer(db, ellen, 6, conversation_id, now)
    assert addressee is not None
    assert addressee.name == "Anke Visser"
    answered = await conversations.answer(
        db, ellen, 6, conversation_id, Words("Beterschap!"), now, HOURS, TZ
    )
    assert answered is not None
    # A general message: Ülkü Demir, Ĳsbrand's father in another household, reads nothing.
    assert answered.names == ("Anke Visser",)
    [to_anke] = await _outbox(db, "teacher_answer")
    assert to_anke["recipient_id"] == anke.id
    async with db.read() as conn:
        ulku = await ids.guardian("Ülkü Demir")
        message_id = to_anke["params"]["message_id"]
        assert await conversations.answer_for_parent(conn, ulku, message_id) is None
        assert await conversations.answer_for_parent(conn, anke.id, message_id) is not None

    # Anke replies: Ellen answered, so the reply reaches her as well as Karim.
    reply = Words("Dank u!")
    assert await conversations.answer(db, anke, 7, conversation_id, reply, now, HOURS, TZ)
    replies = (await _outbox(db, "parent_message"))[1:]
    assert {r["recipient_id"] for r in replies} == {ellen.id, await ids.staff("Karim Bouzid")}


async def test_outside_working_hours_messages_wait_for_the_morning_as_one(db, clock, ids):
    clock.set(datetime(2026, 11, 27, 19, 0, tzinfo=TZ))  # Friday evening
    await _anke_writes(db, ids, clock, "Eerste bericht")
    clock.advance(timedelta(hours=30))  # Sunday
    await _anke_writes(db, ids, clock, "Tweede bericht")
    monday = datetime(2026, 11, 30, 8, 0, tzinfo=TZ).astimezone(UTC)
    [row] = await _outbox(db, "parent_message")  # one per pupil, teacher and period
    assert datetime.fromisoformat(row["not_before"]) == monday
    async with db.read() as conn:
        threads = await conversations.for_teacher(conn, row["recipient_id"], row["params"])
    assert [m.words.text for t in threads for m in t.messages] == [
        "Eerste bericht",
        "Tweede bericht",
    ]


async def test_urgent_for_a_talk_tomorrow_goes_at_once_and_both_parents_read_the_answer(
    db, clock, ids
):
    anke = Actor(PersonKind.GUARDIAN, await ids.guardian("Anke Visser"))
    round_id, pupil = await ids.round(), await ids.pupil("Ĳsbrand")
    offers = (await booking.free_offers(db, anke, round_id, pupil, clock.now())).offers
    await booking.book(
        db, anke, round_id=round_id, pupil_id=pupil, slot_id=offers[0].slot_id, now=clock.now()
    )
    clock.set(offers[0].starts_at - timedelta(hours=20))  # the evening before
    draft = await conversations.draft(
        db, anke, ANKE_USER, Words("We komen later"), clock.now(), HOURS, TZ
    )
    assert draft is not None
    assert draft.talk_soon
    assert draft.reaches_at is not None
    sent = await conversations.send(db, anke, ANKE_USER, clock.now(), HOURS, TZ, urgent=True)
    assert sent is not None
    assert sent.reaches_at is None
    rows = await _outbox(db, "parent_message")  # to both of Ĳsbrand's teachers, now
    assert len(rows) == 2
    assert {datetime.fromisoformat(row["not_before"]) for row in rows} == {clock.now()}

    async with db.read() as conn:
        cursor = await conn.execute("SELECT id, topic FROM conversations")
        conversation_id, topic = await cursor.fetchone()
    assert topic == Topic.TALK
    karim = Actor(PersonKind.STAFF, await ids.staff("Karim Bouzid"))
    answered = await conversations.answer(
        db, karim, None, conversation_id, Words("Geen probleem"), clock.now(), HOURS, TZ
    )
    assert answered is not None
    assert set(answered.names) == {"Anke Visser", "Ülkü Demir"}


async def test_a_draft_is_kept_server_side_and_checked_on_every_press(db, clock, ids):
    anke = Actor(PersonKind.GUARDIAN, await ids.guardian("Anke Visser"))
    now = clock.now()
    # No draft yet: Send and choices change nothing.
    assert await conversations.send(db, anke, ANKE_USER, now, HOURS, TZ) is None
    await conversations.draft(db, anke, ANKE_USER, Words("Hallo"), now, HOURS, TZ)
    lina = await ids.pupil("Lina")  # not Anke's child
    marloes = await ids.staff("Marloes Dekker")  # not Ĳsbrand's teacher
    assert await conversations.choose(db, anke, ANKE_USER, now, HOURS, TZ, pupil_id=lina) is None
    assert await conversations.choose(db, anke, ANKE_USER, now, HOURS, TZ, staff_id=marloes) is None
    # Another person's user id has no draft of Anke's.
    assert await conversations.send(db, anke, ANKE_USER + 1, now, HOURS, TZ) is None


async def test_privacy_covers_conversations(db, clock, ids):
    anke, _, _ = await _anke_writes(db, ids, clock, "Thuis gaat het zwaar")
    data = await export_person(db, f"g{anke.id}")
    assert data is not None
    assert [c["text"] for c in data["conversations"]] == ["Thuis gaat het zwaar"]

    assert await erase_person(db, f"g{anke.id}", clock=clock, force=True)
    async with db.read() as conn:
        cursor = await conn.execute("SELECT count(*) FROM conversation_messages")
        assert (await cursor.fetchone())[0] == 0


async def test_the_purge_removes_conversations_quiet_since(db, clock, ids):
    await _anke_writes(db, ids, clock, "Oud bericht")
    await purge_answers(db, clock.now() - timedelta(days=1))
    async with db.read() as conn:
        assert (await (await conn.execute("SELECT count(*) FROM conversations")).fetchone())[0]
    await purge_answers(db, clock.now() + timedelta(days=1))
    async with db.read() as conn:
        cursor = await conn.execute("SELECT count(*) FROM conversations")
        assert (await cursor.fetchone())[0] == 0
