"""Property tests: the send path measures and splits as Telegram's parser (the sandbox's port
of tdlib) would have it, whatever the text."""

from __future__ import annotations

import html
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.sandbox.formatting import FormattedText, parse_html, utf16_len
from bot.telegram.sending import CAPTION_LIMIT, TEXT_LIMIT, split_html, visible_length

# What people type and what the bot writes around it: markup characters, entities whole and
# broken, emoji, right-to-left marks and isolates, Arabic, line breaks.
PIECES = [*"ab >&;#x09AFltgampquoX", "\n", "\n\n", " ", "\t", "😀", "👍🏽", "\u200f", "\u2068",
          "\u2069", "مرحبا", "é", "&amp;", "&lt;", "&#x27;", "&#128512;", "&quot"]  # fmt: skip
TAGS = [
    ("<b>", "</b>"),
    ("<i>", "</i>"),
    ("<u>", "</u>"),
    ("<s>", "</s>"),
    ("<code>", "</code>"),
    ("<pre>", "</pre>"),
    ("<blockquote>", "</blockquote>"),
    ("<blockquote expandable>", "</blockquote>"),
    ("<tg-spoiler>", "</tg-spoiler>"),
    ('<span class="tg-spoiler">', "</span>"),
    ('<a href="https://school.example/?a=1&amp;b=2">', "</a>"),
]
TRIMMED = " \t\r\n\v\f"  # Telegram strips these from both ends of a message
WHITESPACE = str.maketrans("", "", TRIMMED)
typed = st.lists(st.sampled_from([*PIECES, "<"]), max_size=40).map("".join)
# The bot's own words around it: `&` sequences as written (Telegram decodes some), no `<`.
written = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
# Long runs without a space: a person may paste 5,000 characters in one word.
long_run = st.builds(
    lambda unit, count: unit * count,
    st.sampled_from(["x", "😀", "&amp;", "ب", "<>"]),
    st.integers(min_value=500, max_value=5000),
)
text = st.one_of(typed, long_run).map(html.escape) | written
markup = st.recursive(
    text,
    lambda inner: (
        st.lists(inner, min_size=1, max_size=4).map("".join)
        | st.builds(lambda tag, body: tag[0] + body + tag[1], st.sampled_from(TAGS), inner)
    ),
    max_leaves=10,
)


def seen(*texts: FormattedText) -> list[tuple[str, frozenset[str]]]:
    """What a reader sees of texts read one after another: the characters (no whitespace),
    in runs that share styles and links."""
    runs: list[tuple[str, frozenset[str]]] = []
    for formatted in texts:
        units = formatted.text.encode("utf-16-le")
        edges = {0, len(units) // 2}
        for entity in formatted.entities:
            edges |= {entity["offset"], entity["offset"] + entity["length"]}
        points = sorted(edges)
        for start, end in itertools.pairwise(points):
            shown = units[2 * start : 2 * end].decode("utf-16-le").translate(WHITESPACE)
            styles = frozenset(
                f"{e['type']} {e.get('url', '')}"
                for e in formatted.entities
                if e["offset"] <= start and end <= e["offset"] + e["length"]
            )
            if runs and runs[-1][1] == styles:
                runs[-1] = (runs[-1][0] + shown, styles)
            elif shown:
                runs.append((shown, styles))
    return runs


def only_whitespace_left_out(joined: str, whole: str) -> bool:
    """`joined` is `whole` with, at most, some whitespace taken out."""
    rest = iter(whole)
    for char in joined:
        for other in rest:
            if other == char:
                break
            if other not in TRIMMED:
                return False
        else:
            return False
    return all(other in TRIMMED for other in rest)


@settings(max_examples=200, deadline=None)
@given(markup)
def test_the_length_agrees_with_telegram_s_parser(source: str) -> None:
    assert visible_length(source) == utf16_len(parse_html(source).text)


def check_parts(source: str, parts: list[str], limit: int = TEXT_LIMIT) -> None:
    """`parts` are what Telegram takes, and read as `source` (valid Telegram HTML) does."""
    whole = parse_html(source)
    parsed = [parse_html(part) for part in parts]  # each valid on its own
    for part in parsed:
        assert utf16_len(part.text) <= limit
        assert part.text.strip(TRIMMED)  # never an empty message
    assert seen(*parsed) == seen(whole)
    assert only_whitespace_left_out("".join(part.text for part in parsed), whole.text)


@settings(max_examples=150, deadline=None)
@given(markup, st.sampled_from([TEXT_LIMIT, CAPTION_LIMIT, 100]))
def test_parts_fit_parse_and_read_as_the_whole(source: str, limit: int) -> None:
    check_parts(source, split_html(source, limit), limit)
