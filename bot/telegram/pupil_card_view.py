"""The child's card as the teacher reads it, beside the parents' answers.

Marked as the child's own words: the pictures the child pressed read as words in the
teacher's language, what the child said is shown as written (escaped; in another language
with the machine translation when the school runs an engine) and their voice follows as a
recording. Items the child left open are left out: the card is short on purpose.
"""

from __future__ import annotations

from bot.domain.pupil_card import CARDS, CardAnswer, CardItem
from bot.services.pupil_cards import SentCard
from bot.telegram.deps import Reader
from bot.telegram.free_text import language_name, own_words
from bot.telegram.pupil_card import pictures_text
from bot.telegram.talk_texts import safe


def _heading(child: str, helper: str, reader: Reader) -> str:
    """The section's title: whose words these are, and which parent helped (both already
    escaped for HTML where the caller writes HTML)."""
    tr = reader.tr
    title = tr.gettext("In {child}'s own words").format(child=child)
    helped = tr.gettext("(their card, filled in with {name})").format(name=helper)
    return f"{title} {helped}"


def _given(card: SentCard) -> list[tuple[CardItem, CardAnswer]]:
    return [
        (item, answer)
        for item in CARDS[card.band]
        if (answer := card.answers.get(item.key)) is not None and answer.given
    ]


def card_lines(
    reader: Reader, child: str, card: SentCard
) -> tuple[list[str], list[tuple[str, str]]]:
    """HTML lines of one card, and its voice notes as (file id, caption) to send after the
    text. `child`: the child's first name as the roster writes it."""
    tr = reader.tr
    title = _heading(safe(child, reader), safe(card.guardian_name, reader), reader)
    lines = ["", f"<b>🧒 {title}</b>"]
    voices = []
    source = card.written.source
    for item, answer in _given(card):
        heading = tr.gettext(item.heading)
        if answer.text and source is not None and source != reader.language:
            translated = card.written.translated.get(answer.text)
            lines.append(own_words(reader, answer.text, source, translated, label=heading))
        else:
            lines.append(f"<b>{heading}</b>")
            if answer.text:
                lines.append(f"“{safe(answer.text, reader)}”")
        if answer.pictures:
            lines.append(pictures_text(item, answer, reader))
        if answer.voice_file_id:
            lines.append(tr.gettext("(voice message, sent below)"))
            voices.append((answer.voice_file_id, f"🧒 {safe(child, reader)}: {heading}"))
    return lines, voices


def card_markdown(reader: Reader, child: str, card: SentCard) -> list[str]:
    """One card as Markdown lines for the printed export."""
    tr = reader.tr
    lines = [f"### {_heading(child, card.guardian_name, reader)}", ""]
    for item, answer in _given(card):
        lines.append(f"- **{tr.gettext(item.heading)}**")
        if answer.pictures:
            lines.append(f"  {pictures_text(item, answer, reader)}")
        if answer.text:
            lines.append("  “" + answer.text.replace("\n", "\n  ") + "”")
            translated = card.written.translated.get(answer.text)
            if translated is not None:
                note = tr.gettext("Machine translation from {language} (it may contain mistakes):")
                name = language_name(translated.source, reader)
                lines += [f"  _{note.format(language=name)}_", f"  {translated.text}"]
        if answer.voice_file_id:
            lines.append("  " + tr.gettext("(voice message)"))
    return [*lines, ""]
