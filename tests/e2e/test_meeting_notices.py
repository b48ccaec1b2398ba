"""An information meeting's messages driven by the injected clock, against the sandbox.

The meeting for group 4 is Thursday 26 November 2026 at 19:30 in the school hall;
invitations go out Monday 2 November at 09:00 and answers close Tuesday 24 November at
17:00 (Amsterdam, winter time: UTC+1). Ülkü Demir, father of Ĳsbrand, reads Turkish;
Karim Bouzid teaches group 4 and reads Dutch; Fatima El Amrani, mother of Adam (group 4)
and Yasmina (group 7/8), opens her link late; Adam's father never does.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.meetings import Reply, Rsvp
from bot.i18n import Translations
from bot.sandbox.messages import ChatMessage
from bot.storage import meetings
from bot.telegram.context import DEPS_KEY
from scheduling.clock import SCHEDULER_KEY
from tests.e2e.conftest import School
from tests.meeting_fixture import add_meeting


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


STARTS = utc(2026, 11, 26, 18, 30)
OPENS = utc(2026, 11, 2, 8, 0)
CLOSES = utc(2026, 11, 24, 16, 0)
# Words a Dutch text of these messages would have; none may reach a Turkish reader.
DUTCH = ("bijeenkomst", "kinderen", "opvang", "tolk", "lezen", "rekenen", "aula", "november")


async def at(school: School, *moment: int) -> None:
    school.clock.set(utc(*moment))
    await school.app.bot_data[SCHEDULER_KEY].tick()


def buttons(message: ChatMessage) -> list[str]:
    return [b.callback_data or "" for row in message.buttons for b in row]


async def test_invitation_reminder_and_the_teachers_list_of_families_to_call(school: School):
    db = school.app.bot_data[DEPS_KEY].db
    school.clock.set(utc(2026, 11, 2, 7, 0))
    meeting_id = await add_meeting(
        db,
        starts_at=STARTS,
        groups=("4", "7/8"),
        minutes=90,
        invitations_from=OPENS,
        rsvp_closes_at=CLOSES,
        interpreters=("ar", "tr"),
    )
    ulku = await school.linked("Ülkü Demir", "tr")
    karim = await school.linked("Karim Bouzid", "nl", kind="staff")
    seen = {"ulku": len(ulku.messages), "karim": len(karim.messages)}

    # The invitation, in Turkish: what, when, where, no children, childcare, interpreters.
    await at(school, 2026, 11, 2, 7, 59)
    assert len(ulku.messages) == seen["ulku"]
    await at(school, 2026, 11, 2, 8, 0)
    assert len(ulku.messages) == seen["ulku"] + 1
    invitation = ulku.messages[-1]
    turkish = Translations("nl").for_language("tr")
    for line in (
        "Bu öğretim yılında okuma ve matematik",  # the topic's title
        turkish.gettext("Children do not come to this meeting."),
        "26 Kasım",
        "90 dakika",
        "Arapça",  # interpreter languages as Turkish names them
        "Türkçe",
    ):
        assert line in invitation.text, line
    assert not [word for word in DUTCH if word in invitation.text.lower()]
    assert buttons(invitation)[0].endswith(f"mtr:{meeting_id}:yes")
    assert len(karim.messages) == seen["karim"]  # staff are not invited
    await at(school, 2026, 11, 2, 8, 1)
    assert len(ulku.messages) == seen["ulku"] + 1  # planned again, sent once

    # Fatima opens her link a week later: one invitation, though Adam (group 4) and Yasmina
    # (group 7/8) are both invited, once she has settled in.
    school.clock.set(utc(2026, 11, 9, 10, 0))
    fatima = await school.linked("Fatima El Amrani", "ar")
    seen["fatima"] = len(fatima.messages)
    await at(school, 2026, 11, 9, 10, 2)
    assert len(fatima.messages) == seen["fatima"] + 1
    assert "التركية" in fatima.messages[-1].text  # Turkish, as Arabic names it
    await at(school, 2026, 11, 9, 10, 3)
    assert len(fatima.messages) == seen["fatima"] + 1

    # Ülkü answers: coming, with two adults, childcare for one child, an interpreter.
    ulku_id = await _guardian_id(db, "Ülkü Demir")
    async with db.transaction() as conn:
        reply = Reply(ulku_id, Rsvp.YES, 2, ("4-12",), "tr")
        await meetings.save_reply(conn, meeting_id, reply, None, school.clock.now())

    # A week before: the reminder, with what he asked for and the buttons to change it.
    await at(school, 2026, 11, 19, 18, 29)
    assert len(ulku.messages) == seen["ulku"] + 1
    await at(school, 2026, 11, 19, 18, 30)
    assert len(ulku.messages) == seen["ulku"] + 2
    reminder = ulku.messages[-1]
    assert "Bu öğretim yılında okuma ve matematik" in reminder.text
    in_a_week = turkish.ngettext(
        "Reminder: the meeting is in {count} day.", "Reminder: the meeting is in {count} days.", 7
    )
    assert in_a_week.format(count=7) in reminder.text
    assert "Türkçe" in reminder.text  # the interpreter he asked for
    assert not [word for word in DUTCH if word in reminder.text.lower()]
    assert buttons(reminder)[-1].endswith(f"mtr:{meeting_id}:no")  # answers still open
    assert len(fatima.messages) == seen["fatima"] + 1  # she did not answer: no reminder

    # Three days before answers close, the nudge: Fatima has not answered, Ülkü has.
    await at(school, 2026, 11, 21, 16, 0)
    assert len(fatima.messages) == seen["fatima"] + 2
    assert buttons(fatima.messages[-1])[0].endswith(f"mtr:{meeting_id}:yes")
    assert len(ulku.messages) == seen["ulku"] + 2

    # Two days before, Karim gets the families of group 4 to call: Youssef never opened his
    # link and Fatima did not answer. Ülkü answered; group 7/8's families are not his.
    await at(school, 2026, 11, 22, 15, 59)
    assert len(karim.messages) == seen["karim"]
    await at(school, 2026, 11, 22, 16, 0)
    assert len(karim.messages) == seen["karim"] + 1
    to_call = karim.messages[-1].text
    for shown in ("Youssef El Amrani", "Adam", "06-11110002", "Fatima El Amrani"):
        assert shown in to_call, shown
    for not_shown in ("Ülkü Demir", "Zeynep Öztürk"):
        assert not_shown not in to_call, not_shown
    assert Translations("nl").for_language("nl").gettext("not yet in Telegram") in to_call

    # The day before, answers are closed: the reminder says tomorrow, without buttons.
    await at(school, 2026, 11, 25, 18, 30)
    assert len(ulku.messages) == seen["ulku"] + 3
    tomorrow = ulku.messages[-1]
    assert turkish.gettext("Reminder: the meeting is tomorrow.") in tomorrow.text
    assert buttons(tomorrow) == []
    await at(school, 2026, 11, 27, 12, 0)
    assert len(ulku.messages) == seen["ulku"] + 3
    assert len(fatima.messages) == seen["fatima"] + 2
    assert len(karim.messages) == seen["karim"] + 1


async def _guardian_id(db, name: str) -> int:
    async with (
        db.read() as conn,
        conn.execute("SELECT id FROM guardians WHERE name = ?", (name,)) as cursor,
    ):
        row = await cursor.fetchone()
    return int(row[0])
