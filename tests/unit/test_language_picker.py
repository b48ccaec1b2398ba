"""The language picker's buttons and what a press on one may mean."""

import pytest

from bot.languages import SUPPORTED_LANGUAGES, native_name
from bot.telegram.language_picker import Choice, picker, read_choice


def test_languages_are_named_in_themselves_as_a_menu_writes_them():
    names = [native_name(code) for code in SUPPORTED_LANGUAGES]
    assert names == [
        "Nederlands",
        "English",
        "العربية",
        "Türkçe",
        "Polski",
        "Українська",
        "ትግርኛ",  # Tigrinya, in Ge'ez script
        "Soomaali",
        "فارسی",
        "Български",
        "Română",
        "Español",
        "Português",
    ]


def test_the_picker_marks_the_current_language_and_fits_telegram():
    buttons = [button for row in picker("tr").inline_keyboard for button in row]
    assert [b.text for b in buttons if b.text.startswith("✓ ")] == ["✓ Türkçe"]
    assert len(buttons) == len(SUPPORTED_LANGUAGES)
    assert all(len(b.callback_data.encode()) <= 64 for b in buttons)


@pytest.mark.parametrize("welcome_kind", [None, "guardian", "staff"])
def test_every_button_reads_back_as_its_own_choice(welcome_kind):
    buttons = [b for row in picker("nl", welcome_kind=welcome_kind).inline_keyboard for b in row]
    choices = [read_choice(b.callback_data) for b in buttons]
    assert choices == [Choice(code, welcome_kind) for code in SUPPORTED_LANGUAGES]


@pytest.mark.parametrize(
    "data", ["1:lang:xx", "1:lang", "1:lang:uk:t", "1:lang:uk:g:g", "1:book:uk", "2:lang:uk", None]
)
def test_anything_the_picker_never_sends_is_no_choice(data):
    assert read_choice(data) is None
