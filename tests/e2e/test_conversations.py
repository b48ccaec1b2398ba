"""Parents and teachers reach each other: a parent's free text or voice note outside any
flow goes to the child's teacher after a confirmation; the teacher answers by voice, by
text or with Telegram's reply; translated both ways when the school runs an engine; and
outside working hours the teacher reads it when the next working period begins."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import load_catalog
from tests.e2e.conftest import running_school
from tests.e2e.test_agreements import book_zoe, record_one_agreement
from tests.e2e.test_teacher import switch_to_english
from tests.translation_double import translation_double

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NL, AR = load_catalog("nl"), load_catalog("ar")
ILL = "Emma is ziek vandaag, ze blijft thuis."


def has_data(fragment: str):
    return lambda m: fragment in str(m.buttons)


async def press_data(person, message, prefix: str) -> None:
    """Press the button whose callback data starts with `prefix` (labels are translated)."""
    for row in message.buttons:
        for button in row:
            if (button.callback_data or "").startswith(prefix):
                await person.press(button.text, message_id=message.message_id)
                return
    raise AssertionError(f"no button {prefix!r} in {message.buttons}")


async def send_to_teacher(parent, text: str, *, only: str | None = None):
    """The parent types outside any flow, (picks one teacher,) presses Send; returns the
    confirmation."""
    await parent.send(text)
    offer = await parent.expect_message(predicate=has_data("1:cvs:0"))
    if only is not None:
        await parent.press(only, message_id=offer.message_id)
        offer = await parent.expect_message(
            predicate=lambda m: m.edited and f"✓ {only}" in str(m.buttons)
        )
    await press_data(parent, offer, "1:cvs:0")
    return await parent.expect_message(predicate=lambda m: m.edited and not m.buttons)


async def test_parent_writes_teacher_answers_by_voice(school):
    jolanda = await school.linked("Jolanda Smit")
    karim = await school.linked("Karim Bouzid", kind="staff")
    await school.wait(timedelta(minutes=3))  # they just linked: settled in their language

    await jolanda.send(ILL)
    offer = await jolanda.expect_message(predicate=has_data("1:cvs:0"))
    # Emma's group has two teachers: both by default, or either one.
    assert NL.gettext("Send this to {teachers} about {child}?").split("{")[0] in offer.text
    assert "Karim Bouzid" in offer.text
    assert "Ellen Vos" in offer.text
    assert ILL in offer.text
    assert "Emma" in offer.text
    assert "1:cvt:0" in str(offer.buttons)
    await jolanda.press("Karim Bouzid", message_id=offer.message_id)
    offer = await jolanda.expect_message(predicate=lambda m: m.edited and "Ellen Vos" not in m.text)
    await press_data(jolanda, offer, "1:cvs:0")
    sent = await jolanda.expect_message(predicate=lambda m: m.edited and not m.buttons)
    assert "Karim Bouzid" in sent.text

    await school.wait(timedelta(0))
    received = await karim.expect_message(contains=ILL)
    assert "Jolanda Smit" in received.text
    assert "Emma Smit" in received.text
    assert "Nederlands" in received.text  # the parent's language
    await press_data(karim, received, "1:cva:")
    await karim.expect_message(predicate=has_data("1:nvm"))
    await karim.send_voice()
    await karim.expect_message(contains="Jolanda Smit")

    await school.wait(timedelta(0))
    answered = await jolanda.expect_message(contains="Karim Bouzid", predicate=has_data("1:cva:"))
    assert "Emma" in answered.text
    voice = await jolanda.expect_message(predicate=lambda m: m.kind == "voice")
    assert voice.media["voice"]["file_id"]

    # Her reply in the same conversation reaches Karim; his answer by Telegram's reply too.
    await press_data(jolanda, answered, "1:cva:")
    await jolanda.expect_message(predicate=has_data("1:nvm"))
    await jolanda.send("Dank u wel!")
    await jolanda.expect_message(contains="Karim Bouzid")
    await school.wait(timedelta(0))
    thanks = await karim.expect_message(contains="Dank u wel!")
    await karim.reply(thanks, "Beterschap voor Emma.")  # Telegram's "Reply"
    await karim.expect_message(contains="Jolanda Smit")
    await school.wait(timedelta(0))
    await jolanda.expect_message(contains="Beterschap voor Emma.")

    # /answers shows the conversation for Emma, with every message.
    await karim.send("/answers")
    listing = await karim.expect_message(predicate=has_data("1:cvl:"))
    await press_data(karim, listing, "1:cvl:")
    thread = await karim.expect_message(contains="Beterschap voor Emma.")
    assert ILL in thread.text
    assert "Dank u wel!" in thread.text


async def test_both_directions_labelled_with_a_translation_engine(sandbox, settings, clock):
    async with translation_double() as double:
        with_engine = settings.model_copy(
            update={"translation_engine": "libretranslate", "translation_url": double.url}
        )
        async with running_school(sandbox, with_engine, clock) as school:
            rania = await school.linked("Rania Haddad", "ar")
            karim = await school.linked("Karim Bouzid", kind="staff")
            await school.wait(timedelta(minutes=3))
            question = "هل يمكن أن تتصل بي اليوم؟"
            await send_to_teacher(rania, question, only="Karim Bouzid")

            await school.wait(timedelta(0))
            received = await karim.expect_message(contains=question)
            assert double.translated(question, "nl") in received.text
            machine = NL.gettext("Machine translation from {language} (it may contain mistakes):")
            assert machine.split("{")[0] in received.text
            assert "Lina" not in str(double.received)  # names never reach the engine

            await press_data(karim, received, "1:cva:")
            await karim.expect_message(predicate=has_data("1:nvm"))
            await karim.send("Ja, ik bel u om 15 uur.")
            await karim.expect_message(contains="Rania Haddad")
            await school.wait(timedelta(0))
            answered = await rania.expect_message(contains="Ja, ik bel u om 15 uur.")
            assert double.translated("Ja, ik bel u om 15 uur.", "ar") in answered.text
            machine = AR.gettext("Machine translation from {language} (it may contain mistakes):")
            assert machine.split("{")[0] in answered.text


async def test_outside_working_hours_the_teacher_reads_it_next_morning(school):
    jolanda = await school.linked("Jolanda Smit")
    karim = await school.linked("Karim Bouzid", kind="staff")
    friday_evening = datetime(2026, 9, 11, 18, 30, tzinfo=AMSTERDAM)
    await school.wait(friday_evening - school.clock.now())

    first = await send_to_teacher(jolanda, ILL, only="Karim Bouzid")
    # She is told when: Monday at 08:00, when working hours begin.
    assert "14 september" in first.text
    assert "08:00" in first.text
    await send_to_teacher(jolanda, "En morgen heeft ze een afspraak.", only="Karim Bouzid")

    await school.wait(datetime(2026, 9, 14, 7, 59, tzinfo=AMSTERDAM) - school.clock.now())
    assert not [m for m in karim.messages if ILL in m.body]
    await school.wait(datetime(2026, 9, 14, 8, 0, tzinfo=AMSTERDAM) - school.clock.now())
    morning = await karim.expect_message(contains=ILL)
    assert "En morgen heeft ze een afspraak." in morning.text  # one message per pupil


async def test_every_kind_of_message_outside_a_flow_is_answered(school):
    jolanda = await school.linked("Jolanda Smit")
    karim = await school.linked("Karim Bouzid", kind="staff")

    await jolanda.send_voice()
    offer = await jolanda.expect_message(predicate=has_data("1:cvs:0"))
    assert NL.gettext("(voice message)") in offer.text
    await press_data(jolanda, offer, "1:nvm")
    await jolanda.expect_message(predicate=lambda m: m.edited)

    pass_on = NL.gettext(
        "I cannot pass on photos, files or stickers. To reach your child's teacher, type"
        " your message or send a voice message. Send /talks to see your talks."
    )
    await jolanda.send_photo()
    await jolanda.expect_message(contains=pass_on)
    await jolanda.send_sticker()
    await jolanda.expect_message(contains=pass_on)
    await jolanda.send_document("note.pdf", b"%PDF-1.4")
    await jolanda.expect_message(contains=pass_on)

    how_to_answer = NL.gettext(
        "To answer a parent, press “Answer” under their message, or reply to it, and type or"
        " record your answer. /answers shows the parents' messages per pupil; the menu shows"
        " what else I can do."
    )
    await karim.send("Hallo?")
    await karim.expect_message(contains=how_to_answer)
    await karim.send_photo()
    await karim.expect_message(contains=how_to_answer)


async def test_a_question_about_the_agreements_is_answered_to_both_parents(booking_school):
    sanne = await booking_school.linked("Sanne de Vries", "nl")
    await switch_to_english(sanne)
    mark = await booking_school.linked("Mark Jansen", "en")
    marloes = await booking_school.linked("Marloes Dekker", kind="staff")
    await switch_to_english(marloes)
    await book_zoe(mark)
    await booking_school.wait(
        datetime(2026, 12, 8, 14, 50, tzinfo=AMSTERDAM) - booking_school.clock.now()
    )
    await record_one_agreement(booking_school, marloes)
    await booking_school.wait(timedelta(0))
    agreements = await sanne.expect_message(contains="Reads every day")
    await sanne.press("I have a question", message_id=agreements.message_id)
    await sanne.expect_message(contains="Type your question")
    await sanne.send("Which books?")
    await sanne.expect_message(contains="Thank you.")

    await booking_school.wait(timedelta(0))
    asked = await marloes.expect_message(contains="Which books?", predicate=has_data("1:cva:"))
    await press_data(marloes, asked, "1:cva:")
    await marloes.expect_message(predicate=has_data("1:nvm"))
    await marloes.send("Any picture book from the library.")
    await marloes.expect_message(contains="Sanne de Vries")

    await booking_school.wait(timedelta(0))
    # About the agreements: the other parent reads the answer too (not Sanne's question).
    for parent in (sanne, mark):
        answered = await parent.expect_message(contains="Any picture book from the library.")
        assert "Which books?" not in answered.text
