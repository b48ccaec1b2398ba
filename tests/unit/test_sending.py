"""The send path measures text as Telegram does and splits it where it reads well."""

from __future__ import annotations

import re

import pytest

from bot.sandbox.formatting import format_text, parse_html, utf16_len
from bot.telegram.sending import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    split_html,
    text_parts,
    utf16_length,
    visible_length,
    voice_parts,
)


def shown(part: str) -> str:
    """What a reader sees of a part: Telegram's parse, trimmed as Telegram trims."""
    return format_text(part, "HTML", None).text


def test_length_is_counted_after_parsing_in_utf16_units() -> None:
    assert visible_length("<b>Tom &amp; Jerry</b>") == len("Tom & Jerry")
    assert visible_length("😀") == 2
    assert visible_length("&lt;b&gt; &#x27; &#128512;") == len("<b> ' ") + 2
    assert visible_length("R&D &copy &amp") == len("R&D &copy &")  # as Telegram decodes
    assert utf16_length("a😀\u200f") == 4


def test_a_short_message_is_one_part() -> None:
    assert split_html("<b>Hello</b>\n\nWorld") == ["<b>Hello</b>\n\nWorld"]


def test_parts_break_between_blocks_and_keep_every_word_and_tag() -> None:
    blocks = [f"<b>Talk {n}</b>\n" + " ".join(f"word{n}x{i}" for i in range(40)) for n in range(60)]
    text = "\n\n".join(blocks)
    parts = split_html(text, limit=1000)
    assert len(parts) > 1
    for part in parts:
        assert visible_length(part) <= 1000
        assert shown(part).startswith("Talk ")  # each part begins with a whole block
        assert parse_html(part).entities[0]["type"] == "bold"
    assert "".join(parse_html(p).text for p in parts) == parse_html(text).text


def test_one_over_long_line_breaks_between_words() -> None:
    line = " ".join(["answer"] * 500)
    parts = split_html(line, limit=400)
    assert all(visible_length(part) <= 400 for part in parts)
    assert all(shown(part).split() == ["answer"] * len(shown(part).split()) for part in parts)


def test_emoji_count_twice_so_a_run_of_them_is_split_by_telegram_s_count() -> None:
    text = "😀" * 3000  # 3,000 characters in Python, 6,000 for Telegram
    parts = split_html(text)
    assert [utf16_len(parse_html(p).text) for p in parts] == [4096, 6000 - 4096]


def test_a_word_longer_than_a_message_is_cut_inside_but_never_inside_an_entity() -> None:
    text = "<b>" + "&amp;x" * 3000 + "</b>"  # 6,000 characters without a space
    parts = split_html(text)
    assert len(parts) == 2
    for part in parts:
        assert part.startswith("<b>")
        assert part.endswith("</b>")
        parsed = parse_html(part)
        assert parsed.entities == [{"type": "bold", "offset": 0, "length": len(parsed.text)}]
    assert "".join(parse_html(p).text for p in parts) == "&x" * 3000


def test_a_tag_open_at_a_break_is_closed_and_opened_again_with_its_attributes() -> None:
    text = '<blockquote><a href="https://school.example/?a=1&amp;b=2">' + "link " * 300
    text += "</a></blockquote>"
    parts = split_html(text, limit=1000)
    assert len(parts) == 2
    for part in parts:
        entities = {e["type"]: e for e in parse_html(part).entities}
        assert set(entities) == {"blockquote", "text_link"}
        assert entities["text_link"]["url"] == "https://school.example/?a=1&b=2"


def test_whitespace_longer_than_a_message_is_never_sent_as_an_empty_part() -> None:
    parts = split_html("start" + " " * 5000 + "end")
    assert [shown(p) for p in parts] == ["start", "end"]


def test_captions_break_at_1024_and_the_rest_follows_as_text() -> None:
    caption = "<b>" + "word " * 400 + "</b>"
    voice, *rest = voice_parts("voice-file-id", caption)
    assert voice.voice == "voice-file-id"
    assert visible_length(voice.text) <= CAPTION_LIMIT
    assert rest
    assert all(part.voice is None for part in rest)
    joined = "".join(parse_html(p.text).text for p in [voice, *rest])
    assert joined == parse_html(caption).text


def test_buttons_go_under_the_last_part() -> None:
    keyboard = object()
    parts = text_parts("line\n" * 2000, keyboard)  # type: ignore[arg-type]
    assert len(parts) > 1
    assert [part.keyboard for part in parts] == [None] * (len(parts) - 1) + [keyboard]


@pytest.mark.parametrize("limit", [TEXT_LIMIT, CAPTION_LIMIT])
def test_every_part_is_valid_telegram_html_within_the_limit(limit: int) -> None:
    text = "\n".join(
        f"<b>{n}. vraag</b>\n<i>{'antwoord ' * n}</i> &lt;{n}&gt; 😀" for n in range(1, 80)
    )
    parts = split_html(text, limit)
    assert all(utf16_len(shown(part)) <= limit for part in parts)
    assert re.sub(r"\s", "", "".join(shown(p) for p in parts)) == re.sub(
        r"\s", "", parse_html(text).text
    )
