"""Agreement words as a reader reads them: a phrase in their own language, or the
teacher's own words marked as such, with a labelled machine translation when there is one.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from babel.numbers import format_decimal

from bot.domain.agreements import Words
from bot.domain.machine_translation import Translated
from bot.domain.phrasebook import (
    Area,
    KeepMissing,
    Owner,
    Phrase,
    parse_filled,
    phrase_template,
)
from bot.domain.phrasebook_entries import AREA_LABELS, BY_KEY, PHRASES
from bot.telegram.deps import Reader
from bot.telegram.free_text import own_words
from bot.telegram.talk_texts import safe


def phrase_text(phrase: Phrase, reader: Reader, count: int | None, name: str | None) -> str:
    """The phrase in the reader's language, as HTML; a number in their digits, a name as
    written (escaped and isolated)."""
    sentence = phrase_template(phrase, reader.tr, count)
    values = KeepMissing()
    if count is not None:
        values["count"] = format_decimal(count, locale=reader.language)
    if name is not None:
        values["name"] = safe(name, reader)
    return html.escape(sentence, quote=False).format_map(values)


def shown_template(phrase: Phrase, reader: Reader) -> str:
    """The phrase as the teacher picks it, with … for what they still choose."""
    tr = reader.tr
    sentence = (
        tr.ngettext(phrase.text, phrase.plural, 2) if phrase.plural else tr.gettext(phrase.text)
    )
    return sentence.replace("{count}", "…").replace("{name}", "…")


def words_html(
    words: Words, reader: Reader, translated: Mapping[str, Translated], *, label: str
) -> str:
    """One agreement's words for this reader (HTML). A phrase the book no longer has is
    shown by its key rather than lost."""
    if words.phrase is not None:
        filled = parse_filled(BY_KEY, words.phrase, dict(words.params))
        if filled is None:
            return html.escape(words.phrase)
        return phrase_text(filled.phrase, reader, filled.count, filled.name)
    if words.language == reader.language:
        return safe(words.text, reader)
    return own_words(reader, words.text, words.language, translated.get(words.text), label=label)


def area_label(area: Area, reader: Reader) -> str:
    return reader.tr.gettext(AREA_LABELS[area])


def areas_for(owner: Owner) -> list[Area]:
    """The areas with phrases this owner can take on, in the book's order."""
    seen = [p.area for p in PHRASES if p.owner == owner and p.area is not Area.TALKING]
    return list(dict.fromkeys(seen))


def phrases_in(area: Area, owner: Owner) -> list[Phrase]:
    return [p for p in PHRASES if p.area == area and p.owner == owner]
