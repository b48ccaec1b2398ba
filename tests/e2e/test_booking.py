"""Parents book, move and cancel talks by pressing buttons, as on their phone."""

from datetime import timedelta

from icalendar import Calendar

from tests.e2e.test_teacher import has_english_button, open_unbooked, switch_to_english


async def test_invite_book_and_receive_the_calendar_file(booking_school):
    tom = await booking_school.linked("Tom de Groot", "en")
    await tom.send("/talks")
    invitation = await tom.expect_message(contains="Progress talks, December")
    assert "Sem" in invitation.text
    await tom.press("Choose a time for Sem")
    days = await tom.expect_message(contains="Choose a day")
    await tom.press(index=0)
    times = await tom.expect_message(contains="Choose a time on")
    first_time = times.buttons[0][0].text
    await tom.press(first_time)
    booked = await tom.expect_message(contains="Your talk is booked")
    assert booked.message_id == days.message_id  # the picker became the confirmation
    assert first_time.split(" · ")[1] in booked.text  # the teacher
    ics = await tom.expect_message(predicate=lambda m: m.document is not None)
    event = next(iter(Calendar.from_ical(ics.document.data).walk("VEVENT")))
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert first_time.startswith(event["DTSTART"].dt.strftime("%-I:%M\u202f%p"))


async def choose_first_time(parent, child: str, open_label: str = "Choose a time for") -> str:
    """Open the invitation, pick the first day and return the first time's label."""
    await parent.send("/talks")
    await parent.expect_message(contains="Progress talks, December")
    await parent.press(f"{open_label} {child}")
    await parent.expect_message(contains="Choose a day")
    await parent.press(index=0)
    times = await parent.expect_message(contains="Choose a time on")
    return times.buttons[0][0].text


async def test_a_parent_moves_the_talk_and_then_cancels_it(booking_school):
    tom = await booking_school.linked("Tom de Groot", "en")
    first = await choose_first_time(tom, "Sem")
    await tom.press(first)
    await tom.expect_message(contains="Your talk is booked")
    await tom.expect_message(predicate=lambda m: m.document is not None)
    await tom.press("Change the time")
    await tom.expect_message(contains="Choose a day")
    await tom.press(index=0)
    times = await tom.expect_message(contains="Choose a time on")
    labels = [b.text for row in times.buttons for b in row]
    assert first not in labels  # the time Sem already has is not offered again
    second = next(label for label in labels if label != first and ":" in label)
    await tom.press(second)
    moved = await tom.expect_message(contains="Your talk is booked")
    assert second.split(" · ")[0] in moved.text
    await tom.expect_message(predicate=lambda m: m.document is not None)
    await tom.press("Cancel the talk")
    await tom.expect_message(contains="Do you want to cancel")
    await tom.press("Yes, cancel the talk")
    await tom.expect_message(contains="The talk is cancelled")
    await tom.send("/talks")
    again = await tom.expect_message(contains="Progress talks, December")
    assert "Sem: no time chosen yet" in again.text


async def test_old_buttons_change_nothing_and_say_why(booking_school):
    tom = await booking_school.linked("Tom de Groot", "en")
    first = await choose_first_time(tom, "Sem")
    await tom.press(first)
    booked = await tom.expect_message(contains="Your talk is booked")
    await tom.expect_message(predicate=lambda m: m.document is not None)
    await tom.press("Cancel the talk", message_id=booked.message_id)
    await tom.expect_message(contains="Do you want to cancel")
    await tom.press("Yes, cancel the talk")
    await tom.expect_message(contains="The talk is cancelled")
    # The confirmation's buttons were replaced, but an old copy of them may linger.
    booking_id = booked.buttons[0][1].callback_data.split(":")[-1]
    answered = len(tom.callback_answers)
    await tom.press_data(f"1:cxy:{booking_id}")
    await tom.press_data(f"1:rs:{booking_id}")
    answers = await tom.expect_answers(answered + 2)
    assert answers[-2:] == ["This talk was already cancelled."] * 2
    await tom.send("/talks")
    again = await tom.expect_message(contains="Progress talks, December")
    assert "Sem: no time chosen yet" in again.text


async def test_forged_presses_for_another_child_change_nothing(booking_school, settings):
    tom = await booking_school.linked("Tom de Groot", "en")
    first = await choose_first_time(tom, "Sem")
    times = tom.messages[-1]
    book_data = next(b.callback_data for row in times.buttons for b in row if b.text == first)
    round_id, pupil_id, slot_id = book_data.split(":")[3:6]
    forged = [
        f"1:book:g:{round_id}:{int(pupil_id) - 1}:{slot_id}:0",  # another pupil of groep 4
        f"1:book:s:{round_id}:{pupil_id}:{slot_id}:0",  # pretending to be a teacher
        f"1:book:g:{round_id}:{pupil_id}:{slot_id}:999",  # moving a booking that is not there
        f"1:pick:g:{round_id}:{int(pupil_id) + 5}:0",
    ]
    answered = len(tom.callback_answers)
    for data in forged:
        await tom.press_data(data)
    answers = (await tom.expect_answers(answered + len(forged)))[-len(forged) :]
    assert all("no longer valid" in answer for answer in answers), answers
    await tom.send("/talks")
    await tom.expect_message(contains="Sem: no time chosen yet")


async def open_chains(school):
    """Fatima, switched to English, with back-to-back times for her three children shown."""
    fatima = await school.linked("Fatima El Amrani", "ar")
    await fatima.send("/language")
    picker = await fatima.expect_message(predicate=has_english_button)
    await fatima.press("English", message_id=picker.message_id)
    await fatima.expect_message(contains="From now on")
    await fatima.send("/talks")
    invitation = await fatima.expect_message(contains="Progress talks, December")
    for child in ("Noor", "Adam", "Yasmina"):
        assert child in invitation.text
    await fatima.press("Back-to-back times for all", message_id=invitation.message_id)
    return fatima, await fatima.expect_message(contains="Choose back-to-back times")


async def test_brothers_and_sisters_get_back_to_back_times(booking_school):
    fatima, chains = await open_chains(booking_school)
    await fatima.press(index=0)
    confirmations = [await fatima.expect_message(contains="Your talk is booked") for _ in range(3)]
    teachers = {c.text.split("With: ")[1].split("\n")[0] for c in confirmations}
    assert teachers >= {"Marloes Dekker", "Ruben Prins"}
    assert chains.buttons  # one choice per starting time


def chain_labels(message) -> list[str]:
    return [b.text for row in message.buttons for b in row if b.callback_data.startswith("1:sbk:")]


async def test_back_to_back_times_cover_every_day_a_page_at_a_time(booking_school):
    fatima, chains = await open_chains(booking_school)
    first_page = chain_labels(chains)
    assert len(first_page) == 6
    labels = [b.text for row in chains.buttons for b in row]
    assert {"Choose a time for Noor", "Choose a time for Adam", "Choose a time for Yasmina"} <= set(
        labels
    )
    seen, page = list(first_page), chains
    while "More times" in [b.text for row in page.buttons for b in row]:
        await fatima.press("More times", message_id=chains.message_id)
        page = await fatima.expect_message(contains="Choose back-to-back times")
        assert page.message_id == chains.message_id  # paged in place
        seen += chain_labels(page)
    assert len(seen) == len(set(seen)) > 6
    assert any(label.startswith("Thursday, December 10: 6:30") for label in seen)  # evening
    # A chain waits the walk between rooms only: 5 minutes, so starts 20 minutes apart.
    assert "2:30\u202fPM Noor, 2:50\u202fPM Adam, 3:10\u202fPM Yasmina" in first_page[0]
    await fatima.press("Choose a time for Adam", message_id=chains.message_id)
    await fatima.expect_message(contains="Choose a day for the talk about Adam")


async def test_an_old_choose_button_is_refused_at_once_with_the_talks_as_they_are(
    booking_school,
):
    tom = await booking_school.linked("Tom de Groot", "en")
    await tom.send("/talks")
    old = await tom.expect_message(contains="Sem: no time chosen yet")
    first = await choose_first_time(tom, "Sem")
    await tom.press(first)
    await tom.expect_message(contains="Your talk is booked")
    answered = len(tom.callback_answers)
    await tom.press("Choose a time for Sem", message_id=old.message_id)
    (answer,) = (await tom.expect_answers(answered + 1))[answered:]
    assert answer == "A time has already been chosen for this child."
    now = await tom.expect_message(predicate=lambda m: m.message_id == old.message_id)
    assert "Sem: Tuesday" in now.text
    assert first.split(" · ")[1] in now.text
    assert "Sem: change or cancel" in [b.text for row in now.buttons for b in row]
    assert not any("Choose a day" in m.text for m in tom.messages if m.text)  # no day list

    mark = await booking_school.linked("Mark Jansen", "en")
    await mark.send("/talks")
    before = await mark.expect_message(contains="Zoë: no time chosen yet")
    await booking_school.wait(timedelta(days=12))  # booking closed on 4 December
    answered = len(mark.callback_answers)
    await mark.press("Choose a time for Zoë", message_id=before.message_id)
    (closed,) = (await mark.expect_answers(answered + 1))[answered:]
    assert closed.startswith("Booking for this round is closed")
    after = await mark.expect_message(predicate=lambda m: m.message_id == before.message_id)
    assert "Zoë: no time chosen yet" in after.text
    assert not after.buttons


async def test_a_teacher_s_old_book_button_shows_the_talk_booked_since(booking_school):
    """Karim's list of pupils without a talk is open while Tom books Sem's talk."""
    karim = await booking_school.linked("Karim Bouzid", kind="staff")
    await switch_to_english(karim)
    unbooked = await open_unbooked(karim)
    tom = await booking_school.linked("Tom de Groot", "en")
    first = await choose_first_time(tom, "Sem")
    await tom.press(first)
    await tom.expect_message(contains="Your talk is booked")
    answered = len(karim.callback_answers)
    await karim.press("Book for Sem de Groot", message_id=unbooked.message_id)
    (answer,) = (await karim.expect_answers(answered + 1))[answered:]
    assert answer == "A time has already been chosen for this child."
    talk = await karim.expect_message(contains="The talk about Sem")
    assert talk.message_id != unbooked.message_id  # the list stays
    assert "Answer the teacher's questions" not in str(talk.buttons)
