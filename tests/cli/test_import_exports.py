"""`parentbot roster import` and `staff import` with the files schools really have: Excel's
`;` CSV with BOM and CRLF, "Unicode text" (UTF-16 with tabs), an .xlsx workbook, columns in
the school's own words named with --map or a saved map, and guardians known by phone whose
numbers are spelled differently in the next export."""

from __future__ import annotations

import io
import sqlite3
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from bot.cli import main

PARNASSYS_HEADER = [
    "Leerlingnummer",
    "Roepnaam",
    "Tussenvoegsel",
    "Achternaam",
    "Groep",
    "Naam ouder/verzorger",
    "E-mailadres ouder/verzorger",
    "Telefoon ouder/verzorger",
    "Voorkeurstaal",
    "Inschrijfdatum",
]
PUPILS = [
    "1001;Noor;;El Amrani;Groep 1/2A;Fatima El Amrani;;+31 (0)6 1111 0001;Arabisch;14-03-2025",
    "1002;Zoë;de;Vries;Groep 1/2A;Sanne de Vries;sanne@example.nl;;Nederlands;07-04-2025",
    "1003;Jonas;;Peeters;Groep 4;Els Peeters;;+32 470 12 34 56;Nederlands;01-09-2024",
    "1004;Lena;;Müller;Groep 4;Jürgen Müller;;+49 151 23456789;Duits;01-09-2024",
    "1005;Mila;;Müller;Groep 7/8;Jürgen Müller;;+49 151 23456789;Duits;01-09-2022",
]
ROWS = [line.split(";") for line in PUPILS]
# The same guardians in the next year's export, their numbers spelled another way.
RESPELLED = {
    "+31 (0)6 1111 0001": "06-1111 0001",
    "+32 470 12 34 56": "0032 470123456",
    "+49 151 23456789": "0049 151 23456789",
}


@pytest.fixture(autouse=True)
def a_school_s_home() -> None:
    """A home set up already: the first command says nothing about making one."""
    Path(".env").write_text("")


def excel_csv(header: list[str], rows: list[list[str]]) -> bytes:
    """Excel's "CSV UTF-8 (comma delimited)" in a Dutch locale: BOM, `;`, CRLF."""
    lines = [";".join(cells) for cells in [header, *rows]]
    return "\ufeff".encode() + "\r\n".join(lines).encode() + b"\r\n"


def unicode_text(header: list[str], rows: list[list[str]]) -> bytes:
    """Excel's "Unicode text": UTF-16 LE with BOM, tab-separated, CRLF."""
    return "\r\n".join("\t".join(cells) for cells in [header, *rows]).encode("utf-16") + (
        "\r\n".encode("utf-16-le")
    )


def xlsx(header: list[object], rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Leerlingen"
    for row in [header, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_spreadsheet_cells(row: list[str]) -> list[object]:
    """A row as Excel keeps it: numbers as figures, dates as dates."""
    cells: list[object] = list(row)
    cells[0] = float(row[0])
    day, month, year = (int(part) for part in row[9].split("-"))
    cells[9] = datetime(year, month, day)
    return cells


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def guardians() -> list[tuple]:
    with sqlite3.connect("data/parentbot.sqlite3") as conn:
        return conn.execute(
            "SELECT id, import_key, name, active FROM guardians ORDER BY id"
        ).fetchall()


def dump() -> list[str]:
    with sqlite3.connect("data/parentbot.sqlite3") as conn:
        return list(conn.iterdump())


def test_a_dutch_excel_csv_with_a_slash_in_its_headers_is_imported(tmp_path, capsys):
    path = write(tmp_path, "leerlingen.csv", excel_csv(PARNASSYS_HEADER, ROWS))
    assert main(["roster", "import", path]) == 0
    out = capsys.readouterr().out
    assert "pupils:    added 5" in out
    assert "guardians: added 4" in out
    assert [(key, name) for _, key, name, _ in guardians()] == [
        ("phone:+31611110001", "Fatima El Amrani"),
        ("email:sanne@example.nl", "Sanne de Vries"),
        ("phone:+32470123456", "Els Peeters"),
        ("phone:+4915123456789", "Jürgen Müller"),
    ]


def test_unicode_text_and_xlsx_give_the_same_school_as_the_csv(tmp_path, capsys):
    assert (
        main(["roster", "import", write(tmp_path, "a.txt", unicode_text(PARNASSYS_HEADER, ROWS))])
        == 0
    )
    assert "pupils:    added 5" in capsys.readouterr().out
    school = dump()
    # An .xlsx told by its content: saved with a name that says nothing.
    cells = [as_spreadsheet_cells(row) for row in ROWS]
    assert main(["roster", "import", write(tmp_path, "export", xlsx(PARNASSYS_HEADER, cells))]) == 0
    assert "No change." in capsys.readouterr().out
    assert dump() == school


def test_the_same_guardians_are_recognised_by_phone_in_the_next_export(tmp_path, capsys):
    assert (
        main(["roster", "import", write(tmp_path, "2025.csv", excel_csv(PARNASSYS_HEADER, ROWS))])
        == 0
    )
    before = guardians()
    capsys.readouterr()
    next_year = [[RESPELLED.get(cell, cell) for cell in row] for row in ROWS]
    data = xlsx(PARNASSYS_HEADER, [as_spreadsheet_cells(row) for row in next_year])
    assert main(["roster", "import", write(tmp_path, "2026.xlsx", data)]) == 0
    out = capsys.readouterr().out
    assert "guardians: added 0, updated 3, deactivated 0, unchanged 1" in out  # new spellings
    assert "links:     added 0, updated 0, deactivated 0, unchanged 5" in out
    assert guardians() == before


def test_unknown_headers_are_named_with_map_and_a_saved_map(tmp_path, capsys):
    header = ["Lln nr", "Voornaam kind", "Familienaam", "Klas", "Verantwoordelijke", "Gsm"]
    rows = [["1", "Jonas", "Peeters", "4", "Els Peeters", "+32 470 12 34 56"]]
    path = write(tmp_path, "export.csv", excel_csv(header, rows))
    assert main(["roster", "import", "--dry-run", path]) == 1
    err = capsys.readouterr().err
    assert "missing column 'pupil_id'" in err
    assert "the file's columns are 'Lln nr', 'Voornaam kind'" in err

    saved = tmp_path / "kolommen.toml"
    saved.write_text(
        '[roster]\n"Lln nr" = "pupil_id"\n"Voornaam kind" = "first_name"\n'
        'Familienaam = "last_name"\nKlas = "group"\nGsm = "guardian_phone"\n'
    )
    arguments = ["roster", "import", "--map-file", str(saved), path]
    assert main([*arguments, "--map", "Verantwoordelijke=guardian_name"]) == 0
    assert "guardians: added 1" in capsys.readouterr().out
    assert [key for _, key, _, _ in guardians()] == ["phone:+32470123456"]


@pytest.mark.parametrize(
    ("mapping", "said"),
    [
        (
            "Verantwoordelijke=guardian",
            "the header map names an unknown field 'guardian' (fields: pupil_id, first_name,",
        ),
        ("Ouder=guardian_name", "the header map names a column 'Ouder' the file does not have"),
        ("guardian_name", "should look like"),
    ],
)
def test_a_map_that_does_not_fit_is_one_line_and_changes_nothing(tmp_path, capsys, mapping, said):
    header = ["Leerlingnummer", "Roepnaam", "Achternaam", "Groep", "Verantwoordelijke"]
    path = write(tmp_path, "export.csv", excel_csv(header, [["1", "Bo", "Kok", "4", "Ann Kok"]]))
    assert main(["roster", "import", path, "--map", mapping]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"parentbot: {path} was refused; nothing was changed: ")
    assert said in line


def test_a_saved_map_with_a_mistake_names_the_map_file(tmp_path, capsys):
    saved = tmp_path / "kolommen.toml"
    saved.write_text("[leerlingen]\nLln = 'pupil_id'\n")
    path = write(tmp_path, "export.csv", excel_csv(PARNASSYS_HEADER, ROWS))
    assert main(["roster", "import", "--map-file", str(saved), path]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"parentbot: {saved}: the header map has a section [leerlingen];"
        " it may have [roster] and [staff]"
    ]


def test_a_staff_xlsx_with_a_mapped_column(tmp_path, capsys):
    header = ["Collega", "E-mail", "Functie", "Groepen", "Mobiel"]
    rows = [["Karim Bouzid", "k.bouzid@school.nl", "Leerkracht", 4, 612345678]]
    path = write(tmp_path, "personeel.xlsx", xlsx(header, rows))
    assert main(["staff", "import", path, "--map", "Collega=name"]) == 0
    assert "staff: added 1" in capsys.readouterr().out
    with sqlite3.connect("data/parentbot.sqlite3") as conn:
        assert conn.execute("SELECT name, phone FROM staff").fetchall() == [
            ("Karim Bouzid", "0612345678")
        ]


def test_a_file_that_is_no_table_is_one_line(tmp_path, capsys):
    path = write(tmp_path, "leerlingen.pdf", b"%PDF-1.7\n1 0 obj\n")
    assert main(["roster", "import", path]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"parentbot: {path} was refused; nothing was changed: the file is a PDF document,"
        " not a table; save it from the spreadsheet program as .xlsx or as CSV"
    ]


def test_a_wrong_phone_number_refuses_the_whole_file_and_changes_nothing(tmp_path, capsys):
    assert (
        main(["roster", "import", write(tmp_path, "a.csv", excel_csv(PARNASSYS_HEADER, ROWS))]) == 0
    )
    school = dump()
    broken = [list(row) for row in ROWS]
    broken[2][7] = "0470 12 34 56"  # a Belgian number without its +32
    broken[4][7] = "bel 06-1234"
    path = write(tmp_path, "b.xlsx", xlsx(PARNASSYS_HEADER, broken))
    assert main(["roster", "import", path]) == 1
    err = capsys.readouterr().err
    assert "line 4: guardian 'Els Peeters': '0470 12 34 56' is not a phone number" in err
    assert "line 6: guardian 'Jürgen Müller': 'bel 06-1234' is not a phone number" in err
    assert dump() == school


def test_a_phone_cell_without_a_number_is_no_phone_with_a_warning(tmp_path, capsys):
    rows = [list(row) for row in ROWS]
    rows[1][7] = "n.v.t."  # Sanne de Vries, known by her e-mail address
    path = write(tmp_path, "a.csv", excel_csv(PARNASSYS_HEADER, rows))
    assert main(["roster", "import", path]) == 0
    out = capsys.readouterr().out
    assert "guardians: added 4" in out
    assert (
        "  line 3: guardian 'Sanne de Vries': phone 'n.v.t.' holds no number;"
        " imported without a phone"
    ) in out.splitlines()


def test_too_many_problems_are_cut_short(tmp_path, capsys):
    rows = [[str(n), "Bo", "", "Kok", "groep 12", "Ann", "", "", "", ""] for n in range(1, 81)]
    path = write(tmp_path, "a.csv", excel_csv(PARNASSYS_HEADER, rows))
    assert main(["roster", "import", path]) == 1
    problems = capsys.readouterr().err.splitlines()[1:]
    assert len(problems) == 51
    assert problems[-1] == "  … and 30 more"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, capsys):
    path = tmp_path / "export.csv"
    with path.open("wb") as out:
        out.truncate(20 * 1024 * 1024 + 1)
    assert main(["roster", "import", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"parentbot: {path} was refused; nothing was changed: the file is too large"
        " (20.0 MB); the limit is 20 MB"
    ]


def test_map_wins_over_the_saved_map_per_column_and_per_field(tmp_path, capsys):
    header = ["Leerlingnummer", "Roepnaam", "Achternaam", "Groep", "Ouder", "Mobiel 1", "Mobiel 2"]
    rows = [["1", "Bo", "Kok", "4", "Ann Kok", "", "+32 470 12 34 56"]]
    path = write(tmp_path, "export.csv", excel_csv(header, rows))
    saved = tmp_path / "kolommen.toml"
    saved.write_text('[roster]\n"Mobiel 1" = "guardian_phone"\n"Ouder" = "relation"\n')
    arguments = ["roster", "import", "--map-file", str(saved), path]
    assert (
        main([*arguments, "--map", "Mobiel 2=guardian_phone", "--map", "ouder=guardian_name"]) == 0
    )
    assert "guardians: added 1" in capsys.readouterr().out
    assert [(key, name) for _, key, name, _ in guardians()] == [("phone:+32470123456", "Ann Kok")]


@pytest.mark.parametrize(
    ("maps", "said"),
    [
        (
            ["Ouder=guardian_name", "ouder=relation"],
            "--map gives column 'ouder' two fields, 'guardian_name' and 'relation'",
        ),
        (
            ["Ouder=guardian_name", "Mobiel=guardian_name"],
            "the header map gives field 'guardian_name' two columns",
        ),
        (
            ["Ouder=guardian_name", "Mobiel=guardian_phone", "MOBIEL=guardian_phone"],
            "",  # the same pair twice is no mistake
        ),
    ],
)
def test_a_map_that_contradicts_itself_is_one_line(tmp_path, capsys, maps, said):
    header = ["Leerlingnummer", "Roepnaam", "Achternaam", "Groep", "Ouder", "Mobiel"]
    rows = [["1", "Bo", "Kok", "4", "Ann Kok", "0612345678"]]
    path = write(tmp_path, "export.csv", excel_csv(header, rows))
    arguments = ["roster", "import", "--dry-run", path]
    for pair in maps:
        arguments += ["--map", pair]
    code = main(arguments)
    err = capsys.readouterr().err
    if not said:
        assert (code, err) == (0, "")
        return
    assert code == 1
    (line,) = err.splitlines()
    assert line == f"parentbot: {path} was refused; nothing was changed: {said}" + (
        "; a column holds one field" if "--map gives" in said else ""
    )
