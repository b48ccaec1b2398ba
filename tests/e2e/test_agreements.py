"""After the talk: agreements reach every parent in their language, and are followed up."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import FIRST_STRONG_ISOLATE, load_catalog
from tests.e2e.test_teacher import switch_to_arabic, switch_to_english

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NL, AR = load_catalog("nl"), load_catalog("ar")
PUPIL_WORDS = "Reads 15 minutes every day <with Mark> & Sanne"


def is_draft(message) -> bool:
    return "1:ags:" in str(message.buttons)


async def until(school, moment: datetime) -> None:
    await school.wait(moment - school.clock.now())


async def book_zoe(mark) -> None:
    await mark.send("/talks")
    # The invitation, in whichever language Mark reads now.
    invitation = await mark.expect_message(predicate=lambda m: "1:pick:" in str(m.buttons))
    await mark.press(index=0, message_id=invitation.message_id)
    days = await mark.expect_message(predicate=lambda m: "1:day:" in str(m.buttons))
    await mark.press(index=0, message_id=days.message_id)
    times = await mark.expect_message(predicate=lambda m: "1:book:" in str(m.buttons))
    await mark.press(index=0, message_id=times.message_id)
    await mark.expect_message(predicate=lambda m: m.document is not None)


async def type_into_draft(teacher, draft, label: str, text: str):
    await teacher.press(label, message_id=draft.message_id)
    await teacher.expect_message(predicate=lambda m: "1:nvm" in str(m.buttons))
    await teacher.send(text)
    return await teacher.expect_message(predicate=is_draft)


async def test_agreements_reach_both_parents_in_their_language_and_are_followed_up(
    booking_school,
):
    sanne = await booking_school.linked("Sanne de Vries", "nl")
    mark = await booking_school.linked("Mark Jansen", "en")
    await switch_to_arabic(mark)
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    await switch_to_english(marloes)
    await book_zoe(mark)  # Tuesday 8 December, 14:30, with Marloes

    await until(booking_school, datetime(2026, 12, 8, 14, 50, tzinfo=AMSTERDAM))
    draft = await held_draft(marloes)
    draft = await type_into_draft(marloes, draft, "+ The pupil will", PUPIL_WORDS)
    draft = await type_into_draft(
        marloes, draft, "+ The parents will", "Visit the library together 2027-01-09"
    )
    draft = await type_into_draft(
        marloes, draft, "+ The teacher and the school will", "Gives Zoë a reading buddy"
    )
    draft = await type_into_draft(marloes, draft, "Evaluation date", "2027-01-20")
    assert PUPIL_WORDS in draft.text
    await marloes.press("Preview and send", message_id=draft.message_id)
    preview = await marloes.expect_message(contains="This is what the parents will get")
    await marloes.press("Send to the parents", message_id=preview.message_id)
    await marloes.expect_message(contains="Sent to 2 parents")

    await booking_school.wait(timedelta(0))  # one delivery run
    dutch = await sanne.expect_message(contains=NL.gettext("Your child will:"))
    arabic = await mark.expect_message(contains=AR.gettext("Your child will:"))
    for received in (dutch, arabic):
        assert PUPIL_WORDS in received.text  # the teacher's words, literally
        assert "Gives Zoë a reading buddy" in received.text
    assert NL.gettext("You as parents will:") in dutch.text
    assert "januari" in dutch.text  # the due date and the evaluation date, in Dutch
    assert arabic.text.startswith(
        AR.gettext("Agreements from the talk about {child} on {when}")[:5]
    )
    assert f"{FIRST_STRONG_ISOLATE}{PUPIL_WORDS}" in arabic.text  # Latin isolated in RTL
    assert "يناير" in arabic.text

    await sanne.press(NL.gettext("Understood"), message_id=dutch.message_id)
    await booking_school.wait(timedelta(0))
    confirmed = await marloes.expect_message(contains="has read the agreements")
    assert "Sanne de Vries" in confirmed.text
    await marloes.send("/record")  # a sent record shows who confirmed
    talks = await marloes.expect_message(contains="Which talk do you want to record?")
    await marloes.press("Zoë de Vries", message_id=talks.message_id)
    sent = await marloes.expect_message(predicate=is_draft)
    assert "Understood by: Sanne de Vries" in sent.text
    assert "Not confirmed yet: Mark Jansen" in sent.text

    await until(booking_school, datetime(2027, 1, 20, 9, 1, tzinfo=AMSTERDAM))
    follow_dutch = await sanne.expect_message(predicate=lambda m: "1:agp:" in str(m.buttons))
    follow_arabic = await mark.expect_message(predicate=lambda m: "1:agp:" in str(m.buttons))
    await marloes.expect_message(contains="Today we look at how the agreements about Zoë went")
    assert PUPIL_WORDS in follow_arabic.text
    await sanne.press(f"1. {NL.gettext('Done')}", message_id=follow_dutch.message_id)
    await booking_school.wait(timedelta(0))
    progress = await marloes.expect_message(contains="Sanne de Vries about Zoë")
    assert "Done" in progress.text


async def test_other_teachers_and_other_parents_cannot_record_or_read(booking_school):
    mark = await booking_school.linked("Mark Jansen", "en")
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    ruben = await booking_school.linked("Ruben Prins", kind="staff")
    tom = await booking_school.linked("Tom de Groot", "en")
    await book_zoe(mark)
    await until(booking_school, datetime(2026, 12, 8, 14, 50, tzinfo=AMSTERDAM))
    await marloes.send("/record")
    talks = await marloes.expect_message(predicate=lambda m: "1:ag:" in str(m.buttons))
    record_data = talks.buttons[0][0].callback_data
    booking_id = record_data.split(":")[-1]
    await ruben.send("/record")
    await ruben.expect_message(predicate=lambda m: "1:ag:" not in str(m.buttons) and m.text)
    for data in (record_data, f"1:agh:{booking_id}", f"1:aga:{booking_id}:pupil"):
        answered = len(ruben.callback_answers)
        await ruben.press_data(data)
        assert "werkt niet meer" in (await ruben.expect_answers(answered + 1))[-1]  # no longer
    for data in (f"1:agu:{booking_id}", f"1:agq:{booking_id}"):
        answered = len(tom.callback_answers)
        await tom.press_data(data)
        assert "no longer valid" in (await tom.expect_answers(answered + 1))[-1]


async def held_draft(marloes) -> object:
    """Marloes opens /record for Zoë's talk and says it was held; returns the empty draft."""
    await marloes.send("/record")
    talks = await marloes.expect_message(predicate=lambda m: "1:ag:" in str(m.buttons))
    await marloes.press("Zoë de Vries", message_id=talks.message_id)
    asked = await marloes.expect_message(contains="Was the talk held?")
    await marloes.press("Yes, it was held", message_id=asked.message_id)
    return await marloes.expect_message(predicate=is_draft)


async def record_one_agreement(
    school, marloes, evaluate_on: str = "2027-01-20", sent: str = "Sent to"
) -> object:
    """Marloes records one agreement for Zoë's talk and sends it; returns the draft."""
    draft = await held_draft(marloes)
    draft = await type_into_draft(marloes, draft, "+ The pupil will", "Reads every day")
    draft = await type_into_draft(marloes, draft, "+ The parents will", "Listen to her reading")
    draft = await type_into_draft(marloes, draft, "Evaluation date", evaluate_on)
    await marloes.press("Preview and send", message_id=draft.message_id)
    preview = await marloes.expect_message(contains="This is what the parents will get")
    await marloes.press("Send to the parents", message_id=preview.message_id)
    await marloes.expect_message(contains=sent)
    return draft


async def test_a_correction_reaches_the_parents_marked_and_they_are_asked_to_look_back(
    booking_school,
):
    sanne = await booking_school.linked("Sanne de Vries", "nl")
    mark = await booking_school.linked("Mark Jansen", "en")
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    await switch_to_english(marloes)
    await book_zoe(mark)
    await until(booking_school, datetime(2026, 12, 8, 14, 50, tzinfo=AMSTERDAM))
    await record_one_agreement(booking_school, marloes)
    await booking_school.wait(timedelta(0))
    first = await sanne.expect_message(contains="Reads every day")

    await marloes.send("/record")
    talks = await marloes.expect_message(predicate=lambda m: "1:ag:" in str(m.buttons))
    assert talks.buttons[0][0].text.startswith("✓ ")  # sent, open to correct
    await marloes.press(index=0, message_id=talks.message_id)
    draft = await marloes.expect_message(predicate=is_draft)
    await marloes.press("✕ 1", message_id=draft.message_id)
    corrected = await marloes.expect_message(predicate=lambda m: is_draft(m) and m.edited)
    assert "Reads every day" not in corrected.text
    await marloes.press("Preview and send", message_id=corrected.message_id)
    preview = await marloes.expect_message(contains="This is what the parents will get")
    await marloes.press("Send to the parents", message_id=preview.message_id)
    await booking_school.wait(timedelta(0))
    again = await sanne.expect_message(
        contains=NL.gettext("Corrected version: this replaces the earlier message.")
    )
    assert "Reads every day" not in again.text
    assert "Listen to her reading" in again.text

    # The first message's button stays live, but it confirms what the first message said:
    # Sanne is sent to the corrected one, and only a press there counts.
    answered = len(sanne.callback_answers)
    await sanne.press(NL.gettext("Understood"), message_id=first.message_id)
    newer = NL.gettext(
        "There is a newer version of these agreements. Please read it and press"
        " Understood under it."
    )
    assert (await sanne.expect_answers(answered + 1))[-1] == newer
    await sanne.press(NL.gettext("Understood"), message_id=again.message_id)
    thanks = (await sanne.expect_answers(answered + 2))[-1]
    at_once = NL.gettext("Thank you. The teacher knows you have read it.")
    later = NL.gettext("Thank you. The teacher will hear at {time} that you have read it.")
    assert thanks == at_once or thanks.startswith(later.split("{time}")[0])
    await booking_school.wait(timedelta(0))
    read = await marloes.expect_message(contains="has read the agreements")
    assert "Sanne de Vries" in read.text

    await booking_school.wait(timedelta(hours=1))
    look = await mark.expect_message(contains="How was the talk about Zoë?")
    await mark.press("A good talk", message_id=look.message_id)
    await booking_school.wait(timedelta(0))
    told = await marloes.expect_message(contains="it was a good talk")
    assert "Mark Jansen" in told.text


async def test_when_the_parents_did_not_come_they_are_asked_to_choose_a_new_time(
    booking_school,
):
    mark = await booking_school.linked("Mark Jansen", "en")
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    await switch_to_english(marloes)
    await book_zoe(mark)
    await until(booking_school, datetime(2026, 12, 8, 14, 50, tzinfo=AMSTERDAM))
    await marloes.send("/record")
    talks = await marloes.expect_message(predicate=lambda m: "1:ag:" in str(m.buttons))
    await marloes.press(index=0, message_id=talks.message_id)
    asked = await marloes.expect_message(contains="Was the talk held?")
    await confirm_no_show(marloes, asked)
    await booking_school.wait(timedelta(0))
    missed = await mark.expect_message(contains="We missed you at the talk about Zoë")
    await marloes.send("/schedule")
    rounds = await marloes.expect_message(predicate=lambda m: "without a talk" in str(m.buttons))
    await marloes.press("without a talk", message_id=rounds.message_id)
    unbooked = await marloes.expect_message(contains="No talk booked yet")
    assert "Zoë de Vries (1/2A): the parents did not come to the talk, please call them" in (
        unbooked.text
    )
    # Booking for the round has closed, but after a missed talk the parents may rebook.
    await mark.press("Choose a time for Zoë", message_id=missed.message_id)
    days = await mark.expect_message(predicate=lambda m: "1:day:" in str(m.buttons))
    await mark.press(index=0, message_id=days.message_id)
    times = await mark.expect_message(predicate=lambda m: "1:book:" in str(m.buttons))
    await mark.press(index=0, message_id=times.message_id)
    await mark.expect_message(predicate=lambda m: m.document is not None)
    await marloes.send("/record")
    await marloes.expect_message(contains="There are no talks to record")


async def confirm_no_show(marloes, asked) -> None:
    """Marloes says the parents did not come, and confirms it when asked."""
    await marloes.press("The parents did not come", message_id=asked.message_id)
    sure = await marloes.expect_message(contains="They get a message at once")
    await marloes.press("Yes, they did not come", message_id=sure.message_id)
    await marloes.expect_message(contains="Recorded: the parents did not come")


async def test_when_no_time_is_left_the_parents_read_that_the_teacher_will_call(booking_school):
    mark = await booking_school.linked("Mark Jansen", "en")
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    await switch_to_english(marloes)
    await book_zoe(mark)
    await until(booking_school, datetime(2026, 12, 11, 9, 0, tzinfo=AMSTERDAM))  # all talks over
    await marloes.send("/record")
    talks = await marloes.expect_message(predicate=lambda m: "1:ag:" in str(m.buttons))
    await marloes.press(index=0, message_id=talks.message_id)
    asked = await marloes.expect_message(contains="Was the talk held?")
    await marloes.press("The parents did not come", message_id=asked.message_id)
    sure = await marloes.expect_message(contains="They get a message at once")
    await marloes.press("Back", message_id=sure.message_id)  # not yet: nothing is recorded
    asked = await marloes.expect_message(contains="Was the talk held?")
    assert not any("We missed you" in m.body for m in mark.messages)
    await confirm_no_show(marloes, asked)
    await booking_school.wait(timedelta(0))
    missed = await mark.expect_message(contains="We missed you at the talk about Zoë")
    assert "Marloes Dekker will call you" in missed.text
    assert not missed.buttons  # no times to choose from


async def test_a_follow_up_talk_invites_only_this_pupils_parents(booking_school):
    mark = await booking_school.linked("Mark Jansen", "en")
    linda = await booking_school.linked("Linda Bakker", "en")  # Daan, same group
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    await switch_to_english(marloes)
    await book_zoe(mark)
    await until(booking_school, datetime(2026, 12, 8, 14, 50, tzinfo=AMSTERDAM))
    draft = await held_draft(marloes)
    draft = await type_into_draft(marloes, draft, "+ The pupil will", "Reads every day")
    draft = await type_into_draft(marloes, draft, "Evaluation date", "2027-01-20")
    await marloes.press("Follow-up talk: no", message_id=draft.message_id)
    draft = await marloes.expect_message(
        predicate=lambda m: is_draft(m) and "Follow-up talk: yes" in str(m.buttons)
    )
    await marloes.press("Preview and send", message_id=draft.message_id)
    preview = await marloes.expect_message(contains="This is what the parents will get")
    await marloes.press("Send to the parents", message_id=preview.message_id)
    await marloes.expect_message(contains="A follow-up talk is needed. Type the times")
    await marloes.send("2026-12-15 15:00-15:30")
    opened = await marloes.expect_message(contains="Opened:")
    assert "Follow-up talk — group 1/2A" in opened.text  # built in the teacher's language

    await booking_school.wait(timedelta(minutes=3))
    # Mark reads the follow-up round's title in his own language.
    invitation = await mark.expect_message(contains="Follow-up talk, December — group 1/2A")
    await mark.press("Choose a time for Zoë", message_id=invitation.message_id)
    days = await mark.expect_message(contains="Choose a day")
    assert next(b.text for row in days.buttons for b in row).startswith("Tuesday, December 15")
    await linda.send("/talks")  # the December round has closed; the follow-up is not hers
    await linda.expect_message(contains=NL.gettext("There are no talks to plan at the moment."))
    assert not [m for m in linda.messages if "Follow-up talk" in m.text]
