"""The HTML parse mode accepts and refuses what Telegram does, with UTF-16 offsets."""

from __future__ import annotations

import pytest

from bot.sandbox.formatting import EntityParseError, FormattedText, parse_html, trim, utf16_len


def test_tags_become_entities_with_utf16_offsets() -> None:
    parsed = parse_html("😀 <b>vet</b> مرحبا <i>schuin</i>")

    assert parsed.text == "😀 vet مرحبا schuin"
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 3},
        {"type": "italic", "offset": 13, "length": 6},
    ]


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        ("<strong>x</strong>", "bold"),
        ("<em>x</em>", "italic"),
        ("<ins>x</ins>", "underline"),
        ("<del>x</del>", "strikethrough"),
        ("<strike>x</strike>", "strikethrough"),
        ('<span class="tg-spoiler">x</span>', "spoiler"),
        ("<tg-spoiler>x</tg-spoiler>", "spoiler"),
        ("<code>x</code>", "code"),
        ("<pre>x</pre>", "pre"),
        ("<blockquote>x</blockquote>", "blockquote"),
        ("<blockquote expandable>x</blockquote>", "expandable_blockquote"),
        ("<B>x</B>", "bold"),
    ],
)
def test_every_supported_tag(html: str, kind: str) -> None:
    assert parse_html(html).entities == [{"type": kind, "offset": 0, "length": 1}]


def test_links_code_languages_and_custom_emoji_keep_their_argument() -> None:
    parsed = parse_html(
        '<a href="https://school.example/?a=1&amp;b=2">site</a> '
        '<pre><code class="language-python">print(1)</code></pre> '
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )

    assert parsed.entities == [
        {"type": "text_link", "offset": 0, "length": 4, "url": "https://school.example/?a=1&b=2"},
        {"type": "pre", "offset": 5, "length": 8, "language": "python"},
        {
            "type": "custom_emoji",
            "offset": 14,
            "length": 2,
            "custom_emoji_id": "5368324170671202286",
        },
    ]


def test_html_entities_decode_and_a_bare_ampersand_stays_text() -> None:
    parsed = parse_html("Tom & Jerry &amp; &lt;3&gt; &quot;hi&quot; &#128512; &#x41; &nbsp;")

    assert parsed.text == 'Tom & Jerry & <3> "hi" 😀 A &nbsp;'


def test_nested_entities_are_sorted_like_telegram() -> None:
    parsed = parse_html("<i><b>ab</b>c</i>")

    assert parsed.entities == [
        {"type": "italic", "offset": 0, "length": 3},
        {"type": "bold", "offset": 0, "length": 2},
    ]


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("Tijd: <foo>", 'Unsupported start tag "foo" at byte offset 6'),
        ("é <x>", 'Unsupported start tag "x" at byte offset 3'),  # offsets count UTF-8 bytes
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<b>vet", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ('<a href=x"y>z</a>', "Unexpected end of name token at byte offset 8"),
        (
            "&#xD800;",
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units",
        ),
    ],
)
def test_malformed_html_is_refused_with_telegrams_reason(html: str, reason: str) -> None:
    with pytest.raises(EntityParseError) as refused:
        parse_html(html)

    assert str(refused.value) == reason


def test_trim_strips_whitespace_and_keeps_entities_aligned() -> None:
    trimmed = trim(parse_html("\n  <b>Hoi</b> daar \n\n"))

    assert trimmed == FormattedText("Hoi daar", [{"type": "bold", "offset": 0, "length": 3}])


def test_utf16_length_counts_astral_characters_twice() -> None:
    assert utf16_len("a😀مر") == 5
