"""The "I can't come" button: every press is checked against the database and the
presser; the talk's teacher is told once per wish, in their own language; nothing frees
the talk by itself."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.domain.bookings import Actor
from bot.i18n import Translations
from bot.services import booking, cant_come
from bot.services.cant_come import Reason, State, Wish
from bot.services.staff_import import import_staff
from bot.telegram.cant_come import render_cant_come
from bot.telegram.deps import Reader
from bot.telegram.notifications import RenderContext
from bot.telegram.reminder_views import render_appointment_reminder
from tests.conftest import EXAMPLES
from tests.services.school_fixture import load_school


async def _booked(db, clock, settings):
    """Rania has booked Lina's talk; returns (ids, rania, the booking)."""
    ids = await load_school(db, clock, settings.timezone)
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    round_id, lina = await ids.round(), await ids.pupil("Lina")
    free = await booking.free_offers(db, rania, round_id, lina, clock.now())
    made = await booking.book(
        db,
        rania,
        round_id=round_id,
        pupil_id=lina,
        slot_id=free.offers[0].slot_id,
        now=clock.now(),
    )
    assert made.booking is not None
    return ids, rania, made.booking


async def _notices(db) -> list[tuple[int, dict]]:
    async with db.read() as conn:
        rows = await (
            await conn.execute(
                "SELECT recipient_id, params FROM outbox WHERE kind = 'cant_come' ORDER BY id"
            )
        ).fetchall()
    return [(row["recipient_id"], json.loads(row["params"])) for row in rows]


async def _status(db, booking_id: int) -> str:
    async with db.read() as conn:
        row = await (
            await conn.execute("SELECT status FROM bookings WHERE id = ?", (booking_id,))
        ).fetchone()
    return str(row["status"])


async def test_a_call_tells_the_talk_s_teacher_once_and_keeps_the_talk(db, clock, settings):
    _, rania, booked = await _booked(db, clock, settings)
    now = clock.now()
    checked = await cant_come.give_reason(db, rania.id, booked.booking_id, Reason.ILL, now)
    assert checked.state is State.OPEN
    assert checked.talk.may_cancel
    assert checked.talk.may_move
    assert await _notices(db) == []  # a reason alone tells nobody yet

    for _ in range(2):  # pressed twice: one notice
        checked = await cant_come.choose(db, rania.id, booked.booking_id, Wish.CALL, now)
        assert checked.state is State.OPEN
    notices = await _notices(db)
    assert [staff for staff, _ in notices] == [booked.offer.staff_id]
    assert await _status(db, booked.booking_id) == "active"

    # Asked to be called, then choosing another time after all: the teacher hears that too.
    await cant_come.choose(db, rania.id, booked.booking_id, Wish.MOVE, now)
    assert [params["wish"] for _, params in await _notices(db)] == ["call", "move"]
    assert await _status(db, booked.booking_id) == "active"  # moving is the booking flow's


async def test_another_family_or_an_unknown_talk_changes_nothing(db, clock, settings):
    ids, _, booked = await _booked(db, clock, settings)
    tom = await ids.guardian("Tom de Groot")
    now = clock.now()
    for guardian, booking_id in ((tom, booked.booking_id), (tom, 99999)):
        checked = await cant_come.give_reason(db, guardian, booking_id, Reason.WORK, now)
        assert checked.state is State.NOT_YOURS
        assert checked.talk is None
        checked = await cant_come.choose(db, guardian, booking_id, Wish.CALL, now)
        assert checked.state is State.NOT_YOURS
    async with db.read() as conn:
        rows = await (await conn.execute("SELECT count(*) FROM cant_come")).fetchone()
    assert rows[0] == 0
    assert await _notices(db) == []


async def test_a_wish_without_a_reason_is_an_old_or_forged_button(db, clock, settings):
    _, rania, booked = await _booked(db, clock, settings)
    checked = await cant_come.choose(db, rania.id, booked.booking_id, Wish.CALL, clock.now())
    assert checked.state is State.NO_REASON
    assert await _notices(db) == []


async def test_past_the_cut_off_only_a_call_and_a_begun_talk_is_said_so(db, clock, settings):
    _, rania, booked = await _booked(db, clock, settings)
    clock.set(booked.offer.starts_at - timedelta(hours=2))  # the cut-off is 24 hours
    now = clock.now()
    checked = await cant_come.give_reason(db, rania.id, booked.booking_id, Reason.ILL, now)
    assert checked.state is State.OPEN
    assert not checked.talk.may_cancel
    assert not checked.talk.may_move
    moved = await cant_come.choose(db, rania.id, booked.booking_id, Wish.MOVE, now)
    assert moved.state is State.TOO_LATE
    assert await _notices(db) == []
    called = await cant_come.choose(db, rania.id, booked.booking_id, Wish.CALL, now)
    assert called.state is State.OPEN
    assert len(await _notices(db)) == 1

    clock.set(booked.offer.starts_at + timedelta(minutes=1))
    late = await cant_come.check(db, rania.id, booked.booking_id, clock.now())
    assert late.state is State.STARTED


async def test_a_moved_talk_answers_with_where_it_is_now(db, clock, settings):
    _ids, rania, booked = await _booked(db, clock, settings)
    free = await booking.free_offers(
        db, rania, booked.round_id, booked.pupil_id, clock.now(), replacing=booked.booking_id
    )
    moved = await booking.book(
        db,
        rania,
        round_id=booked.round_id,
        pupil_id=booked.pupil_id,
        slot_id=free.offers[-1].slot_id,
        now=clock.now(),
        replacing=booked.booking_id,
    )
    checked = await cant_come.check(db, rania.id, booked.booking_id, clock.now())
    assert checked.state is State.CANCELLED
    assert checked.current is not None
    assert checked.current.booking_id == moved.booking.booking_id
    await booking.cancel(db, rania, moved.booking.booking_id, clock.now())
    checked = await cant_come.check(db, rania.id, moved.booking.booking_id, clock.now())
    assert checked.state is State.CANCELLED
    assert checked.current is None


async def test_the_teacher_reads_who_why_and_what_in_their_language(db, clock, settings):
    _ids, rania, booked = await _booked(db, clock, settings)
    async with db.transaction() as conn:
        await conn.execute("UPDATE guardians SET phone = '06 1234 5678' WHERE id = ?", (rania.id,))
    now = clock.now()
    await cant_come.give_reason(db, rania.id, booked.booking_id, Reason.ILL, now)
    await cant_come.choose(db, rania.id, booked.booking_id, Wish.CALL, now)
    ((staff_id, params),) = await _notices(db)
    translations = Translations("nl")
    texts = {}
    for language in ("en", "nl"):
        reader = Reader(language, translations.for_language(language), ())
        async with db.read() as conn:
            ctx = RenderContext(conn, settings, reader, "staff", staff_id, clock.now())
            outgoing = await render_cant_come(ctx, params)
        assert outgoing is not None
        texts[language] = outgoing
    english = texts["en"].text
    assert "Rania Haddad can't come to the talk about Lina Haddad (4) on" in english
    assert ": ill." in english
    assert "They ask you to call them." in english
    assert "06 1234 5678" in english
    assert [b.callback_data for row in texts["en"].keyboard.inline_keyboard for b in row] == [
        f"1:rs:{booked.booking_id}",
        f"1:cx:{booked.booking_id}",
    ]
    assert "kan niet komen naar het gesprek over Lina Haddad (4)" in texts["nl"].text
    assert ": ziek." in texts["nl"].text

    # Not for a parent, and nothing once the parent's word is gone.
    async with db.read() as conn:
        reader = Reader("en", translations.for_language("en"), ())
        ctx = RenderContext(conn, settings, reader, "guardian", rania.id, clock.now())
        assert await render_cant_come(ctx, params) is None
        ctx = RenderContext(conn, settings, reader, "staff", staff_id, clock.now())
        assert await render_cant_come(ctx, {"notice_id": 99999}) is None


async def test_a_parent_s_teachers_with_the_phone_from_the_staff_file(db, clock, settings):
    ids = await load_school(db, clock, settings.timezone)
    staff = (EXAMPLES / "regenboog-staff.csv").read_text(encoding="utf-8-sig")
    lines = staff.splitlines()
    with_phone = [lines[0] + ";Telefoon"] + [
        line + (";06-11 22 33 44" if line.startswith("Karim") else ";") for line in lines[1:]
    ]
    await import_staff(db, "\n".join(with_phone).encode(), default_language="nl", clock=clock)
    tom = await ids.guardian("Tom de Groot")  # Sem is in groep 4: Karim Bouzid and Ellen Vos
    teachers = await cant_come.teachers(db, tom)
    assert [(t.name, t.phone, t.children) for t in teachers] == [
        ("Ellen Vos", "", ("Sem",)),
        ("Karim Bouzid", "06-11 22 33 44", ("Sem",)),
    ]


async def test_after_the_cut_off_the_reminder_says_how_to_reach_the_teacher(db, clock, settings):
    _, rania, booked = await _booked(db, clock, settings)
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE staff SET phone = '06-22 33 44 55' WHERE id = ?", (booked.offer.staff_id,)
        )
    settings = settings.model_copy(update={"school_phone": "020 123 4567"})
    reader = Reader("en", Translations("nl").for_language("en"), ())
    params = {"booking_id": booked.booking_id, "slot_id": booked.offer.slot_id}
    clock.set(booked.offer.starts_at - timedelta(hours=3))
    async with db.read() as conn:
        ctx = RenderContext(conn, settings, reader, "guardian", rania.id, clock.now())
        outgoing = await render_appointment_reminder(ctx, params)
    assert outgoing is not None
    teacher = booked.offer.teacher
    assert f"Can't make it? Press “I can't come” and {teacher} is told." in outgoing.text
    assert f"Contact: {teacher}: 06-22 33 44 55; the school: 020 123 4567" in outgoing.text
    assert [b.callback_data for row in outgoing.keyboard.inline_keyboard for b in row] == [
        f"1:cc:{booked.booking_id}"
    ]
