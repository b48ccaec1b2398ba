"""The phrasebook reads in every shipped language, through the real catalogs."""

from __future__ import annotations

import gettext
import re

import pytest

from bot.domain.phrasebook import COUNT_CHOICES, Area, Owner, Phrase, search
from bot.domain.phrasebook_entries import AREA_LABELS, BY_KEY, PHRASES
from bot.i18n import SOURCE_LANGUAGE, Translations
from bot.languages import SUPPORTED_LANGUAGES
from tests.i18n.plural_forms import single_number_forms

NAME = "De Gruffalo"
EDGE_COUNTS = (1, 2, 3, 11, 21)  # where plural forms change in nl, ar, tr, pl and uk


@pytest.fixture(scope="module")
def translations() -> Translations:
    return Translations("nl")


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def counts(phrase: Phrase) -> list[int | None]:
    if phrase.count is None:
        return [None]
    return sorted(set(COUNT_CHOICES[phrase.count]) | set(EDGE_COUNTS))


def translated(tr: gettext.NullTranslations, phrase: Phrase, count: int | None) -> str:
    if phrase.plural is None or count is None:
        return tr.gettext(phrase.text)
    return tr.ngettext(phrase.text, phrase.plural, count)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_entry_renders_filled_in_every_language(translations, language):
    tr = translations.for_language(language)
    single = single_number_forms(language) if language != SOURCE_LANGUAGE else set()
    for phrase in PHRASES:
        source = phrase.plural or phrase.text
        for count in counts(phrase):
            text = translated(tr, phrase, count)
            # A form for one number alone (Arabic "two minutes") may leave the digits out.
            said = bool(single) and count is not None and tr.plural(count) in single  # type: ignore[attr-defined]
            wanted = placeholders(source) - ({"count"} if said else set())
            assert wanted <= placeholders(text) <= placeholders(source), f"{language}: {text}"
            if language != SOURCE_LANGUAGE:
                assert text not in (phrase.text, phrase.plural), f"{language} {phrase.key}"
            shown = text.format(count=count, name=NAME)
            assert "{" not in shown, shown
            assert "}" not in shown, shown
            if count is not None and not said:
                assert str(count) in shown, f"{language} {phrase.key}: {shown}"
            if phrase.takes_name:
                assert NAME in shown, f"{language} {phrase.key}: {shown}"


@pytest.mark.parametrize("language", [c for c in SUPPORTED_LANGUAGES if c != SOURCE_LANGUAGE])
def test_every_area_label_is_translated(translations, language):
    tr = translations.for_language(language)
    for label in AREA_LABELS.values():
        assert tr.gettext(label) != label, f"{language}: {label}"


def test_keys_are_unique_and_parameters_match_the_count():
    assert len(BY_KEY) == len(PHRASES)
    for phrase in PHRASES:
        assert placeholders(phrase.text) <= {"count", "name"}, phrase.key
        has_count = {"count"} <= placeholders(phrase.text) and phrase.plural is not None
        assert has_count == (phrase.count is not None), phrase.key


def test_every_area_has_entries_and_each_owner_a_part():
    for area in Area:
        owners = {phrase.owner for phrase in PHRASES if phrase.area == area}
        if area == Area.TALKING:
            assert owners == {Owner.PARENTS}
        else:
            assert owners == set(Owner), area
    assert set(AREA_LABELS) == set(Area)


def test_search_finds_an_entry_by_a_dutch_word_or_prefix_without_regard_to_accents(
    translations,
):
    dutch = translations.for_language("nl")
    shown = [(phrase, translated(dutch, phrase, 2)) for phrase in PHRASES]
    library = BY_KEY["parents_library"]
    assert search(shown, "bibliotheek") == [library]
    assert search(shown, "BIBLIO") == [library]
    assert search(shown, "bibliothéék") == [library]
    assert search(shown, "Voorlezen") == [BY_KEY["parents_listen_reading"]]
    assert search(shown, "tafels oefen") == [BY_KEY["pupil_times_tables"]]
    assert search(shown, "ruimtevaart") == []
