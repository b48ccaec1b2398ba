"""The organiser of an information meeting in Telegram: the counts, attendance on the day,
and the summary the absent Turkish parent reads in Turkish.

A morning meeting for group 4 on Thursday 1 October (08:45 in Amsterdam, 06:45 UTC), with
the director Hans de Wit (who reads Dutch) preparing it. Ülkü Demir (Turkish) and Anke
Visser (Dutch) answered coming; Anke came, Ülkü did not.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.meeting_topics import key_points, topic_title
from bot.domain.meetings import MeetingTopic, Reply, Rsvp
from bot.i18n import load_catalog
from bot.storage.meetings import save_reply
from bot.telegram.context import DEPS_KEY
from bot.telegram.deps import Reader
from bot.telegram.free_text import language_name
from tests.meeting_fixture import add_meeting

STARTS = datetime(2026, 10, 1, 6, 45, tzinfo=UTC)
NL, TR = load_catalog("nl"), load_catalog("tr")
WORDS = "Oefen elke dag tien minuten lezen met uw kind."


def has(action: str):
    return lambda m: f"1:{action}:" in str(m.buttons)


async def one(db, sql: str, *params: object) -> int:
    async with db.read() as conn, conn.execute(sql, params) as cursor:
        row = await cursor.fetchone()
    assert row is not None, (sql, params)
    return int(row[0])


async def plan_and_answer(school) -> tuple[int, dict[str, int]]:
    """The meeting, and the two answers as the parents' own flow stores them."""
    db = school.app.bot_data[DEPS_KEY].db
    meeting = await add_meeting(db, key="milestones-e2e", starts_at=STARTS, groups=("4",))
    ids = {}
    for name in ("Ülkü Demir", "Anke Visser"):
        ids[name] = await one(db, "SELECT id FROM guardians WHERE name = ?", name)
    ulku = Reply(ids["Ülkü Demir"], Rsvp.YES, 2, ("2-3", "4-12"), "tr")
    anke = Reply(ids["Anke Visser"], Rsvp.YES, 1)
    async with db.transaction() as conn:
        for reply in (ulku, anke):
            await save_reply(conn, meeting, reply, None, school.clock.now())
    return meeting, ids


async def presences(school, meeting: int) -> list[int]:
    db = school.app.bot_data[DEPS_KEY].db
    sql = "SELECT guardian_id FROM meeting_attendance WHERE meeting_id = ? AND present = 1"
    async with db.read() as conn, conn.execute(sql, (meeting,)) as cursor:
        return [row[0] async for row in cursor]


async def test_the_director_counts_registers_who_came_and_sends_the_summary(school):
    ulku = await school.linked("Ülkü Demir", "tr")
    anke = await school.linked("Anke Visser", "nl")
    hans = await school.linked("Hans de Wit", kind="staff")
    meeting, ids = await plan_and_answer(school)

    await hans.send("/meetings")
    overview = await hans.expect_message(predicate=has("mtoc"))
    counts = NL.gettext(
        "Coming: {yes} · Maybe: {maybe} · Not coming: {no} · No answer yet: {none}"
    ).format(yes=2, maybe=0, no=0, none=6)  # group 4's eight families (ten parents)
    assert counts in overview.text
    assert NL.gettext("Adults coming (or perhaps coming): {count}").format(count=3) in overview.text
    assert "2-3: 1" in overview.text
    assert "4-12: 1" in overview.text
    turkish = language_name("tr", Reader("nl", NL, ()))
    assert f"{turkish}: 1" in overview.text  # the interpreter, named in Dutch
    assert "1:mtoa:" not in str(overview.buttons)  # attendance only from the start
    await hans.press(NL.gettext("Who is coming"), message_id=overview.message_id)
    coming = await hans.expect_message(contains="Ülkü Demir")
    assert "Anke Visser" in coming.text
    assert NL.ngettext("{count} adult", "{count} adults", 2).format(count=2) in coming.text

    school.clock.set(STARTS + timedelta(minutes=10))
    await hans.send("/meetings")
    overview = await hans.expect_message(predicate=has("mtoa"))
    await hans.press(NL.gettext("Attendance"), message_id=overview.message_id)
    listing = await hans.expect_message(predicate=has("mtop"))
    first_two = [row[0].text for row in listing.buttons[:2]]
    assert sorted(first_two) == ["Anke Visser", "Ülkü Demir"]  # those coming first
    await hans.press("Anke Visser", message_id=listing.message_id)
    listing = await hans.expect_message(predicate=lambda m: "✅ Anke Visser" in str(m.buttons))
    assert await presences(school, meeting) == [ids["Anke Visser"]]

    # A parent pressing the organiser's buttons (a forged client) changes nothing.
    for data in (f"1:mtop:{meeting}:{ids['Ülkü Demir']}:0", f"1:mtox:{meeting}"):
        answered = len(ulku.callback_answers)
        await ulku.press_data(data)
        refused = (await ulku.expect_answers(answered + 1))[-1]
        assert refused == TR.gettext(
            "This button is no longer valid. Send /meetings to see the meetings as they are now."
        )
    assert await presences(school, meeting) == [ids["Anke Visser"]]

    school.clock.set(STARTS + timedelta(hours=2))
    await hans.send("/meetings")
    overview = await hans.expect_message(predicate=has("mtos"))
    await hans.press(NL.gettext("Summary for the families"), message_id=overview.message_id)
    preview = await hans.expect_message(predicate=has("mtox"))
    assert NL.gettext("This is what a family that could not come will read:") in preview.text
    await hans.press(NL.gettext("Add my own words"), message_id=preview.message_id)
    await hans.expect_message(predicate=lambda m: "1:nvm" in str(m.buttons))
    await hans.send(WORDS)
    preview = await hans.expect_message(predicate=lambda m: has("mtox")(m) and WORDS in m.text)
    await hans.press(NL.gettext("Send to the families"), message_id=preview.message_id)
    await hans.expect_message(contains=NL.gettext("Sent."))

    await school.wait(timedelta(0))  # one delivery run
    title = TR.gettext(topic_title(MeetingTopic.MILESTONES))
    summary = await ulku.expect_message(
        contains=TR.gettext("You could not come to {title}.").format(title=title)
    )
    assert TR.gettext(key_points(MeetingTopic.MILESTONES)[0]) in summary.text
    assert TR.gettext("In the organiser's own words:") in summary.text
    assert WORDS in summary.text  # Hans's words as he wrote them, marked as not translated
    dutch = language_name("nl", Reader("tr", TR, ()))
    assert TR.gettext("Written in {language}. Not translated.").format(language=dutch) in (
        summary.text
    )
    assert TR.gettext("What you can do at home:") in summary.text
    thanks = await anke.expect_message(
        contains=NL.gettext("Thank you for coming to {title}.").format(
            title=NL.gettext(topic_title(MeetingTopic.MILESTONES))
        )
    )
    assert WORDS not in thanks.text

    answered = len(hans.callback_answers)
    await hans.press_data(f"1:mtox:{meeting}")  # Send again, on an older copy of the preview
    assert (await hans.expect_answers(answered + 1))[-1] == NL.gettext(
        "The summary was already sent."
    )


async def test_a_teacher_sees_only_the_meetings_of_their_groups(school):
    karim = await school.linked("Karim Bouzid", kind="staff")  # group 4
    marloes = await school.linked("Marloes Dekker", kind="staff")  # group 1/2A
    await plan_and_answer(school)

    await karim.send("/meetings")
    overview = await karim.expect_message(predicate=has("mtoc"))
    assert NL.gettext("Counted for your groups: {groups}").format(groups="4") in overview.text
    assert NL.gettext("Not reached yet (please call them):") in overview.text
    assert "Rania Haddad" in overview.text  # not linked: Karim calls her
    assert "1:mtoa:" not in str(overview.buttons)
    assert "1:mtos:" not in str(overview.buttons)

    await marloes.send("/meetings")
    await marloes.expect_message(
        contains=NL.gettext("There are no information meetings for you at the moment.")
    )
