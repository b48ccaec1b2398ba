"""Pressed answers are stored as keys, and only for their own question; typed answers sent
with an engine configured are wanted in the teachers' languages, names kept out, and the
teachers' messages wait for them."""

from __future__ import annotations

import json

from bot.domain.answers import Answer
from bot.domain.bookings import Actor
from bot.domain.questions import choice_of, chosen_key
from bot.services import notice_reads, questions
from bot.services.machine_translation import use_engine
from bot.storage.database import Database
from tests.services.school_fixture import load_school


async def _rania(db: Database, clock, settings):
    ids = await load_school(db, clock, settings.timezone)
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    round_id, lina = await ids.round(), await ids.pupil("Lina")
    await questions.open_questions(db, rania, 1, round_id, lina, clock.now())
    return ids, rania, round_id, lina


async def test_a_pressed_answer_is_stored_as_its_key_and_counts_only_for_its_question(
    db, clock, settings
):
    _, rania, round_id, lina = await _rania(db, clock, settings)
    args = (db, rania, 1, round_id, lina)
    q = await questions.give_answer(*args, Answer("We read", None, False), clock.now())
    assert q is not None
    assert q.current is not None
    assert q.current.key == "social_home"

    # A button of another question, or one the question does not offer: nothing changes.
    stale = await questions.choose(*args, "motivation", "happy", clock.now())
    assert stale is not None
    assert stale.current is q.current
    no_interpreter = Answer("", None, skipped=False)  # an old "No interpreter needed"
    stale = await questions.give_answer(*args, no_interpreter, clock.now(), "interpreter")
    assert stale is not None
    assert stale.current is q.current
    assert "social_home" not in stale.answers
    unknown = await questions.choose(*args, "social_home", "brilliant", clock.now())
    assert unknown is not None
    assert unknown.current is q.current
    assert "social_home" not in unknown.answers

    q = await questions.choose(*args, "social_home", "mostly", clock.now())
    assert q is not None
    assert q.current is not None
    assert q.current.key == "motivation"
    stored = q.answers["social_home"]
    assert chosen_key(stored) == "mostly"
    social = next(x for x in q.questions if x.key == "social_home")
    assert choice_of(social, stored) == social.choices[1]


async def test_typed_answers_sent_with_an_engine_are_wanted_and_the_teachers_wait(
    db, clock, settings
):
    ids, rania, round_id, lina = await _rania(db, clock, settings)
    await use_engine(db, "libretranslate")
    args = (db, rania, 1, round_id, lina)
    typed = "Lina leest elke avond met haar moeder Rania Haddad"
    await questions.give_answer(*args, Answer(typed, None, False), clock.now())
    await questions.choose(*args, "social_home", "well", clock.now())
    await questions.submit(*args, clock.now())

    async with db.read() as conn:
        wanted = await (
            await conn.execute(
                "SELECT original, source, target, protected FROM machine_translations"
            )
        ).fetchall()
        held = await (
            await conn.execute(
                "SELECT held_for_translation, params FROM outbox WHERE kind = 'answers'"
            )
        ).fetchall()
    # Only the typed words, from Arabic (her language) to Dutch (the teachers'); the
    # pressed answer is a key and needs no engine.
    assert [(r["original"], r["source"], r["target"]) for r in wanted] == [(typed, "ar", "nl")]
    protected = set(json.loads(wanted[0]["protected"]))
    assert {"Lina", "Lina Haddad", "Rania Haddad", "Karim Bouzid", "Ellen Vos"} <= protected
    assert held
    assert all(r["held_for_translation"] == 1 for r in held)
    assert all(json.loads(r["params"])["source"] == "ar" for r in held)
    assert len(held) == len({await ids.staff("Karim Bouzid"), await ids.staff("Ellen Vos")})


async def test_without_an_engine_nothing_is_wanted_and_nothing_waits(db, clock, settings):
    _, rania, round_id, lina = await _rania(db, clock, settings)
    await use_engine(db, None)
    args = (db, rania, 1, round_id, lina)
    await questions.give_answer(*args, Answer("Zij leest graag", None, False), clock.now())
    await questions.submit(*args, clock.now())
    async with db.read() as conn:
        wanted = await (await conn.execute("SELECT * FROM machine_translations")).fetchall()
        held = await (
            await conn.execute("SELECT held_for_translation FROM outbox WHERE kind = 'answers'")
        ).fetchall()
    assert wanted == []
    assert held
    assert all(r[0] == 0 for r in held)


async def test_answers_the_parent_never_sent_stay_theirs(db, clock, settings):
    """The teacher's answers message (sent with the child's card too) shows only answers
    the parent sent."""
    ids, rania, round_id, lina = await _rania(db, clock, settings)
    args = (db, rania, 1, round_id, lina)
    await questions.give_answer(*args, Answer("Thuis gaat het zwaar", None, False), clock.now())
    karim = await ids.staff("Karim Bouzid")
    async with db.read() as conn:
        unsent = await notice_reads.answers_notice(conn, karim, round_id, lina, rania.id)
    assert unsent is not None
    assert unsent.answers == {}
    await questions.submit(*args, clock.now())
    async with db.read() as conn:
        sent = await notice_reads.answers_notice(conn, karim, round_id, lina, rania.id)
    assert sent is not None
    assert [a.text for a in sent.answers.values()] == ["Thuis gaat het zwaar"]
