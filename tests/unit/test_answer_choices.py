"""Typical answers as data: each fits a button, reads in every shipped language, is stored
as a key no typed text can forge, and reads to the teacher in the teacher's language."""

from __future__ import annotations

import re

import pytest

from bot.domain.answers import Answer
from bot.domain.machine_translation import Translated
from bot.domain.questions import (
    INTERPRETER,
    choice_of,
    chosen,
    chosen_key,
    questions_for,
    typed,
    words_in,
)
from bot.domain.rounds import TalkKind
from bot.i18n import load_catalog
from bot.languages import SUPPORTED_LANGUAGES
from bot.services.parent_words import Written
from bot.telegram.answer_choices import choice_label, pressed
from bot.telegram.answers_view import answers_lines
from bot.telegram.callback_data import encode
from bot.telegram.deps import Reader
from tests.round_fixture import a_round

ALL = {q.key: q for kind in TalkKind for q in questions_for(kind, ask_joining=True)}


def reader(language: str) -> Reader:
    return Reader(language, load_catalog(language), ())


def test_every_choice_fits_a_button_press():
    for question in ALL.values():
        assert len({c.key for c in question.choices}) == len(question.choices)
        for choice in question.choices:
            assert re.fullmatch(r"[a-z_]+", choice.key)
            encode("qpick", 999_999_999, 999_999_999, question.key, choice.key)  # no error


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_choice_reads_in_every_shipped_language(language):
    shown = reader(language)
    for question in ALL.values():
        labels = [choice_label(question, c, shown) for c in question.choices]
        assert all(labels), (question.key, labels)
        assert len(set(labels)) == len(labels), (question.key, labels)
        for choice, label in zip(question.choices, labels, strict=True):
            if choice.text and language != "en":
                assert label != choice.text, (language, choice.text)  # translated
            if question.interpreter:
                assert label != choice.key
                assert label[:1] == label[:1].upper()


def test_interpreter_languages_are_named_by_cldr_and_berber_by_the_catalog():
    dutch = reader("nl")
    names = {c.key: choice_label(INTERPRETER, c, dutch) for c in INTERPRETER.choices}
    assert names["ar"] == "Arabisch"
    assert names["ti"] == "Tigrinya"
    assert names["ber"] == "Berbers (Tamazight)"
    assert choice_label(INTERPRETER, INTERPRETER.choices[0], reader("ar")) == "العربية"


def test_a_pressed_answer_is_a_key_and_typed_text_never_passes_for_one():
    social = ALL["social_home"]
    answer = chosen(social.choices[1])
    assert chosen_key(answer) == "mostly"
    assert choice_of(social, answer) == social.choices[1]
    assert choice_of(ALL["motivation"], chosen(social.choices[0])) is None  # not its own
    forged = typed(answer.text)
    assert chosen_key(forged) is None
    assert forged.text == "mostly"
    assert words_in({"a": answer, "b": forged, "c": Answer("", "voice", False)}) == ["mostly"]


def test_a_choice_the_questions_no_longer_offer_reads_as_its_key():
    from bot.domain.questions import Choice

    assert pressed(ALL["social_home"], chosen(Choice("gone")), reader("nl")) == "gone"
    assert pressed(ALL["social_home"], Answer("typed", None, False), reader("nl")) is None


def test_the_teacher_reads_pressed_answers_in_dutch_and_typed_words_labelled():
    dutch = reader("nl")
    answers = {
        "learning_home": Answer("نقرأ معًا كل مساء", None, False),
        "social_home": chosen(ALL["social_home"].choices[1]),
        "circumstances": chosen(ALL["circumstances"].choices[0]),
        "interpreter": chosen(INTERPRETER.choices[0]),
    }
    machine = Translated("We lezen elke avond samen", "ar", "libretranslate")
    written = Written("ar", {"نقرأ معًا كل مساء": machine})
    lines, voices = answers_lines(dutch, a_round(), answers, written)
    text = "\n".join(lines)
    assert "Meestal goed" in text
    assert "Nee, niets bijzonders" in text
    assert "⚠ Tolk gewenst: Arabisch" in lines[0]  # flags first, named in Dutch
    assert not any("thuissituatie" in line for line in lines)  # "nothing special": no flag
    assert "نقرأ معًا كل مساء" in text
    assert "We lezen elke avond samen" in text
    assert dutch.tr.gettext("In the parent's own words:") in text
    assert voices == []


def test_typed_words_about_home_are_flagged_and_read_as_written_in_the_same_language():
    dutch = reader("nl")
    answers = {"circumstances": Answer("Opa is ziek", None, False)}
    lines, _ = answers_lines(dutch, a_round(), answers, Written("nl", {}))
    text = "\n".join(lines)
    assert "thuissituatie" in lines[0]
    assert "Opa is ziek" in text
    assert dutch.tr.gettext("In the parent's own words:") not in text
