"""The fonts a letter is set in, found inside installed Python packages.

The fonts come with the install (`requirements.lock`), so printing letters needs no
network and gives the same pages on every machine. Noto Sans covers Latin and Cyrillic;
Noto Sans Arabic (Arabic, Persian), Noto Sans Ethiopic (Tigrinya) and Noto Sans Hebrew (a
parent's name written in Hebrew) take over for the letters it lacks. They are variable
fonts, used at their default (regular) weight: making a bold instance of them takes seconds
per font, too long for a command run often. The link a parent may type is set in Atkinson
Hyperlegible, whose I, l, 1, O and 0 cannot be taken for one another.

A character none of the fonts has would print as nothing (a name in Chinese, an emoji), so
`missing_characters` finds those before anything is laid out.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import files
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fpdf import FPDF

MAIN_FONT = "sans"
LINK_FONT = "link"
_FALLBACK_FONTS = ("arabic", "ethiopic", "hebrew")

# Family name → (package, path inside it).
_FONT_FILES: dict[str, tuple[str, str]] = {
    MAIN_FONT: ("fontpkg_noto_sans", "files/NotoSans[wdth,wght].ttf"),
    "arabic": ("justmytype_intl_rtl", "fonts/ofl/notosansarabic/NotoSansArabic[wdth,wght].ttf"),
    "ethiopic": (
        "justmytype_intl_africa",
        "fonts/ofl/notosansethiopic/NotoSansEthiopic[wdth,wght].ttf",
    ),
    "hebrew": ("justmytype_intl_rtl", "fonts/ofl/notosanshebrew/NotoSansHebrew[wdth,wght].ttf"),
    LINK_FONT: ("fontpkg_atkinson_hyperlegible", "files/AtkinsonHyperlegible-Regular.ttf"),
}
# The fonts that set the letter's words; the link font is for the link alone.
_TEXT_FONTS = (MAIN_FONT, *_FALLBACK_FONTS)


class FontMissing(Exception):
    """A font file the install should have brought is not there."""


def font_file(family: str) -> Path:
    """Where an installed package keeps one of the letter's fonts."""
    package, inside = _FONT_FILES[family]
    try:
        path = Path(str(files(package).joinpath(*inside.split("/"))))
    except ModuleNotFoundError:
        raise FontMissing(
            f"the font package {package} is not installed: set up the virtual environment"
            " again (make) from requirements.lock"
        ) from None
    if not path.is_file():
        raise FontMissing(f"the font {path} is missing: reinstall the package {package}")
    return path


@cache
def _covered() -> frozenset[int]:
    """Every character the letter's text fonts can draw."""
    covered: set[int] = set()
    for family in _TEXT_FONTS:
        with TTFont(font_file(family), lazy=True) as font:
            covered.update(font.getBestCmap())
    return frozenset(covered)


def missing_characters(text: str) -> str:
    """The characters of `text` no letter font can draw, each once, in order of appearance.

    Spaces and the invisible marks that steer direction are not drawn, so never missing."""
    covered = _covered()
    missing = dict.fromkeys(
        char
        for char in text
        if ord(char) not in covered and unicodedata.category(char) not in ("Cc", "Cf", "Zs")
    )
    return "".join(missing)


def use_letter_fonts(pdf: FPDF) -> None:
    """Register the fonts, and let the fallback fonts stand in for whatever the main font
    lacks."""
    for family in _FONT_FILES:
        pdf.add_font(family, fname=font_file(family))
    pdf.set_font(MAIN_FONT)
    pdf.set_fallback_fonts(list(_FALLBACK_FONTS))


def close_letter_fonts(pdf: FPDF) -> None:
    """fpdf2 reads the font files lazily and never closes them: close them once the PDF is
    written, so a run of letters leaves no file open."""
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()
