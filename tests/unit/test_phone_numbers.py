"""Phone numbers as schools write them: every spelling of one number is one guardian, a
number from abroad keeps its country, a Dutch school's bare number is Dutch."""

from __future__ import annotations

import pytest

from bot.domain.contact_details import phone_key, phone_number
from bot.domain.csv_table import FileRejected, read_table
from bot.domain.roster import (
    ROSTER_COLUMNS,
    ROSTER_REQUIRED,
    Use,
    parse_roster,
    spelled_twice,
    stored_phone_keys,
)

SAME_NUMBER = {
    "+31612345678": [
        "+31 (0)6 1234 5678",
        "06-1234 5678",
        "0031612345678",
        "0031 6 12 34 56 78",
        "06 12345678",
        "+31 6 12345678",
        "06.12.34.56.78",
        "06–12345678",  # an en dash, as Word writes it
    ],
    "+32470123456": ["+32 470 12 34 56", "0032 470123456", "+32 (0)470 12.34.56"],
    "+4915123456789": ["+49 151 23456789", "0049 151 23456789", "+49 (0)151 2345 6789"],
    "+31201234567": ["020 123 4567", "020-1234567", "+31 20 123 4567"],
}


@pytest.mark.parametrize(
    ("written", "key"),
    [(written, key) for key, spellings in SAME_NUMBER.items() for written in spellings],
)
def test_every_spelling_of_a_number_gives_its_e164_form(written, key):
    assert phone_key(written) == key


def test_a_bare_number_is_read_as_dutch_and_refused_when_it_is_no_dutch_number():
    with pytest.raises(ValueError, match="not a phone number") as refused:
        phone_key("0470 12 34 56")  # Belgian only with its +32
    assert str(refused.value) == (
        "'0470 12 34 56' is not a phone number in the Netherlands; write a number from"
        " abroad with its country code (+32 …, 0049 …)"
    )


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("+1 999 123 4567", "(country code +1)"),
        ("06 1234 567", "in the Netherlands"),
        ("bel de school", "(digits, spaces, - ( ) and a leading + or 00)"),
        ("06 1234 5678 of 020 123 4567", "(digits, spaces"),
    ],
)
def test_what_is_no_number_is_refused_saying_why(written, said):
    with pytest.raises(ValueError, match="is not a phone number") as refused:
        phone_number(written)
    assert said in str(refused.value)


@pytest.mark.parametrize(
    ("figure", "shown"),
    [
        ("612345678", "0612345678"),  # a mobile number without its 0
        ("201234567", "0201234567"),  # Amsterdam without its 0
        ("31612345678", "+31612345678"),  # a number with its country code, without the +
        ("32470123456", "+32470123456"),
        ("4915123456789", "+4915123456789"),
    ],
)
def test_a_number_a_spreadsheet_kept_as_a_figure_gets_back_what_it_lost(figure, shown):
    assert phone_number(figure) == shown
    assert phone_key(figure) == phone_key(shown)


@pytest.mark.parametrize(
    "figure",
    [
        "61234567890",  # +61 2 3456 7890 in Australia, or 06-12345678 with a digit too many
        "6123456789",  # ten digits: no Dutch number lost only its 0
        "33612345678",  # France's +33 6 …, but 033-6123456 is Amersfoort
    ],
)
def test_a_figure_that_reads_two_ways_or_none_is_refused_not_guessed(figure):
    with pytest.raises(ValueError, match="kept as a figure") as refused:
        phone_number(figure)
    assert str(refused.value) == (
        f"{figure!r} is a number a spreadsheet kept as a figure, without the 0 or + it began"
        " with; write it as text with its 0 (06 …) or with its country code (+32 …)"
    )


def test_the_shown_number_is_as_written_with_its_spaces_tidied():
    assert phone_number("  +32 470  12 34 56 ") == "+32 470 12 34 56"


def test_stored_keys_of_the_old_spelling_are_found_by_the_number_s_key_now():
    stored = [
        "phone:+310612345678",  # "+31 (0)6 1234 5678" as the old import stored it
        "phone:+31201234567",  # the same now: nothing to find
        "phone:+310201234567",  # … and stored twice: the current one is the guardian
        "phone:+31470123456",  # "0470 12 34 56" read as Dutch: the Belgian number now
        "phone:+31151234567",  # "0151 234 567" — two foreign numbers have these digits
        "phone:015123456789",  # "0151 23456789": a German number without its +49
        "email:ann@example.nl",
        "phone:no number",
    ]
    incoming = [
        "phone:+31612345678",
        "phone:+32470123456",
        "phone:+32151234567",
        "phone:+49151234567",
        "phone:+4915123456789",
        "email:ann@example.nl",
    ]
    found = stored_phone_keys(stored, incoming)
    assert found.renamed == {
        "phone:+31612345678": "phone:+310612345678",
        "phone:+32470123456": "phone:+31470123456",
        "phone:+4915123456789": "phone:015123456789",
    }
    assert found.also == {}


TWICE = ["phone:+310612345678", "phone:+31612345678"]  # one number, the old and new spelling


@pytest.mark.parametrize(
    ("in_use", "renamed", "also"),
    [
        ({}, {}, {}),  # a duplicate nobody uses: the current spelling is the guardian
        ({"phone:+310612345678": Use.CONNECTED}, {"phone:+31612345678": TWICE[0]}, {}),
        ({"phone:+310612345678": Use.HISTORY}, {"phone:+31612345678": TWICE[0]}, {}),
        ({"phone:+31612345678": Use.CONNECTED, "phone:+310612345678": Use.HISTORY}, {}, {}),
        (
            {"phone:+31612345678": Use.CONNECTED, "phone:+310612345678": Use.CONNECTED},
            {},
            {"phone:+31612345678": ["phone:+310612345678"]},
        ),
    ],
    ids=["unused", "old-connected", "old-has-history", "current-connected", "both-connected"],
)
def test_of_a_number_stored_twice_the_record_in_use_is_the_guardian(in_use, renamed, also):
    assert spelled_twice(TWICE, ["phone:+31612345678"]) == set(TWICE)
    found = stored_phone_keys(TWICE, ["phone:+31612345678"], in_use)
    assert (found.renamed, found.also) == (renamed, also)


HEADER = "Leerlingnummer;Roepnaam;Achternaam;Groep;Naam ouder/verzorger;Telefoon\n"


def parse(body: str):
    return parse_roster(read_table((HEADER + body).encode(), ROSTER_COLUMNS, ROSTER_REQUIRED), "nl")


def test_one_guardian_written_two_ways_on_two_rows_is_one_guardian():
    roster = parse(
        "1;Adam;Haddad;4;Rania Haddad;+31 (0)6 1234 5678\n"
        "2;Lina;Haddad;4;Rania Haddad;06-1234 5678\n"
        "3;Jonas;Peeters;5;Els Peeters;+32 470 12 34 56\n"
        "4;Mia;Peeters;7;Els Peeters;0032 470123456\n"
    )
    assert {key: g.phone for key, g in roster.guardians.items()} == {
        "phone:+31612345678": "+31 (0)6 1234 5678",
        "phone:+32470123456": "+32 470 12 34 56",
    }
    assert len(roster.links) == 4


def test_a_wrong_number_refuses_the_file_with_its_line():
    with pytest.raises(FileRejected) as rejected:
        parse("1;Adam;Haddad;4;Rania Haddad;06-1234 5678\n2;Jonas;Peeters;5;Els;0470 12 34 56\n")
    (problem,) = rejected.value.problems
    assert problem.line == 3
    assert problem.reason.startswith("guardian 'Els': '0470 12 34 56' is not a phone number")
