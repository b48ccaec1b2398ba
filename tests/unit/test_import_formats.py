"""Imports take what schools have: CSV in every encoding Excel writes, .xlsx workbooks
told by their content, headers in the school's own words (folded, or named by a header
map), and anything else refused in one line that says what the file is."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from bot.domain.csv_table import FileRejected, read_table
from bot.domain.file_kinds import UnreadableFile, decode
from bot.domain.header_map import HeaderMapError, parse_map_file, parse_map_options
from bot.domain.roster import ROSTER_COLUMNS, ROSTER_REQUIRED, parse_roster
from bot.domain.staff import STAFF_COLUMNS, STAFF_REQUIRED

HEADER = ["Leerlingnummer", "Roepnaam", "Achternaam", "Groep", "Naam ouder/verzorger", "Telefoon"]
ROWS = [["1001", "Zoë", "de Vries", "Groep 4", "Ülkü Demir", "06-1234 5678"]]


def text(header: list[str], rows: list[list[str]], separator: str, newline: str) -> str:
    return "".join(separator.join(cells) + newline for cells in [header, *rows])


def roster_of(data: bytes, header_map=None):
    table = read_table(data, ROSTER_COLUMNS, ROSTER_REQUIRED, header_map)
    return table, parse_roster(table, "nl")


def workbook(*sheets: tuple[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        # Excel "CSV (gescheiden door lijstscheidingsteken)" in a Dutch locale, UTF-8 flavour
        b"\xef\xbb\xbf" + text(HEADER, ROWS, ";", "\r\n").encode(),
        # the same without BOM, and in Windows-1252 ("CSV" in older Excel)
        text(HEADER, ROWS, ";", "\r\n").encode(),
        text(HEADER, ROWS, ";", "\r\n").encode("cp1252"),
        # Excel "Unicode text": UTF-16 LE with BOM, tab-separated
        text(HEADER, ROWS, "\t", "\r\n").encode("utf-16"),
        b"\xfe\xff" + text(HEADER, ROWS, "\t", "\r\n").encode("utf-16-be"),
        # UTF-16 without a BOM, as some administration systems write it
        text(HEADER, ROWS, "\t", "\n").encode("utf-16-le"),
        text(HEADER, ROWS, ",", "\n").encode("utf-16-be"),
    ],
    ids=["utf8-bom", "utf8", "cp1252", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be"],
)
def test_every_encoding_excel_writes_reads_the_same_rows(data):
    table, roster = roster_of(data)
    assert [(row.line, row.get("first_name"), row.get("guardian_name")) for row in table.rows] == [
        (2, "Zoë", "Ülkü Demir")
    ]
    (guardian,) = roster.guardians.values()
    assert guardian.key == "phone:+31612345678"


def test_decode_reads_a_utf16_file_whole_and_without_its_bom():
    assert decode("\ufeffNaam\tTaal\r\nÜlkü\tTurks\r\n".encode("utf-16-le")) == (
        "Naam\tTaal\r\nÜlkü\tTurks\r\n"
    )


def _zip(**members: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name.replace("__", "/"), content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old Excel workbook (.xls)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (_zip(mimetype=b"application/vnd.oasis.opendocument.spreadsheet"), "OpenDocument"),
        (_zip(word__document_xml=b"<w/>"), "zip archive, not a spreadsheet"),
        (b"PK\x03\x04 broken", "damaged zip"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not text"),
        (b"\xff\xfeN\x00a\x00a", "UTF-16 text but is damaged"),
        (b"Naam\n\x81\x8d\x8f\n", "neither UTF-8, UTF-16 nor Windows-1252"),
    ],
    ids=["xls", "pdf", "ods", "docx", "bad-zip", "png", "odd-utf16", "no-encoding"],
)
def test_what_is_no_table_is_refused_saying_what_it_is(data, said):
    with pytest.raises(UnreadableFile, match=re.escape(said)) as refused:
        read_table(data, ROSTER_COLUMNS, ROSTER_REQUIRED)
    assert "\n" not in str(refused.value)


def test_an_xlsx_is_read_by_its_content_with_cells_as_the_csv_would_have_them():
    data = workbook(
        ("Toelichting", []),  # an empty first sheet: the sheet with data is read
        (
            "Leerlingen",
            [
                [*HEADER, "Inschrijfdatum"],
                [1001, "Zoë", "de Vries", 4, "Ülkü Demir", 612345678, datetime(2025, 3, 14)],
                [],  # a blank row: the next one is still row 4, as Excel shows it
                [1002.0, "Bo", "Kok", "7/8", "Ann Kok", "+32 470 12 34 56", date(2026, 9, 1)],
            ],
        ),
    )
    table, roster = roster_of(data)
    assert [row.line for row in table.rows] == [2, 4]
    assert table.rows[0].values["pupil_id"] == "1001"
    assert table.rows[1].values["pupil_id"] == "1002"
    assert roster.pupils["1001"].enrolled_on == date(2025, 3, 14)
    assert roster.pupils["1002"].enrolled_on == date(2026, 9, 1)
    # a phone number Excel kept as a figure gets back the 0 it lost
    assert {g.name: (g.key, g.phone) for g in roster.guardians.values()} == {
        "Ülkü Demir": ("phone:+31612345678", "0612345678"),
        "Ann Kok": ("phone:+32470123456", "+32 470 12 34 56"),
    }


def test_problems_in_an_xlsx_name_the_spreadsheet_s_rows():
    data = workbook(
        ("Blad1", [HEADER, [], [], [1001, "Zoë", "de Vries", "groep 12", "Ülkü", "0612345678"]])
    )
    with pytest.raises(FileRejected) as rejected:
        roster_of(data)
    assert [problem.line for problem in rejected.value.problems] == [4]


def test_an_empty_workbook_is_refused_as_empty():
    with pytest.raises(FileRejected, match="empty"):
        roster_of(workbook(("Blad1", [])))


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Naam ouder/verzorger", "guardian_name"),
        ("E-mailadres ouder/verzorger", "guardian_email"),
        ("Telefoonnummer ouder/verzorger", "guardian_phone"),
        ("Leerling-nummer", "pupil_id"),
        ("Roepnaam:", "first_name"),
    ],
)
def test_headers_match_whatever_punctuation_they_carry(header, field):
    data = f"{header}\nx\n".encode()
    table = read_table(data, ROSTER_COLUMNS, ())
    assert table.columns == {field}


def test_the_header_map_names_columns_the_bot_does_not_know_and_wins_over_aliases():
    data = (
        b"Lln;Voornaam kind;Familienaam;Klas;Verantwoordelijke;Ouder\r\n"
        b"1;Bo;Kok;4;Ann Kok;(not the guardian's name)\r\n"
    )
    header_map = {"Lln": "pupil_id", "voornaam KIND": "first_name", "Familienaam": "last_name"}
    header_map["Verantwoordelijke"] = "guardian_name"
    table = read_table(data, ROSTER_COLUMNS, ROSTER_REQUIRED, header_map)
    assert table.rows[0].values == {
        "pupil_id": "1",
        "first_name": "Bo",
        "last_name": "Kok",
        "group": "4",
        "guardian_name": "Ann Kok",
    }


def test_a_header_map_that_does_not_fit_the_file_is_refused_in_one_line():
    data = b"Naam;E-mail;Functie\nAnn;a@school.nl;leerkracht\n"
    with pytest.raises(HeaderMapError) as unknown_field:
        read_table(data, STAFF_COLUMNS, STAFF_REQUIRED, {"Naam": "full_name"})
    assert str(unknown_field.value) == (
        "the header map names an unknown field 'full_name'"
        " (fields: name, email, role, groups, language, phone)"
    )
    with pytest.raises(HeaderMapError) as unknown_column:
        read_table(data, STAFF_COLUMNS, STAFF_REQUIRED, {"Mobiel": "phone"})
    assert str(unknown_column.value) == (
        "the header map names a column 'Mobiel' the file does not have"
        " (its columns: 'Naam', 'E-mail', 'Functie')"
    )
    with pytest.raises(HeaderMapError, match="two columns"):
        read_table(data, STAFF_COLUMNS, STAFF_REQUIRED, {"Naam": "name", "Functie": "name"})


def test_a_missing_column_names_the_file_s_columns_and_the_map():
    with pytest.raises(FileRejected) as rejected:
        read_table(b"Lln;Naam\n1;Bo\n", ROSTER_COLUMNS, ("pupil_id",))
    *_, hint = rejected.value.problems
    assert hint.line == 1
    assert (
        hint.reason == "the file's columns are 'Lln', 'Naam'; name one with --map \"COLUMN=field\""
    )


def test_map_options_are_column_equals_field():
    assert parse_map_options(["Naam ouder/verzorger=guardian_name", " A=B = group "]) == {
        "Naam ouder/verzorger": "guardian_name",
        "A=B": "group",
    }
    for wrong in ("guardian_name", "=guardian_name", "Naam="):
        with pytest.raises(HeaderMapError, match="should look like"):
            parse_map_options([wrong])


SAVED = """\
# The export of our administration
[roster]
"Naam ouder/verzorger" = "guardian_name"
Lln = "pupil_id"

[staff]
Medewerker = "name"
"""


def test_a_saved_map_gives_the_section_of_the_file_kind():
    assert parse_map_file(SAVED, "roster") == {
        "Naam ouder/verzorger": "guardian_name",
        "Lln": "pupil_id",
    }
    assert parse_map_file(SAVED, "staff") == {"Medewerker": "name"}
    assert parse_map_file("[staff]\nA = 'name'\n", "roster") == {}


@pytest.mark.parametrize(
    ("saved", "said"),
    [
        ("[roster\n", "not valid TOML"),
        ("[pupils]\nA = 'pupil_id'\n", "has a section [pupils]; it may have [roster] and [staff]"),
        ("[roster]\nA = 1\n", 'lines like "Column" = "field_name"'),
        ("roster = 'x'\n", 'lines like "Column" = "field_name"'),
    ],
)
def test_a_wrong_saved_map_is_refused_saying_what_is_wrong(saved, said):
    with pytest.raises(HeaderMapError, match=re.escape(said)):
        parse_map_file(saved, "roster")
