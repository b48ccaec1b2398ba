"""The child's own voice: a card filled in with the child on the parent's phone reaches the
teacher beside the parents' answers, marked as the child's words and read in Dutch.

The example school moves up a year for this (groep 4 becomes groep 5) and lets every pupil
join the talk, so one round holds a groep 5 card (pictures, typed words, a voice note) and
a groep 2 card (pictures alone, no reading needed).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.domain.clock import ManualClock
from bot.domain.pupil_card import CARDS, CardBand
from bot.domain.questions import questions_for
from bot.domain.rounds import TalkKind
from bot.i18n import load_catalog
from bot.sandbox import Sandbox
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from bot.services.year_plan import apply_plan
from bot.storage.database import Database
from tests.conftest import EXAMPLES
from tests.e2e.conftest import School, running_school
from tests.e2e.test_questions import book_and_open_questions, skip_rest_and_send
from tests.services.school_fixture import DURING_BOOKING, PLAN

NL, AR, EN = load_catalog("nl"), load_catalog("ar"), load_catalog("en")
HEADING = NL.gettext("Answers about {pupil} from {name}").split("{")[0]
PREPARE = "Prepare with your child"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
async def school_a_year_on(
    sandbox: Sandbox, settings: Settings, clock: ManualClock
) -> AsyncIterator[School]:
    """The example school with groep 4 as groep 5, every pupil joining the December talk."""
    async with running_school(sandbox, settings, clock) as school:
        db = await Database.open(settings.database_path)
        try:
            for importer, name in ((import_roster, "roster"), (import_staff, "staff")):
                text = (EXAMPLES / f"regenboog-{name}.csv").read_text(encoding="utf-8-sig")
                data = text.replace("Groep 4", "Groep 5").encode()
                await importer(db, data, default_language="nl", clock=clock)
            plan = PLAN.read_text(encoding="utf-8").replace('"4"', '"5"')
            plan = plan.replace("pupil_joins_from_grade = 4", "pupil_joins_from_grade = 1")
            await apply_plan(db, plan, clock=clock, tz=settings.timezone)
        finally:
            await db.close()
        clock.set(DURING_BOOKING)
        yield school


def question_of(band: CardBand, key: str) -> str:
    return next(item.child for item in CARDS[band] if item.key == key)


async def press_on(person, label: str, shown, *, next_text: str | None = None):
    """Press `label` under the card item shown; the item again (ticked) or the next one."""
    await person.press(label, message_id=shown.message_id)
    if next_text is None:
        ticked = f"✅ {label}"
        return await person.expect_message(
            predicate=lambda m: any(b.text == ticked for row in m.buttons for b in row)
        )
    return await person.expect_message(contains=next_text)


async def test_a_groep_5_card_with_pictures_words_and_a_voice_reaches_the_teacher(
    school_a_year_on: School,
) -> None:
    school, band = school_a_year_on, CardBand.MIDDLE
    karim = await school.linked("Karim Bouzid", kind="staff")
    await karim.press("✓ Nederlands")
    await karim.expect_message()
    tom = await school.linked("Tom de Groot", "en")
    first = await book_and_open_questions(tom, "Sem", EN)
    booked = next(m for m in tom.messages if "Your talk is booked." in m.text)
    assert PREPARE in str(booked.buttons)  # groep 5 joins the talk: the card is offered
    await tom.send("We read together every evening")
    progress = questions_for(TalkKind.PROGRESS)
    shown = await tom.expect_message(contains=progress[1].text)
    assert first.message_id != shown.message_id
    await skip_rest_and_send(tom, shown, 1)
    parents_only = await karim.expect_message(contains=HEADING)
    assert "We read together every evening" in parents_only.text

    await school.wait(timedelta(minutes=2))  # a while later, Sem sits down with his father
    await tom.press(PREPARE, message_id=booked.message_id)
    shown = await tom.expect_message(contains=question_of(band, "feeling"))
    assert "Sem's card: 1 of 6" in shown.text
    shown = await press_on(tom, "🙂 good", shown, next_text=question_of(band, "goes_well"))
    shown = await press_on(tom, "📖 reading", shown)
    shown = await press_on(tom, "🎨 drawing and crafts", shown)
    assert "So far: 📖 reading, 🎨 drawing and crafts" in shown.text
    shown = await press_on(tom, "Next", shown, next_text=question_of(band, "hard"))
    await tom.send_voice(duration=7)  # Sem says what is hard, in his own voice
    shown = await tom.expect_message(contains=question_of(band, "ask"))
    await tom.send("Why do we get so much homework?")
    shown = await tom.expect_message(contains=question_of(band, "goal"))
    shown = await press_on(tom, "🔢 sums", shown, next_text=question_of(band, "needs"))
    shown = await press_on(tom, "🧑‍🏫 the teacher", shown)
    shown = await press_on(tom, "🙋 myself", shown)
    await tom.press("Next", message_id=shown.message_id)
    whole = await tom.expect_message(predicate=lambda m: ":pcs:" in str(m.buttons))
    assert "Sem's card" in whole.text
    assert "(voice message)" in whole.text
    await tom.press("Send to the teacher", message_id=whole.message_id)
    await tom.expect_message(contains="The teacher has Sem's card")

    received = await karim.expect_message(contains=NL.gettext("In {child}'s own words")[:12])
    text = received.text
    assert "We read together every evening" in text  # beside the parents' answers
    assert text.index(NL.gettext(progress[0].text)) < text.index("In de eigen woorden van Sem")
    for words in ("good", "reading", "drawing and crafts", "sums", "the teacher", "myself"):
        assert NL.gettext(words) in text
        assert words not in text.replace(NL.gettext(words), "")
    for heading in ("What goes well (+)", "My goal", "Who can help me"):
        assert NL.gettext(heading) in text
    assert "Why do we get so much homework?" in text  # the child's own words, as written
    assert NL.gettext("Written in {language}. Not translated.").format(language="Engels") in text
    assert NL.gettext("What the teacher may tell my parents (or not)") not in text  # skipped
    voice = await karim.expect_message(predicate=lambda m: m.document is not None)
    assert voice.caption == f"🧒 Sem: {NL.gettext('What is hard (−)')}"

    await karim.send("/answers")
    listing = await karim.expect_message(predicate=lambda m: "1:anx:" in str(m.buttons))
    await karim.press("Sem de Groot (5)", message_id=listing.message_id)
    again = await karim.expect_message(contains="In de eigen woorden van Sem")
    assert NL.gettext("drawing and crafts") in again.text
    await karim.press(index=len(listing.buttons) - 1, message_id=listing.message_id)
    exported = await karim.expect_message(
        predicate=lambda m: m.document is not None and m.document.mime_type != "audio/ogg"
    )
    markdown = exported.document.data.decode()
    assert "In de eigen woorden van Sem de Groot" in markdown
    assert "“Why do we get so much homework?”" in markdown

    # The evening before the talk, the digest has the card too.
    await school.wait(datetime(2026, 12, 7, 19, 1, tzinfo=AMSTERDAM) - school.clock.now())
    digest = await karim.expect_message(contains="In de eigen woorden van Sem")
    assert "We read together every evening" in digest.text
    assert NL.gettext("drawing and crafts") in digest.text


async def test_a_groep_2_card_is_answered_with_pictures_alone(school_a_year_on: School) -> None:
    school, band = school_a_year_on, CardBand.YOUNG
    marloes = await school.linked("Marloes Dekker", kind="staff")
    await marloes.press("✓ Nederlands")
    await marloes.expect_message()
    fatima = await school.linked("Fatima El Amrani", "ar")
    await book_and_open_questions(fatima, "Noor", AR)
    booked = next(m for m in fatima.messages if AR.gettext(PREPARE) in str(m.buttons))
    await fatima.press(AR.gettext(PREPARE), message_id=booked.message_id)

    def asked(key: str) -> str:
        return AR.gettext(question_of(band, key))

    shown = await fatima.expect_message(contains=asked("feeling"))
    labels = [button.text for row in shown.buttons for button in row]
    assert labels[:4] == ["😀", "🙂", "😐", "🙁"]  # pictures alone: no reading needed
    await fatima.send("أحب المدرسة")  # typing is not how a young child answers
    await fatima.expect_message(
        contains=AR.gettext("Please press a picture, or send a voice message of your child.")
    )
    shown = await press_on(fatima, "😀", shown, next_text=asked("goes_well"))
    shown = await press_on(fatima, "⚽", shown)
    shown = await press_on(fatima, "🎨", shown)
    shown = await press_on(fatima, AR.gettext("Next"), shown, next_text=asked("hard"))
    shown = await press_on(fatima, "✏️", shown)
    shown = await press_on(fatima, AR.gettext("Next"), shown, next_text=asked("ask"))
    shown = await press_on(fatima, AR.gettext("Skip"), shown, next_text=asked("goal"))
    shown = await press_on(fatima, "📖", shown, next_text=asked("needs"))
    shown = await press_on(fatima, "👪", shown)
    await fatima.press(AR.gettext("Next"), message_id=shown.message_id)
    whole = await fatima.expect_message(predicate=lambda m: ":pcs:" in str(m.buttons))
    await fatima.press(AR.gettext("Send to the teacher"), message_id=whole.message_id)
    thanks = "Thank you! The teacher has {child}'s card and will read it before the talk."
    await fatima.expect_message(contains=AR.gettext(thanks).split("{")[0])

    received = await marloes.expect_message(contains="In de eigen woorden van Noor")
    text = received.text
    for picture in (
        "😀 " + NL.gettext("great"),
        "⚽ " + NL.gettext("playing and sports"),
        "🎨 " + NL.gettext("drawing and crafts"),
        "✏️ " + NL.gettext("writing"),
        "📖 " + NL.gettext("reading"),
        "👪 " + NL.gettext("my parents"),
    ):
        assert picture in text
    assert "أحب" not in text  # the refused typing was not kept
    assert NL.gettext("(skipped)") not in text  # she answered no questions: only the card
    assert "Fatima El Amrani" in text
