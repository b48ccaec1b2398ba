"""Files that look fine but would import wrong: an export with two guardians on a row, an
unclosed quote, a UTF-8 file with one stray byte, a comma in one header, the wrong sheet of
a workbook, files far too large, a map that contradicts itself, phone cells with no number
and figures that read as two numbers. Each is refused in lines that say what to do — or,
where nothing is lost, read with a warning — instead of deactivating half the school."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from bot.domain import file_kinds, spreadsheet
from bot.domain.csv_table import FileRejected, read_table
from bot.domain.file_kinds import UnreadableFile, decode
from bot.domain.header_map import HeaderMapError, combine, parse_map_file
from bot.domain.roster import ROSTER_COLUMNS, ROSTER_REQUIRED, parse_roster
from bot.domain.staff import STAFF_COLUMNS, STAFF_REQUIRED, parse_staff

HEADER = "Leerlingnummer;Roepnaam;Achternaam;Groep;Naam ouder/verzorger;E-mail;Telefoon\r\n"
ROW = "{n};Kind{n};Kok;Groep 4;Ouder{n};ouder{n}@example.nl;06-1234 56{n:02d}\r\n"


def body(count: int) -> str:
    return "".join(ROW.format(n=n) for n in range(1, count + 1))


def read(data: bytes, header_map=None):
    return read_table(data, ROSTER_COLUMNS, ROSTER_REQUIRED, header_map)


def refusal(data: bytes, header_map=None) -> list[str]:
    with pytest.raises(FileRejected) as rejected:
        read(data, header_map)
    return [str(problem) for problem in rejected.value.problems]


# --- two guardians on a row --------------------------------------------------------------

WIDE = (
    "Leerlingnummer;Roepnaam;Achternaam;Groep;Naam ouder/verzorger 1;E-mailadres ouder/verzorger;"
    "Naam ouder/verzorger 2;E-mail ouder/verzorger 2\r\n"
    "1;Sam;Bakker;Groep 3;Anna Bakker;anna@x.nl;Piet Bakker;piet@x.nl\r\n"
)


def test_an_export_with_two_guardians_on_a_row_is_refused_column_by_column():
    assert refusal(WIDE.encode()) == [
        "line 1: column 'Naam ouder/verzorger 2' holds a second guardian_name beside column"
        " 'Naam ouder/verzorger 1': the bot reads one row per pupil–guardian pair (a child with"
        " two guardians has two rows); export the file that way, or name the column to read"
        ' with --map "COLUMN=field"',
        "line 1: column 'E-mail ouder/verzorger 2' holds a second guardian_email beside column"
        " 'E-mailadres ouder/verzorger': the bot reads one row per pupil–guardian pair (a child"
        " with two guardians has two rows); export the file that way, or name the column to"
        ' read with --map "COLUMN=field"',
    ]


def test_a_second_column_beside_a_bare_name_is_refused_too():
    data = (HEADER.replace("\r\n", ";Telefoon 2\r\n") + ROW.format(n=1)).encode()
    (problem,) = refusal(data)
    assert problem.startswith("line 1: column 'Telefoon 2' holds a second guardian_phone")


def test_the_map_may_name_the_second_column_to_read():
    table = read(
        WIDE.encode(),
        {"Naam ouder/verzorger 2": "guardian_name", "E-mail ouder/verzorger 2": "guardian_email"},
    )
    assert (table.rows[0].get("guardian_name"), table.rows[0].get("guardian_email")) == (
        "Piet Bakker",
        "piet@x.nl",
    )


# --- quotes that swallow rows, cells csv cannot hold ------------------------------------


def test_an_unclosed_quote_is_refused_at_the_line_it_opens():
    text = HEADER + ROW.format(n=1) + ROW.format(n=2).replace(";ouder2", ';"ouder2') + body(5)
    assert refusal(text.encode()) == [
        "line 3: the cell of 'E-mail' that starts here takes in the 5 lines after it as if"
        ' they were text; is a quote (") not closed? Correct it and save the file again'
    ]


def test_a_note_on_two_lines_in_a_quoted_cell_is_fine():
    text = (
        HEADER.replace("\r\n", ";Opmerking\r\n")
        + '1;Bo;Kok;4;Ann;a@x.nl;;"belt na 3 uur\r\nof mailt"\r\n'
    )
    text += "2;Mo;Kok;4;Ann;a@x.nl;;\r\n"
    assert [row.line for row in read(text.encode()).rows] == [2, 4]


def test_a_cell_over_csv_s_limit_is_a_refusal_with_its_line():
    text = HEADER + body(2) + '3;A;A;Groep 3;"' + "x" * 200_000 + "\r\n"
    assert refusal(text.encode()) == [
        'line 4: a cell from here on is longer than 131,072 characters; is a quote (") not closed?'
    ]


# --- encodings ----------------------------------------------------------------------------


def test_a_utf8_file_with_one_stray_byte_is_refused_naming_its_line():
    data = "Leerlingnummer;Roepnaam\r\n1;Zoë\r\n2;José\r\n".encode().replace(b"\xc3\xa9", b"\xe9")
    with pytest.raises(UnreadableFile) as refused:
        decode(data)
    assert str(refused.value) == (
        "the file is UTF-8 text but line 3 holds a character that is not (text pasted from"
        " another file?); correct that line, then save the file as CSV UTF-8"
    )


def test_a_bom_and_a_stray_byte_are_not_read_as_missing_columns():
    data = b"\xef\xbb\xbf" + (HEADER + body(2)).encode() + b"3;J\xe9;Kok;4;Ann;a@x.nl;\r\n"
    with pytest.raises(UnreadableFile, match="line 4 holds a character that is not"):
        read(data)


def test_a_windows_1252_file_is_still_read_as_such():
    data = (HEADER + "1;Zoë;Kok;4;José;j@x.nl;\r\n").encode("cp1252")
    assert read(data).rows[0].get("first_name") == "Zoë"


# --- delimiters ---------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_comma_in_one_header_does_not_make_comma_the_delimiter(delimiter):
    header = HEADER.replace("Telefoon", "Telefoon (mobiel, werk)")
    text = (header + body(3)).replace(";", delimiter)
    table = read(text.encode())
    assert [row.get("guardian_name") for row in table.rows] == ["Ouder1", "Ouder2", "Ouder3"]


def test_a_comma_file_with_semicolons_in_its_names_stays_a_comma_file():
    text = "Leerlingnummer,Roepnaam,Achternaam,Groep,Naam ouder;verzorger\r\n1,Bo,Kok,4,Ann\r\n"
    table = read(text.encode(), {"Naam ouder;verzorger": "guardian_name"})
    assert table.rows[0].get("guardian_name") == "Ann"


# --- workbooks ----------------------------------------------------------------------------

CELLS = [["Leerlingnummer", "Roepnaam", "Achternaam", "Groep", "Naam verzorger", "E-mail"]]


def workbook(sheets: list[tuple[str, list[list[object]], str]], active: int) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    book.active = active
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pupils(name: str) -> list[list[object]]:
    return [*CELLS, [1, name, "Kok", 4, "Ann", "a@x.nl"]]


def test_the_active_sheet_is_read_not_the_first():
    data = workbook(
        [("Vorig jaar", pupils("Oud"), "visible"), ("Dit jaar", pupils("Nieuw"), "visible")], 1
    )
    assert read(data).rows[0].get("first_name") == "Nieuw"


def test_an_empty_active_sheet_reads_the_only_visible_sheet_with_data_never_a_hidden_one():
    data = workbook(
        [
            ("Lijsten", pupils("Verborgen"), "hidden"),
            ("Leeg", [], "visible"),
            ("Leerlingen", pupils("Zichtbaar"), "visible"),
        ],
        1,
    )
    assert read(data).rows[0].get("first_name") == "Zichtbaar"


def test_a_hidden_sheet_is_never_read_even_when_it_is_the_only_one_with_data():
    data = workbook([("Leeg", [], "visible"), ("Lijsten", pupils("Verborgen"), "hidden")], 0)
    assert refusal(data) == ["line 1: the file is empty"]


def test_an_empty_active_sheet_beside_two_with_data_is_refused_naming_them():
    data = workbook(
        [("Leeg", [], "visible"), ("A", pupils("A"), "visible"), ("B", pupils("B"), "visible")], 0
    )
    with pytest.raises(UnreadableFile) as refused:
        read(data)
    assert str(refused.value) == (
        "the workbook opens on an empty sheet and has data on the sheets 'A', 'B'; open it,"
        " go to the sheet to import, and save it again (or delete the other sheets)"
    )


# --- sizes --------------------------------------------------------------------------------


def test_a_file_larger_than_an_export_can_be_is_refused_unread():
    with pytest.raises(UnreadableFile, match=re.escape("the limit is 20 MB")):
        read(b"x" * (20 * 1024 * 1024 + 1))


def test_a_csv_with_more_rows_than_a_school_has_is_refused():
    text = HEADER + "1;Bo;Kok;4;Ann;a@x.nl;\r\n" * 100_001
    with pytest.raises(UnreadableFile, match="more than 100,000 rows"):
        read(text.encode())


def test_a_workbook_past_the_row_limit_or_the_unpacked_size_is_refused(monkeypatch):
    data = workbook([("Leerlingen", [*CELLS, *pupils("Bo")[1:] * 5], "visible")], 0)
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 3)
    with pytest.raises(UnreadableFile, match="rows"):
        read(data)
    monkeypatch.setattr(file_kinds, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(UnreadableFile, match="the workbook unpacks to"):
        read(data)


def test_a_refusal_lists_fifty_problems_and_counts_the_rest():
    text = HEADER + "".join(f"{n};Bo;Kok;groep 12;Ann;a@x.nl;\r\n" for n in range(1, 121))
    with pytest.raises(FileRejected) as rejected:
        parse_roster(read(text.encode()), "nl")
    problems = [str(problem) for problem in rejected.value.problems]
    assert len(problems) == 51
    assert problems[49].startswith("line 51: ")
    assert problems[50] == "… and 70 more"


# --- header maps --------------------------------------------------------------------------


def test_map_options_win_over_a_saved_map_per_column_and_per_field():
    saved = {"Mobiel 1": "guardian_phone", "Ouder": "relation", "Lln": "pupil_id"}
    typed = {"Mobiel 2": "guardian_phone", "ouder": "guardian_name"}
    assert combine(saved, typed) == {
        "Lln": "pupil_id",
        "Mobiel 2": "guardian_phone",
        "ouder": "guardian_name",
    }


def test_one_column_given_two_fields_is_refused():
    saved = (
        '[roster]\n"Naam ouder/verzorger 2" = "guardian_name"\n'
        '"naam ouder / verzorger 2" = "guardian_phone"\n'
    )
    with pytest.raises(HeaderMapError) as refused:
        parse_map_file(saved, "roster")
    assert str(refused.value) == (
        "[roster] in the header map gives column 'naam ouder / verzorger 2' two fields,"
        " 'guardian_name' and 'guardian_phone'; a column holds one field"
    )
    with pytest.raises(HeaderMapError, match="two fields, 'guardian_name' and 'relation'"):
        read(
            WIDE.encode(),
            {"Naam ouder/verzorger 1": "guardian_name", "Naam ouder/verzorger 1 ": "relation"},
        )


# --- phone cells --------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["-", "n.v.t.", "geheim", "onbekend", "?", "bel de school"])
def test_a_phone_cell_without_a_digit_is_no_phone_with_a_warning(written):
    text = HEADER + f"1;Bo;Kok;4;Ann;ann@x.nl;{written}\r\n2;Mo;Kok;4;Piet;;06-12345678\r\n"
    roster = parse_roster(read(text.encode()), "nl")
    assert roster.guardians["email:ann@x.nl"].phone == ""
    assert [str(warning) for warning in roster.warnings] == [
        f"line 2: guardian 'Ann': phone {written!r} holds no number; imported without a phone"
    ]


def test_a_phone_cell_with_digits_that_is_no_number_still_refuses():
    text = HEADER + "1;Bo;Kok;4;Ann;ann@x.nl;bel 06-1234\r\n"
    with pytest.raises(FileRejected, match="'bel 06-1234' is not a phone number"):
        parse_roster(read(text.encode()), "nl")


def test_a_staff_phone_without_a_digit_is_no_phone_with_a_warning():
    data = b"Naam;E-mail;Functie;Telefoon\nKarim;k@school.nl;directeur;n.v.t.\n"
    staff, warnings = parse_staff(read_table(data, STAFF_COLUMNS, STAFF_REQUIRED), "nl")
    assert staff["k@school.nl"].phone == ""
    assert [str(w) for w in warnings] == [
        "line 2: k@school.nl: phone 'n.v.t.' holds no number; imported without a phone"
    ]


def test_a_figure_that_could_be_australian_or_dutch_refuses_its_line():
    text = HEADER + "1;Bo;Kok;4;Ann;;61234567890\r\n"
    with pytest.raises(FileRejected) as rejected:
        parse_roster(read(text.encode()), "nl")
    (problem,) = rejected.value.problems
    assert problem.line == 2
    assert "a number a spreadsheet kept as a figure" in problem.reason
