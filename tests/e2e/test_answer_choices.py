"""Parents answer with presses in their own language; the Dutch teacher reads it in Dutch.

An Arabic-speaking mother answers the pre-talk questions mostly by buttons (and one typed
answer) and says by buttons which days and parts of the day would suit her when no time
does. The teacher reads the pressed answers, the interpreter language, the days and the
parts of the day in Dutch; her typed words come labelled, with a machine translation when
the school runs an engine (here the LibreTranslate double on loopback).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel import Locale

from bot.config import Settings
from bot.domain.clock import ManualClock
from bot.domain.events import Event
from bot.domain.questions import questions_for
from bot.domain.rounds import TalkKind
from bot.formatting import format_day
from bot.i18n import load_catalog
from bot.sandbox import Sandbox
from bot.services.machine_translation import lookup
from bot.telegram.context import DEPS_KEY
from tests.e2e.conftest import School, running_school
from tests.e2e.test_questions import book_and_open_questions
from tests.translation_double import TranslationDouble, translation_double

AR, NL = load_catalog("ar"), load_catalog("nl")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
HEADING = NL.gettext("Answers about {pupil} from {name}").split("{")[0]
TYPED = "نقرأ مع Lina كل مساء قبل النوم"  # "we read with Lina every evening before bed"


async def test_an_arabic_mother_answers_by_buttons_and_the_dutch_teacher_reads_dutch(
    sandbox: Sandbox, settings: Settings, clock: ManualClock
) -> None:
    async with translation_double() as double:
        with_engine = settings.model_copy(
            update={"translation_engine": "libretranslate", "translation_url": double.url}
        )
        async with running_school(sandbox, with_engine, clock, with_plan=True) as school:
            karim = await school.linked("Karim Bouzid", kind="staff")
            await karim.press("✓ Nederlands")  # his language chosen: reachable at once
            await karim.expect_message()
            rania = await school.linked("Rania Haddad", "ar")
            questions = questions_for(TalkKind.PROGRESS)
            await book_and_open_questions(rania, "Lina", AR)
            await rania.send(TYPED)  # 1: in her own words
            pressed = {  # question: the button's text in Arabic; None: skipped
                "social_home": AR.gettext("Mostly well"),
                "motivation": AR.gettext("Happy to go"),
                "interests": None,
                "school_career": None,
                "circumstances": AR.gettext("No, nothing special"),
                "to_discuss": None,
                "interpreter": Locale("ar").languages["ar"],  # "العربية"
            }
            for question in questions[1:]:
                shown = await rania.expect_message(contains=AR.gettext(question.text))
                label = pressed[question.key]
                if label is not None:
                    assert label in str(shown.buttons)
                    await rania.press(label, message_id=shown.message_id)
                else:
                    await rania.press(AR.gettext("Skip"), message_id=shown.message_id)
            summary = await rania.expect_message(predicate=lambda m: ":qsend:" in str(m.buttons))
            assert AR.gettext("Mostly well") in summary.text
            assert Locale("ar").languages["ar"] in summary.text
            await rania.press(AR.gettext("Send to the teacher"), message_id=summary.message_id)

            # The message waits for its translation (a minute at most); once made, it may go
            # at once: one second on, long before the hold would have ended.
            await translation_made(school, TYPED, "ar", "nl")
            await school.wait(timedelta(seconds=1))
            received = await karim.expect_message(contains=HEADING)
            text = received.text
            for key in ("Mostly well", "Happy to go", "No, nothing special"):
                assert NL.gettext(key) in text
                assert AR.gettext(key) not in text
            interpreter = NL.gettext("⚠ Interpreter wanted: {answer}").format(answer="Arabisch")
            assert interpreter in text
            assert (
                NL.gettext("⚠ Something about the home situation (question {number})")[:20]
                not in text
            )  # "nothing special" by button: not flagged
            assert NL.gettext("In the parent's own words:") in text
            assert TYPED in text
            assert TranslationDouble.translated(TYPED, "nl") in text
            machine = NL.gettext("Machine translation from {language} (it may contain mistakes):")
            assert machine.format(language="Arabisch") in text
            assert double.received
            assert all("Lina" not in body["q"] for body in double.received)

            # Read again later from /answers, and printed: the same, in Dutch.
            await karim.send("/answers")
            listing = await karim.expect_message(predicate=lambda m: "1:anx:" in str(m.buttons))
            await karim.press("Lina Haddad (4)", message_id=listing.message_id)
            again = await karim.expect_message(contains=HEADING)
            assert NL.gettext("Mostly well") in again.text
            assert TranslationDouble.translated(TYPED, "nl") in again.text
            await karim.press(index=len(listing.buttons) - 1, message_id=listing.message_id)
            exported = await karim.expect_message(predicate=lambda m: m.document is not None)
            markdown = exported.document.data.decode()
            assert f"   {NL.gettext('Mostly well')}" in markdown
            assert f"   {TranslationDouble.translated(TYPED, 'nl')}" in markdown
            assert machine.format(language="Arabisch") in markdown


async def test_no_time_suits_an_arabic_mother_she_presses_days_and_evenings_and_a_note(
    booking_school,
) -> None:
    karim = await booking_school.linked("Karim Bouzid", kind="staff")
    rania = await booking_school.linked("Rania Haddad", "ar")
    await rania.send("/talks")
    invitation = await rania.expect_message(contains=AR.gettext("Invitation: {title}")[:4])
    await rania.press(AR.gettext("None of these times suits me"), message_id=invitation.message_id)
    form = await rania.expect_message(predicate=lambda m: ":otd:" in str(m.buttons))
    days = [b for row in form.buttons for b in row if ":otd:" in (b.callback_data or "")]
    assert len(days) >= 2
    first, second = days[0], days[1]
    answered = len(rania.callback_answers)
    await rania.press(AR.gettext("Tell the teacher"), message_id=form.message_id)
    refused = await rania.expect_answers(answered + 1)
    assert refused[-1] == AR.gettext("Please press a day or a part of the day, or write a message.")

    for label in (first.text, second.text, AR.gettext("Evenings"), second.text):
        await rania.press(label, message_id=form.message_id)
        form = await rania.expect_message(predicate=lambda m: ":otd:" in str(m.buttons))
    assert f"✓ {first.text}" in str(form.buttons)
    assert f"✓ {second.text}" not in str(form.buttons)  # pressed twice: unpicked
    assert f"✓ {AR.gettext('Evenings')}" in str(form.buttons)
    note = "بعد الساعة 18:00 فقط"
    await rania.send(note)
    await rania.expect_message(predicate=lambda m: not m.buttons and "18:00" not in m.text)
    await booking_school.wait(timedelta(minutes=3))

    request = await karim.expect_message(contains="Rania Haddad")
    text = request.text
    day = _day(first.callback_data)
    dutch_day = format_day(datetime.combine(day, time(12), AMSTERDAM), AMSTERDAM, "nl")
    assert NL.gettext("Days that would suit them: {days}").format(days=dutch_day) in text
    assert NL.gettext("Parts of the day: {parts}").format(parts=NL.gettext("Evenings")) in text
    assert note in text
    written = NL.gettext("Written in {language}. Not translated.").format(language="Arabisch")
    assert written in text  # no engine here: marked as her own words, untranslated
    assert AR.gettext("Evenings") not in text
    assert request.buttons[0][0].callback_data.startswith("1:obo:")


async def test_only_presses_reach_the_teacher_with_send(booking_school) -> None:
    ellen = await booking_school.linked("Ellen Vos", kind="staff")
    rania = await booking_school.linked("Rania Haddad", "ar")
    await rania.send("/talks")
    invitation = await rania.expect_message(contains=AR.gettext("Invitation: {title}")[:4])
    await rania.press(AR.gettext("None of these times suits me"), message_id=invitation.message_id)
    form = await rania.expect_message(predicate=lambda m: ":otd:" in str(m.buttons))
    await rania.send_voice()  # a voice note while the form waits: the form stays open
    await rania.expect_message(contains=AR.gettext("Sorry, I can only read text messages."))
    await rania.press(AR.gettext("Mornings"), message_id=form.message_id)
    form = await rania.expect_message(predicate=lambda m: ":otd:" in str(m.buttons))
    await rania.press(AR.gettext("Afternoons"), message_id=form.message_id)
    form = await rania.expect_message(predicate=lambda m: ":otd:" in str(m.buttons))
    await rania.press(AR.gettext("Tell the teacher"), message_id=form.message_id)
    await rania.expect_message(predicate=lambda m: m.message_id == form.message_id)
    await booking_school.wait(timedelta(minutes=3))

    request = await ellen.expect_message(contains="Rania Haddad")
    parts = f"{NL.gettext('Mornings')} en {NL.gettext('Afternoons')}"
    assert NL.gettext("Parts of the day: {parts}").format(parts=parts) in request.text
    assert NL.gettext("Days that would suit them: {days}").split("{")[0] not in request.text
    assert NL.gettext("The parent's message:") not in request.text
    await rania.send("Hello again")  # no longer waiting for a note: offered to the teacher
    offer = AR.gettext("Send this to {teachers} about {child}?").split("{")[0]
    await rania.expect_message(contains=offer)


async def translation_made(school: School, text: str, source: str, target: str) -> None:
    """Wait (on the database's commits, not the clock) until the translator stored it."""
    db = school.app.bot_data[DEPS_KEY].db
    committed = asyncio.Event()

    async def listen(events: Sequence[Event]) -> None:
        committed.set()

    db.subscribe(listen)
    try:
        while True:
            committed.clear()
            async with db.read() as conn:
                if await lookup(conn, text, source, target) is not None:
                    return
            await asyncio.wait_for(committed.wait(), timeout=30)  # a safety net
    finally:
        db.unsubscribe(listen)


def _day(callback_data: str | None) -> date:
    assert callback_data is not None
    return datetime.strptime(callback_data.rsplit(":", 1)[1], "%Y%m%d").date()
