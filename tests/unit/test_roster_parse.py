import pytest

from bot.domain.contact_details import phone_key
from bot.domain.csv_table import FileRejected, read_table
from bot.domain.roster import ROSTER_COLUMNS, ROSTER_REQUIRED, parse_roster

HEADER = "leerlingnummer;roepnaam;tussenvoegsel;achternaam;groep;naam verzorger;e-mail;taal\n"


def parse(body: str):
    data = (HEADER + body).encode()
    return parse_roster(read_table(data, ROSTER_COLUMNS, ROSTER_REQUIRED), "nl")


def test_a_guardian_with_three_children_in_two_groups_is_one_guardian():
    roster = parse(
        "1;Adam;;Haddad;4;Rania Haddad;rania@example.nl;Arabisch\n"
        "2;Lina;;Haddad;4;Rania Haddad;RANIA@example.nl;ar\n"
        "3;Omar;;Haddad;7/8;Rania Haddad;rania@example.nl;arabic\n"
    )
    assert list(roster.guardians) == ["email:rania@example.nl"]
    assert roster.guardians["email:rania@example.nl"].language == "ar"
    assert sorted(pid for pid, _ in roster.links) == ["1", "2", "3"]
    assert {g.name for g in roster.groups} == {"4", "7/8"}


def test_two_guardians_of_one_child_keep_their_own_languages():
    roster = parse(
        "1;Ĳsbrand;;Visser;4;Anke Visser;anke@example.nl;Nederlands\n"
        "1;Ĳsbrand;;Visser;4;Ülkü Demir;ulku@example.nl;Turks\n"
    )
    languages = {g.name: g.language for g in roster.guardians.values()}
    assert languages == {"Anke Visser": "nl", "Ülkü Demir": "tr"}


def test_a_pupil_without_guardian_is_imported_and_reported():
    roster = parse("1;Bo;;Kok;4;;;\n")
    assert "1" in roster.pupils
    assert [(w.line, "no guardian" in w.reason) for w in roster.warnings] == [(2, True)]


def test_an_unshipped_language_falls_back_to_the_default_with_a_warning():
    roster = parse("1;Sara;;Mahmoud;7;Hana Mahmoud;hana@example.nl;Koerdisch\n")
    assert roster.guardians["email:hana@example.nl"].language == "nl"
    assert "Koerdisch" in roster.warnings[0].reason


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Tigrinya", "ti"),
        ("ti", "ti"),
        ("Somalisch", "so"),
        ("Somali", "so"),
        ("Perzisch", "fa"),
        ("Farsi", "fa"),
        ("Dari", "fa"),  # Dari readers read the Persian catalog
        ("Bulgaars", "bg"),
        ("Romanian", "ro"),
        ("Roemeens", "ro"),
        ("Spaans", "es"),
        ("Portugees", "pt"),
        ("Portuguese", "pt"),
    ],
)
def test_the_twelve_languages_are_read_by_code_and_by_their_dutch_and_english_names(written, code):
    roster = parse(f"1;Sara;;Mahmoud;7;Hana Mahmoud;hana@example.nl;{written}\n")
    assert roster.guardians["email:hana@example.nl"].language == code
    assert not roster.warnings


def test_every_problem_is_reported_with_its_line_before_refusing():
    with pytest.raises(FileRejected) as rejected:
        parse(
            "1;Bo;;Kok;4;Ann Kok;ann@example.nl;nl\n"
            ";Zoë;;Vries;4;Sanne;sanne@example.nl;nl\n"
            "3;Finn;;Mulder;groep 9;Saskia;s@example.nl;nl\n"
            "1;Bo;;Kok;5;Ann Kok;ann@example.nl;nl\n"
            "4;Emma;;Smit;4;Jolanda Smit;;nl\n"
        )
    reasons = {p.line: p.reason for p in rejected.value.problems}
    assert reasons[3] == "empty pupil number"
    assert "unknown group format" in reasons[4]
    assert "differs from line 2" in reasons[5]
    assert "e-mail or phone" in reasons[6]


def test_a_guardian_written_differently_on_two_rows_is_a_conflict():
    with pytest.raises(FileRejected, match="guardian 'Ann Kok' differs from line 2"):
        parse("1;Bo;;Kok;4;Ann Kok;ann@example.nl;nl\n2;Mo;;Kok;6;Ann Kok;ann@example.nl;Pools\n")


def test_exact_duplicate_rows_are_harmless():
    roster = parse("1;Bo;;Kok;4;Ann Kok;ann@example.nl;nl\n" * 2)
    assert len(roster.links) == 1


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("06-1234 5678", "+31612345678"),
        ("+31 6 12345678", "+31612345678"),
        ("0031612345678", "+31612345678"),
        ("+31 (0)6 1234 5678", "+31612345678"),
    ],
)
def test_phone_numbers_compare_in_international_form(written, normal):
    assert phone_key(written) == normal
