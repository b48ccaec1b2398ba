"""`parentbot letters`: the first letters as one PDF to print, for the families the school
asks for, with the school's own invitation text from `letters.toml`."""

import errno
import sqlite3
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from bot.cli import main
from tests.cli.conftest import set_up_example_school


@pytest.fixture
def school(tmp_path: Path, capsys) -> Path:
    """The example school with its year plan; returns the home."""
    set_up_example_school(tmp_path, capsys)
    return tmp_path


def pages(path: Path) -> dict[str, str]:
    """Each page's text by the guardian named at its top, lines joined."""
    found = {}
    for page in pdfium.PdfDocument(path):
        raw = page.get_textpage().get_text_range().replace("\xa0", " ")
        header = raw.splitlines()[0]  # the school's name, then the guardian's
        found[header.removeprefix("Basisschool De Regenboog").strip()] = " ".join(raw.split())
    return found


def connect(name: str) -> None:
    """The guardian opened their link in Telegram."""
    with sqlite3.connect("data/parentbot.sqlite3") as conn:
        conn.execute(
            "UPDATE guardians SET telegram_user_id ="
            " (SELECT coalesce(max(telegram_user_id), 9000) + 1 FROM guardians) WHERE name = ?",
            (name,),
        )


def guardians_in_codes(capsys, *args: str) -> set[str]:
    assert main(["codes", "--format", "csv", *args]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    return {row.split(",")[2] for row in rows if row.split(",")[1] == "guardian"}


def test_every_family_not_yet_connected_gets_a_page_with_its_qr_code(school, capsys):
    everyone = guardians_in_codes(capsys)
    assert main(["letters", "-o", "letters.pdf"]) == 0
    err = capsys.readouterr().err
    assert f"wrote {len(everyone)} letters to letters.pdf" in err
    assert "built-in invitation text was used for ar, bg, en, es, fa, nl" in err
    assert set(pages(Path("letters.pdf"))) == everyone
    first = pdfium.PdfDocument("letters.pdf")[0].render(scale=1.5).to_pil()
    (code,) = zxingcpp.read_barcodes(first)
    assert code.text.startswith("https://t.me/parentbot_sandbox_bot?start=")
    assert code.text in pages(Path("letters.pdf"))[next(iter(pages(Path("letters.pdf"))))]


def test_a_round_takes_its_families_and_says_between_which_days_its_talks_are(school, capsys):
    assert main(["letters", "--round", "advice-2027-02", "-o", "advice.pdf"]) == 0
    written = pages(Path("advice.pdf"))
    assert set(written) == guardians_in_codes(capsys, "--group", "7/8")
    assert "Olena Kovalenko" not in written  # no child in group 7/8
    dutch = written["Saskia Mulder"]
    assert "De volgende gesprekken zijn tussen dinsdag 2 februari en donderdag 4 februari." in dutch
    polish = written["Agnieszka Nowak"]
    assert "wtorek, 2 lutego" in polish


def test_a_group_and_a_round_together(school, capsys):
    assert (
        main(["letters", "--group", "Groep 4", "--round", "progress-2026-12", "-o", "g4.pdf"]) == 0
    )
    written = pages(Path("g4.pdf"))
    assert set(written) == guardians_in_codes(capsys, "--group", "4")
    assert "tussen dinsdag 8 december en donderdag 10 december" in written["Jolanda Smit"]


def test_connected_families_are_skipped_unless_all_are_asked_for(school, capsys):
    connect("Olena Kovalenko")
    assert main(["letters", "--group", "4", "-o", "g4.pdf"]) == 0
    err = capsys.readouterr().err
    assert "1 skipped: already connected" in err
    assert "Olena Kovalenko" not in pages(Path("g4.pdf"))

    assert main(["letters", "--group", "4", "--all", "-o", "g4.pdf"]) == 0
    assert "skipped" not in capsys.readouterr().err
    assert "Olena Kovalenko" in pages(Path("g4.pdf"))


def test_nobody_to_write_to_is_one_line(school, capsys):
    for name in guardians_in_codes(capsys, "--group", "7/8"):
        connect(name)
    assert main(["letters", "--group", "7/8", "-o", "none.pdf"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("parentbot: all ")
    assert "--all" in err[-1]
    assert not Path("none.pdf").exists()


def test_the_school_s_own_text_replaces_the_built_in_one_for_its_language_only(school, capsys):
    (school / "letters.toml").write_text(
        '[invitation]\nuk = """\nШкола запрошує Вас на розмову\nпро Вашу дитину.\n"""\n',
        encoding="utf-8",
    )
    assert main(["letters", "--group", "4", "-o", "g4.pdf"]) == 0
    err = capsys.readouterr().err
    assert "built-in invitation text was used for" in err
    assert "uk" not in err.split("used for ")[1].split(" (")[0]
    olena = pages(Path("g4.pdf"))["Olena Kovalenko"]
    assert "Школа запрошує Вас на розмову про Вашу дитину." in olena
    assert "Onze school gebruikt Telegram voor de gesprekken over uw kind." in olena  # Dutch side


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('[invitation]\nnl = "Beste ouders,\n', "line 2: not valid TOML"),
        ('[invitation]\nnl = "Welkom"\nxx = "?"\n', "line 3: 'xx' is not a language of the bot"),
        ("[invitation]\nnl = 4\n", 'line 2: the text for nl must be "text" in quotes'),
        ('[invitatie]\nnl = "Welkom"\n', "line 1: unknown key 'invitatie'"),
        ('[invitation]\nar = """   """\n', "line 2: the text for ar is empty"),
    ],
)
def test_a_wrong_letters_toml_is_refused_in_one_line(school, capsys, content, problem):
    (school / "letters.toml").write_text(content, encoding="utf-8")
    assert main(["letters", "-o", "letters.pdf"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"parentbot: {school / 'letters.toml'}, {problem}")
    assert not Path("letters.pdf").exists()


def test_without_a_file_to_write_it_says_so_in_one_line(school, capsys):
    assert main(["letters"]) == 1
    assert capsys.readouterr().err.strip() == (
        "parentbot: say where to write the letters: parentbot letters -o letters.pdf"
    )
    assert main(["letters", "-o", "no/such/folder/letters.pdf"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("parentbot: cannot write no/such/folder/letters.pdf")


def test_an_unknown_round_is_one_line(school, capsys):
    assert main(["letters", "--round", "christmas", "-o", "x.pdf"]) == 1
    assert "no round 'christmas' in the year plan" in capsys.readouterr().err


def rename(old: str, new: str) -> int:
    """Change a guardian's name in the database; returns their id."""
    with sqlite3.connect("data/parentbot.sqlite3") as conn:
        conn.execute("UPDATE guardians SET name = ? WHERE name = ?", (new, old))
        (id_,) = conn.execute("SELECT id FROM guardians WHERE name = ?", (new,)).fetchone()
    return id_


def test_names_no_font_can_print_are_refused_one_line_each_and_nothing_is_written(school, capsys):
    chinese = rename("Olena Kovalenko", "王芳 (Wang Fang)")
    emoji = rename("Jolanda Smit", "Jolanda 🌸 Smit")
    rename("Saskia Mulder", "נועה כהן")  # Hebrew: printed, with Noto Sans Hebrew
    assert main(["letters", "-o", "letters.pdf"]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[-3:] == [
        f"parentbot: g{chinese} (王芳 (Wang Fang)): no font of the letter has 王 芳; write the"
        " name in Latin letters in the roster, or leave the emoji out",
        f"parentbot: g{emoji} (Jolanda 🌸 Smit): no font of the letter has 🌸; write the name"
        " in Latin letters in the roster, or leave the emoji out",
        "parentbot: 2 letters would print a name with blanks (above); correct the roster and"
        " import it again; no letters were written",
    ]
    assert not Path("letters.pdf").exists()


def test_a_failed_write_leaves_the_previous_letters_whole(school, capsys, monkeypatch):
    # The file was emptied first, then written: a full disk left no letters at all.
    Path("letters.pdf").write_bytes(b"%PDF- the letters printed yesterday")

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as failing:
        failing.setattr("bot.cli.letters.os.fsync", disk_full)
        assert main(["letters", "--group", "4", "-o", "letters.pdf"]) == 1
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith("cannot write letters.pdf: No space left on device")
    )
    assert Path("letters.pdf").read_bytes() == b"%PDF- the letters printed yesterday"
    assert [path.name for path in Path().glob(".letters.pdf*")] == []

    assert main(["letters", "--group", "4", "-o", "letters.pdf"]) == 0
    assert "Olena Kovalenko" in pages(Path("letters.pdf"))


def test_a_folder_where_no_file_can_be_made_is_refused_before_any_letter_is_built(
    school, capsys, monkeypatch
):
    def not_expected(*args, **kwargs):
        raise AssertionError("the letters were built for a place they cannot be written")

    monkeypatch.setattr("bot.cli.letters.letters_pdf", not_expected)
    assert main(["letters", "-o", "/proc/letters.pdf"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("parentbot: cannot write /proc/letters.pdf: ")


def test_a_school_text_too_long_beside_the_other_language_is_refused_when_read(school, capsys):
    sentence = "Wij nodigen u van harte uit voor het gesprek over uw kind op onze school. "
    arabic = "نرحب بكم في مدرستنا ونتمنى لكم ولأطفالكم سنة دراسية سعيدة ومليئة بالنجاح. "
    (school / "letters.toml").write_text(
        f'[invitation]\nnl = """{sentence * 26}"""\nar = """{arabic * 26}"""\n',
        encoding="utf-8",
    )
    assert main(["letters", "--group", "4", "-o", "letters.pdf"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line == (
        f"parentbot: {school / 'letters.toml'}: the text for nl, ar does not fit on one page"
        " beside the other language of the letter, even at 7.5 pt, for a family with four"
        " children: shorten it; no letters were written"
    )
    assert not Path("letters.pdf").exists()

    # Half as long, both fit: every family's letter is printed.
    (school / "letters.toml").write_text(
        f'[invitation]\nnl = """{sentence * 13}"""\nar = """{arabic * 13}"""\n',
        encoding="utf-8",
    )
    assert main(["letters", "--group", "4", "-o", "letters.pdf"]) == 0
