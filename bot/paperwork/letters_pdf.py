"""The printed first letters as one PDF: a page per family, with the QR code of their link.

Each page has the guardian's language and the school's side by side (an Arabic or Persian
column on the right, read first, set right to left), then the QR code with the link
printed in full beneath the steps that mention it, in a font made to tell I from l and
O from 0. A letter never runs onto a second page: a long text is set a step smaller, down
to a size still easy to read, and a letter that does not fit even then is refused rather
than cut. A name with a character no font has is refused before anything is laid out,
rather than printed as a blank.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeAlias, cast
from unicodedata import bidirectional

import segno
from fpdf import FPDF

from bot.languages import native_name
from bot.paperwork.letter_content import Letter, LetterColumn
from bot.paperwork.letter_fonts import (
    LINK_FONT,
    MAIN_FONT,
    close_letter_fonts,
    missing_characters,
    use_letter_fonts,
)

PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0  # A4, in mm
MARGIN = 15.0
GUTTER = 8.0  # between the two columns
QR_SIDE = 42.0  # mm, with its quiet zone: a phone reads it from an arm's length
LARGEST_SIZE, SMALLEST_SIZE, SIZE_STEP = 11.0, 7.5, 0.5  # points of the body text
_POINT = 25.4 / 72  # mm
# The header: the school's name and the guardian's at these sizes, shrunk together down
# to the floors when both do not fit on one line, then wrapped.
_SCHOOL_SIZE, _GUARDIAN_SIZE, _HEADER_FLOOR = 13.0, 10.0, 8.0
# The link: the largest size that fits beside the QR code, at most 14 pt; at the floor the
# longest possible link (a 32-letter bot name) still fits on one line.
_LINK_SIZES = (9.0, 14.0)
_LEADING = 1.4  # line height as a multiple of the font size
_GREY = 110
_EMPHASIS = (20, 60, 120)  # dark blue: headings and what a parent must not miss
# What a paragraph's lines depend on: text, width, font size, direction, language.
_Paragraph: TypeAlias = tuple[str, float, float, bool, str | None]


@dataclass(frozen=True)
class UnprintableName:
    """A guardian whose name, or a child's, has characters no font of the letter has."""

    ref: str
    guardian: str
    characters: str


class UnprintableNames(Exception):
    """Letters that would print a name with blanks; none is written."""

    def __init__(self, names: list[UnprintableName]) -> None:
        super().__init__(names)
        self.names = names


class LetterTooLong(Exception):
    """A letter does not fit on one page even at the smallest size."""

    def __init__(self, guardian: str, languages: tuple[str, ...]) -> None:
        super().__init__(guardian, languages)
        self.guardian = guardian
        self.languages = languages


def letters_pdf(letters: Iterable[Letter], *, school_name: str) -> bytes:
    """All letters, one A4 page each, as the bytes of a PDF file."""
    letters = list(letters)
    unprintable = [
        UnprintableName(letter.ref, letter.guardian, missing)
        for letter in letters
        if (missing := missing_characters(" ".join((letter.guardian, *letter.children))))
    ]
    if unprintable:
        raise UnprintableNames(unprintable)
    pdf = _letters_document(school_name)
    try:
        # Most paragraphs are the same on every letter in a language: wrap them once.
        wrapped: dict[_Paragraph, list[str]] = {}
        for letter in letters:
            _page(pdf, letter, school_name, wrapped)
        return bytes(pdf.output())
    finally:
        close_letter_fonts(pdf)


def too_long(letters: Iterable[Letter], *, school_name: str) -> list[Letter]:
    """The letters that would not fit on one page even at the smallest size: measured
    only, at that size alone, so trying many long letters stays quick."""
    pdf = _letters_document(school_name)
    try:
        wrapped: dict[_Paragraph, list[str]] = {}
        refused = []
        for letter in letters:
            pdf.add_page()
            top = _header(pdf, letter, school_name)
            body = _Body(pdf, letter, SMALLEST_SIZE, wrapped, draw=False)
            if body.lay_out(top) > PAGE_HEIGHT - MARGIN - top:
                refused.append(letter)
        return refused
    finally:
        close_letter_fonts(pdf)


def _letters_document(school_name: str) -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_title(school_name)
    pdf.set_creator("parentbot")
    use_letter_fonts(pdf)
    return pdf


def _page(
    pdf: FPDF, letter: Letter, school_name: str, wrapped: dict[_Paragraph, list[str]]
) -> None:
    pdf.add_page()
    top = _header(pdf, letter, school_name)
    room = PAGE_HEIGHT - MARGIN - top
    for size in _sizes():
        if _Body(pdf, letter, size, wrapped, draw=False).lay_out(top) <= room:
            _Body(pdf, letter, size, wrapped, draw=True).lay_out(top)
            return
    raise LetterTooLong(letter.guardian, tuple(column.language for column in letter.columns))


def _sizes() -> Iterable[float]:
    size = LARGEST_SIZE
    while size >= SMALLEST_SIZE:
        yield size
        size -= SIZE_STEP


def _header(pdf: FPDF, letter: Letter, school_name: str) -> float:
    """The school's name, and the guardian's for whoever hands the letters out: side by
    side on one line, smaller when both are long, and wrapped in two columns when even the
    smallest size does not fit (a name is never printed over the other, nor off the page)."""
    width = PAGE_WIDTH - 2 * MARGIN
    _shape(pdf, f"{school_name}{letter.guardian}", rtl=False, language=None)
    school_size, guardian_size = _header_sizes(pdf, school_name, letter.guardian, width)
    school_width = _text_width(pdf, school_name, school_size)
    guardian_width = _text_width(pdf, letter.guardian, guardian_size)
    if school_width + GUTTER + guardian_width > width:
        # Each keeps the width it needs when the other fits in half; otherwise half each.
        half = (width - GUTTER) / 2
        if school_width <= half:
            guardian_width = width - GUTTER - school_width
        elif guardian_width <= half:
            school_width = width - GUTTER - guardian_width
        else:
            school_width = guardian_width = half
    pdf.set_text_color(*_EMPHASIS)
    school_height = _draw_lines(pdf, school_name, MARGIN, MARGIN, school_width, school_size)
    pdf.set_text_color(0)
    guardian_x = PAGE_WIDTH - MARGIN - guardian_width
    guardian_height = _draw_lines(
        pdf, letter.guardian, guardian_x, MARGIN, guardian_width, guardian_size, align="R"
    )
    rule = MARGIN + max(school_height, guardian_height, 7) + 2
    pdf.set_draw_color(_GREY)
    pdf.set_line_width(0.3)
    pdf.line(MARGIN, rule, PAGE_WIDTH - MARGIN, rule)
    return rule + 5


def _header_sizes(pdf: FPDF, school_name: str, guardian: str, width: float) -> tuple[float, float]:
    """The sizes that put both names on one line, shrunk by the same factor, or the floors."""
    padding = _text_width(pdf, "", _SCHOOL_SIZE) * 2  # a cell's two sides, twice
    letters = (
        _text_width(pdf, school_name, _SCHOOL_SIZE) + _text_width(pdf, guardian, _GUARDIAN_SIZE)
    ) - padding
    shrink = min(1.0, (width - GUTTER - padding) * 0.99 / letters) if letters > 0 else 1.0
    return (
        max(_HEADER_FLOOR, _SCHOOL_SIZE * shrink),
        max(_HEADER_FLOOR, _GUARDIAN_SIZE * shrink),
    )


def _text_width(pdf: FPDF, text: str, size: float) -> float:
    """The width of a cell that holds `text` on one line (fpdf2 pads a cell's sides)."""
    _set_font(pdf, size)
    return float(pdf.get_string_width(text)) + 2 * pdf.c_margin


def _draw_lines(
    pdf: FPDF, text: str, x: float, y: float, width: float, size: float, *, align: str = "L"
) -> float:
    """A short text wrapped to `width`, drawn from the top; returns its height."""
    _set_font(pdf, size)
    line = size * _POINT * _LEADING
    lines = cast(list[str], pdf.multi_cell(width, line, text, dry_run=True, output="LINES"))
    for number, words in enumerate(lines):
        _set_font(pdf, size)
        pdf.set_xy(x, y + number * line)
        pdf.cell(width, line, words, align=align)
    return len(lines) * line


@dataclass
class _Body:
    """The columns and the QR code at one font size: measured first (`draw=False`), then
    drawn with exactly the same steps, so what was measured is what is printed."""

    pdf: FPDF
    letter: Letter
    size: float
    wrapped: dict[_Paragraph, list[str]]
    draw: bool

    def lay_out(self, top: float) -> float:
        """Height of the body from `top`, in mm."""
        columns = self._in_reading_order()
        width = (PAGE_WIDTH - 2 * MARGIN - GUTTER * (len(columns) - 1)) / len(columns)
        heights = [
            self._column(column, MARGIN + i * (width + GUTTER), top, width)
            for i, column in enumerate(columns)
        ]
        bottom = top + max(heights)
        if self.draw and len(columns) > 1:
            middle = MARGIN + width + GUTTER / 2
            self.pdf.set_draw_color(_GREY)
            self.pdf.set_line_width(0.2)
            self.pdf.line(middle, top, middle, bottom)
        band_top = bottom + 2 * self._gap
        return band_top + self._qr_band(band_top) - top

    def _in_reading_order(self) -> tuple[LetterColumn, ...]:
        """Left to right on the page: a right-to-left reader's column goes on the right."""
        columns = self.letter.columns
        return columns[::-1] if columns[0].right_to_left else columns

    @property
    def _line(self) -> float:
        return self.size * _POINT * _LEADING

    @property
    def _gap(self) -> float:
        return self.size * _POINT * 0.6

    def _column(self, column: LetterColumn, x: float, top: float, width: float) -> float:
        words = column.words
        y = top
        y += self._text(column, native_name(column.language), x, y, width, scale=0.85, grey=True)
        y += self._text(column, words.title, x, y, width, scale=1.35, strong=True) + self._gap
        for paragraph in (words.greeting, words.invitation, words.about_children):
            y += self._text(column, paragraph, x, y, width) + self._gap
        if words.talks_when:
            y += self._text(column, words.talks_when, x, y, width, strong=True) + self._gap
        y += self._text(column, words.steps_title, x, y, width, scale=1.15, strong=True)
        for number, step in enumerate(words.steps, start=1):
            y += self._step(column, number, step, x, y, width)
        y += self._gap
        y += self._text(column, words.keep_private, x, y, width, strong=True) + self._gap
        y += self._text(column, words.next_title, x, y, width, scale=1.15, strong=True)
        y += self._text(column, words.next_text, x, y, width) + self._gap
        if words.questions:
            y += self._text(column, words.questions, x, y, width)
        return y - top

    def _step(
        self, column: LetterColumn, number: int, step: str, x: float, y: float, width: float
    ) -> float:
        """A numbered step with its number hanging at the start of the line."""
        hang = self.size * _POINT * 1.6
        number_x = x + width - hang if column.right_to_left else x
        text_x = x if column.right_to_left else x + hang
        self._text(column, f"{number}.", number_x, y, hang, strong=True)
        return self._text(column, step, text_x, y, width - hang)

    def _text(
        self,
        column: LetterColumn,
        text: str,
        x: float,
        y: float,
        width: float,
        *,
        scale: float = 1.0,
        strong: bool = False,
        grey: bool = False,
    ) -> float:
        """One paragraph in the column's language and direction; returns its height."""
        rtl = column.right_to_left
        return self._paragraph(
            text,
            x,
            y,
            width,
            scale=scale,
            strong=strong,
            grey=grey,
            rtl=rtl,
            language=column.language,
        )

    def _paragraph(
        self,
        text: str,
        x: float,
        y: float,
        width: float,
        *,
        scale: float = 1.0,
        strong: bool = False,
        grey: bool = False,
        rtl: bool = False,
        language: str | None = None,
    ) -> float:
        size = self.size * scale
        line = self._line * scale
        paragraph = (text, width, size, rtl, language)
        pdf = self.pdf
        if paragraph not in self.wrapped:
            _set_font(pdf, size)
            _shape(pdf, text, rtl=rtl, language=language)
            wrapped = pdf.multi_cell(width, line, text, dry_run=True, output="LINES")
            self.wrapped[paragraph] = cast(list[str], wrapped)
        lines = self.wrapped[paragraph]
        if self.draw:
            pdf.set_text_color(*_colour(grey=grey, strong=strong))
            for number, words in enumerate(lines):
                # One cell per line: fpdf2 loses track of the font between the lines of a
                # paragraph that mixes fonts (a Latin name in Arabic or Ge'ez text).
                _set_font(pdf, size)
                _shape(pdf, words, rtl=rtl, language=language)
                pdf.set_xy(x, y + number * line)
                pdf.cell(width, line, words, align="R" if rtl else "L")
            pdf.set_text_color(0)
        return len(lines) * line

    def _qr_band(self, top: float) -> float:
        """The QR code, and beside it "your personal link" in each language and the link."""
        x = MARGIN + QR_SIDE + GUTTER
        width = PAGE_WIDTH - MARGIN - x
        if self.draw:
            self.pdf.image(_qr_png(self.letter.link), x=MARGIN, y=top, w=QR_SIDE, h=QR_SIDE)
        y = top + 4  # level with the code's first row, inside its quiet zone
        for column in self.letter.columns:
            y += self._text(column, column.words.link_label, x, y, width, strong=True)
        y += self._gap
        y += self._link(x, y, width)
        return max(QR_SIDE, y - top)

    def _link(self, x: float, y: float, width: float) -> float:
        """The link in full, left to right, as large as fits on one line: to be typed, so
        in a font whose I, l, 1, O and 0 differ, and unbroken, so what is read is what is
        typed."""
        pdf = self.pdf
        link = self.letter.link
        pdf.set_font(LINK_FONT, "", 1)
        smallest, largest = _LINK_SIZES
        size = max(smallest, min(largest, width / pdf.get_string_width(link) * 0.98))
        line = size * _POINT * _LEADING
        if self.draw:
            pdf.set_text_shaping(False)
            pdf.set_font(LINK_FONT, "", size)
            pdf.set_xy(x, y)
            pdf.cell(width, line, link, align="L")
        return line


def _colour(*, grey: bool, strong: bool) -> tuple[int, int, int]:
    if grey:
        return (_GREY, _GREY, _GREY)
    return _EMPHASIS if strong else (0, 0, 0)


def _set_font(pdf: FPDF, size: float) -> None:
    """Set the main font at this size, and say so in the page even when fpdf2 believes it
    is set already (after a line in a fallback font it is not)."""
    pdf.set_font(MAIN_FONT, "", size + 1)
    pdf.set_font(MAIN_FONT, "", size)


def _shape(pdf: FPDF, text: str, *, rtl: bool, language: str | None) -> None:
    """Shape (and order) right-to-left text; set other text glyph by glyph, which looks the
    same for Latin, Cyrillic and Ge'ez and is many times faster (a shaped paragraph is
    shaped anew for every letter it wraps)."""
    if rtl or any(bidirectional(char) in ("R", "AL") for char in text):
        pdf.set_text_shaping(True, direction="rtl" if rtl else "ltr", language=language)
    else:
        pdf.set_text_shaping(False)


def _qr_png(link: str) -> io.BytesIO:
    """The link as a QR code image; error correction M at least (segno raises it where
    the size allows), so a crease or a spot on the paper does not stop a phone."""
    code = segno.make(link, error="m", micro=False)
    image = io.BytesIO()
    code.save(image, kind="png", scale=8, border=4)
    image.seek(0)
    return image
