"""The round's title and the talk's place reach each parent in their own language.

The example plan is written in Dutch; an Arabic mother and a Dutch mother of the same
round (group 1/2A) each read the title and the place in their language. Only names — the
school, the children, the teacher, the group — stay as written, isolated in Arabic text.
"""

import re

from icalendar import Calendar

from bot.i18n import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE, load_catalog

AR, NL = load_catalog("ar"), load_catalog("nl")
# Words of the Dutch plan that must not reach an Arabic reader.
DUTCH = ("gesprek", "voortgang", "lokaal", "groep", "december", "kamer", "verdieping")
ISOLATED = re.compile(
    f"{FIRST_STRONG_ISOLATE}[^{POP_DIRECTIONAL_ISOLATE}]*{POP_DIRECTIONAL_ISOLATE}"
)


def outside_names(text: str) -> str:
    """The text without its isolated names, innermost first (isolates nest)."""
    while ISOLATED.search(text):
        text = ISOLATED.sub("", text)
    return text


def assert_arabic_only(text: str) -> None:
    """No Dutch word, and no Latin letter at all, outside the isolated names."""
    rest = outside_names(text)
    assert FIRST_STRONG_ISOLATE not in rest  # every isolate was closed
    assert not any(word in rest.lower() for word in DUTCH), rest
    assert not re.search("[A-Za-z]", rest), rest


async def test_an_arabic_mother_reads_title_and_place_in_arabic_and_a_dutch_one_in_dutch(
    booking_school,
):
    # Fatima's children Noor, Adam and Yasmina are in three groups of the round.
    fatima = await booking_school.linked("Fatima El Amrani", "ar")
    await fatima.send("/talks")
    invitation = await fatima.expect_message(contains=AR.gettext("Progress talks"))
    assert_arabic_only(invitation.text)
    heading = invitation.text.splitlines()[0]
    # The kind and the month (as CLDR writes it in Arabic); no single group to name.
    assert heading == AR.gettext("Invitation: {title}").format(
        title=AR.gettext("{kind}, {month}").format(
            kind=AR.gettext("Progress talks"), month="ديسمبر"
        )
    )
    assert AR.gettext("your child's classroom") in invitation.text
    for row in invitation.buttons:
        for button in row:
            assert not any(word in button.text.lower() for word in DUTCH), button.text

    await fatima.press(index=0, message_id=invitation.message_id)  # Noor, group 1/2A
    days = await fatima.expect_message(predicate=lambda m: "1:day:" in str(m.buttons))
    await fatima.press(index=0, message_id=days.message_id)
    times = await fatima.expect_message(predicate=lambda m: "1:book:" in str(m.buttons))
    await fatima.press(index=0, message_id=times.message_id)
    booked = await fatima.expect_message(contains=AR.gettext("Your talk is booked."))
    classroom = AR.gettext("the classroom of group {group}").format(
        group=f"{FIRST_STRONG_ISOLATE}1/2A{POP_DIRECTIONAL_ISOLATE}"
    )
    assert classroom in booked.text  # the teacher's own place: the classroom keyword
    assert_arabic_only(booked.text)
    ics = await fatima.expect_message(predicate=lambda m: m.document is not None)
    event = next(iter(Calendar.from_ical(ics.document.data).walk("VEVENT")))
    assert str(event["LOCATION"]) == AR.gettext("At school, {place}").format(
        place=AR.gettext("the classroom of group {group}").format(group="1/2A")
    )
    # The calendar names Noor's group: the title her booking belongs to, in Arabic.
    noor_title = AR.gettext("{title} — group {group}").format(
        title=AR.gettext("{kind}, {month}").format(
            kind=AR.gettext("Progress talks"), month="ديسمبر"
        ),
        group="1/2A",
    )
    assert noor_title in str(event["DESCRIPTION"])
    assert "Voortgangsgesprekken" not in str(event["DESCRIPTION"])

    sanne = await booking_school.linked("Sanne de Vries", "nl")  # Zoë, the same group
    await sanne.send("/talks")
    dutch = await sanne.expect_message(contains=NL.gettext("Invitation: {title}")[:10])
    # The plan's own title is the school's, in Dutch: Dutch parents read it as written.
    assert dutch.text.splitlines()[0] == "Uitnodiging: Voortgangsgesprekken december"
    assert "Op school, het lokaal van groep 1/2A" in dutch.text
