"""The boundary to a machine-translation engine, and how names are kept out of it.

Free text (a teacher's agreement, a parent's answer) is shown in its writer's words; an
engine, when the school configured one, adds a labelled machine translation. Engines sit
behind `TranslationEngine`, as a transport sits behind an HTTP client: the worker that
calls them knows nothing of LibreTranslate or DeepL.

Names of children, teachers and places must come back exactly as written, and a child's
name need not leave the school at all. `protect` turns the text into markup that both
engines leave alone where asked: the text escaped, each name replaced by a numbered
`<code translate="no">` element. LibreTranslate (`format="html"`) never translates a
`code` element nor one marked `translate="no"`; DeepL (`tag_handling="xml"`,
`ignore_tags=["code"]`) leaves ignored tags and their content as they are. `restore`
puts the names back and turns the markup into plain text again.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

IGNORED_TAG = "code"
"""The element the engines are told to leave alone."""

_KEPT = re.compile(rf"<{IGNORED_TAG}\b[^>]*>(.*?)</{IGNORED_TAG}\s*>", re.DOTALL)
_SHORTEST_NAME = 2  # a single letter ("A.") is an initial, not a name worth guarding


@dataclass(frozen=True)
class Translated:
    """A machine translation of someone's free text, and where it came from."""

    text: str  # the machine translation
    source: str  # language code of the original
    engine: str  # "libretranslate" | "deepl"


class TranslationEngine(Protocol):
    """One engine. `translate` takes the markup `protect` makes and returns markup of the
    same kind; it raises `EngineFailed` on any error and never waits without end."""

    name: str

    async def translate(self, text: str, source: str, target: str) -> str: ...


class EngineFailed(Exception):
    """The engine could not translate (down, refused, too slow, answered nonsense): the
    original is shown as written, marked as not translated."""


def protect(text: str, names: Iterable[str]) -> tuple[str, dict[str, str]]:
    """The text as engine markup with each name replaced by a token; and the tokens.

    Names match whole words, whatever their case, longest first (so "Anna Maria" is
    one name, not "Anna" and then "Maria"); each token maps to the name as it was
    written in this text.
    """
    wanted = sorted({n.strip() for n in names if len(n.strip()) >= _SHORTEST_NAME}, key=len)
    if not wanted:
        return _escape(text), {}
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(n) for n in reversed(wanted)) + r")(?!\w)",
        re.IGNORECASE,
    )
    tokens: dict[str, str] = {}
    by_name: dict[str, str] = {}
    pieces: list[str] = []
    at = 0
    for match in pattern.finditer(text):
        written = match.group(0)
        token = by_name.setdefault(written, str(len(by_name) + 1))
        tokens[token] = written
        pieces += [_escape(text[at : match.start()]), _element(token)]
        at = match.end()
    pieces.append(_escape(text[at:]))
    return "".join(pieces), tokens


def restore(translated: str, tokens: dict[str, str]) -> str:
    """Plain text from an engine's markup, with the protected names back in place.

    A token the engine returned that is not ours stays as its text; markup the engine
    added around the text is unescaped, never trusted as HTML (the caller escapes again).
    """
    pieces: list[str] = []
    at = 0
    for match in _KEPT.finditer(translated):
        inner = html.unescape(match.group(1)).strip()
        pieces += [html.unescape(translated[at : match.start()]), tokens.get(inner, inner)]
        at = match.end()
    pieces.append(html.unescape(translated[at:]))
    return "".join(pieces)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _element(token: str) -> str:
    return f'<{IGNORED_TAG} translate="no">{token}</{IGNORED_TAG}>'
