"""Someone's own words as a reader in another language sees them."""

from __future__ import annotations

from bot.domain.machine_translation import Translated
from bot.i18n import Translations
from bot.telegram.deps import Reader
from bot.telegram.free_text import own_words

TRANSLATIONS = Translations("nl")
FSI, PDI = "\u2068", "\u2069"


def reader(language: str) -> Reader:
    return Reader(language, TRANSLATIONS.for_language(language), ())


def test_with_a_translation_the_original_comes_first_then_the_labelled_translation() -> None:
    shown = own_words(
        reader("en"),
        "Emma oefent <elke> dag",
        "nl",
        Translated("Emma practises <every> day", "nl", "libretranslate"),
        label="In the teacher's own words:",
    )
    assert shown.split("\n") == [
        "<b>In the teacher's own words:</b>",
        "Emma oefent &lt;elke&gt; dag",
        "<i>Machine translation from Dutch (it may contain mistakes):</i>",
        "Emma practises &lt;every&gt; day",
    ]


def test_without_a_translation_it_says_so_in_the_readers_language() -> None:
    shown = own_words(reader("nl"), "Ali reads every day", "en", None, label="Eigen woorden:")
    assert shown.split("\n") == [
        "<b>Eigen woorden:</b>",
        "Ali reads every day",
        "<i>Geschreven in het Engels. Niet vertaald.</i>",
    ]


def test_in_the_readers_own_language_there_is_nothing_to_say() -> None:
    shown = own_words(reader("nl"), "Elke dag lezen", "nl", None, label="Eigen woorden:")
    assert shown == "<b>Eigen woorden:</b>\nElke dag lezen"


def test_an_arabic_reader_gets_the_dutch_original_isolated_and_arabic_notes() -> None:
    shown = own_words(reader("ar"), "Elke dag lezen", "nl", None, label="بكلمات المعلم:")
    lines = shown.split("\n")
    assert lines[1] == f"{FSI}Elke dag lezen{PDI}"
    assert "Niet" not in lines[2]
    assert "لم تتم ترجمته" in lines[2]
    translated = own_words(
        reader("ar"), "Elke dag lezen", "nl", Translated("القراءة كل يوم", "nl", "deepl"), label="x"
    )
    assert translated.split("\n")[2] == "<i>ترجمة آلية من اللغة الهولندية (قد تكون فيها أخطاء):</i>"
    assert translated.split("\n")[3] == f"{FSI}القراءة كل يوم{PDI}"
