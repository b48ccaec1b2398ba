"""Issue 20 from end to end: a work-attitude meeting for group 3 and the newcomers.

The example school gets a group 3 (Elif Kaya, whose mother Hatice reads Turkish, and Bram
Kok, whose mother Anouk reads Dutch); its newcomers are Sofiia and Bohdan (enrolled
1 September; their mother Olena reads Ukrainian) and Sara (2 November). The plan puts the
meeting on Thursday 17 December 2026 at 19:00 (18:00 UTC; on 1 December it moves to 19:30)
in the hall, with childcare and a Turkish interpreter; invitations go out Tuesday
24 November at 09:00, answers close Tuesday 15 December at 17:00. Ilse Koster, internal
counsellor, organises it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.meeting_topics import key_points, topic_title
from bot.domain.meetings import MeetingTopic
from bot.i18n import Translations
from bot.sandbox.messages import ChatMessage
from bot.services.invitations import list_invitations
from bot.services.roster_import import import_roster
from bot.services.year_plan import apply_plan
from bot.storage import meetings
from bot.telegram.context import DEPS_KEY
from bot.telegram.deps import Reader
from bot.telegram.free_text import language_name
from scheduling.clock import SCHEDULER_KEY
from tests.conftest import EXAMPLES
from tests.e2e.conftest import School

TR, NL, UK = (Translations("nl").for_language(code) for code in ("tr", "nl", "uk"))
TOPIC = MeetingTopic.WORK_ATTITUDE
GROUP_3 = (
    "1041;Elif;;Kaya;Groep 3;Hatice Kaya;moeder;hatice.kaya@example.nl;06-11110041;Turks;1;"
    "1-9-2025\r\n"
    "1042;Bram;;Kok;Groep 3;Anouk Kok;moeder;anouk.kok@example.nl;06-11110042;Nederlands;1;"
    "1-9-2025\r\n"
)
PLAN = """
[[meetings]]
id = "work-attitude-3"
topic = "work-attitude"
starts = 2026-12-17T19:00:00
place = "hall"
groups = ["3"]
newcomers = true
newcomer_months = 6
childcare = true
interpreters = ["tr"]
invitations_from = 2026-11-24T09:00:00
rsvp_closes = 2026-12-15T17:00:00
organiser = "i.koster@regenboog.example.nl"
"""
WORDS = "Fijn dat u er was! Volgende keer oefenen we samen met de tafels."


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def at(school: School, *moment: int) -> None:
    school.clock.set(utc(*moment))
    await school.app.bot_data[SCHEDULER_KEY].tick()


def has(action: str):
    return lambda message: f"1:{action}:" in str(message.buttons)


def about_the_meeting(messages: list[ChatMessage], title: str) -> list[ChatMessage]:
    return [m for m in messages if title in m.text]


async def test_a_meeting_for_group_3_and_the_newcomers_from_invitation_to_summary(
    school: School,
):
    db = school.app.bot_data[DEPS_KEY].db
    school.clock.set(utc(2026, 11, 23, 9, 0))
    roster = (EXAMPLES / "regenboog-roster.csv").read_bytes() + GROUP_3.encode()
    await import_roster(db, roster, default_language="nl", clock=school.clock)
    report = await apply_plan(db, PLAN, clock=school.clock, tz=school.settings.timezone)
    assert [(m.key, m.status) for m in report.meetings] == [("work-attitude-3", "added")]
    school.invitations += await list_invitations(
        db,
        secret=school.settings.secret_key,
        bot_username="parentbot_sandbox_bot",
        clock=school.clock,
    )
    hatice = await school.linked("Hatice Kaya", "tr")
    anouk = await school.linked("Anouk Kok", "nl")
    olena = await school.linked("Olena Kovalenko", "uk")
    jolanda = await school.linked("Jolanda Smit", "nl")  # group 4, no newcomer: not invited
    ilse = await school.linked("Ilse Koster", kind="staff")
    tr_title, nl_title, uk_title = (t.gettext(topic_title(TOPIC)) for t in (TR, NL, UK))

    # The invitations: one each, in their own language; Olena once for her two newcomers.
    await at(school, 2026, 11, 24, 7, 59)
    assert not about_the_meeting(hatice.messages, tr_title)
    await at(school, 2026, 11, 24, 8, 0)
    invitation = about_the_meeting(hatice.messages, tr_title)
    assert len(invitation) == 1
    assert TR.gettext("Children do not come to this meeting.") in invitation[0].text
    assert len(about_the_meeting(anouk.messages, nl_title)) == 1
    assert len(about_the_meeting(olena.messages, uk_title)) == 1
    assert not about_the_meeting(jolanda.messages, nl_title)

    # Hatice: coming, one adult, childcare for two children (a baby and a schoolchild), and
    # the Turkish interpreter. Anouk: coming with two adults, no childcare, no interpreter.
    await hatice.press(TR.gettext("Coming"), message_id=invitation[0].message_id)
    await hatice.expect_message(contains=TR.gettext("How many adults will come, including you?"))
    await hatice.press("1")
    await hatice.expect_message(predicate=has("mtrc"))
    await hatice.press("2")
    child = TR.gettext("How old is child {number} of {total}?")
    await hatice.expect_message(contains=child.format(number=1, total=2))
    await hatice.press(TR.gettext("0–1 year"))
    await hatice.expect_message(contains=child.format(number=2, total=2))
    await hatice.press(TR.gettext("4–12 years"))
    await hatice.expect_message(predicate=has("mtri"))
    await hatice.press(index=0)  # "Yes, in Turkish": her own language is offered
    await hatice.expect_message(predicate=has("mtrx"))
    await anouk.press(NL.gettext("Coming"))
    await anouk.expect_message(contains=NL.gettext("How many adults will come, including you?"))
    await anouk.press("2")
    await anouk.expect_message(predicate=has("mtrc"))
    await anouk.press(NL.gettext("No, thank you"))
    await anouk.expect_message(predicate=has("mtri"))
    await anouk.press(NL.gettext("No, thank you"))
    await anouk.expect_message(predicate=has("mtrx"))

    # The organiser's counts in Telegram.
    await ilse.send("/meetings")
    overview = await ilse.expect_message(predicate=has("mtoc"))
    assert NL.gettext("Adults coming (or perhaps coming): {count}").format(count=3) in (
        overview.text
    )
    for shown in ("0-1: 1", "4-12: 1"):
        assert shown in overview.text, shown
    turkish = language_name("tr", Reader("nl", NL, ()))
    assert f"{turkish}: 1" in overview.text  # one interpreter, the language named in Dutch

    # The school moves the meeting half an hour later: everyone invited in Telegram hears it
    # in their language, with the new time and the old one.
    school.clock.set(utc(2026, 12, 1, 10, 0))
    later = PLAN.replace("starts = 2026-12-17T19:00:00", "starts = 2026-12-17T19:30:00")
    moved = await apply_plan(db, later, clock=school.clock, tz=school.settings.timezone)
    assert moved.meetings[0].parents_told == 3  # Hatice, Anouk, Olena
    await school.wait(timedelta(0))
    news = await hatice.expect_message(
        contains=TR.gettext("This meeting has changed. Please note the new time and place:")
    )
    assert "19:30" in news.text
    assert TR.gettext("It was planned for {when}.").split("{")[0] in news.text
    assert TR.gettext("Can you still come? If not, please change your answer.") in news.text
    await olena.expect_message(contains=uk_title)

    # A week before the meeting, the reminder: to Hatice and Anouk, who come, not to Olena.
    seen = {who: len(user.messages) for who, user in (("h", hatice), ("a", anouk), ("o", olena))}
    await at(school, 2026, 12, 10, 18, 29)
    assert (len(hatice.messages), len(anouk.messages)) == (seen["h"], seen["a"])
    await at(school, 2026, 12, 10, 18, 30)
    assert (len(hatice.messages), len(anouk.messages)) == (seen["h"] + 1, seen["a"] + 1)
    reminder = hatice.messages[-1]
    assert tr_title in reminder.text
    in_a_week = TR.ngettext(
        "Reminder: the meeting is in {count} day.", "Reminder: the meeting is in {count} days.", 7
    )
    assert in_a_week.format(count=7) in reminder.text
    assert (
        TR.ngettext(
            "Childcare is arranged for {count} child.",
            "Childcare is arranged for {count} children.",
            2,
        ).format(count=2)
        in reminder.text
    )
    assert "Türkçe" in reminder.text  # the interpreter she asked for
    assert len(olena.messages) == seen["o"]

    # Three days before answers close, the nudge reaches only Olena, who did not answer.
    await at(school, 2026, 12, 12, 16, 0)
    assert len(olena.messages) == seen["o"] + 1
    assert uk_title in olena.messages[-1].text
    assert has("mtr")(olena.messages[-1])
    assert (len(hatice.messages), len(anouk.messages)) == (seen["h"] + 1, seen["a"] + 1)

    # On the evening: Anouk came, Hatice could not.
    school.clock.set(utc(2026, 12, 17, 18, 45))
    await ilse.send("/meetings")
    overview = await ilse.expect_message(predicate=has("mtoa"))
    await ilse.press(NL.gettext("Attendance"), message_id=overview.message_id)
    listing = await ilse.expect_message(predicate=has("mtop"))
    await ilse.press("Anouk Kok", message_id=listing.message_id)
    await ilse.expect_message(predicate=lambda m: "✅ Anouk Kok" in str(m.buttons))
    async with db.read() as conn:
        (meeting,) = [m for m in await meetings.load_meetings(conn) if m.key == "work-attitude-3"]
        assert list((await meetings.attendance(conn, meeting.id)).values()) == [True]

    # Afterwards the summary: Hatice reads the key points in Turkish with Ilse's own words.
    school.clock.set(utc(2026, 12, 17, 19, 45))  # 20:45 at school, before quiet hours
    await ilse.send("/meetings")
    overview = await ilse.expect_message(predicate=has("mtos"))
    await ilse.press(NL.gettext("Summary for the families"), message_id=overview.message_id)
    preview = await ilse.expect_message(predicate=has("mtox"))
    await ilse.press(NL.gettext("Add my own words"), message_id=preview.message_id)
    await ilse.expect_message(predicate=lambda m: "1:nvm" in str(m.buttons))
    await ilse.send(WORDS)
    preview = await ilse.expect_message(predicate=lambda m: has("mtox")(m) and WORDS in m.text)
    await ilse.press(NL.gettext("Send to the families"), message_id=preview.message_id)
    await ilse.expect_message(contains=NL.gettext("Sent."))
    await school.wait(timedelta(0))
    summary = await hatice.expect_message(
        contains=TR.gettext("You could not come to {title}.").format(title=tr_title)
    )
    for point in key_points(TOPIC):
        assert TR.gettext(point) in summary.text
    assert WORDS in summary.text
    assert TR.gettext("What you can do at home:") in summary.text
    await anouk.expect_message(
        contains=NL.gettext("Thank you for coming to {title}.").format(title=nl_title)
    )
