"""The rules a round answers by itself, the same for booking, the views and the planner."""

from datetime import UTC, datetime, timedelta

from bot.domain.rounds import BookingScope, NewRound, TalkForm, TalkKind
from tests.round_fixture import a_round

OPENS = datetime(2026, 10, 19, 7, 0, tzinfo=UTC)
CLOSES = datetime(2026, 10, 30, 16, 0, tzinfo=UTC)
SEM, BO = 1, 2
G4, G8 = 4, 8


def test_a_round_is_for_every_pupil_of_its_groups():
    round_ = a_round(group_ids=frozenset({G4}))
    assert round_.includes(SEM, G4)
    assert not round_.includes(BO, G8)
    assert not round_.includes(SEM, None)  # no longer an active pupil


def test_a_follow_up_round_is_only_for_the_pupils_it_was_opened_for():
    follow_up = a_round(group_ids=frozenset({G4}), only_pupils=frozenset({SEM}))
    assert follow_up.includes(SEM, G4)
    assert not follow_up.includes(BO, G4)
    assert not follow_up.includes(SEM, G8)  # moved to another group since


def test_booking_is_open_from_opening_until_just_before_closing():
    round_ = a_round(booking_opens_at=OPENS, booking_closes_at=CLOSES)
    assert not round_.is_open(OPENS - timedelta(seconds=1))
    assert round_.is_open(OPENS)
    assert not round_.has_closed(OPENS)
    assert not round_.is_open(CLOSES)
    assert round_.has_closed(CLOSES)


def test_a_round_has_ended_when_booking_closed_and_the_last_talk_is_over():
    talks_end = CLOSES + timedelta(days=5)
    round_ = a_round(booking_closes_at=CLOSES, talks_end=talks_end)
    assert not round_.ended_before(talks_end)
    assert round_.ended_before(talks_end + timedelta(seconds=1))
    without_talks = a_round(booking_closes_at=CLOSES)
    assert without_talks.ended_before(CLOSES + timedelta(seconds=1))


def test_parents_may_change_a_talk_until_the_cut_off():
    round_ = a_round(cancel_cutoff_hours=4)
    talk = datetime(2026, 11, 3, 18, 0, tzinfo=UTC)
    assert round_.change_cutoff == timedelta(hours=4)
    assert round_.may_change(talk, talk - timedelta(hours=4, seconds=1))
    assert not round_.may_change(talk, talk - timedelta(hours=4))


def test_separated_parents_each_book_only_in_a_household_round():
    assert not a_round().per_household
    assert a_round(booking_scope=BookingScope.HOUSEHOLD).per_household


def test_a_round_a_teacher_opens_takes_the_settings_of_the_group_s_last_round():
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    last = a_round(slot_minutes=20, form=TalkForm.VIDEO, place="Lokaal 7", cancel_cutoff_hours=48)
    rules = NewRound(TalkKind.DEVELOPMENT, G4, "Extra", last).rules(now)
    assert (rules.kind, rules.title) == (TalkKind.DEVELOPMENT, "Extra")
    assert (rules.slot_minutes, rules.place, rules.cancel_cutoff_hours) == (20, "Lokaal 7", 48)
    assert rules.form is TalkForm.SCHOOL  # a new round is at school
    assert rules.booking_opens_at == rules.booking_closes_at == now
    follow_up = NewRound(TalkKind.PROGRESS, G4, "Vervolg", last, pupils=(SEM,)).rules(now)
    assert follow_up.form is TalkForm.VIDEO  # a follow-up keeps its talk's form


def test_a_group_without_a_round_gets_the_usual_settings():
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    rules = NewRound(TalkKind.PROGRESS, G4, "Extra", None).rules(now)
    assert (rules.slot_minutes, rules.buffer_minutes, rules.cancel_cutoff_hours) == (15, 5, 24)
    assert (rules.form, rules.place, rules.booking_scope) == (
        TalkForm.SCHOOL,
        "",
        BookingScope.PUPIL,
    )
