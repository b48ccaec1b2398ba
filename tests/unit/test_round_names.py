"""A round's title and a talk's place are written for each reader in their own language."""

from datetime import UTC, datetime

import pytest

from bot.domain.people import Person
from bot.domain.person_kind import PersonKind
from bot.domain.rounds import PlaceKeyword, TalkKind
from bot.i18n import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE, Translations
from bot.languages import SUPPORTED_LANGUAGES
from bot.telegram.deps import Reader
from bot.telegram.round_names import (
    as_plain,
    place_name,
    round_title,
    sole_group,
    teacher_group,
)
from tests.round_fixture import a_round

TRANSLATIONS = Translations("nl")
DECEMBER = {
    "first_talk": datetime(2026, 12, 8, 13, 30, tzinfo=UTC),
    "last_talk": datetime(2026, 12, 10, 19, 0, tzinfo=UTC),
}
# Dutch words of the example plan that must not reach a reader of another language.
DUTCH = ("gesprek", "lokaal", "groep", "december", "kamer", "begeleider")


def reader(language: str, *people: Person) -> Reader:
    return Reader(language, TRANSLATIONS.for_language(language), people)


def without_isolated(text: str) -> str:
    """The text with what is isolated (names, the group) left out."""
    while FIRST_STRONG_ISOLATE in text:
        start = text.index(FIRST_STRONG_ISOLATE)
        end = text.index(POP_DIRECTIONAL_ISOLATE, start)
        text = text[:start] + text[end + 1 :]
    return text


def test_a_round_without_title_is_built_from_kind_month_and_group(settings):
    round_ = a_round(title="", **DECEMBER)
    assert round_title(round_, reader("en"), settings, "4") == "Progress talks, December — group 4"
    assert round_title(round_, reader("nl"), settings, "4") == (
        "Voortgangsgesprekken, december — groep 4"
    )
    assert round_title(round_, reader("en"), settings, None) == "Progress talks, December"


def test_the_school_title_is_for_the_school_s_language_only(settings):
    round_ = a_round(title="Voortgangsgesprekken december", **DECEMBER)
    assert round_title(round_, reader("nl"), settings, "4") == "Voortgangsgesprekken december"
    arabic = round_title(round_, reader("ar"), settings, "4")
    assert "مقابلات متابعة التقدم" in arabic
    assert "ديسمبر" in arabic  # the month as CLDR writes it
    assert f"{FIRST_STRONG_ISOLATE}4{POP_DIRECTIONAL_ISOLATE}" in arabic


def test_a_title_given_for_a_language_wins_for_its_readers(settings):
    round_ = a_round(
        kind=TalkKind.ADVICE,
        title="",
        titles=(("nl", "Adviesgesprekken groep 8"), ("tr", "8. sınıf okul tavsiyesi")),
        **DECEMBER,
    )
    assert round_title(round_, reader("tr"), settings, "7/8") == "8. sınıf okul tavsiyesi"
    assert round_title(round_, reader("nl"), settings, "7/8") == "Adviesgesprekken groep 8"
    assert round_title(round_, reader("pl"), settings, "7/8").startswith("Rozmowy o wyborze")


def test_a_given_title_is_escaped_for_html(settings):
    round_ = a_round(title="Gesprekken <groep 4> & 5")
    assert round_title(round_, reader("nl"), settings, None) == (
        "Gesprekken &lt;groep 4&gt; &amp; 5"
    )


def test_talks_over_two_months_name_both_and_a_follow_up_says_so(settings):
    round_ = a_round(
        title="",
        first_talk=datetime(2027, 1, 28, 13, 0, tzinfo=UTC),
        last_talk=datetime(2027, 2, 2, 13, 0, tzinfo=UTC),
        only_pupils=frozenset({1}),
    )
    # CLDR's English range puts thin spaces around the dash.
    assert round_title(round_, reader("en"), settings, None) == (
        "Follow-up talk, January\u2009–\u2009February"
    )


def test_without_talks_yet_the_title_has_no_month(settings):
    assert round_title(a_round(title=""), reader("en"), settings, "4") == "Progress talks — group 4"


# English shares the month's name with Dutch ("December"), so it is left out here.
@pytest.mark.parametrize(
    "language", [lang for lang in SUPPORTED_LANGUAGES if lang not in ("nl", "en")]
)
def test_no_dutch_word_of_the_plan_reaches_another_language(settings, language):
    round_ = a_round(title="Voortgangsgesprekken december", **DECEMBER)
    written = [round_title(round_, reader(language), settings, "4")]
    written += [place_name(k.value, "4", reader(language)) for k in PlaceKeyword]
    written.append(place_name("classroom", None, reader(language)))
    for text in written:
        assert text
        assert not any(word in without_isolated(text).lower() for word in DUTCH), text


def test_a_keyword_place_is_read_in_the_reader_s_words():
    assert place_name("classroom", "4", reader("en")) == "the classroom of group 4"
    assert place_name("classroom", "4", reader("nl")) == "het lokaal van groep 4"
    assert place_name("classroom", None, reader("en")) == "your child's classroom"
    assert place_name("counsellor", None, reader("nl")) == "de kamer van de intern begeleider"


def test_a_name_is_kept_as_written_and_isolated_in_right_to_left_text():
    assert place_name("Lokaal 4", "4", reader("nl")) == "Lokaal 4"
    for right_to_left in ("ar", "fa"):  # Persian as Arabic: the Latin name keeps its order
        assert place_name("Lokaal 4", "4", reader(right_to_left)) == (
            f"{FIRST_STRONG_ISOLATE}Lokaal 4{POP_DIRECTIONAL_ISOLATE}"
        )
    assert place_name("Room <B>", None, reader("en")) == "Room &lt;B&gt;"


def test_the_group_is_known_only_when_it_is_one():
    assert sole_group(["4", "4"]) == "4"
    assert sole_group(["4", "7/8"]) is None
    assert sole_group([]) is None
    one = Person(PersonKind.STAFF, 1, "Karim", "nl", "", (), ("4",), True)
    two = Person(PersonKind.STAFF, 2, "Ruben", "nl", "", (), ("4", "7/8"), True)
    assert teacher_group(reader("nl", one)) == "4"
    assert teacher_group(reader("nl", two)) is None
    assert teacher_group(reader("nl")) is None


def test_plain_text_for_a_calendar_has_no_html_or_isolates():
    assert as_plain(f"{FIRST_STRONG_ISOLATE}A &amp; B{POP_DIRECTIONAL_ISOLATE}") == "A & B"
