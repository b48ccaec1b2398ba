"""News for someone who just opened their link waits until they chose a language (or two
minutes): once they have chosen, nothing of theirs waits any longer."""

from datetime import timedelta

from bot.i18n import load_catalog
from tests.e2e.test_agreements import book_zoe

EN = load_catalog("en")


async def test_news_after_the_language_is_chosen_goes_out_at_once(booking_school):
    sanne = booking_school.person("Sanne", "nl")
    await sanne.send(f"/start {booking_school.code('Sanne de Vries')}")
    welcome = await sanne.expect_message(contains="Welkom")
    await sanne.press("English", message_id=welcome.message_id)
    await sanne.expect_message(predicate=lambda m: m.edited and "✓ English" in m.text)

    mark = await booking_school.linked("Mark Jansen", "en")
    await book_zoe(mark)

    # Not a second passes: the scheduled delivery run finds Sanne settled.
    await booking_school.wait(timedelta(0))
    heading = EN.gettext("{name} booked the talk about {child}.").format(
        name="Mark Jansen", child="Zoë"
    )
    assert [m for m in sanne.messages if heading in (m.text or "")]


async def test_news_for_someone_still_choosing_waits_two_minutes(booking_school):
    sanne = booking_school.person("Sanne", "nl")
    await sanne.send(f"/start {booking_school.code('Sanne de Vries')}")
    await sanne.expect_message(contains="Welkom")

    mark = await booking_school.linked("Mark Jansen", "en")
    await book_zoe(mark)

    await booking_school.wait(timedelta(minutes=1))
    assert not [m for m in sanne.messages if "Mark Jansen" in (m.text or "")]
    await booking_school.wait(timedelta(minutes=1))
    await sanne.expect_message(contains="Mark Jansen")
