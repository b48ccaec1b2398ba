"""Names kept out of machine translation: replaced by markup engines leave alone, put back."""

from __future__ import annotations

import re

from bot.domain.machine_translation import protect, restore


def engine_like(markup: str) -> str:
    """What an engine does to the text around the kept elements: change every word."""
    pieces = re.split(r"(<code\b[^>]*>.*?</code>)", markup)
    return "".join(p if p.startswith("<code") else p.upper() for p in pieces)


def test_names_are_replaced_by_kept_elements_and_never_sent() -> None:
    marked, tokens = protect("Emma leest elke dag met juf Fatma in groep 4.", ["Emma", "Fatma"])
    assert "Emma" not in marked
    assert "Fatma" not in marked
    assert marked.count('<code translate="no">') == 2
    assert sorted(tokens.values()) == ["Emma", "Fatma"]
    assert restore(marked, tokens) == "Emma leest elke dag met juf Fatma in groep 4."


def test_names_come_back_as_written_while_the_rest_is_translated() -> None:
    marked, tokens = protect("emma and Emma read with Anna Maria", ["Emma", "Anna Maria", "Anna"])
    back = restore(engine_like(marked), tokens)
    assert back == "emma AND Emma READ WITH Anna Maria"


def test_whole_words_only() -> None:
    marked, tokens = protect("Emmanuel and Emma", ["Emma"])
    assert restore(engine_like(marked), tokens) == "EMMANUEL AND Emma"


def test_markup_in_the_text_is_escaped_and_comes_back_as_typed() -> None:
    text = 'Tom & Jerry <b>read</b> "1 < 2" met Ali'
    marked, tokens = protect(text, ["Ali"])
    assert "<b>" not in marked
    assert "&amp;" in marked
    assert restore(marked, tokens) == text


def test_the_same_name_twice_is_one_token_and_short_names_are_left() -> None:
    marked, tokens = protect("Ali, Ali en A.", ["Ali", "A", " "])
    assert tokens == {"1": "Ali"}
    assert restore(marked, tokens) == "Ali, Ali en A."


def test_an_engine_that_reformats_the_kept_element_still_gets_the_name_back() -> None:
    _, tokens = protect("met Fatma", ["Fatma"])
    assert restore('with <code translate="no" > 1 </code >', tokens) == "with Fatma"
    assert restore("with <code>9</code>", tokens) == "with 9"


def test_no_names() -> None:
    assert protect("a < b", []) == ("a &lt; b", {})
