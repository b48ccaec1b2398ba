"""The planner with plain data and a fixed clock: what is due, for whom, when, until when.

The round opens Monday 19 October 2026 09:00 and closes Friday 30 October 17:00 in
Amsterdam, so it spans the night of 25 October when the clocks go back an hour.
"""

from dataclasses import replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.domain import dedup_keys
from bot.domain.notification_kind import NotificationKind as Kind
from bot.domain.rounds import BookingScope
from bot.domain.school_state import RecordFacts
from bot.domain.timing import Offset, parse_offset
from scheduling.planner import (
    BookingFacts,
    GuardianFacts,
    LinkFacts,
    PupilFacts,
    Rules,
    SchoolState,
    TeacherFacts,
    nudge_times,
    plan,
)
from tests.round_fixture import a_round

AMS = ZoneInfo("Europe/Amsterdam")
RULES = Rules(tz=AMS)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS).astimezone(UTC)


OPENS = local(2026, 10, 19, 9, 0)  # CEST
CLOSES = local(2026, 10, 30, 17, 0)  # CET
LINKED = utc(2026, 10, 1, 12, 0)
G4, G8 = 4, 8
SEM, LINA, BO, ZOE = 1, 2, 3, 4
INGRID, TOM, RANIA, SANNE, MARK, HANA = 10, 11, 12, 13, 14, 16

ROUND = a_round(
    booking_opens_at=OPENS,
    booking_closes_at=CLOSES,
    group_ids=frozenset({G4, G8}),
    talks_end=local(2026, 11, 5, 20, 0),
)
SCHOOL = SchoolState(
    rounds=(ROUND,),
    pupils=(PupilFacts(SEM, G4), PupilFacts(LINA, G4), PupilFacts(BO, G8), PupilFacts(ZOE, G4)),
    links=(
        LinkFacts(SEM, INGRID),
        LinkFacts(SEM, TOM),
        LinkFacts(BO, INGRID),  # Sem's sister in another group: one invitation for both
        LinkFacts(LINA, RANIA),
        LinkFacts(LINA, HANA),
        LinkFacts(ZOE, SANNE, "1"),  # parents living apart
        LinkFacts(ZOE, MARK, "2"),
    ),
    guardians=(
        GuardianFacts(INGRID, LINKED),
        GuardianFacts(TOM, LINKED),
        GuardianFacts(RANIA, None),  # has not opened her link
        GuardianFacts(SANNE, LINKED),
        GuardianFacts(MARK, LINKED),
        GuardianFacts(HANA, LINKED, unreachable=True),  # blocked the bot
    ),
    teachers=(TeacherFacts(100, G4), TeacherFacts(101, G4), TeacherFacts(102, G8)),
)


def booking(
    pupil: int, starts_at: datetime, booked_at: datetime, *, household: str = "", id: int = 42
) -> BookingFacts:
    return BookingFacts(
        id=id,
        round_id=ROUND.id,
        pupil_id=pupil,
        slot_id=900 + id,
        starts_at=starts_at,
        booked_at=booked_at,
        household=household,
    )


def of_kind(kind: str, state: SchoolState, now: datetime, rules: Rules = RULES) -> list:
    return [n for n in plan(state, rules, now) if n.kind == kind]


def recipients(notifications: list) -> set[int]:
    return {n.recipient_id for n in notifications}


def test_nothing_is_due_before_booking_opens():
    assert plan(SCHOOL, RULES, local(2026, 10, 19, 8, 59)) == []


def test_each_guardian_gets_one_invitation_for_all_their_children_when_booking_opens():
    invitations = of_kind(Kind.INVITATION, SCHOOL, OPENS)
    assert recipients(invitations) == {INGRID, TOM, RANIA, SANNE, MARK, HANA}
    assert len(invitations) == 6  # Ingrid's two children share one
    ingrid = next(n for n in invitations if n.recipient_id == INGRID)
    assert ingrid.dedup_key == "invite:round:7:guardian:10"
    assert ingrid.params == {"round_id": 7}
    assert (ingrid.not_before, ingrid.expires_at) == (OPENS, CLOSES)


def test_a_follow_up_round_invites_and_escalates_only_its_own_pupils_parents():
    follow_up = replace(ROUND, only_pupils=frozenset({ZOE}))
    state = replace(SCHOOL, rounds=(follow_up,))
    assert recipients(of_kind(Kind.INVITATION, state, OPENS)) == {SANNE, MARK}
    assert recipients(of_kind(Kind.NUDGE, state, local(2026, 10, 22, 9, 0))) == {SANNE, MARK}
    booked = replace(state, bookings=(booking(ZOE, local(2026, 11, 3, 19, 0), OPENS),))
    assert of_kind(Kind.ESCALATION, booked, CLOSES) == []  # the others in group 4 are not asked


def test_invitations_are_planned_again_identically_so_the_outbox_keeps_one():
    later = local(2026, 10, 20, 12, 0)
    assert plan(SCHOOL, RULES, later) == plan(SCHOOL, RULES, later)
    assert {n.dedup_key for n in of_kind(Kind.INVITATION, SCHOOL, later)} == {
        n.dedup_key for n in of_kind(Kind.INVITATION, SCHOOL, OPENS)
    }


def test_no_invitation_after_booking_closed():
    assert of_kind(Kind.INVITATION, SCHOOL, CLOSES) == []


def test_the_first_nudge_after_three_days_goes_to_guardians_in_telegram_with_a_child_unbooked():
    state = replace(SCHOOL, bookings=(booking(SEM, local(2026, 11, 3, 19, 0), OPENS),))
    assert of_kind(Kind.NUDGE, state, local(2026, 10, 22, 8, 59)) == []
    nudges = of_kind(Kind.NUDGE, state, local(2026, 10, 22, 9, 0))
    # Tom's only child is booked; Ingrid still has Bo; Rania is not in Telegram (her
    # invitation waits for her) and Hana blocked the bot.
    assert recipients(nudges) == {INGRID, SANNE, MARK}
    first = nudges[0]
    assert first.dedup_key.endswith(":3d")
    assert first.not_before == local(2026, 10, 22, 9, 0)
    assert first.expires_at == local(2026, 10, 25, 9, 0)  # when the next one is due


def test_the_second_nudge_is_at_nine_local_time_on_the_day_the_clocks_go_back():
    before = of_kind(Kind.NUDGE, SCHOOL, utc(2026, 10, 25, 7, 59))  # 08:59 CET
    assert {n.dedup_key.rsplit(":", 1)[1] for n in before} == {"3d"}
    nudges = of_kind(Kind.NUDGE, SCHOOL, utc(2026, 10, 25, 8, 0))  # 09:00 CET, 73 hours later
    assert {n.dedup_key.rsplit(":", 1)[1] for n in nudges} == {"6d"}
    assert nudges[0].not_before == utc(2026, 10, 25, 8, 0)
    assert nudges[0].expires_at == local(2026, 10, 29, 17, 0)


def test_the_last_nudge_is_the_day_before_booking_closes():
    nudges = of_kind(Kind.NUDGE, SCHOOL, local(2026, 10, 29, 17, 0))
    assert {n.dedup_key.rsplit(":", 1)[1] for n in nudges} == {"close-1d"}
    assert nudges[0].expires_at == CLOSES
    assert of_kind(Kind.NUDGE, SCHOOL, CLOSES) == []


def test_after_downtime_only_the_current_nudge_is_planned_not_the_missed_ones():
    nudges = of_kind(Kind.NUDGE, SCHOOL, local(2026, 10, 27, 12, 0))
    assert {n.dedup_key.rsplit(":", 1)[1] for n in nudges} == {"6d"}


def test_a_guardian_who_linked_after_a_nudge_fell_due_is_not_nudged_on_top_of_the_invitation():
    late = replace(
        SCHOOL,
        guardians=(GuardianFacts(RANIA, local(2026, 10, 23, 10, 0)),),
        links=(LinkFacts(LINA, RANIA),),
    )
    assert of_kind(Kind.NUDGE, late, local(2026, 10, 23, 11, 0)) == []
    assert recipients(of_kind(Kind.NUDGE, late, local(2026, 10, 25, 9, 0))) == {RANIA}


def test_per_household_rounds_nudge_the_household_that_has_not_booked():
    household_round = replace(ROUND, booking_scope=BookingScope.HOUSEHOLD)
    state = replace(
        SCHOOL,
        rounds=(household_round,),
        bookings=(booking(ZOE, local(2026, 11, 3, 19, 0), OPENS, household="1"),),
    )
    nudges = recipients(of_kind(Kind.NUDGE, state, local(2026, 10, 22, 9, 0)))
    assert MARK in nudges
    assert SANNE not in nudges


def test_nudges_closer_than_a_day_are_merged_keeping_the_later_one():
    short = replace(ROUND, booking_closes_at=local(2026, 10, 23, 17, 0))  # four days
    assert nudge_times(short, RULES) == [("close-1d", local(2026, 10, 22, 17, 0))]
    custom = replace(ROUND, nudge_after=(Offset(days=2),))
    assert [label for label, _ in nudge_times(custom, RULES)] == ["2d", "close-1d"]
    no_nudges = Rules(tz=AMS, nudge_after=(), nudge_before_close=None)
    assert nudge_times(ROUND, no_nudges) == []


def test_a_nudge_a_day_after_opening_is_kept_across_the_spring_clock_change():
    """Saturday 27 March 2027 10:00 to Sunday 10:00 is one day but 23 hours."""
    spring = replace(
        ROUND,
        booking_opens_at=local(2027, 3, 27, 10, 0),
        booking_closes_at=local(2027, 4, 2, 17, 0),
        nudge_after=(Offset(days=1),),
    )
    assert nudge_times(spring, RULES)[0] == ("1d", local(2027, 3, 28, 10, 0))


def test_when_booking_closes_each_teacher_with_unbooked_pupils_gets_the_list():
    escalations = of_kind(Kind.ESCALATION, SCHOOL, CLOSES)
    assert recipients(escalations) == {100, 101, 102}  # duo teachers both
    first = escalations[0]
    assert first.recipient_kind == "staff"
    assert first.dedup_key == "escalate:round:7:staff:100"
    assert (first.not_before, first.expires_at) == (CLOSES, ROUND.talks_end)
    assert first.params == {"round_id": 7}


def test_a_teacher_whose_pupils_all_booked_gets_no_escalation():
    state = replace(SCHOOL, bookings=(booking(BO, local(2026, 11, 3, 19, 0), OPENS),))
    assert recipients(of_kind(Kind.ESCALATION, state, CLOSES)) == {100, 101}


def test_an_escalation_is_stale_once_the_talks_are_over():
    assert of_kind(Kind.ESCALATION, SCHOOL, ROUND.talks_end) == []
    no_slots = replace(SCHOOL, rounds=(replace(ROUND, talks_end=None),))
    assert of_kind(Kind.ESCALATION, no_slots, local(2026, 11, 12, 16, 0))
    assert of_kind(Kind.ESCALATION, no_slots, local(2026, 11, 13, 17, 0)) == []


def test_a_talk_booked_more_than_a_week_ahead_gets_the_details_a_week_before_and_a_reminder():
    talk = local(2026, 11, 3, 19, 0)
    state = replace(SCHOOL, bookings=(booking(SEM, talk, local(2026, 10, 20, 12, 0)),))
    reminders = [
        n for n in plan(state, RULES, local(2026, 10, 20, 12, 1)) if n.params.get("booking_id")
    ]
    assert {(n.kind, n.recipient_id) for n in reminders} == {
        (Kind.APPOINTMENT_DETAILS, INGRID),
        (Kind.APPOINTMENT_DETAILS, TOM),
        (Kind.APPOINTMENT_REMINDER, INGRID),
        (Kind.APPOINTMENT_REMINDER, TOM),
    }
    details = next(n for n in reminders if n.kind == Kind.APPOINTMENT_DETAILS)
    assert details.not_before == local(2026, 10, 27, 19, 0)
    # The day-before reminder comes an hour before the 24-hour change cut-off, so its
    # "Can't make it?" buttons still work; the details go stale once it is due.
    day_before = local(2026, 11, 2, 18, 0)
    assert details.expires_at == day_before
    reminder = next(n for n in reminders if n.kind == Kind.APPOINTMENT_REMINDER)
    assert (reminder.not_before, reminder.expires_at) == (day_before, talk)
    assert reminder.params == {"booking_id": 42, "slot_id": 942, "offset": "1d"}
    assert all(n.dedup_key.startswith(dedup_keys.reminder_prefix(42)) for n in reminders)
    assert not dedup_keys.reminder_prefix(4).startswith(dedup_keys.reminder_prefix(42))


def test_the_week_before_reminder_keeps_the_local_time_across_the_change_of_clocks():
    talk = local(2026, 10, 29, 19, 0)  # Thursday, 18:00 UTC in winter time
    state = replace(SCHOOL, bookings=(booking(SEM, talk, local(2026, 10, 19, 10, 0)),))
    details = of_kind(Kind.APPOINTMENT_DETAILS, state, local(2026, 10, 19, 10, 1))
    assert details[0].not_before == utc(2026, 10, 22, 17, 0)  # 19:00 summer time
    assert details[0].not_before.astimezone(AMS).hour == 19


def test_a_talk_booked_less_than_a_week_ahead_only_gets_the_day_before_reminder():
    talk = local(2026, 11, 3, 19, 0)
    state = replace(SCHOOL, bookings=(booking(SEM, talk, local(2026, 10, 29, 12, 0)),))
    kinds = {n.kind for n in plan(state, RULES, local(2026, 10, 29, 12, 1))}
    assert Kind.APPOINTMENT_DETAILS not in kinds
    assert Kind.APPOINTMENT_REMINDER in kinds


def test_reminders_of_a_per_household_talk_go_to_that_household_only():
    household_round = replace(ROUND, booking_scope=BookingScope.HOUSEHOLD)
    state = replace(
        SCHOOL,
        rounds=(household_round,),
        bookings=(booking(ZOE, local(2026, 11, 3, 19, 0), OPENS, household="2"),),
    )
    assert recipients(of_kind(Kind.APPOINTMENT_REMINDER, state, CLOSES)) == {MARK}


def test_a_moved_talk_gets_reminders_under_new_keys():
    first = booking(SEM, local(2026, 11, 3, 19, 0), OPENS)
    moved = replace(first, slot_id=977, starts_at=local(2026, 11, 4, 15, 0))
    keys = {
        n.dedup_key
        for n in of_kind(Kind.APPOINTMENT_REMINDER, replace(SCHOOL, bookings=(first,)), CLOSES)
    }
    moved_keys = {
        n.dedup_key
        for n in of_kind(Kind.APPOINTMENT_REMINDER, replace(SCHOOL, bookings=(moved,)), CLOSES)
    }
    assert keys.isdisjoint(moved_keys)


def test_configured_offsets_hours_count_real_time_and_stale_reminders_are_not_planned():
    rules = Rules(tz=AMS, reminder_offsets=(Offset(days=7), Offset(days=1), Offset(hours=2)))
    talk = local(2026, 11, 3, 9, 0)
    state = replace(SCHOOL, bookings=(booking(SEM, talk, OPENS),))
    # The bot was down until the evening before: the week-before details are stale.
    planned = of_kind(Kind.APPOINTMENT_REMINDER, state, local(2026, 11, 2, 20, 0), rules)
    assert sorted({n.dedup_key.split(":")[5] for n in planned}) == ["1d", "2h"]
    assert of_kind(Kind.APPOINTMENT_DETAILS, state, local(2026, 11, 2, 20, 0), rules) == []
    two_hours = next(n for n in planned if ":2h:" in n.dedup_key)
    assert two_hours.not_before == local(2026, 11, 3, 7, 0)
    assert two_hours.expires_at == talk
    assert [n for n in plan(state, rules, talk) if "booking_id" in n.params] == []


def test_a_round_can_override_the_reminder_offsets():
    round_ = replace(ROUND, reminder_offsets=(Offset(days=3),))
    state = replace(
        SCHOOL, rounds=(round_,), bookings=(booking(SEM, local(2026, 11, 3, 19, 0), OPENS),)
    )
    planned = [n for n in plan(state, RULES, CLOSES) if "booking_id" in n.params]
    assert {n.params["offset"] for n in planned} == {"3d"}
    assert {n.kind for n in planned} == {Kind.APPOINTMENT_DETAILS}


def test_reminders_within_the_cut_off_keep_their_offset():
    talk = local(2026, 11, 3, 19, 0)
    rules = replace(RULES, reminder_offsets=(parse_offset("1d"), parse_offset("2h")))
    short_cutoff = replace(SCHOOL, rounds=(replace(ROUND, cancel_cutoff_hours=4),))
    state = replace(short_cutoff, bookings=(booking(SEM, talk, local(2026, 10, 20, 12, 0)),))
    dues = sorted(
        {
            n.not_before
            for n in plan(state, rules, local(2026, 10, 20, 12, 1))
            if n.params.get("booking_id")
        }
    )
    assert dues == [local(2026, 11, 2, 19, 0), local(2026, 11, 3, 17, 0)]


def test_agreements_come_back_on_the_evaluation_date_to_parents_and_teacher():
    record = RecordFacts(booking_id=42, pupil_id=SEM, staff_id=7, evaluate_on=date(2026, 10, 26))
    state = replace(SCHOOL, records=(record,))
    planned = [
        n for n in plan(state, RULES, local(2026, 10, 20, 12, 0)) if n.kind == Kind.EVALUATION
    ]
    assert {(n.recipient_kind, n.recipient_id) for n in planned} == {
        ("staff", 7),
        ("guardian", INGRID),
        ("guardian", TOM),
    }
    assert {n.not_before for n in planned} == {local(2026, 10, 26, 9, 0)}  # CET, after the change
    week_later = plan(state, RULES, local(2026, 11, 3, 9, 0))
    assert [n for n in week_later if n.kind == Kind.EVALUATION] == []  # stale after a week


def test_the_teacher_s_digest_comes_the_evening_before_at_the_school_s_chosen_time():
    talk = replace(booking(SEM, local(2026, 11, 3, 19, 0), OPENS), staff_id=100)
    state = replace(SCHOOL, bookings=(talk,))
    [digest] = of_kind(Kind.DIGEST, state, OPENS)
    assert (digest.recipient_id, digest.not_before) == (100, local(2026, 11, 2, 19, 0))
    earlier = replace(RULES, digest_time=time(17, 30))
    [digest] = of_kind(Kind.DIGEST, state, OPENS, earlier)
    assert digest.not_before == local(2026, 11, 2, 17, 30)
    assert digest.expires_at == talk.starts_at
