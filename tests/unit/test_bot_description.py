"""The bot's descriptions stay within Telegram's limits, whatever the school is called."""

import pytest

from bot.i18n import Translations
from bot.languages import SUPPORTED_LANGUAGES
from bot.telegram.description import (
    DESCRIPTION_LIMIT,
    SHORT_DESCRIPTION_LIMIT,
    description,
    short_description,
)
from bot.telegram.sending import utf16_length

TRANSLATIONS = Translations("nl")


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_a_usual_school_name_is_named_in_both_descriptions(language):
    tr = TRANSLATIONS.for_language(language)
    school = "Basisschool De Regenboog"
    assert school in description(tr, language, school)
    assert school in short_description(tr, language, school)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_a_very_long_school_name_is_left_out_rather_than_refused(language):
    tr = TRANSLATIONS.for_language(language)
    school = "Openbare Basisschool voor Daltononderwijs " * 12  # over 500 characters
    long_one, short_one = description(tr, language, school), short_description(tr, language, school)
    assert utf16_length(long_one) <= DESCRIPTION_LIMIT
    assert utf16_length(short_one) <= SHORT_DESCRIPTION_LIMIT
    assert "Daltononderwijs" not in long_one + short_one
