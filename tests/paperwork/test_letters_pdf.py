"""The printed letters, read back as a phone and a reader would: each page rendered to an
image whose QR code must decode to the guardian's exact link, and a text layer that holds
the guardian's language beside the school's."""

from __future__ import annotations

import ctypes
import unicodedata
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
import zxingcpp

from bot.domain.people import Person
from bot.domain.person_kind import PersonKind
from bot.i18n import Translations
from bot.languages import SUPPORTED_LANGUAGES
from bot.paperwork.letter_content import Letter, School, compose_letter
from bot.paperwork.letters_pdf import (
    LetterTooLong,
    UnprintableName,
    UnprintableNames,
    letters_pdf,
)
from bot.services.invitations import Invitation

SCHOOL = School(
    name="Basisschool De Regenboog",
    language="nl",
    phone="020 123 4567",
    email="info@regenboog.example.nl",
    timezone=ZoneInfo("Europe/Amsterdam"),
)
TALKS = (datetime(2026, 12, 8, 13, 30, tzinfo=UTC), datetime(2026, 12, 10, 19, 0, tzinfo=UTC))
CHILDREN = ("Sara El Amrani (4)", "Adam El Amrani (7/8)")


@pytest.fixture(scope="module")
def translations() -> Translations:
    return Translations("nl")


def letter(translations, language: str, number: int = 1, **kwargs) -> Letter:
    person = Person(
        PersonKind.GUARDIAN,
        number,
        kwargs.pop("name", "Fatima El Amrani"),
        language,
        "",
        kwargs.pop("children", CHILDREN),
        ("4", "7/8"),
        False,
    )
    code = f"AbCdEfGhIjKlMnOpQrSt{number:04d}"
    invitation = Invitation(person, code, f"https://t.me/RegenboogBot?start={code}")
    return compose_letter(
        invitation,
        translations=translations,
        school=SCHOOL,
        school_invitations=kwargs.pop("school_invitations", {}),
        talks=kwargs.pop("talks", TALKS),
    )


def pages(data: bytes) -> list[pdfium.PdfPage]:
    return list(pdfium.PdfDocument(data))


def text_of(page: pdfium.PdfPage) -> str:
    """The page's text layer, lines joined: a sentence wrapped over two lines reads whole."""
    return " ".join(page.get_textpage().get_text_range().replace("\xa0", " ").split())


def qr_links(page: pdfium.PdfPage) -> list[str]:
    image = page.render(scale=1.5, grayscale=True).to_pil()  # 108 dpi: a modest scan
    return [found.text for found in zxingcpp.read_barcodes(image)]


def sentences(column) -> list[str]:
    """Whole sentences a column must show (without the isolates and no-break spaces a
    right-to-left column puts around names)."""
    words = column.words
    return [
        words.title,
        words.steps[0],
        words.steps[2],
        words.keep_private,
        words.next_text,
        words.talks_when,
        words.questions,
    ]


def letters_of(text: str, script: str) -> Counter[str]:
    """The letters of one script in a text, as base letters: pdfium gives Arabic in its
    shaped (presentation) forms, pieces in visual order.

    Only letters are compared, never whole Arabic words: Noto Sans Arabic draws a letter as a
    dotless form plus its dots, two glyphs for one character, and fpdf2 (2.8.9) maps only
    one glyph of such a cluster back to the character. The other has no entry in the
    font's ToUnicode map, so pdfium reads its glyph number as a character: stray ASCII
    ("ارو7") inside Arabic words of the text layer. No setting of fpdf2 changes that; the
    printed page is right, and every letter is still found in the text layer."""
    normal = unicodedata.normalize("NFKC", text)
    return Counter(
        char for char in normal if char.isalpha() and script in unicodedata.name(char, "")
    )


def clean(text: str) -> str:
    return " ".join(text.replace("\u2068", "").replace("\u2069", "").replace("\xa0", " ").split())


@pytest.mark.parametrize("language", ["nl", "ar", "uk"])
def test_the_qr_code_reads_back_as_the_guardian_s_link_beside_their_language(
    translations, language
):
    written = letter(translations, language)
    (page,) = pages(letters_pdf([written], school_name=SCHOOL.name))

    assert qr_links(page) == [written.link]
    text = text_of(page)
    assert written.link in text  # printed in full, left to right, to be typed
    dutch = written.columns[-1]
    assert dutch.language == "nl"
    for sentence in sentences(dutch):
        assert clean(sentence) in text
    assert "Beste Fatima El Amrani," in text
    if language == "uk":
        ukrainian = written.columns[0]
        assert ukrainian.words.steps_title != "How to start, in three steps"  # translated
        for sentence in sentences(ukrainian):
            assert clean(sentence) in text
    if language == "ar":
        arabic = written.columns[0]
        expected = letters_of(" ".join(sentences(arabic)), "ARABIC")
        assert sum(expected.values()) > 200  # the Arabic words are there to be found
        assert not expected - letters_of(text, "ARABIC")
        assert "Sara El Amrani" in text
        assert "Adam El Amrani" in text


@pytest.mark.parametrize(("language", "script"), [("ti", "ETHIOPIC"), ("fa", "ARABIC")])
def test_tigrinya_and_persian_letters_carry_their_script(translations, language, script):
    written = letter(translations, language)
    (page,) = pages(letters_pdf([written], school_name=SCHOOL.name))

    expected = letters_of(" ".join(sentences(written.columns[0])), script)
    assert sum(expected.values()) > 100
    assert not expected - letters_of(text_of(page), script)
    assert qr_links(page) == [written.link]


def font_sizes_per_line(page: pdfium.PdfPage) -> dict[tuple[int, bool], set[float]]:
    """The font sizes of the printed characters on each line of each column."""
    textpage = page.get_textpage()
    middle = page.get_width() / 2
    lines: dict[tuple[int, bool], set[float]] = {}
    for index in range(textpage.count_chars()):
        char = chr(pdfium_raw.FPDFText_GetUnicode(textpage, index))
        if not char.isalnum():
            continue
        left, bottom, _, _ = textpage.get_charbox(index)
        size = round(pdfium_raw.FPDFText_GetFontSize(textpage, index), 1)
        lines.setdefault((round(bottom / 4), left > middle), set()).add(size)
    return lines


@pytest.mark.parametrize("language", ["ar", "fa", "ti"])
def test_a_latin_name_in_another_script_keeps_the_size_of_its_line(translations, language):
    # fpdf2 lost the font between the lines of a paragraph mixing two fonts: a Latin name
    # in Arabic text came out at the size of the heading above it.
    data = letters_pdf(
        [letter(translations, language, n) for n in range(2)], school_name=SCHOOL.name
    )
    for page in pages(data):
        mixed = {line: sizes for line, sizes in font_sizes_per_line(page).items() if len(sizes) > 1}
        assert not mixed


def test_every_language_fits_on_one_page_with_many_children(translations):
    many = tuple(f"Kind{n} Achternaam-Verlengd (7/8)" for n in range(5))
    written = [
        letter(translations, language, n, children=many, name="Maria-Fernanda dos Santos Oliveira")
        for n, language in enumerate(SUPPORTED_LANGUAGES)
    ]
    data = letters_pdf(written, school_name=SCHOOL.name)
    assert len(pages(data)) == len(written)
    assert len(data) < 400_000  # the fonts are subset: thirteen pages, a few hundred kB


def test_a_long_school_text_is_set_smaller_and_still_fits(translations):
    long_text = " ".join(["Wij nodigen u van harte uit voor een gesprek over uw kind."] * 14)
    written = letter(translations, "uk", school_invitations={"nl": long_text, "uk": long_text})
    data = letters_pdf([written], school_name=SCHOOL.name)
    (page,) = pages(data)
    sizes = {size for line in font_sizes_per_line(page).values() for size in line}
    assert min(sizes) < 11  # smaller than the usual 11 pt body
    assert clean(long_text)[:200] in text_of(page)


def test_a_letter_that_cannot_fit_is_refused_not_cut(translations):
    too_long = " ".join(["Wij nodigen u van harte uit voor een gesprek over uw kind."] * 60)
    written = letter(translations, "pl", school_invitations={"nl": too_long, "pl": too_long})
    with pytest.raises(LetterTooLong) as refused:
        letters_pdf([written], school_name=SCHOOL.name)
    assert refused.value.languages == ("pl", "nl")


def test_a_dutch_family_reads_dutch_alone_across_the_page(translations):
    written = letter(translations, "nl")
    assert [column.language for column in written.columns] == ["nl"]
    (page,) = pages(letters_pdf([written], school_name=SCHOOL.name))
    assert text_of(page).count("Zo begint u, in drie stappen") == 1


def printed_chars(page: pdfium.PdfPage) -> list[tuple[str, float, float, float, float]]:
    """Each drawn character with its box (left, bottom, right, top, in points); the spaces
    pdfium makes up between words are left out."""
    textpage = page.get_textpage()
    chars = []
    for index in range(textpage.count_chars()):
        char = chr(pdfium_raw.FPDFText_GetUnicode(textpage, index))
        if not char.isspace() and unicodedata.category(char) != "Cf":
            chars.append((char, *textpage.get_charbox(index)))
    return chars


def column_lines_as_seen(page: pdfium.PdfPage, *, right: bool) -> list[str]:
    """The lines of one column as the eye sees them, left to right by the glyphs' positions
    (pdfium's own order of a right-to-left line is its guess), without spaces."""
    textpage = page.get_textpage()
    middle = page.get_width() / 2
    placed = []
    for index in range(textpage.count_chars()):
        char = chr(pdfium_raw.FPDFText_GetUnicode(textpage, index))
        left, _, _, _ = textpage.get_charbox(index)
        if char.isspace() or unicodedata.category(char) == "Cf" or (left > middle) != right:
            continue
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_raw.FPDFText_GetCharOrigin(textpage, index, x, y)
        placed.append((-y.value, x.value, char))
    lines: list[list[tuple[float, str]]] = []
    line_y = None
    for y, x, char in sorted(placed):  # top to bottom; a mark sits a little off its line
        if line_y is None or y - line_y > 5:
            lines.append([])
            line_y = y
        lines[-1].append((x, char))
    return ["".join(char for _, char in sorted(line)) for line in lines]


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_long_latin_names_wrap_between_words_in_a_right_to_left_column(translations, language):
    # Every space of a name was a no-break space: a name wider than the column was cut at
    # whatever letter reached its edge, and the child's group came apart.
    written = letter(
        translations,
        language,
        name="Fatima-Zahra El Bouazzaoui-Amrani Ben Abdellah",
        children=("Mohammed-Amine El Bouazzaoui-Amrani (7/8)", "Sara El Amrani (4)"),
    )
    father = letter(translations, language, 2, name="Mohammad-Reza Hosseini Tabrizi (vader) 2")
    page, second = pages(letters_pdf([written, father], school_name=SCHOOL.name))
    # A line starting with a bracket or a number came out with its brackets mirrored.
    assert any("Tabrizi(vader)2" in line for line in column_lines_as_seen(second, right=True))
    lines = column_lines_as_seen(page, right=True)

    for word in ("Fatima-Zahra", "Abdellah", "Mohammed-Amine", "SaraElAmrani(4)"):
        assert any(word in line for line in lines), (word, lines)
    # The name runs over two lines there: the group stays whole, beside the last word.
    assert any("Bouazzaoui-Amrani(7/8)" in line for line in lines), lines
    assert sum("Bouazzaoui-Amrani" in line for line in lines) == 3  # Dear…, and the child


def test_a_hebrew_name_is_printed_and_one_no_font_has_is_refused(translations):
    hebrew = letter(translations, "en", 1, name="נועה כהן", children=("Noa Cohen (4)",))
    (page,) = pages(letters_pdf([hebrew], school_name=SCHOOL.name))
    hebrew_letters = letters_of("נועה כהן", "HEBREW")
    assert letters_of(text_of(page), "HEBREW") == hebrew_letters + hebrew_letters + hebrew_letters

    chinese = letter(translations, "en", 12, name="王芳 (Wang Fang)")
    emoji = letter(translations, "nl", 13, children=("Lily 🌸 de Boer (4)",))
    with pytest.raises(UnprintableNames) as refused:
        letters_pdf([hebrew, chinese, emoji], school_name=SCHOOL.name)
    assert refused.value.names == [
        UnprintableName("g12", "王芳 (Wang Fang)", "王芳"),
        UnprintableName("g13", "Fatima El Amrani", "🌸"),
    ]


@pytest.mark.parametrize(
    ("school_name", "guardian"),
    [
        ("Openbare Basisschool voor Daltononderwijs De Regenboog Amsterdam-Zuidoost", "Jan"),
        (SCHOOL.name, "Maria Magdalena Theodora van Oldenbarnevelt-Schimmelpenninck " * 3),
        ("Openbare Basisschool voor Daltononderwijs De Regenboog Amsterdam-Zuidoost " * 2,) * 2,
    ],
)
def test_long_names_in_the_header_stay_apart_and_on_the_page(translations, school_name, guardian):
    written = letter(translations, "nl", name=guardian.strip())
    (page,) = pages(letters_pdf([written], school_name=school_name.strip()))
    chars = printed_chars(page)
    school_chars = len("".join(school_name.split()))
    guardian_chars = len("".join(guardian.split()))
    school_boxes = chars[:school_chars]
    guardian_boxes = chars[school_chars : school_chars + guardian_chars]
    assert "".join(box[0] for box in school_boxes) == "".join(school_name.split())
    assert "".join(box[0] for box in guardian_boxes) == "".join(guardian.split())

    margin = 15 / 25.4 * 72 - 1  # points
    for _, left, _, right, _ in school_boxes + guardian_boxes:
        assert margin <= left
        assert right <= page.get_width() - margin
    for _, left, bottom, right, top in school_boxes:
        for _, other_left, other_bottom, other_right, other_top in guardian_boxes:
            apart = right <= other_left or other_right <= left
            assert apart or top <= other_bottom or other_top <= bottom


def test_the_link_is_printed_whole_in_a_font_that_tells_i_from_l(translations):
    written = letter(translations, "ar")
    (page,) = pages(letters_pdf([written], school_name=SCHOOL.name))
    text = page.get_textpage().get_text_range()
    assert written.link in text.splitlines()  # one unbroken line: what is read is typed

    textpage = page.get_textpage()
    in_atkinson = ""
    for index in range(textpage.count_chars()):
        name = ctypes.create_string_buffer(128)
        pdfium_raw.FPDFText_GetFontInfo(textpage, index, name, 128, None)
        if "AtkinsonHyperlegible" in name.value.decode():
            in_atkinson += chr(pdfium_raw.FPDFText_GetUnicode(textpage, index))
    assert in_atkinson == written.link
