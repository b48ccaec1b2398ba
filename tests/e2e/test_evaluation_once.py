"""A corrected record brings the agreements back once on the evaluation date, not once per
version: to every parent and to the teacher."""

from datetime import datetime, timedelta

from bot.i18n import load_catalog
from tests.e2e.test_agreements import (
    AMSTERDAM,
    book_zoe,
    is_draft,
    record_one_agreement,
    type_into_draft,
    until,
)
from tests.e2e.test_teacher import switch_to_english

NL = load_catalog("nl")
TODAY = "Today we look at how the agreements about Zoë went"


def evaluations(person, text: str) -> list:
    return [m for m in person.messages if text in (m.text or "")]


async def correct(school, marloes, *, remove: str | None = None, evaluate_on: str | None = None):
    """Open the sent record from /record, change it, and send it again."""
    await marloes.send("/record")
    talks = await marloes.expect_message(predicate=lambda m: "1:ag:" in str(m.buttons))
    await marloes.press(index=0, message_id=talks.message_id)
    draft = await marloes.expect_message(predicate=is_draft)
    if remove:
        await marloes.press(remove, message_id=draft.message_id)
        draft = await marloes.expect_message(predicate=lambda m: is_draft(m) and m.edited)
    if evaluate_on:
        draft = await type_into_draft(marloes, draft, "Evaluation date", evaluate_on)
    await marloes.press("Preview and send", message_id=draft.message_id)
    preview = await marloes.expect_message(contains="This is what the parents will get")
    await marloes.press("Send to the parents", message_id=preview.message_id)
    await school.wait(timedelta(0))


async def talk_recorded(school, evaluate_on: str = "2027-01-20"):
    sanne = await school.linked("Sanne de Vries", "nl")
    mark = await school.linked("Mark Jansen", "en")
    marloes = await school.linked("Marloes Dekker", kind="staff")
    await switch_to_english(marloes)
    await book_zoe(mark)
    await until(school, datetime(2026, 12, 8, 14, 50, tzinfo=AMSTERDAM))
    await record_one_agreement(school, marloes, evaluate_on)
    await school.wait(timedelta(0))
    await sanne.expect_message(contains="Reads every day")
    return sanne, mark, marloes


async def test_a_corrected_record_is_evaluated_once(booking_school):
    sanne, mark, marloes = await talk_recorded(booking_school)
    await correct(booking_school, marloes, remove="✕ 1")
    await sanne.expect_message(
        contains=NL.gettext("Corrected version: this replaces the earlier message.")
    )

    await until(booking_school, datetime(2027, 1, 20, 9, 1, tzinfo=AMSTERDAM))
    await booking_school.wait(timedelta(hours=1))
    dutch = evaluations(
        sanne,
        NL.gettext("Today we look at how the agreements about {child} went.").format(child="Zoë"),
    )
    assert len(dutch) == 1
    assert "Reads every day" not in dutch[0].text  # the corrected agreements
    assert len(evaluations(mark, TODAY)) == 1
    assert len(evaluations(marloes, TODAY)) == 1


async def test_a_correction_after_the_evaluation_brings_no_second_one(booking_school):
    _sanne, mark, marloes = await talk_recorded(booking_school, "2026-12-15")
    await until(booking_school, datetime(2026, 12, 15, 9, 1, tzinfo=AMSTERDAM))
    assert len(evaluations(mark, TODAY)) == 1

    await until(booking_school, datetime(2026, 12, 16, 10, 0, tzinfo=AMSTERDAM))
    await correct(booking_school, marloes, remove="✕ 1")
    await booking_school.wait(timedelta(hours=1))
    assert len(evaluations(mark, TODAY)) == 1
    assert len(evaluations(marloes, TODAY)) == 1


async def test_a_new_evaluation_date_replaces_the_old_one(booking_school):
    _sanne, mark, marloes = await talk_recorded(booking_school)
    await correct(booking_school, marloes, evaluate_on="2027-02-03")

    await until(booking_school, datetime(2027, 1, 20, 9, 1, tzinfo=AMSTERDAM))
    assert evaluations(mark, TODAY) == []
    assert evaluations(marloes, TODAY) == []
    await until(booking_school, datetime(2027, 2, 3, 9, 1, tzinfo=AMSTERDAM))
    assert len(evaluations(mark, TODAY)) == 1
    assert len(evaluations(marloes, TODAY)) == 1
