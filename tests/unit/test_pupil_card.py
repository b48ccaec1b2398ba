"""The child's card is data: a card per grade band, pictures stored as keys, and every
word of it in every language the bot speaks."""

import re

import pytest

from bot.domain.answers import Answer
from bot.domain.pupil_card import (
    CARDS,
    GOAL,
    NEEDS,
    CardAnswer,
    CardBand,
    CardGoal,
    band_for,
    goal_from,
    item_of,
    said_joining,
    toggled,
    typing_allowed,
)
from bot.domain.questions import JOINING, chosen, typed
from bot.i18n import SOURCE_LANGUAGE, load_catalog
from bot.languages import SUPPORTED_LANGUAGES
from bot.telegram.callback_data import encode
from bot.telegram.pupil_card_button import has_card
from tests.round_fixture import a_round


@pytest.mark.parametrize(
    ("grade", "band"),
    [
        (1, CardBand.YOUNG),
        (4, CardBand.YOUNG),
        (5, CardBand.MIDDLE),
        (6, CardBand.MIDDLE),
        (7, CardBand.ADVICE),
        (8, CardBand.ADVICE),
    ],
)
def test_the_card_follows_the_groep(grade, band):
    assert band_for(grade) is band


def test_the_plan_may_choose_another_card_or_none_for_a_round():
    assert band_for(8, "young") is CardBand.YOUNG
    assert band_for(2, "advice") is CardBand.ADVICE
    assert band_for(5, "off") is None


def test_young_children_answer_with_pictures_only_older_ones_may_type():
    assert not typing_allowed(CardBand.YOUNG)
    assert typing_allowed(CardBand.MIDDLE)
    assert typing_allowed(CardBand.ADVICE)


def test_every_card_asks_the_circles_of_the_kindgesprek_and_advice_asks_about_the_new_school():
    # "What may the teacher tell your parents?" is asked in the talk, not on the parent's
    # phone (seed 002: the child's privacy).
    common = ["feeling", "goes_well", "hard", "ask", GOAL, NEEDS]
    for band in CardBand:
        keys = [item.key for item in CARDS[band]]
        assert keys[: len(common)] == common
        assert len(set(keys)) == len(keys)
    advice = {item.key for item in CARDS[CardBand.ADVICE]} - set(common)
    assert advice == {"interests", "school_level", "school_profile", "school_feel"}
    helpers = item_of(CardBand.YOUNG, NEEDS)
    assert helpers
    assert {p.key for p in helpers.pictures} == {"teacher", "parents", "myself"}


def test_every_picture_fits_in_a_button_and_has_an_emoji():
    for band in CardBand:
        for item in CARDS[band]:
            assert len({p.key for p in item.pictures}) == len(item.pictures)
            for picture in item.pictures:
                encode("pcp", 2**31, 2**31, item.key, picture.key)  # raises when too long
                assert picture.emoji
                assert not picture.emoji.isascii()


def test_a_picture_of_several_toggles_and_one_of_one_replaces():
    goes_well = item_of(CardBand.MIDDLE, "goes_well")
    feeling = item_of(CardBand.MIDDLE, "feeling")
    assert goes_well
    assert feeling
    assert goes_well.several
    assert not feeling.several
    both = toggled(CardAnswer(("music",)), goes_well, "reading")
    assert both == ("reading", "music")  # in the item's own order
    assert toggled(CardAnswer(both), goes_well, "music") == ("reading",)
    assert toggled(CardAnswer(("great",)), feeling, "sad") == ("sad",)


def test_the_goal_is_the_child_s_words_and_pictures_with_the_helpers():
    answers = {
        GOAL: CardAnswer(("reading",), "beter lezen", None),
        NEEDS: CardAnswer(("teacher", "myself")),
    }
    assert goal_from(answers, "nl") == CardGoal(
        "beter lezen", None, ("teacher", "myself"), "nl", ("reading",)
    )
    # Nothing to write down: a goal only spoken, or helpers without a goal, is not offered.
    assert goal_from({GOAL: CardAnswer(voice_file_id="v1")}, "ar") is None
    assert goal_from({NEEDS: CardAnswer(("teacher",))}, "nl") is None
    assert goal_from({GOAL: CardAnswer(skipped=True)}, "nl") is None
    assert goal_from({}, "nl") is None


def test_only_the_parents_yes_makes_the_child_join():
    yes = next(c for c in JOINING.choices if c.key == "yes")
    no = next(c for c in JOINING.choices if c.key == "no")
    assert said_joining(chosen(yes))
    assert not said_joining(chosen(no))
    assert not said_joining(typed("yes"))
    assert not said_joining(Answer("", None, skipped=True))
    assert not said_joining(None)


def _card_strings() -> set[str]:
    found = set()
    for band in CardBand:
        for item in CARDS[band]:
            found |= {item.child, item.heading, *(p.word for p in item.pictures)}
    return found


@pytest.mark.parametrize("language", [c for c in SUPPORTED_LANGUAGES if c != SOURCE_LANGUAGE])
def test_every_card_string_is_in_every_catalog(language):
    tr = load_catalog(language)
    catalog = tr._catalog  # type: ignore[attr-defined]  # GNUTranslations keeps its messages
    missing = [text for text in _card_strings() if not catalog.get(text)]
    assert not missing, f"{language}: {missing}"
    for text in _card_strings():
        assert set(_placeholders(tr.gettext(text))) == set(_placeholders(text))


def _placeholders(text: str) -> list[str]:
    return re.findall(r"\{(\w*)\}", text)


def test_the_button_shows_only_where_the_round_has_a_card():
    assert has_card(a_round(), grade_low=2)
    assert has_card(a_round(pupil_card="advice"), grade_low=2)  # the plan chose the card
    assert not has_card(a_round(pupil_card="off"), grade_low=7)  # the plan switched it off
