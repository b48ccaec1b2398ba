"""Person kinds: the values the database stores, and the administrator's references."""

import pytest

from bot.domain.people import Person
from bot.domain.person_kind import PersonKind, parse_person_ref


def test_the_values_are_what_the_database_stores():
    assert [kind.value for kind in PersonKind] == ["guardian", "staff"]


@pytest.mark.parametrize("kind", list(PersonKind))
def test_a_reference_names_the_person_it_was_written_for(kind):
    person = Person(kind, 12, "", "nl", "", (), (), linked=False)
    assert parse_person_ref(person.ref) == (kind, 12)


@pytest.mark.parametrize("ref", ["", "g", "x12", "g1x", "12", "gs12", "g-1"])
def test_anything_else_names_nobody(ref):
    assert parse_person_ref(ref) is None
