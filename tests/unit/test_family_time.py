"""When two talks of one family may follow each other, and which times a refusal offers."""

from datetime import UTC, datetime, timedelta

from bot.domain.bookings import Booked, Offer
from bot.domain.family_time import FamilyTalk, first_clash, fitting, nearest, too_close

T0 = datetime(2026, 12, 10, 17, 30, tzinfo=UTC)  # Thursday 18:30 at school
GAP = timedelta(minutes=5)


def offer(slot_id: int, staff_id: int, minutes: int, place: str = "classroom") -> Offer:
    start = T0 + timedelta(minutes=minutes)
    return Offer(
        slot_id, staff_id, f"teacher {staff_id}", start, start + timedelta(minutes=15), place
    )


def talk(name: str, at: Offer) -> FamilyTalk:
    return FamilyTalk(Booked(at.slot_id, 1, at.slot_id, "", "active", at), name)


def test_overlapping_talks_never_fit():
    assert too_close(offer(1, 1, 0), offer(2, 2, 10), GAP)
    assert too_close(offer(1, 1, 0), offer(2, 2, 0), GAP)


def test_different_teachers_need_the_walk_on_either_side():
    assert too_close(offer(1, 1, 0), offer(2, 2, 15), GAP)  # ends 18:45, next 18:45
    assert too_close(offer(1, 1, 0), offer(2, 2, 19), GAP)
    assert not too_close(offer(1, 1, 0), offer(2, 2, 20), GAP)
    assert not too_close(offer(2, 2, 20), offer(1, 1, 0), GAP)
    assert too_close(offer(2, 2, -19), offer(1, 1, 0), GAP)  # before, too
    assert not too_close(offer(1, 1, 0), offer(2, 2, 15), timedelta(0))


def test_the_same_teacher_in_the_same_place_needs_no_walk():
    assert not too_close(offer(1, 1, 0), offer(2, 1, 15), GAP)
    # The same teacher in another place (another round's room, a video call): walk over.
    assert too_close(offer(1, 1, 0), offer(2, 1, 15, place="hall"), GAP)


def test_two_teachers_in_one_room_still_count_the_walk():
    assert too_close(offer(1, 1, 0, "Lokaal 4"), offer(2, 2, 15, "Lokaal 4"), GAP)


def test_the_first_clash_is_the_earliest_talk_in_the_way():
    adam, yasmina = talk("Adam", offer(1, 1, 0)), talk("Yasmina", offer(2, 2, 20))
    assert first_clash(offer(3, 3, 10), [yasmina, adam], GAP) == adam
    assert first_clash(offer(3, 3, 60), [yasmina, adam], GAP) is None


def test_fitting_and_the_nearest_of_them_closest_first():
    family = [talk("Adam", offer(1, 1, 0))]
    free = [offer(100 + m, 2, m) for m in (-40, -20, 0, 20, 40, 60, 600)]
    fits = fitting(free, family, GAP)
    assert [o.slot_id for o in fits] == [60, 80, 120, 140, 160, 700]
    assert [o.slot_id for o in nearest(fits, T0, limit=3)] == [80, 120, 60]  # a tie: earlier
