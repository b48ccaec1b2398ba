"""The fonts a letter is set in, found inside installed Python packages.

The fonts come with the install (`requirements.lock`), so printing letters needs no
network and gives the same pages on every machine. Noto Sans covers Latin and Cyrillic;
Noto Sans Arabic (Arabic, Persian) and Noto Sans Ethiopic (Tigrinya) take over for the
letters it lacks. All three are variable fonts, used at their default (regular) weight:
making a bold instance of them takes seconds per font, too long for a command run often.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fpdf import FPDF

MAIN_FONT = "sans"
_FALLBACK_FONTS = ("arabic", "ethiopic")

# Family name → (package, path inside it).
_FONT_FILES: dict[str, tuple[str, str]] = {
    MAIN_FONT: ("fontpkg_noto_sans", "files/NotoSans[wdth,wght].ttf"),
    "arabic": ("fontpkg_noto_sans_arabic", "files/NotoSansArabic[wdth,wght].ttf"),
    "ethiopic": (
        "justmytype_intl_africa",
        "fonts/ofl/notosansethiopic/NotoSansEthiopic[wdth,wght].ttf",
    ),
}


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


def use_letter_fonts(pdf: FPDF) -> None:
    """Register the three fonts, and let the other two stand in for whatever the main font
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
