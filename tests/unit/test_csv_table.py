import pytest

from bot.domain.csv_table import FileRejected, decode, read_table

ALIASES = {"pupil_id": ("leerlingnummer", "pupil id"), "first_name": ("roepnaam", "first name")}


def test_semicolon_file_with_bom_is_read_with_dutch_headers():
    data = "\ufeffLeerlingnummer;Roepnaam\r\n1;Zoë\r\n".encode()
    table = read_table(data, ALIASES, ("pupil_id",))
    assert [(r.line, r.values) for r in table.rows] == [(2, {"pupil_id": "1", "first_name": "Zoë"})]


def test_comma_file_with_english_headers_and_quoted_commas():
    data = b'pupil_id,First Name\n1,"Anna, Maria"\n'
    table = read_table(data, ALIASES, ("pupil_id",))
    assert table.rows[0].get("first_name") == "Anna, Maria"


def test_windows_1252_bytes_are_decoded_as_excel_wrote_them():
    assert decode("Ülkü;Zoë".encode("cp1252")) == "Ülkü;Zoë"


def test_line_numbers_count_physical_lines_and_skip_blank_rows():
    data = b'leerlingnummer;roepnaam\n1;"two\nlines"\n\n2;Bo\n'
    table = read_table(data, ALIASES, ("pupil_id",))
    assert [r.line for r in table.rows] == [2, 5]


def test_missing_required_column_is_named_on_line_1():
    with pytest.raises(FileRejected) as rejected:
        read_table(b"roepnaam\nBo\n", ALIASES, ("pupil_id",))
    assert rejected.value.problems[0].line == 1
    assert "pupil_id" in rejected.value.problems[0].reason


def test_empty_file_is_refused():
    with pytest.raises(FileRejected, match="empty"):
        read_table(b"\xef\xbb\xbf  \n", ALIASES, ("pupil_id",))
