"""The meeting planner with plain data and a fixed clock: which message, to whom, when.

The meeting is Thursday 26 November 2026 19:30 in Amsterdam; invitations go out Monday 2
November 09:00 and answers close Tuesday 24 November 17:00.
"""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain import dedup_keys
from bot.domain.meetings import Meeting, MeetingTopic, Reply, Rsvp
from bot.domain.notification_kind import NotificationKind as Kind
from bot.domain.person_kind import PersonKind
from bot.domain.school_state import MeetingFacts, MeetingInviteeFacts, SchoolState, TeacherFacts
from scheduling.meeting_planner import plan_meetings
from scheduling.planner import Rules, plan

AMS = ZoneInfo("Europe/Amsterdam")
RULES = Rules(tz=AMS)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS).astimezone(UTC)


STARTS = local(2026, 11, 26, 19, 30)
OPENS = local(2026, 11, 2, 9, 0)
CLOSES = local(2026, 11, 24, 17, 0)
NUDGE = local(2026, 11, 21, 17, 0)  # three days before answers close
NOT_REACHED = local(2026, 11, 22, 17, 0)  # two days before
WEEK = local(2026, 11, 19, 19, 30)
DAY = local(2026, 11, 25, 19, 30)
LINKED = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
G4, G8 = 4, 8
INGRID, RANIA, HANA, SANNE, AYSE = 10, 12, 16, 13, 17
TEACHER_G4, TEACHER_G8, ORGANISER = 100, 102, 200

MEETING = Meeting(
    id=5,
    key="milestones-2026",
    topic=MeetingTopic.MILESTONES,
    title="",
    titles=(),
    starts_at=STARTS,
    minutes=90,
    place="hall",
    groups=("4", "8"),
    newcomer_months=None,
    childcare=True,
    interpreters=("ar", "tr"),
    invitations_from=OPENS,
    rsvp_closes_at=CLOSES,
    organiser_staff_id=ORGANISER,
)
INVITEES = (
    MeetingInviteeFacts(INGRID, (G4, G8), LINKED),  # two children invited: one invitation
    MeetingInviteeFacts(RANIA, (G4,), None),  # has not opened her link
    MeetingInviteeFacts(HANA, (G4,), LINKED, unreachable=True),  # blocked the bot
    MeetingInviteeFacts(SANNE, (G8,), LINKED),
    MeetingInviteeFacts(AYSE, (G8,), LINKED),
)
TEACHERS = (TeacherFacts(TEACHER_G4, G4), TeacherFacts(TEACHER_G8, G8))


def school(*replies: Reply, meeting: Meeting = MEETING, invitees=INVITEES) -> SchoolState:
    return SchoolState(
        teachers=TEACHERS, meetings=(MeetingFacts(meeting, tuple(invitees), tuple(replies)),)
    )


def of_kind(kind: Kind, state: SchoolState, now: datetime) -> list:
    return [n for n in plan(state, RULES, now) if n.kind == kind]


def recipients(notifications: list) -> set[int]:
    return {n.recipient_id for n in notifications}


def answered(guardian: int, answer: Rsvp, at: datetime = OPENS + timedelta(days=1)) -> Reply:
    return Reply(guardian, answer, answered_at=at)


def test_nothing_is_due_before_the_invitations_go_out():
    assert plan(school(), RULES, OPENS - timedelta(minutes=1)) == []


def test_every_invited_guardian_gets_one_invitation_however_many_children():
    invitations = of_kind(Kind.MEETING_INVITATION, school(), OPENS)
    # Rania's waits in the outbox until she links, as round invitations do.
    assert sorted(n.recipient_id for n in invitations) == [INGRID, RANIA, SANNE, HANA, AYSE]
    ingrid = next(n for n in invitations if n.recipient_id == INGRID)
    assert ingrid.dedup_key == dedup_keys.meeting_invitation(5, INGRID)
    assert ingrid.dedup_key == "meeting-invite:5:guardian:10"
    assert ingrid.recipient_kind == PersonKind.GUARDIAN
    assert ingrid.params == {"meeting_id": 5}
    assert (ingrid.not_before, ingrid.expires_at) == (OPENS, CLOSES)


def test_a_guardian_linking_late_is_still_planned_the_invitation_of_the_opening():
    """The outbox sends it when they link, while answers are open; they get no nudge."""
    late = replace(INVITEES[1], linked_at=NUDGE + timedelta(hours=1))
    state = school(invitees=(late,))
    invitation = of_kind(Kind.MEETING_INVITATION, state, NUDGE + timedelta(hours=2))
    assert [(n.recipient_id, n.not_before) for n in invitation] == [(RANIA, OPENS)]
    assert of_kind(Kind.MEETING_NUDGE, state, NUDGE + timedelta(hours=2)) == []
    assert of_kind(Kind.MEETING_INVITATION, state, CLOSES) == []


def test_the_nudge_goes_three_days_before_closing_to_those_in_telegram_without_an_answer():
    state = school(answered(SANNE, Rsvp.NO))
    assert of_kind(Kind.MEETING_NUDGE, state, NUDGE - timedelta(minutes=1)) == []
    nudges = of_kind(Kind.MEETING_NUDGE, state, NUDGE)
    # Sanne answered; Rania is not in Telegram; Hana blocked the bot.
    assert recipients(nudges) == {INGRID, AYSE}
    assert {(n.not_before, n.expires_at) for n in nudges} == {(NUDGE, CLOSES)}
    assert nudges[0].dedup_key == "meeting-nudge:5:guardian:10"
    assert of_kind(Kind.MEETING_NUDGE, state, CLOSES) == []


def test_no_nudge_when_answers_close_within_a_few_days_of_the_invitation():
    short = replace(MEETING, invitations_from=local(2026, 11, 21, 9, 0))
    assert of_kind(Kind.MEETING_NUDGE, school(meeting=short), local(2026, 11, 23, 9, 0)) == []


def test_reminders_a_week_and_a_day_before_only_to_those_coming_or_perhaps_coming():
    state = school(answered(INGRID, Rsvp.YES), answered(SANNE, Rsvp.MAYBE), answered(AYSE, Rsvp.NO))
    assert of_kind(Kind.MEETING_REMINDER, state, WEEK - timedelta(minutes=1)) == []
    week = of_kind(Kind.MEETING_REMINDER, state, WEEK)
    assert recipients(week) == {INGRID, SANNE}
    assert {(n.not_before, n.expires_at) for n in week} == {(WEEK, DAY)}
    assert {n.params["offset"] for n in week} == {"7d"}
    day = of_kind(Kind.MEETING_REMINDER, state, DAY)
    assert recipients(day) == {INGRID, SANNE}
    assert {(n.not_before, n.expires_at) for n in day} == {(DAY, STARTS)}
    assert {n.dedup_key for n in day} == {
        "meeting-remind:5:1d:guardian:10",
        "meeting-remind:5:1d:guardian:13",
    }
    assert of_kind(Kind.MEETING_REMINDER, state, STARTS) == []


def test_no_reminder_for_an_answer_given_after_it_fell_due():
    state = school(answered(INGRID, Rsvp.YES, at=WEEK + timedelta(hours=1)))
    assert of_kind(Kind.MEETING_REMINDER, state, WEEK + timedelta(hours=2)) == []
    assert recipients(of_kind(Kind.MEETING_REMINDER, state, DAY)) == {INGRID}


def test_teachers_and_the_organiser_get_the_families_not_reached_two_days_before_closing():
    state = school(answered(INGRID, Rsvp.YES), answered(SANNE, Rsvp.NO), answered(AYSE, Rsvp.MAYBE))
    assert of_kind(Kind.MEETING_NOT_REACHED, state, NOT_REACHED - timedelta(minutes=1)) == []
    lists = of_kind(Kind.MEETING_NOT_REACHED, state, NOT_REACHED)
    # Everyone in group 8 answered; Rania and Hana (group 4) are to be called.
    assert recipients(lists) == {TEACHER_G4, ORGANISER}
    assert {n.recipient_kind for n in lists} == {PersonKind.STAFF}
    assert {(n.not_before, n.expires_at) for n in lists} == {(NOT_REACHED, STARTS)}
    assert dedup_keys.meeting_not_reached(5, ORGANISER) == "meeting-not-reached:5:staff:200"
    assert of_kind(Kind.MEETING_NOT_REACHED, state, STARTS) == []


def test_no_list_of_families_to_call_when_every_family_answered():
    everyone = [answered(i.guardian_id, Rsvp.YES) for i in INVITEES if i.reachable]
    reached = [i for i in INVITEES if i.reachable]
    assert of_kind(Kind.MEETING_NOT_REACHED, school(*everyone, invitees=reached), CLOSES) == []


def test_a_cancelled_meeting_sends_nothing():
    cancelled = replace(MEETING, cancelled=True)
    state = school(answered(INGRID, Rsvp.YES), meeting=cancelled)
    for moment in (OPENS, NUDGE, NOT_REACHED, WEEK, DAY):
        assert plan(state, RULES, moment) == []


def test_a_meeting_that_has_begun_sends_nothing():
    state = school(answered(INGRID, Rsvp.YES))
    assert plan(state, RULES, STARTS) == []
    assert plan_meetings(state.meetings, {}, AMS, STARTS + timedelta(days=1)) == []
