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
    # Two children invited: one invitation, sent when invitations opened.
    MeetingInviteeFacts(INGRID, (G4, G8), LINKED, invited_at=OPENS),
    MeetingInviteeFacts(RANIA, (G4,), None),  # has not opened her link
    MeetingInviteeFacts(HANA, (G4,), LINKED, unreachable=True),  # blocked the bot
    MeetingInviteeFacts(SANNE, (G8,), LINKED, invited_at=OPENS),
    MeetingInviteeFacts(AYSE, (G8,), LINKED, invited_at=OPENS),
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
    assert nudges[0].dedup_key == "meeting-nudge:5:2026-11-24T16:00:00+00:00:guardian:10"
    assert nudges[0].params == {"meeting_id": 5, "closes": "2026-11-24T16:00:00+00:00"}
    assert of_kind(Kind.MEETING_NUDGE, state, CLOSES) == []


def invited(at: datetime | None, invitees=INVITEES) -> list[MeetingInviteeFacts]:
    """The invitees whose invitation Telegram took (those in Telegram) at `at`."""
    return [replace(i, invited_at=at if i.reachable else None) for i in invitees]


def test_answers_closing_soon_after_the_invitation_nudge_a_day_after_it_if_still_open():
    opens = local(2026, 11, 21, 9, 0)
    short = school(meeting=replace(MEETING, invitations_from=opens), invitees=invited(opens))
    assert of_kind(Kind.MEETING_NUDGE, short, opens + timedelta(hours=23, minutes=59)) == []
    nudges = of_kind(Kind.MEETING_NUDGE, short, opens + timedelta(days=1))
    assert {(n.recipient_id, n.not_before) for n in nudges} == {
        (INGRID, opens + timedelta(days=1)),
        (SANNE, opens + timedelta(days=1)),
        (AYSE, opens + timedelta(days=1)),
    }
    # Answers that close within a day of the invitation leave no time for a nudge.
    late = CLOSES - timedelta(hours=20)
    shorter = school(meeting=replace(MEETING, invitations_from=late), invitees=invited(late))
    for moment in (late, CLOSES - timedelta(minutes=1)):
        assert of_kind(Kind.MEETING_NUDGE, shorter, moment) == []


def test_a_plan_applied_late_invites_now_and_nudges_a_day_after_the_invitation_went_out():
    """Invitations should have opened on 2 November; the plan is applied on the 22nd."""
    applied = local(2026, 11, 22, 10, 0)
    state = school(invitees=invited(None))
    assert recipients(of_kind(Kind.MEETING_INVITATION, state, applied)) == {
        INGRID,
        RANIA,
        HANA,
        SANNE,
        AYSE,
    }
    assert of_kind(Kind.MEETING_NUDGE, state, applied) == []  # not before it is sent
    sent = applied + timedelta(minutes=1)
    state = school(invitees=invited(sent))
    assert of_kind(Kind.MEETING_NUDGE, state, sent) == []
    assert of_kind(Kind.MEETING_NUDGE, state, sent + timedelta(hours=23, minutes=59)) == []
    nudges = of_kind(Kind.MEETING_NUDGE, state, sent + timedelta(days=1))
    assert recipients(nudges) == {INGRID, SANNE, AYSE}
    assert {n.not_before for n in nudges} == {sent + timedelta(days=1)}


def test_a_guardian_invited_late_is_nudged_a_day_after_their_own_invitation():
    """Sanne linked after the others: her invitation went out on the 21st at 10:00."""
    sanne_invited = local(2026, 11, 21, 10, 0)
    late = [replace(i, invited_at=sanne_invited) if i.guardian_id == SANNE else i for i in INVITEES]
    state = school(invitees=late)
    assert recipients(of_kind(Kind.MEETING_NUDGE, state, NUDGE)) == {INGRID, AYSE}
    assert recipients(of_kind(Kind.MEETING_NUDGE, state, NUDGE + timedelta(hours=17))) == {
        INGRID,
        SANNE,
        AYSE,
    }


def test_a_moved_deadline_plans_a_new_nudge():
    closes = CLOSES + timedelta(days=1)
    moved = of_kind(
        Kind.MEETING_NUDGE, school(meeting=replace(MEETING, rsvp_closes_at=closes)), CLOSES
    )
    before = of_kind(Kind.MEETING_NUDGE, school(), NUDGE)
    assert {n.dedup_key for n in moved}.isdisjoint({n.dedup_key for n in before})
    assert {n.params["closes"] for n in moved} == {"2026-11-25T16:00:00+00:00"}


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
        "meeting-remind:5:2026-11-26T18:30:00+00:00:1d:guardian:10",
        "meeting-remind:5:2026-11-26T18:30:00+00:00:1d:guardian:13",
    }
    assert {n.params["starts"] for n in day} == {"2026-11-26T18:30:00+00:00"}
    assert of_kind(Kind.MEETING_REMINDER, state, STARTS) == []


def test_a_meeting_moved_after_its_reminders_is_reminded_of_again_for_its_new_date():
    state = school(answered(INGRID, Rsvp.YES))
    [old] = of_kind(Kind.MEETING_REMINDER, state, DAY)
    later = replace(MEETING, starts_at=STARTS + timedelta(days=7))
    moved = school(answered(INGRID, Rsvp.YES), meeting=later)
    assert of_kind(Kind.MEETING_REMINDER, moved, DAY) == []
    [week] = of_kind(Kind.MEETING_REMINDER, moved, STARTS)  # a week before 3 December
    [day] = of_kind(Kind.MEETING_REMINDER, moved, DAY + timedelta(days=7))
    assert (week.not_before, day.not_before) == (STARTS, DAY + timedelta(days=7))
    assert old.dedup_key not in {week.dedup_key, day.dedup_key}
    assert {week.params["starts"], day.params["starts"]} == {"2026-12-03T18:30:00+00:00"}
    assert old.params["starts"] == "2026-11-26T18:30:00+00:00"  # its renderer finds it stale


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


def test_a_plan_applied_late_lists_families_to_call_a_day_after_the_invitations():
    """Applied on the 23rd, after the list's day: the teachers get the families who have not
    answered a day after the invitations went out, not with them."""
    applied = local(2026, 11, 23, 10, 0)
    assert of_kind(Kind.MEETING_NOT_REACHED, school(invitees=invited(None)), applied) == []
    sent = applied + timedelta(minutes=1)
    state = school(invitees=invited(sent))
    assert of_kind(Kind.MEETING_NOT_REACHED, state, sent) == []
    lists = of_kind(Kind.MEETING_NOT_REACHED, state, sent + timedelta(days=1))
    assert recipients(lists) == {TEACHER_G4, TEACHER_G8, ORGANISER}
    assert {n.not_before for n in lists} == {sent + timedelta(days=1)}


def test_with_a_short_answer_window_the_list_never_goes_with_the_invitations():
    opens = local(2026, 11, 23, 9, 0)
    short = replace(MEETING, invitations_from=opens)
    state = school(meeting=short, invitees=invited(opens))
    assert of_kind(Kind.MEETING_NOT_REACHED, state, opens) == []
    lists = of_kind(Kind.MEETING_NOT_REACHED, state, opens + timedelta(days=1))
    assert {n.not_before for n in lists} == {opens + timedelta(days=1)}
    # Invitations sent less than a day before the meeting: no list at all.
    last_minute = STARTS - timedelta(hours=12)
    state = school(invitees=invited(last_minute))
    assert of_kind(Kind.MEETING_NOT_REACHED, state, STARTS - timedelta(minutes=1)) == []


def test_when_nobody_is_in_telegram_the_list_goes_two_days_before_answers_close():
    offline = [replace(i, linked_at=None, invited_at=None) for i in INVITEES]
    lists = of_kind(Kind.MEETING_NOT_REACHED, school(invitees=offline), NOT_REACHED)
    assert recipients(lists) == {TEACHER_G4, TEACHER_G8, ORGANISER}


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
