"""Every notification kind renders in every shipped language: translated, filled, local dates."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from babel.dates import get_month_names
from babel.messages.pofile import read_po

from bot.domain.answers import Answer
from bot.domain.bookings import Actor
from bot.domain.clock import to_db
from bot.domain.conversations import Words
from bot.domain.meetings import Reply, Rsvp
from bot.domain.notification_kind import NotificationKind
from bot.i18n import DOMAIN, LOCALES_DIR, SOURCE_LANGUAGE, Translations
from bot.languages import SUPPORTED_LANGUAGES
from bot.services import (
    agreements,
    booking,
    cant_come,
    conversations,
    meeting_changes,
    questions,
)
from bot.storage import meetings, notices
from bot.telegram.deps import Reader
from bot.telegram.notification_kinds import RENDERERS
from bot.telegram.notifications import RenderContext
from tests.meeting_fixture import add_meeting
from tests.services.school_fixture import load_school, wish_other_time

PLACEHOLDER = re.compile(r"\{\w*\}")
WITH_DATES = {
    "answers",
    "digest",
    "invitation",
    "nudge",
    "appointment_details",
    "booking_made",
    "booking_cancelled",
    "teacher_booking",
    "meeting_invitation",
    "meeting_nudge",
    "meeting_reminder",
    "meeting_not_reached",
    "meeting_changed",
}


async def moved_meeting(db, meeting_id: int, now) -> dict:
    """The meeting moved by half an hour after its invitations: the notice's parameters."""
    async with db.transaction() as conn:
        before = await meetings.load_meeting(conn, meeting_id)
        await conn.execute(
            "UPDATE meetings SET starts_at = ? WHERE id = ?",
            (to_db(before.starts_at + timedelta(minutes=30)), meeting_id),
        )
        after = await meetings.load_meeting(conn, meeting_id)
        assert await meeting_changes.tell_moved(conn, before, after, now) == 0  # nobody linked
    return {
        "meeting_id": meeting_id,
        "change": "moved",
        "was": to_db(before.starts_at),
        "version": meeting_changes.version(after),
    }


def english_fragments() -> set[str]:
    """Stretches of English source text long enough to be unmistakable if left over."""
    with (LOCALES_DIR / f"{DOMAIN}.pot").open("rb") as template:
        sources = [m.id for m in read_po(template) if m.id]
    fragments = set()
    for source in sources:
        for text in source if isinstance(source, tuple) else (source,):
            fragments |= {p.strip() for p in PLACEHOLDER.split(text) if len(p.strip()) >= 14}
    return fragments


@pytest.fixture
async def samples(db, clock, settings):
    """One real row's parameters and recipient for every notification kind."""
    ids = await load_school(db, clock, settings.timezone)
    round_id = await ids.round()
    rania, lina = await ids.guardian("Rania Haddad"), await ids.pupil("Lina")
    jolanda, emma = await ids.guardian("Jolanda Smit"), await ids.pupil("Emma")
    offers = (
        await booking.free_offers(db, Actor("guardian", rania), round_id, lina, clock.now())
    ).offers
    booked = (
        await booking.book(
            db,
            Actor("guardian", rania),
            round_id=round_id,
            pupil_id=lina,
            slot_id=offers[0].slot_id,
            now=clock.now(),
        )
    ).booking
    gone = (
        await booking.book(
            db,
            Actor("guardian", jolanda),
            round_id=round_id,
            pupil_id=emma,
            slot_id=offers[1].slot_id,
            now=clock.now(),
        )
    ).booking
    await booking.cancel(db, Actor("guardian", jolanda), gone.booking_id, clock.now())
    tom, sem = await ids.guardian("Tom de Groot"), await ids.pupil("Sem")
    await wish_other_time(
        db, settings.timezone, tom, round_id, sem, "Woensdag na 18:00", clock.now()
    )
    fatima, karim = await ids.guardian("Fatima El Amrani"), await ids.staff("Karim Bouzid")
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE guardians SET unreachable_at = '2026-11-23T09:00:00+00:00' WHERE id = ?",
            (fatima,),
        )
    talk = {"booking_id": booked.booking_id, "slot_id": booked.offer.slot_id}
    rania_actor = Actor("guardian", rania)
    await questions.open_questions(db, rania_actor, 2, round_id, lina, clock.now())
    await questions.give_answer(
        db, rania_actor, 2, round_id, lina, Answer("Zij leest graag", None, False), clock.now()
    )
    await questions.give_answer(
        db, rania_actor, 2, round_id, lina, Answer("", None, True), clock.now()
    )
    await questions.submit(db, rania_actor, 2, round_id, lina, clock.now())
    teacher = booked.offer.staff_id
    talk_day = booked.offer.starts_at.astimezone(settings.timezone).date().isoformat()
    staff = Actor("staff", teacher)
    await agreements.set_held(db, staff, booked.booking_id, held=True, now=clock.now())
    for purpose, params, text in (
        (agreements.AGREEMENT, {"owner": "pupil"}, "Leest elke dag 2026-12-15"),
        (agreements.AGREEMENT, {"owner": "parents"}, "Gaan samen naar de bibliotheek"),
        (agreements.EVALUATION, {}, "2026-12-20"),
    ):
        params = {"booking_id": booked.booking_id, **params}
        await agreements.typed(
            db, staff, 3, purpose, params, text, settings.timezone, clock.now(), language="nl"
        )
    await agreements.send(db, staff, booked.booking_id, clock.now())
    await agreements.understood(db, rania_actor, booked.booking_id, clock.now())
    await agreements.question(db, rania_actor, 2, booked.booking_id, "Welke boeken?", clock.now())
    # The question began a conversation (message 1); the teacher answers in it (message 2).
    answered = await conversations.answer(
        db, staff, None, 1, Words("De bibliotheek"), clock.now(), None, settings.timezone
    )
    assert answered is not None
    await cant_come.give_reason(db, rania, booked.booking_id, cant_come.Reason.ILL, clock.now())
    await cant_come.choose(db, rania, booked.booking_id, cant_come.Wish.CALL, clock.now())
    record = await agreements.talk_for_guardian(db, rania_actor, booked.booking_id)
    first_agreement = record.record.agreements[0].id
    await agreements.mark(db, rania_actor, first_agreement, "going_well", clock.now())
    emma_free = await booking.free_offers(
        db, Actor("guardian", jolanda), round_id, emma, clock.now()
    )
    emma_slot = emma_free.offers[0]
    missed = (
        await booking.book(
            db,
            Actor("guardian", jolanda),
            round_id=round_id,
            pupil_id=emma,
            slot_id=emma_slot.slot_id,
            now=clock.now(),
        )
    ).booking
    await agreements.set_held(
        db, Actor("staff", missed.offer.staff_id), missed.booking_id, held=False, now=clock.now()
    )
    meeting = await add_meeting(
        db,
        starts_at=datetime(2026, 12, 10, 18, 30, tzinfo=UTC),
        groups=("4",),
        key="message-kinds",
        invitations_from=datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
    )
    async with db.transaction() as conn:
        coming = Reply(rania, Rsvp.YES, 2, ("2-3",), "ar")
        await meetings.save_reply(conn, meeting, coming, None, clock.now())
    about = {"meeting_id": meeting}
    held = await add_meeting(
        db,
        starts_at=datetime(2026, 11, 19, 18, 30, tzinfo=UTC),
        groups=("4",),
        key="message-kinds-held",
        invitations_from=datetime(2026, 11, 1, 8, 0, tzinfo=UTC),
    )
    async with db.transaction() as conn:
        await meetings.save_summary(conn, held, "Fijn dat u er was.", "nl", clock.now())
        await meetings.mark_summary_sent(conn, held, clock.now())
    return {
        "meeting_invitation": ("guardian", jolanda, about),
        "meeting_nudge": ("guardian", jolanda, {**about, "closes": "2026-12-08T18:30:00+00:00"}),
        # The reminder is rendered after `moved_meeting` moved the meeting to 19:00.
        "meeting_reminder": (
            "guardian",
            rania,
            {**about, "offset": "7d", "starts": "2026-12-10T19:00:00+00:00"},
        ),
        "meeting_not_reached": ("staff", karim, about),
        "meeting_summary": ("guardian", rania, {"meeting_id": held, "absent": True}),
        "meeting_changed": ("guardian", rania, await moved_meeting(db, meeting, clock.now())),
        "invitation": ("guardian", fatima, {"round_id": round_id}),
        "nudge": ("guardian", fatima, {"round_id": round_id}),
        "escalation": ("staff", karim, {"round_id": round_id}),
        "appointment_details": ("guardian", rania, {**talk, "offset": "7d"}),
        "appointment_reminder": ("guardian", rania, {**talk, "offset": "1d"}),
        "unreachable_guardian": ("staff", karim, {"guardian_id": fatima}),
        "booking_made": ("guardian", rania, {"booking_id": booked.booking_id}),
        "booking_cancelled": ("guardian", jolanda, {"booking_id": gone.booking_id}),
        "teacher_booking": ("staff", karim, {"booking_id": booked.booking_id, "event": "booked"}),
        "time_request": ("staff", karim, {"request_id": 1}),
        "answers": (
            "staff",
            teacher,
            {"round_id": round_id, "pupil_id": lina, "guardian_id": rania},
        ),
        "digest": ("staff", teacher, {"day": talk_day}),
        "agreements": ("guardian", rania, {"booking_id": booked.booking_id, "version": 1}),
        "evaluation": (
            "guardian",
            rania,
            {"booking_id": booked.booking_id, "evaluate_on": "2026-12-20"},
        ),
        "agreements_reply": (
            "staff",
            teacher,
            {"booking_id": booked.booking_id, "guardian_id": rania, "what": "question"},
        ),
        "agreement_progress": (
            "staff",
            teacher,
            {"agreement_id": first_agreement, "guardian_id": rania},
        ),
        "no_show": ("guardian", jolanda, {"booking_id": missed.booking_id}),
        "look_back": ("guardian", rania, {"booking_id": booked.booking_id}),
        "parent_message": ("staff", teacher, {"message_id": 1}),
        "teacher_answer": ("guardian", rania, {"message_id": 2}),
        "cant_come": ("staff", teacher, {"notice_id": 1}),
    }


def test_every_kind_has_a_renderer_and_every_renderer_is_a_kind():
    """The registry is keyed by the enum, and the enum's values are what outbox rows hold."""
    assert all(isinstance(kind, NotificationKind) for kind in RENDERERS)
    assert set(RENDERERS) == set(NotificationKind)
    assert {kind.value for kind in NotificationKind} == {
        "invitation",
        "nudge",
        "escalation",
        "appointment_details",
        "appointment_reminder",
        "unreachable_guardian",
        "booking_made",
        "booking_cancelled",
        "teacher_booking",
        "time_request",
        "answers",
        "digest",
        "agreements",
        "evaluation",
        "agreements_reply",
        "agreement_progress",
        "no_show",
        "look_back",
        "parent_message",
        "teacher_answer",
        "cant_come",
        "meeting_invitation",
        "meeting_nudge",
        "meeting_reminder",
        "meeting_not_reached",
        "meeting_changed",
        "meeting_summary",
    }


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
async def test_every_kind_renders_translated_with_filled_placeholders_and_local_dates(
    db, clock, settings, samples, language
):
    translations = Translations("nl")
    reader = Reader(language, translations.for_language(language), ())
    leftovers = english_fragments() if language != SOURCE_LANGUAGE else set()
    assert leftovers or language == SOURCE_LANGUAGE
    december = get_month_names("wide", context="format", locale=language)[12]
    clock.advance(timedelta(days=12))  # booking closed: the escalation has something to say
    async with db.read() as conn:
        for kind, renderer in RENDERERS.items():
            recipient_kind, recipient_id, params = samples[kind]
            ctx = RenderContext(conn, settings, reader, recipient_kind, recipient_id, clock.now())
            if kind in {"invitation", "nudge"}:
                ctx = RenderContext(
                    conn,
                    settings,
                    reader,
                    recipient_kind,
                    recipient_id,
                    clock.now() - timedelta(days=12),
                )
            outgoing = await renderer(ctx, params)
            assert outgoing is not None, kind
            labels = [
                b.text
                for row in (outgoing.keyboard.inline_keyboard if outgoing.keyboard else ())
                for b in row
            ]
            shown = "\n".join([outgoing.text, *labels])
            assert not PLACEHOLDER.search(shown), (kind, language, shown)
            left = [fragment for fragment in leftovers if fragment in shown]
            assert not left, (kind, language, left)
            if kind in WITH_DATES:
                assert december.lower() in shown.lower(), (kind, language, shown)


async def test_answers_never_render_for_a_teacher_of_another_group(db, clock, settings, samples):
    async with (
        db.read() as conn,
        conn.execute("SELECT id FROM staff WHERE name = 'Ruben Prins'") as cursor,
    ):
        ruben = (await cursor.fetchone())[0]
    reader = Reader("nl", Translations("nl").for_language("nl"), ())
    async with db.read() as conn:
        ctx = RenderContext(conn, settings, reader, "staff", ruben, clock.now())
        assert await RENDERERS["answers"](ctx, samples["answers"][2]) is None
        assert await RENDERERS["digest"](ctx, samples["digest"][2]) is None


async def test_the_escalation_lists_every_unbooked_pupil_however_long_the_list(
    db, clock, settings, samples
):
    """The teacher must know whom to call: a list too long for one message goes in parts."""
    async with db.transaction() as conn:  # long names: the list no longer fits one message
        await conn.execute("UPDATE pupils SET last_name = last_name || ' ' || ?", ("van " * 200,))
    reader = Reader("nl", Translations("nl").for_language("nl"), ())
    recipient_kind, karim, params = samples["escalation"]
    clock.advance(timedelta(days=12))
    async with db.read() as conn:
        ctx = RenderContext(conn, settings, reader, recipient_kind, karim, clock.now())
        outgoing = await RENDERERS["escalation"](ctx, params)
        unbooked = await notices.unbooked_pupils(conn, int(params["round_id"]), karim)
    assert outgoing is not None
    assert len(outgoing.parts()) > 1
    assert len(unbooked) > 1
    for pupil in unbooked:
        assert pupil.full_name in outgoing.text
