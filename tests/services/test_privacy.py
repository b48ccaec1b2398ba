import json
import sqlite3
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from telegram import Bot

from bot.domain.answers import Answer
from bot.domain.bookings import Actor
from bot.domain.meetings import Reply, Rsvp
from bot.services import booking, cant_come, machine_translation, questions
from bot.services.machine_translation import use_engine
from bot.services.privacy import StillActive, erase_person, export_person, purge_answers
from bot.services.roster_import import import_roster
from bot.storage import machine_translations as translations_store
from bot.storage import meetings
from scheduling.clock import SchedulingClock
from tests.conftest import EXAMPLES
from tests.meeting_fixture import add_meeting
from tests.services.school_fixture import load_school, wish_other_time

TZ = ZoneInfo("Europe/Amsterdam")
SENSITIVE = Answer("Thuis gaat het zwaar", None, skipped=False)


@pytest.fixture
async def ids(db, clock, settings):
    return await load_school(db, clock, settings.timezone)


async def test_an_export_holds_the_person_their_children_bookings_and_requests(db, clock, ids):
    rania = await ids.guardian("Rania Haddad")
    actor, round_id, lina = Actor("guardian", rania), await ids.round(), await ids.pupil("Lina")
    await wish_other_time(db, TZ, rania, round_id, lina, "Liever 's avonds", clock.now())
    offers = (await booking.free_offers(db, actor, round_id, lina, clock.now())).offers
    await booking.book(
        db, actor, round_id=round_id, pupil_id=lina, slot_id=offers[0].slot_id, now=clock.now()
    )
    data = await export_person(db, f"g{rania}")
    assert data["person"]["name"] == "Rania Haddad"
    assert [c["first_name"] for c in data["children"]] == ["Lina"]
    assert len(data["bookings_made"]) == 1
    assert data["time_requests"][0]["message"] == "Liever 's avonds"
    assert "code_hash" not in json.dumps(data["invitation_codes"])
    assert await export_person(db, "g99999") is None


async def test_someone_who_left_is_erased_and_nothing_names_or_reaches_them(db, clock, ids):
    rania = await ids.guardian("Rania Haddad")
    round_id, lina = await ids.round(), await ids.pupil("Lina")
    await wish_other_time(db, TZ, rania, round_id, lina, "Bel 06-12345678", clock.now())
    round_id, lina = await ids.round(), await ids.pupil("Lina")
    actor = Actor("guardian", rania)
    await questions.open_questions(db, actor, 1, round_id, lina, clock.now())
    await questions.give_answer(db, actor, 1, round_id, lina, SENSITIVE, clock.now())
    assert (await export_person(db, f"g{rania}"))["answers"][0]["text"] == SENSITIVE.text
    await translated_into_dutch_and_english(db, SENSITIVE.text, "Home is hard")
    offers = (await booking.free_offers(db, actor, round_id, lina, clock.now())).offers
    booked = await booking.book(
        db, actor, round_id=round_id, pupil_id=lina, slot_id=offers[0].slot_id, now=clock.now()
    )
    ill = cant_come.Reason.ILL  # why she cannot come: about her health
    await cant_come.give_reason(db, rania, booked.booking.booking_id, ill, clock.now())
    assert (await export_person(db, f"g{rania}"))["cant_come"][0]["reason"] == "ill"
    with pytest.raises(StillActive):
        await erase_person(db, f"g{rania}", clock=clock)
    roster = (EXAMPLES / "regenboog-roster.csv").read_text(encoding="utf-8-sig")
    without = "\n".join(line for line in roster.splitlines() if "Rania" not in line)
    await import_roster(db, without.encode(), default_language="nl", clock=clock)
    assert await erase_person(db, f"g{rania}", clock=clock)
    with sqlite3.connect(db.path) as conn:
        dump = "\n".join(conn.iterdump())
    assert "Rania" not in dump
    assert "rania.haddad@example.nl" not in dump
    assert "06-12345678" not in dump
    assert "06-11110017" not in dump
    assert "Thuis gaat het zwaar" not in dump
    assert "Home is hard" not in dump  # nor its machine translation
    assert 'INSERT INTO "cant_come"' not in dump


async def translated_into_dutch_and_english(db, text: str, translation: str) -> None:
    """The school runs an engine and made a translation of `text`."""
    await use_engine(db, "libretranslate")
    async with db.transaction() as conn:
        assert await machine_translation.want(conn, text, "nl", ["en"])
        (wanted,) = await translations_store.pending(conn)
        await translations_store.store(conn, wanted.id, "libretranslate", translation)


async def test_answers_of_rounds_that_are_over_are_purged_and_others_kept(db, clock, ids):
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    round_id, lina = await ids.round(), await ids.pupil("Lina")
    await questions.open_questions(db, rania, 1, round_id, lina, clock.now())
    await questions.give_answer(db, rania, 1, round_id, lina, SENSITIVE, clock.now())
    assert await purge_answers(db, datetime(2026, 12, 1, tzinfo=UTC)) == 0  # talks still ahead
    await translated_into_dutch_and_english(db, SENSITIVE.text, "Home is hard")
    assert await purge_answers(db, datetime(2027, 1, 1, tzinfo=UTC)) == 1
    with sqlite3.connect(db.path) as conn:
        dump = "\n".join(conn.iterdump())
    assert "Thuis gaat het zwaar" not in dump
    assert "Home is hard" not in dump


async def test_answers_go_by_themselves_a_retention_period_after_the_talks(
    db, clock, ids, settings
):
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    round_id, lina = await ids.round(), await ids.pupil("Lina")
    await questions.open_questions(db, rania, 1, round_id, lina, clock.now())
    await questions.give_answer(db, rania, 1, round_id, lina, SENSITIVE, clock.now())
    kept_30_days = settings.model_copy(update={"answers_kept_days": 30})
    scheduling = SchedulingClock(db, Bot("1:offline"), kept_30_days, clock, renderers={})
    clock.set(datetime(2027, 1, 2, tzinfo=UTC))  # the talks ended less than 30 days ago
    assert await scheduling.purge_old_answers() == 0
    clock.set(datetime(2027, 2, 1, tzinfo=UTC))
    assert await scheduling.purge_old_answers() == 1
    with sqlite3.connect(db.path) as conn:
        assert "Thuis gaat het zwaar" not in "\n".join(conn.iterdump())


async def test_a_parent_s_meeting_answers_and_attendance_are_exported_erased_and_purged(
    db, clock, ids
):
    rania, karim = await ids.guardian("Rania Haddad"), await ids.staff("Karim Bouzid")
    held = await add_meeting(
        db, key="held", starts_at=datetime(2026, 11, 19, 18, tzinfo=UTC), groups=("4",)
    )
    ahead = await add_meeting(
        db, key="ahead", starts_at=datetime(2026, 12, 10, 18, tzinfo=UTC), groups=("4",)
    )
    async with db.transaction() as conn:
        for meeting in (held, ahead):
            coming = Reply(rania, Rsvp.YES, 1, ("0-1", "2-3"), "ar")
            await meetings.save_reply(conn, meeting, coming, None, clock.now())
        await meetings.record_presence(
            conn, held, rania, present=True, staff_id=karim, now=clock.now()
        )
    data = await export_person(db, f"g{rania}")
    assert {r["meeting_id"]: r["childcare"] for r in data["meeting_replies"]} == {
        held: "0-1,2-3",
        ahead: "0-1,2-3",
    }
    assert [(a["meeting_id"], a["present"]) for a in data["meeting_attendance"]] == [(held, 1)]
    # The retention purge takes the meeting that was held, not the one still ahead.
    await purge_answers(db, datetime(2026, 11, 20, tzinfo=UTC))
    async with db.read() as conn:
        assert [r.guardian_id for r in await meetings.replies(conn, held)] == []
        assert await meetings.attendance(conn, held) == {}
        assert [r.guardian_id for r in await meetings.replies(conn, ahead)] == [rania]
    roster = (EXAMPLES / "regenboog-roster.csv").read_text(encoding="utf-8-sig")
    without = "\n".join(line for line in roster.splitlines() if "Rania" not in line)
    await import_roster(db, without.encode(), default_language="nl", clock=clock)
    assert await erase_person(db, f"g{rania}", clock=clock)
    async with db.read() as conn:
        assert await meetings.replies(conn, ahead) == []
