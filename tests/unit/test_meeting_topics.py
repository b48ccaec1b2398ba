"""The texts of each meeting topic read in every shipped language, through the real catalogs."""

from __future__ import annotations

import re

import pytest

from bot.domain.meeting_topics import at_home, content, key_points, purpose, topic_title
from bot.domain.meetings import MeetingTopic
from bot.i18n import SOURCE_LANGUAGE, Translations
from bot.languages import SUPPORTED_LANGUAGES

SEED_TOPICS = [topic for topic in MeetingTopic if topic != MeetingTopic.OWN]
# Dutch school words parents will hear at school: kept as they are in every language.
SCHOOL_TERMS = ("VMBO", "HAVO", "VWO", "schooladvies", "doorstroomtoets")
LONGEST = 200  # a line of an invitation or summary, not a paragraph


@pytest.fixture(scope="module")
def translations() -> Translations:
    return Translations("nl")


def texts(topic: MeetingTopic) -> list[str]:
    return [
        topic_title(topic),
        purpose(topic),
        *content(topic),
        *key_points(topic),
        *at_home(topic),
    ]


ALL_TEXTS = [text for topic in MeetingTopic for text in texts(topic)]


@pytest.mark.parametrize("topic", SEED_TOPICS)
def test_a_seed_topic_says_why_what_its_message_and_what_to_do_at_home(topic):
    assert purpose(topic)
    assert len(content(topic)) >= 3
    assert 4 <= len(key_points(topic)) <= 6
    assert 3 <= len(at_home(topic)) <= 5


def test_a_schools_own_topic_has_only_a_title_and_a_plain_purpose():
    own = MeetingTopic.OWN
    assert topic_title(own)
    assert purpose(own) == "An information meeting of the school for parents."
    assert content(own) == key_points(own) == at_home(own) == ()


def test_no_text_is_used_twice_so_each_translates_on_its_own():
    assert len(set(ALL_TEXTS)) == len(ALL_TEXTS)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_text_is_translated_short_and_free_of_placeholders_and_markup(translations, language):
    tr = translations.for_language(language)
    for text in ALL_TEXTS:
        shown = tr.gettext(text)
        if language != SOURCE_LANGUAGE:
            assert shown != text, f"{language}: untranslated {text!r}"
        assert shown, f"{language}: empty for {text!r}"
        assert shown.strip() == shown, f"{language}: {shown!r}"
        assert len(shown) <= LONGEST, f"{language} ({len(shown)}): {shown}"
        # The views put these lines into HTML messages as they are: no .format, no escaping.
        assert not re.search(r"[{}%<>&]", shown), f"{language}: {shown}"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_dutch_school_terms_are_kept_in_every_language(translations, language):
    tr = translations.for_language(language)
    for text in ALL_TEXTS:
        shown = tr.gettext(text).casefold()
        for term in SCHOOL_TERMS:
            if term.casefold() in text.casefold():
                assert term.casefold() in shown, f"{language} lacks {term}: {shown}"


# Languages in another script than Latin: only the kept Dutch school terms may be Latin.
@pytest.mark.parametrize("language", ["ar", "fa", "uk", "bg", "ti"])
def test_other_scripts_have_no_latin_letters_but_the_school_terms(translations, language):
    tr = translations.for_language(language)
    terms = re.compile("|".join(SCHOOL_TERMS), re.IGNORECASE)
    for text in ALL_TEXTS:
        shown = tr.gettext(text)
        assert not re.search("[A-Za-z]", terms.sub("", shown)), shown
