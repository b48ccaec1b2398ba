"""The leadership's figures: per group of the current rounds, how far the families came."""

from datetime import datetime, timedelta

from bot.domain.bookings import Actor
from bot.domain.person_kind import PersonKind
from bot.services import agreements, questions
from bot.services.invitations import list_invitations, redeem_code
from bot.services.overview import CSV_HEADER, school_report
from bot.storage.outbox import mark_person_unreachable
from tests.services.test_agreements import held_talk_with_karim


async def link(db, clock, name: str, user_id: int) -> None:
    invitations = await list_invitations(db, secret=b"s", bot_username="school_bot", clock=clock)
    code = next(i.code for i in invitations if i.person.name == name)
    await redeem_code(db, code, telegram_user_id=user_id, chat_id=user_id, clock=clock)


async def test_each_group_counts_its_families_and_lists_who_is_not_reached(db, clock, settings):
    ids, rania, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    lina, round_id = await ids.pupil("Lina"), await ids.round()
    await link(db, clock, "Rania Haddad", 11)
    await questions.open_questions(db, rania, 11, round_id, lina, clock.now())
    await questions.submit(db, rania, 11, round_id, lina, clock.now())
    for purpose, params, text in (
        (agreements.AGREEMENT, {"booking_id": booking_id, "owner": "pupil"}, "Leest elke dag"),
        (agreements.EVALUATION, {"booking_id": booking_id}, "2027-01-15"),
    ):
        await agreements.typed(
            db, karim, 9, purpose, params, text, settings.timezone, clock.now(), language="nl"
        )
    assert (await agreements.send(db, karim, booking_id, clock.now())).parents == 1
    assert await agreements.understood(db, rania, booking_id, clock.now())
    await link(db, clock, "Mark Jansen", 12)  # Zoë's father, whom Telegram then refuses
    mark = await ids.guardian("Mark Jansen")
    async with db.transaction() as conn:
        await mark_person_unreachable(conn, PersonKind.GUARDIAN, mark, clock.now())

    report = await school_report(db, clock.now())

    (december,) = report.rounds
    assert december.round.plan_key == "progress-2026-12"
    counts = {c.group: c for c in december.groups}
    assert list(counts) == ["1/2A", "4", "7/8"]
    four = counts["4"]
    assert (four.pupils, four.linked, four.booked, four.answered) == (7, 1, 1, 1)
    assert (four.agreements_sent, four.confirmed) == (1, 1)
    toddlers = counts["1/2A"]
    assert (toddlers.pupils, toddlers.linked, toddlers.booked, toddlers.confirmed) == (7, 1, 0, 0)
    unreached_four = {p.guardian for p in december.unreached_in("4")}
    assert "Rania Haddad" not in unreached_four
    assert {"Anke Visser", "Ülkü Demir", "Ingrid de Groot"} <= unreached_four
    zoe = {p.guardian: p for p in december.unreached_in("1/2A") if p.pupil == "Zoë de Vries"}
    assert zoe["Mark Jansen"].linked  # connected, but messages do not arrive
    assert not zoe["Sanne de Vries"].linked
    assert zoe["Sanne de Vries"].phone == "06-11110003"

    rows = report.csv_rows()
    assert rows[0] == CSV_HEADER
    row = next(r for r in rows if r[1] == "4")
    assert row[:8] == ["progress-2026-12", "4", "7", "1", "1", "1", "1", "1"]
    assert "Anke Visser (Ĳsbrand Visser, 06-11110012): not linked" in row[8]
    lines = report.text_lines()
    assert lines[0] == "progress-2026-12 (progress)"
    assert (
        "  group 4: 7 pupils, parents linked 1, booked 1, answered 1, agreements sent 1,"
        " confirmed 1"
    ) in lines
    assert "    not reached: Mark Jansen (Zoë de Vries, 06-11110004): unreachable in Telegram" in (
        lines
    )


async def test_only_rounds_that_opened_count_and_each_group_follows_its_latest(db, clock, settings):
    before = await school_report(db, clock.now())  # September: nothing planned yet
    assert before.rounds == ()
    assert before.text_lines() == ["No round of talks has opened yet."]
    assert before.csv_rows() == [CSV_HEADER]

    await held_talk_with_karim(db, clock, settings)  # loads the year plan
    clock.set(datetime(2027, 1, 20, 9, tzinfo=settings.timezone))  # advice talks open for 7/8
    report = await school_report(db, clock.now())
    assert [r.round.plan_key for r in report.rounds] == ["progress-2026-12", "advice-2027-02"]
    advice = report.rounds[1]
    assert [c.group for c in advice.groups] == ["7/8"]
    assert advice.groups[0].booked == 0


async def test_two_parents_of_one_child_count_once(db, clock, settings):
    """Both parents of one child answering is one child answered."""
    ids, *_ = await held_talk_with_karim(db, clock, settings)
    sem, round_id = await ids.pupil("Sem"), await ids.round()
    for user_id, name in ((21, "Ingrid de Groot"), (22, "Tom de Groot")):
        await link(db, clock, name, user_id)
        parent = Actor("guardian", await ids.guardian(name))
        await questions.open_questions(db, parent, user_id, round_id, sem, clock.now())
        await questions.submit(db, parent, user_id, round_id, sem, clock.now())
    four = next(
        c for c in (await school_report(db, clock.now())).rounds[0].groups if c.group == "4"
    )
    assert (four.linked, four.answered) == (1, 1)


async def test_a_confirmation_counts_for_the_agreements_as_they_were_last_sent(db, clock, settings):
    _, rania, karim, booking_id = await held_talk_with_karim(db, clock, settings)
    await link(db, clock, "Rania Haddad", 11)

    async def write(text: str) -> None:
        params = {"booking_id": booking_id, "owner": "pupil"}
        await agreements.typed(
            db,
            karim,
            9,
            agreements.AGREEMENT,
            params,
            text,
            settings.timezone,
            clock.now(),
            language="nl",
        )

    async def group_four():
        report = await school_report(db, clock.now())
        return next(c for c in report.rounds[0].groups if c.group == "4")

    await write("Leest elke dag")
    evaluation = {"booking_id": booking_id}
    await agreements.typed(
        db,
        karim,
        9,
        agreements.EVALUATION,
        evaluation,
        "2027-01-15",
        settings.timezone,
        clock.now(),
        language="nl",
    )
    assert (await agreements.send(db, karim, booking_id, clock.now())).parents == 1
    await agreements.understood(db, rania, booking_id, clock.now())
    assert ((await group_four()).agreements_sent, (await group_four()).confirmed) == (1, 1)
    clock.advance(timedelta(hours=1))  # the teacher corrects the agreements and sends again
    await write("Leest elke dag een kwartier")
    await agreements.send(db, karim, booking_id, clock.now())
    assert ((await group_four()).agreements_sent, (await group_four()).confirmed) == (1, 0)
