"""Before sending, the teacher sees who reads the agreements in which language, and which
parts reach them as a checked translation and which as the teacher's own words."""

from __future__ import annotations

from bot.domain.agreements import Record
from bot.telegram.deps import Reader
from bot.telegram.free_text import language_name
from bot.telegram.talk_texts import safe


def who_reads_what(
    record: Record, reader: Reader, readers: list[tuple[str, str]], translating: bool
) -> str:
    tr = reader.tr
    own = record.own_words()
    checked = len(record.agreements) + bool(record.talking_points) - len(own)
    heading = tr.gettext("Who reads it, and how:")
    lines = [f"<b>{heading}</b>"]
    for name, language in readers:
        line = tr.gettext("{name} reads it in {language}.").format(
            name=safe(name, reader), language=language_name(language, reader)
        )
        if checked:
            line += " " + tr.ngettext(
                "{count} sentence from the list: a checked translation.",
                "{count} sentences from the list: a checked translation.",
                checked,
            ).format(count=checked)
        foreign = sum(1 for w in own if w.language != language)
        if foreign:
            line += " " + _own_words(reader, foreign, translating)
        lines.append(f"• {line}")
    return "\n".join(lines)


def _own_words(reader: Reader, count: int, translating: bool) -> str:
    """How the teacher's own words reach a parent of another language."""
    if translating:
        text = reader.tr.ngettext(
            "{count} part in your own words, with a machine translation under it.",
            "{count} parts in your own words, with a machine translation under them.",
            count,
        )
    else:
        text = reader.tr.ngettext(
            "{count} part in your own words, marked as such and not translated.",
            "{count} parts in your own words, marked as such and not translated.",
            count,
        )
    return text.format(count=count)
