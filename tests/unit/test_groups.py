import pytest

from bot.domain.groups import parse_group


@pytest.mark.parametrize(
    ("written", "name", "low", "high"),
    [
        ("4", "4", 4, 4),
        ("Groep 4", "4", 4, 4),
        ("groep 1/2A", "1/2A", 1, 2),
        ("1/2 a", "1/2A", 1, 2),
        ("Groep 4/5", "4/5", 4, 5),
        ("7-8", "7/8", 7, 8),
        ("gr. 8b", "8B", 8, 8),
        ("  GROEP   3/4/5  ", "3/4/5", 3, 5),
    ],
)
def test_group_spellings_become_one_canonical_name(written, name, low, high):
    group = parse_group(written)
    assert (group.name, group.grade_low, group.grade_high) == (name, low, high)


@pytest.mark.parametrize("written", ["", "9", "groep 0", "4/6", "5/4", "klas A", "1/2AB", "4 en 5"])
def test_impossible_groups_are_refused_with_the_written_value(written):
    with pytest.raises(ValueError, match="unknown group format"):
        parse_group(written)


def test_kleuters_are_groep_1_and_2_only():
    assert parse_group("1/2A").is_kleuters
    assert not parse_group("2/3").is_kleuters
