import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.meetings import MeetingTopic
from bot.domain.year_plan import PlanRejected, read_plan

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MEETING = """
[[meetings]]
id = "work-attitude-2026"
topic = "work-attitude"
starts = 2026-11-10T19:00:00
place = "hall"
groups = ["Groep 4"]
{extra}
"""
ROUND = """
[[rounds]]
id = "start-2026"
kind = "start"
groups = ["4"]
booking_opens = 2026-10-12T08:00:00
booking_closes = 2026-10-23T17:00:00
[[rounds.teachers]]
email = "k.bouzid@regenboog.example.nl"
hours = ["2026-10-26 14:00-15:00"]
"""


def meeting(extra: str = "", **lines: str) -> str:
    """The meeting with `extra` lines added and a key's line replaced (by "": left out)."""
    text = MEETING.format(extra=extra)
    for key, line in lines.items():
        text = re.sub(rf"^{key} = .*$", line, text, flags=re.MULTILINE)
    return text


def only(text: str):
    (planned,) = read_plan(text, AMSTERDAM).meetings
    return planned


def test_a_plan_with_only_meetings_is_read_with_its_defaults():
    planned = only(meeting())
    assert planned.key == "work-attitude-2026"
    assert planned.topic is MeetingTopic.WORK_ATTITUDE
    assert planned.groups == ("4",)
    assert (planned.minutes, planned.childcare, planned.newcomer_months) == (60, False, None)
    assert (planned.title, planned.titles, planned.interpreters) == ("", (), ())
    assert planned.starts_at == datetime(2026, 11, 10, 18, 0, tzinfo=UTC)  # CET
    assert planned.organiser is None


def test_default_deadlines_keep_the_local_hour_across_the_clock_change():
    planned = only(meeting())
    # Three weeks before 10 November is 20 October, still summer time (UTC+2).
    assert planned.invitations_from == datetime(2026, 10, 20, 17, 0, tzinfo=UTC)
    assert planned.rsvp_closes_at == datetime(2026, 11, 8, 18, 0, tzinfo=UTC)


def test_every_key_is_read():
    planned = only(
        meeting(
            "\n".join(
                (
                    "minutes = 90",
                    "newcomers = true",
                    "newcomer_months = 12",
                    "childcare = true",
                    'interpreters = ["Turks", "ar", "Arabic", "Oekraïens", "Tigrinya", "so",'
                    ' "Farsi"]',
                    "invitations_from = 2026-10-01T08:00:00",
                    "rsvp_closes = 2026-11-06T12:00:00",
                    'organiser = " K.Bouzid@Regenboog.example.nl "',
                    'title.nl = "Werkhouding"',
                    'title.ar = "موقف العمل"',
                )
            )
        )
    )
    assert (planned.minutes, planned.newcomer_months, planned.childcare) == (90, 12, True)
    # Interpreters may speak languages the bot does not ship: the families who need them.
    assert planned.interpreters == ("tr", "ar", "uk", "ti", "so", "fa")
    assert planned.invitations_from == datetime(2026, 10, 1, 6, 0, tzinfo=UTC)
    assert planned.rsvp_closes_at == datetime(2026, 11, 6, 11, 0, tzinfo=UTC)
    assert planned.organiser == "k.bouzid@regenboog.example.nl"
    assert planned.titles == (("ar", "موقف العمل"), ("nl", "Werkhouding"))


def test_newcomers_alone_are_enough_and_default_to_six_months():
    planned = only(meeting("newcomers = true").replace('groups = ["Groep 4"]', "groups = []"))
    assert planned.groups == ()
    assert planned.newcomer_months == 6


def test_a_place_name_is_kept_as_written():
    assert only(meeting(place='place = { name = "Ouderkamer" }')).place == "Ouderkamer"


def test_rounds_and_meetings_are_read_from_one_file():
    plan = read_plan(ROUND + meeting(), AMSTERDAM)
    assert [r.key for r in plan.rounds] == ["start-2026"]
    assert [m.key for m in plan.meetings] == ["work-attitude-2026"]


def test_a_plan_with_neither_rounds_nor_meetings_is_refused():
    with pytest.raises(PlanRejected, match=r"no \[\[rounds\]\] and no \[\[meetings\]\]"):
        read_plan('title = "x"', AMSTERDAM)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (meeting(topic='topic = "party"'), "topic 'party' is not one of"),
        (meeting(topic='topic = "own"'), 'topic "own" needs a title'),
        (meeting("minutes = 10"), "minutes must be between 15 and 240"),
        (meeting("minutes = 300"), "minutes must be between 15 and 240"),
        (meeting(starts="starts = 2026-11-10"), "starts needs a time of day"),
        (meeting("newcomer_months = 6"), "newcomer_months is set but newcomers is not true"),
        (meeting("newcomers = true\nnewcomer_months = 30"), "between 1 and 24"),
        (meeting('interpreters = ["Elvish"]'), "'Elvish' is not a language"),
        (meeting("rsvp_closes = 2026-11-10T19:30:00"), "rsvp_closes is not before starts"),
        (
            meeting("invitations_from = 2026-11-09T08:00:00"),
            "rsvp_closes is not after invitations_from",
        ),
        (meeting(place=""), "place is missing"),
        (
            meeting(place='place = "classroom"').replace('["Groep 4"]', '["4", "7/8"]'),
            'place "classroom" is only clear for one group',
        ),
        (meeting().replace('groups = ["Groep 4"]', "groups = []"), "nobody would be invited"),
        (meeting().replace('"Groep 4"', '"Groep 9"'), "unknown group format"),
        (meeting("organizer = 'x@y.nl'"), "organizer is not a known setting"),
        (meeting().replace("work-attitude-2026", "Work Attitude"), "id must be lower-case"),
        ("meetings = 3", r"must be written as \[\[meetings\]\]"),
    ],
)
def test_a_bad_meeting_names_its_problem(text, reason):
    with pytest.raises(PlanRejected, match=reason):
        read_plan(text, AMSTERDAM)


def test_own_topic_with_the_school_s_title_is_accepted():
    planned = only(meeting('title = "Koffieochtend"', topic='topic = "own"'))
    assert (planned.topic, planned.title) == (MeetingTopic.OWN, "Koffieochtend")


def test_every_problem_of_the_file_is_listed_at_once():
    text = ROUND.replace('kind = "start"', 'kind = "party"') + meeting("minutes = 1") * 2
    with pytest.raises(PlanRejected) as refused:
        read_plan(text, AMSTERDAM)
    problems = refused.value.problems
    assert any("kind 'party'" in p for p in problems)
    assert sum("minutes must be between" in p for p in problems) == 2


def test_a_repeated_id_is_refused():
    with pytest.raises(PlanRejected, match="'work-attitude-2026' appears more than once"):
        read_plan(meeting() + meeting(starts="starts = 2026-11-24T19:00:00"), AMSTERDAM)


def test_two_meetings_in_one_room_at_once_are_refused_but_not_in_two_rooms():
    later = meeting(starts="starts = 2026-11-10T19:30:00").replace(
        "work-attitude-2026", "milestones-2026"
    )
    with pytest.raises(PlanRejected, match="at the same place at the same time"):
        read_plan(meeting() + later, AMSTERDAM)
    elsewhere = later.replace('place = "hall"', 'place = "gym"')
    assert len(read_plan(meeting() + elsewhere, AMSTERDAM).meetings) == 2
    one_after_the_other = meeting(starts="starts = 2026-11-10T20:00:00").replace(
        "work-attitude-2026", "milestones-2026"
    )
    assert len(read_plan(meeting() + one_after_the_other, AMSTERDAM).meetings) == 2
