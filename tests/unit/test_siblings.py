"""Back-to-back chains across the whole round: best first, the walk between rooms counted."""

from datetime import UTC, datetime, timedelta

from bot.domain.bookings import Offer
from bot.domain.siblings import back_to_back

T0 = datetime(2026, 12, 8, 13, 30, tzinfo=UTC)  # Tuesday 14:30 at school
THURSDAY = T0 + timedelta(days=2, hours=4)  # Thursday 18:30
TEACHERS = {"A": 1, "B": 2, "C": 3}
GAP = timedelta(minutes=5)


def offers(teacher: str, first_id: int, *minutes: int, start: datetime = T0) -> list[Offer]:
    """Talks of 15 minutes with one teacher in their own room, `minutes` after `start`."""
    return [
        Offer(
            first_id + i,
            TEACHERS[teacher],
            teacher,
            start + timedelta(minutes=m),
            start + timedelta(minutes=m + 15),
            f"room {teacher}",
        )
        for i, m in enumerate(minutes)
    ]


def slots(chains) -> list[list[tuple[int, int]]]:
    return [[(pupil, offer.slot_id) for pupil, offer in chain] for chain in chains]


def test_two_children_with_different_teachers_walk_over_in_either_order():
    chains = back_to_back(
        [(1, offers("A", 100, 0, 60)), (2, offers("B", 200, 20, 80, 200))], gap=GAP
    )
    assert slots(chains) == [[(1, 100), (2, 200)], [(1, 101), (2, 201)]]


def test_never_overlapping_never_without_the_walk_and_waits_stay_short():
    assert back_to_back([(1, offers("A", 100, 0)), (2, offers("B", 200, 5))], gap=GAP) == []
    # Right after each other, but in two rooms: no time to walk over.
    assert back_to_back([(1, offers("A", 100, 0)), (2, offers("B", 200, 15))], gap=GAP) == []
    # 25 minutes after the walk is too long a wait.
    assert back_to_back([(1, offers("A", 100, 0)), (2, offers("B", 200, 45))], gap=GAP) == []


def test_a_longer_walk_is_the_school_s_setting():
    pair = [(1, offers("A", 100, 0)), (2, offers("B", 200, 20))]
    assert back_to_back(pair, gap=timedelta(minutes=5))
    assert back_to_back(pair, gap=timedelta(minutes=10)) == []


def test_the_same_teacher_in_the_same_room_needs_no_walk():
    same = offers("A", 100, 0, 15, 30)  # one talk right after the other
    chains = back_to_back([(1, same), (2, same)], gap=GAP)
    assert slots(chains) == [[(1, 100), (2, 101)], [(1, 101), (2, 102)]]


def test_three_children_chain_and_the_order_may_change():
    chains = back_to_back(
        [(1, offers("A", 100, 40)), (2, offers("B", 200, 0)), (3, offers("C", 300, 20))], gap=GAP
    )
    assert [[p for p, _ in c] for c in chains] == [[2, 3, 1]]


def test_the_least_waiting_comes_first_then_the_earliest():
    chains = back_to_back([(1, offers("A", 100, 0, 100)), (2, offers("B", 200, 30, 120))], gap=GAP)
    # 14:30 then 15:00 waits 15 minutes; 16:10 then 16:30 waits 5: that one first.
    assert slots(chains) == [[(1, 101), (2, 201)], [(1, 100), (2, 200)]]


def test_the_best_order_per_starting_time_with_the_least_waiting_inside():
    # Child 1 first: 14:30 A, then B at 14:50 (walk) or 15:05; C after B.
    chains = back_to_back(
        [
            (1, offers("A", 100, 0)),
            (2, offers("B", 200, 20, 35)),
            (3, offers("C", 300, 40, 55, 60)),
        ],
        gap=GAP,
    )
    assert slots(chains)[0] == [(1, 100), (2, 200), (3, 300)]  # 10 minutes waiting in all
    assert len({c[0][1].starts_at for c in chains}) == len(chains)  # one per starting time


def test_every_day_and_block_of_the_round_is_offered():
    afternoon = offers("A", 100, *range(0, 90, 20)) + offers("A", 120, 0, 20, start=THURSDAY)
    other = offers("B", 200, *range(20, 110, 20)) + offers("B", 220, 20, 40, start=THURSDAY)
    chains = back_to_back([(1, afternoon), (2, other)], gap=GAP)
    days = {chain[0][1].starts_at.date() for chain in chains}
    assert days == {T0.date(), THURSDAY.date()}
    assert len(chains) > 6  # no longer cut at six: the caller pages
    starts = [c[0][1].starts_at for c in chains]
    assert starts == sorted(starts)  # all wait the walk only: the earliest first
