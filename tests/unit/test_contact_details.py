"""Phone numbers and e-mail addresses are checked where they come in: the settings and
the staff file. A typo there would send a worried parent to nobody."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings
from bot.domain.contact_details import email_address, phone_number
from bot.domain.csv_table import FileRejected, read_table
from bot.domain.staff import STAFF_COLUMNS, STAFF_REQUIRED, parse_staff


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("020 123 4567", "020 123 4567"),
        ("  +31 20  123-4567 ", "+31 20 123-4567"),
        ("06-12345678", "06-12345678"),
    ],
)
def test_a_phone_number_is_kept_as_written_with_its_spaces_tidied(written, shown):
    assert phone_number(written) == shown


@pytest.mark.parametrize(
    "written", ["020 12", "bel de school", "06 1234 5678 (mobiel)", "0612345678901234"]
)
def test_what_is_not_a_phone_number_is_refused(written):
    with pytest.raises(ValueError, match="is not a phone number"):
        phone_number(written)


def test_an_e_mail_address_needs_one_at_and_a_domain_with_a_dot():
    assert email_address(" info@regenboog.nl ") == "info@regenboog.nl"
    for written in ("info@regenboog", "info regenboog.nl", "a@b@c.nl", "@regenboog.nl"):
        with pytest.raises(ValueError, match="is not an e-mail address"):
            email_address(written)


def test_the_school_s_contact_settings_are_optional_and_checked(monkeypatch):
    settings = load_settings()
    assert (settings.school_phone, settings.school_email) == ("", "")
    monkeypatch.setenv("SCHOOL_PHONE", " 020  123 4567")
    monkeypatch.setenv("SCHOOL_EMAIL", "info@regenboog.example.nl")
    settings = load_settings()
    assert (settings.school_phone, settings.school_email) == (
        "020 123 4567",
        "info@regenboog.example.nl",
    )
    for name, value in (("SCHOOL_PHONE", "call us"), ("SCHOOL_EMAIL", "info-at-school")):
        monkeypatch.setenv(name, value)
        with pytest.raises(ConfigError) as error:
            load_settings()
        assert str(error.value).startswith(f"{name}: ")
        monkeypatch.delenv(name)


def _staff(csv: str):
    return parse_staff(read_table(csv.encode(), STAFF_COLUMNS, STAFF_REQUIRED), "nl")


def test_the_staff_file_may_give_a_teacher_s_phone():
    staff, _ = _staff(
        "Naam;E-mail;Functie;Groepen;Telefoon\n"
        "Karim Bouzid;k.bouzid@school.nl;Leerkracht;4;06 1234 5678\n"
        "Ellen Vos;e.vos@school.nl;Leerkracht;4;\n"
    )
    assert staff["k.bouzid@school.nl"].phone == "06 1234 5678"
    assert staff["e.vos@school.nl"].phone == ""
    staff, _ = _staff("Naam;E-mail;Functie\nHans;h@school.nl;Directeur\n")  # no such column
    assert staff["h@school.nl"].phone == ""


def test_a_staff_file_with_a_wrong_phone_is_refused_with_its_line():
    with pytest.raises(FileRejected) as rejected:
        _staff("Name;Email;Role;Phone\nKarim;k@school.nl;teacher;ask 06-1234\n")
    (problem,) = rejected.value.problems
    assert problem.line == 2
    assert "is not a phone number" in problem.reason
