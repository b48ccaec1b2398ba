"""Agreement words for a reader: a phrase in their language, own words marked."""

from bot.domain.agreements import Words
from bot.domain.machine_translation import Translated
from bot.domain.phrasebook_entries import BY_KEY, PHRASES
from bot.i18n import FIRST_STRONG_ISOLATE, Translations
from bot.telegram.callback_data import encode
from bot.telegram.deps import Reader
from bot.telegram.phrase_view import phrase_text, words_html

TRANSLATIONS = Translations("nl")
LABEL = "OWN:"


def reader(language: str) -> Reader:
    return Reader(language, TRANSLATIONS.for_language(language), ())


def test_a_phrase_reads_in_the_reader_s_language_with_its_number_and_name():
    dutch, arabic = reader("nl"), reader("ar")
    together = Words(phrase="read_together", params={"count": 15})
    shown = words_html(together, dutch, {}, label=LABEL)
    phrase = BY_KEY["read_together"]
    assert shown == dutch.tr.ngettext(phrase.text, phrase.plural, 15).format(count="15")
    book = words_html(Words(phrase="read_book", params={"name": "<Pluk>"}), arabic, {}, label=LABEL)
    assert f"{FIRST_STRONG_ISOLATE}&lt;Pluk&gt;" in book  # a name is escaped and isolated
    assert LABEL not in book


def test_own_words_are_plain_for_their_own_language_and_marked_for_another():
    words = Words("Leest elke dag <hardop>", "nl")
    assert words_html(words, reader("nl"), {}, label=LABEL) == "Leest elke dag &lt;hardop&gt;"
    marked = words_html(words, reader("ar"), {}, label=LABEL)
    assert marked.startswith(f"<b>{LABEL}</b>")
    assert "Leest elke dag &lt;hardop&gt;" in marked
    translated = Translated("يقرأ كل يوم", "nl", "libretranslate")
    with_translation = words_html(words, reader("ar"), {words.text: translated}, label=LABEL)
    assert "يقرأ كل يوم" in with_translation


def test_a_phrase_the_book_lost_is_shown_by_its_key_and_a_missing_number_as_dots():
    assert words_html(Words(phrase="gone_key"), reader("nl"), {}, label=LABEL) == "gone_key"
    phrase = BY_KEY["read_together"]
    assert "…" in phrase_text(phrase, reader("en"), None, None)


def test_every_phrase_fits_in_a_button_whatever_the_booking_id():
    """A school's longer key must not break the buttons: Telegram allows 64 bytes."""
    for phrase in PHRASES:
        for owner in ("pupil", "parents", "school"):
            encode("agw", 10**12, owner, phrase.key, 45)  # raises when over the limit
        encode("agtp", 10**12, phrase.key)
