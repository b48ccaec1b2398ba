"""The letter's words: what the talks' dates say, in the reader's language."""

from bot.i18n import Translations
from bot.paperwork.letter_text import letter_words

TRANSLATIONS = Translations("nl")


def words(language, talks_between):
    return letter_words(
        TRANSLATIONS.for_language(language),
        school="De Regenboog",
        guardian="Fatima El Amrani",
        children="Noor",
        school_invitation=None,
        talks_between=talks_between,
        contact="",
    )


def test_talks_on_several_days_are_named_by_their_first_and_last_day():
    said = words("nl", ("dinsdag 8 december", "donderdag 10 december")).talks_when
    assert said == "De volgende gesprekken zijn tussen dinsdag 8 december en donderdag 10 december."


def test_talks_on_one_day_name_that_day_once():
    said = words("nl", ("dinsdag 8 december", "dinsdag 8 december")).talks_when
    assert said == "De volgende gesprekken zijn op dinsdag 8 december."
    assert words("en", ("Tuesday 8 December",) * 2).talks_when == (
        "The next talks are on Tuesday 8 December."
    )


def test_without_a_round_the_letter_names_no_days_and_without_contact_no_contact_line():
    letter = words("ar", None)
    assert letter.talks_when == ""
    assert letter.questions == ""
