"""A text that fits as written is sent as it is, without measuring it character by
character: the short cut gives exactly what the full measure gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.telegram.sending import TEXT_LIMIT, _split_tokens, split_html

# Tags balanced or not, in any case, stray `<` and `>`, blanks only, emoji, Arabic.
PIECES = ["<b>", "</b>", "<I>", "</i>", '<a href="https://school.example/">', "</a>",
          "<blockquote expandable>", "</blockquote>", "<", ">", "< b>", "x", "Sem", " ",
          "\n", "\n\n", "\t", "😀", "مرحبا", "é"]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@given(texts, st.sampled_from([2, 5, 30, TEXT_LIMIT]))
def test_the_short_cut_splits_as_the_full_measure_does(text, limit):
    assert split_html(text, limit) == _split_tokens(text, limit)


def test_tags_left_open_are_closed_and_blanks_send_nothing():
    assert split_html("<b>Sem <i>op dinsdag") == ["<b>Sem <i>op dinsdag</i></b>"]
    assert split_html("<b> \n</b>") == []


def test_a_text_with_references_is_measured_in_full():
    # `&amp;` is one character to Telegram: 4,096 of them fit in one message.
    assert split_html("&amp;" * TEXT_LIMIT) == ["&amp;" * TEXT_LIMIT]
    assert len(split_html("&amp;" * (TEXT_LIMIT + 1))) == 2
