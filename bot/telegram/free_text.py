"""Someone's own words, shown to a reader who may read another language.

Free text (a teacher's agreement, a parent's answer) is never silently shown untranslated:
it is labelled as the writer's own words, and beneath it comes either a machine
translation, labelled as one, or a line saying it was not translated and in which
language it is written.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from bot.domain.machine_translation import Translated
from bot.telegram.deps import Reader
from bot.telegram.talk_texts import safe


def own_words(
    reader: Reader, original: str, source: str, translated: Translated | None, *, label: str
) -> str:
    """HTML: the caller's label (already in the reader's language), the original, and the
    machine translation or a note that there is none.

    The original and the translation are escaped, and isolated inside right-to-left text.
    """
    tr = reader.tr
    lines = [f"<b>{label}</b>", safe(original, reader)]
    if translated is not None:
        note = tr.gettext("Machine translation from {language} (it may contain mistakes):")
        lines += [f"<i>{note.format(language=language_name(source, reader))}</i>"]
        lines += [safe(translated.text, reader)]
    elif source != reader.language:
        note = tr.gettext("Written in {language}. Not translated.")
        lines += [f"<i>{note.format(language=language_name(source, reader))}</i>"]
    return "\n".join(lines)


def language_name(language: str, reader: Reader) -> str:
    """A language's name in the reader's language ("Arabisch", "الهولندية")."""
    try:
        name = Locale.parse(language).get_display_name(reader.language)
    except (ValueError, UnknownLocaleError):
        name = None
    return name or language
