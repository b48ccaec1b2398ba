from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.domain.siblings import back_to_back

T0 = datetime(2026, 12, 8, 13, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Offer:
    slot_id: int
    starts_at: datetime
    ends_at: datetime
    teacher: str


def offers(teacher: str, first_id: int, *minutes: int) -> list[Offer]:
    return [
        Offer(first_id + i, T0 + timedelta(minutes=m), T0 + timedelta(minutes=m + 15), teacher)
        for i, m in enumerate(minutes)
    ]


def test_two_children_with_different_teachers_get_adjacent_talks_in_either_order():
    chains = back_to_back([(1, offers("A", 100, 0, 60)), (2, offers("B", 200, 15, 75, 200))])
    pairs = [[(pupil, o.slot_id) for pupil, o in chain] for chain in chains]
    assert pairs == [[(1, 100), (2, 200)], [(1, 101), (2, 201)]]


def test_never_overlapping_and_gaps_stay_short():
    chains = back_to_back([(1, offers("A", 100, 0)), (2, offers("B", 200, 5, 40))])
    assert chains == []  # 13:35 overlaps, 14:10 leaves a 25-minute gap


def test_three_children_chain_and_the_order_may_change():
    chains = back_to_back(
        [(1, offers("A", 100, 30)), (2, offers("B", 200, 0)), (3, offers("C", 300, 15))]
    )
    assert [[p for p, _ in c] for c in chains] == [[2, 3, 1]]


def test_the_same_teacher_takes_consecutive_slots_for_siblings_in_one_group():
    same = offers("A", 100, 0, 20, 40)
    chains = back_to_back([(1, same), (2, same)])
    assert all(a.slot_id != b.slot_id for (_, a), (_, b) in chains)
    assert [(a.slot_id, b.slot_id) for (_, a), (_, b) in chains] == [(100, 101), (101, 102)]


def test_choices_are_limited_and_start_at_different_times():
    many_a = offers("A", 100, *range(0, 600, 20))
    many_b = offers("B", 1000, *range(15, 615, 20))
    chains = back_to_back([(1, many_a), (2, many_b)], limit=4)
    assert len(chains) == 4
    assert len({c[0][1].starts_at for c in chains}) == 4
