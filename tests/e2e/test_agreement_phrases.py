"""The words that matter: agreements from the phrasebook reach a Dutch and an Arabic parent
each entirely in their own language; the teacher's own words arrive marked as such."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.phrasebook_entries import BY_KEY
from bot.i18n import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE, load_catalog
from tests.e2e.conftest import running_school
from tests.e2e.test_teacher import switch_to_arabic
from tests.translation_double import translation_double

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NL, AR = load_catalog("nl"), load_catalog("ar")
OWN_WORDS = "Zoë krijgt in de klas een vast maatje om mee te lezen"
BOOK = "De Gruffalo"
FSI, PDI = FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE
_ISOLATED = re.compile(f"{FSI}[^{FSI}]*?{PDI}")


def without_isolates(text: str) -> str:
    """The text with every isolated name, time or quote taken out (innermost first)."""
    while True:
        shorter = _ISOLATED.sub("", text)
        if shorter == text:
            return text
        text = shorter


def has_data(fragment: str):
    return lambda m: fragment in str(m.buttons)


async def until(school, moment: datetime) -> None:
    await school.wait(moment - school.clock.now())


async def book_first_time(parent) -> None:
    await parent.send("/talks")
    invitation = await parent.expect_message(predicate=has_data("1:pick:"))
    await parent.press(index=0, message_id=invitation.message_id)
    days = await parent.expect_message(predicate=has_data("1:day:"))
    await parent.press(index=0, message_id=days.message_id)
    times = await parent.expect_message(predicate=has_data("1:book:"))
    await parent.press(index=0, message_id=times.message_id)
    await parent.expect_message(predicate=lambda m: m.document is not None)


async def press_ending(person, message, suffix: str) -> None:
    """Press the button whose callback data ends with `suffix` (a phrase key, a number)."""
    for row in message.buttons:
        for button in row:
            if re.search(f"{suffix}$", button.callback_data or ""):
                await person.press(button.text, message_id=message.message_id)
                return
    raise AssertionError(f"no button ending {suffix!r} in {message.buttons}")


def is_draft(message) -> bool:
    return "1:ags:" in str(message.buttons)


def owner_button(owner_label: str) -> str:
    return "+ " + NL.gettext(owner_label).rstrip(":")


async def open_topics(teacher, draft, owner_label: str):
    await teacher.press(owner_button(owner_label), message_id=draft.message_id)
    return await teacher.expect_message(predicate=has_data("1:agk:"))


async def draft_with_agreements(school, marloes):
    """Marloes, in Dutch, records a phrase per owner (a name, a number and a deadline, none)
    and one agreement in her own words, and the evaluation date."""
    await until(school, datetime(2026, 12, 8, 14, 50, tzinfo=AMSTERDAM))
    await marloes.send("/record")
    talks = await marloes.expect_message(predicate=has_data("1:ag:"))
    await marloes.press("Zoë de Vries", message_id=talks.message_id)
    asked = await marloes.expect_message(contains=NL.gettext("Was the talk held?"))
    await marloes.press(NL.gettext("Yes, it was held"), message_id=asked.message_id)
    draft = await marloes.expect_message(predicate=is_draft)

    topics = await open_topics(marloes, draft, "The pupil will:")
    await marloes.press(NL.gettext("Reading and language"), message_id=topics.message_id)
    listed = await marloes.expect_message(predicate=has_data(":read_book"))
    await press_ending(marloes, listed, ":read_book")
    await marloes.expect_message(predicate=has_data("1:nvm"))
    await marloes.send(BOOK)
    draft = await marloes.expect_message(predicate=is_draft)

    topics = await open_topics(marloes, draft, "The parents will:")
    await marloes.press(NL.gettext("Reading and language"), message_id=topics.message_id)
    listed = await marloes.expect_message(predicate=has_data(":read_together"))
    await press_ending(marloes, listed, ":read_together")
    counts = await marloes.expect_message(predicate=has_data(":read_together:15"))
    await press_ending(marloes, counts, ":read_together:15")
    draft = await marloes.expect_message(predicate=lambda m: is_draft(m) and m.edited)
    await press_ending(marloes, draft, "agdl:[0-9]+:4")  # a deadline four weeks ahead
    draft = await marloes.expect_message(predicate=lambda m: is_draft(m) and m.edited)

    topics = await open_topics(marloes, draft, "The teacher and the school will:")
    await marloes.press(NL.gettext("Reading and language"), message_id=topics.message_id)
    listed = await marloes.expect_message(predicate=has_data(":small_group_reading"))
    await press_ending(marloes, listed, ":small_group_reading")
    draft = await marloes.expect_message(predicate=lambda m: is_draft(m) and m.edited)

    await open_topics(marloes, draft, "The teacher and the school will:")
    await marloes.send(OWN_WORDS)
    draft = await marloes.expect_message(predicate=lambda m: is_draft(m) and OWN_WORDS in m.text)

    await marloes.press(NL.gettext("Evaluation date"), message_id=draft.message_id)
    await marloes.expect_message(predicate=has_data("1:nvm"))
    await marloes.send("20-1-2027")
    return await marloes.expect_message(predicate=is_draft)


async def parents_and_teacher(school):
    """Sanne reads Dutch, Mark Arabic; Marloes, their teacher, Dutch."""
    sanne = await school.linked("Sanne de Vries", "nl")
    mark = await school.linked("Mark Jansen", "en")
    await switch_to_arabic(mark)
    return sanne, mark, await school.linked("Marloes Dekker", kind="staff")


async def send_draft(school, marloes, draft) -> None:
    await marloes.press(NL.gettext("Preview and send"), message_id=draft.message_id)
    preview = await marloes.expect_message(predicate=has_data("1:agsend:"))
    await marloes.press(NL.gettext("Send to the parents"), message_id=preview.message_id)
    await marloes.expect_message(predicate=lambda m: "2" in m.text and not m.buttons)


async def test_phrasebook_agreements_reach_each_parent_wholly_in_their_language(booking_school):
    sanne, mark, marloes = await parents_and_teacher(booking_school)
    await book_first_time(mark)
    draft = await draft_with_agreements(booking_school, marloes)

    await marloes.press(NL.gettext("Preview and send"), message_id=draft.message_id)
    preview = await marloes.expect_message(contains=NL.gettext("Who reads it, and how:"))
    assert "Mark Jansen" in preview.text
    assert "Arabisch" in preview.text
    assert "Sanne de Vries" in preview.text
    assert "Nederlands" in preview.text
    checked = NL.ngettext(
        "{count} sentence from the list: a checked translation.",
        "{count} sentences from the list: a checked translation.",
        3,
    ).format(count=3)
    assert preview.text.count(checked) == 2
    not_translated = NL.ngettext(
        "{count} part in your own words, marked as such and not translated.",
        "{count} parts in your own words, marked as such and not translated.",
        1,
    ).format(count=1)
    assert preview.text.count(not_translated) == 1  # only Mark reads another language
    await marloes.press(NL.gettext("Send to the parents"), message_id=preview.message_id)
    await marloes.expect_message(predicate=lambda m: "2" in m.text and not m.buttons)

    await booking_school.wait(timedelta(0))
    arabic = await mark.expect_message(contains=AR.gettext("Your child will:"))
    dutch = await sanne.expect_message(contains=NL.gettext("Your child will:"))

    together = BY_KEY["read_together"]
    for catalog, received in ((AR, arabic), (NL, dutch)):
        book = catalog.gettext(BY_KEY["read_book"].text).split("{name}")[0]
        assert book
        assert book in received.text
        minutes = catalog.ngettext(together.text, together.plural, 15).split("{count}")[0]
        assert minutes in received.text
        assert catalog.gettext(BY_KEY["small_group_reading"].text) in received.text
        assert OWN_WORDS in received.text
    assert f"{FIRST_STRONG_ISOLATE}{BOOK}{POP_DIRECTIONAL_ISOLATE}" in arabic.text
    assert AR.gettext("In the teacher's own words:") in arabic.text
    assert NL.gettext("In the teacher's own words:") not in dutch.text  # her own language
    # Apart from isolated names and the marked own words, nothing Latin: no Dutch at all.
    assert not re.search("[A-Za-z]", without_isolates(arabic.text)), arabic.text
    assert "januari" in dutch.text


@pytest.mark.parametrize("engine_up", [True, False], ids=["engine up", "engine down"])
async def test_own_words_come_with_a_labelled_translation_or_marked_without_delay(
    sandbox, settings, clock, engine_up
):
    async with translation_double() as double:
        if not engine_up:
            await double.stop()  # nothing listens: every call is refused
        with_engine = settings.model_copy(
            update={"translation_engine": "libretranslate", "translation_url": double.url}
        )
        async with running_school(sandbox, with_engine, clock, with_plan=True) as school:
            sanne, mark, marloes = await parents_and_teacher(school)
            await book_first_time(mark)
            draft = await draft_with_agreements(school, marloes)
            await send_draft(school, marloes, draft)
            await school.wait(timedelta(0))  # no time passes: held only while translating
            arabic = await mark.expect_message(contains=AR.gettext("Your child will:"))
            dutch = await sanne.expect_message(contains=NL.gettext("Your child will:"))

    assert OWN_WORDS in arabic.text
    assert AR.gettext("In the teacher's own words:") in arabic.text
    machine = AR.gettext("Machine translation from {language} (it may contain mistakes):")
    untranslated = AR.gettext("Written in {language}. Not translated.")
    if engine_up:
        assert machine.split("{language}")[0] in arabic.text
        # the double's translation, isolated; the child's name never reached the engine
        assert f"{FSI}[ar] {OWN_WORDS}{PDI}" in arabic.text
        (request,) = [r for r in double.received if r["target"] == "ar"]
        assert "Zoë" not in request["q"]
        assert request["source"] == "nl"
    else:
        assert untranslated.split("{language}")[0] in arabic.text
        assert machine.split("{language}")[0] not in arabic.text
    assert OWN_WORDS in dutch.text
    assert AR.gettext("In the teacher's own words:") not in dutch.text
