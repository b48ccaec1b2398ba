"""Telegram's text formatting: the HTML parse mode, trimming and UTF-16 lengths.

The HTML parser is a port of tdlib's `parse_html` (td/telegram/MessageEntity.cpp), the code the
Bot API server itself runs. Porting it rather than using an HTML library makes the sandbox accept
and refuse exactly what Telegram does, with the same reasons and UTF-8 byte offsets: a bare `<`
is an error, while a bare `&` that starts no known entity is kept as text.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.errors import bad_request

Entity = dict[str, Any]

_SUPPORTED_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins",
        "tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote",
    }
)  # fmt: skip
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_NAMED_ENTITIES = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
_DECIMAL = frozenset(string.digits.encode())
_HEX = frozenset(string.hexdigits.encode())
_LETTERS = frozenset(string.ascii_letters.encode())
_NAME_TOKEN = frozenset((string.ascii_letters + string.digits + ".-").encode())
# tdlib's is_space(); NUL doubles as its end-of-string marker.
_SPACE_BYTES = frozenset(b" \t\r\n\0\v")
# Sort order among entities sharing offset and length (tdlib's get_type_priority).
_PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}
# Telegram trims messages and captions; these are the characters it removes.
_TRIMMED = " \t\r\n\v\f"


class EntityParseError(ValueError):
    """Malformed HTML; the message is Telegram's reason after "can't parse entities: "."""


@dataclass(frozen=True)
class FormattedText:
    """What Telegram stores: plain text plus entities with UTF-16 offsets."""

    text: str
    entities: list[Entity] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units, so an emoji counts as two."""
    return len(text.encode("utf-16-le")) // 2


def trim(formatted: FormattedText) -> FormattedText:
    """Strip surrounding whitespace the way Telegram does, keeping entities aligned."""
    text = formatted.text
    body = text.lstrip(_TRIMMED)
    shift = utf16_len(text) - utf16_len(body)
    body = body.rstrip(_TRIMMED)
    end = utf16_len(body)
    entities = []
    for entity in formatted.entities:
        start = max(entity["offset"] - shift, 0)
        stop = min(entity["offset"] + entity["length"] - shift, end)
        if stop > start:
            entities.append({**entity, "offset": start, "length": stop - start})
    return FormattedText(body, entities)


def parse_html(html: str) -> FormattedText:
    """Turn Telegram-flavoured HTML into text and entities, or raise EntityParseError."""
    return _HtmlParser(html.encode("utf-8", "surrogatepass")).parse()


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    text_start: int


class _HtmlParser:
    """tdlib's byte-wise parser; `_at` returns 0 past the end like a C string."""

    def __init__(self, source: bytes) -> None:
        self.src = source
        self.out = bytearray()
        self.utf16 = 0
        self.open: list[_OpenTag] = []
        self.entities: list[Entity] = []

    def _at(self, i: int) -> int:
        return self.src[i] if i < len(self.src) else 0

    def _is_space(self, i: int) -> bool:
        return self._at(i) in _SPACE_BYTES

    def parse(self) -> FormattedText:
        i = 0
        while i < len(self.src):
            char = self.src[i]
            if char == ord("&"):
                decoded = self._decode_entity(i)
                if decoded is not None:
                    code, i = decoded
                    self.utf16 += 2 if code > 0xFFFF else 1
                    self.out += chr(code).encode("utf-8", "surrogatepass")
                    continue
            if char != ord("<"):
                if char & 0xC0 != 0x80:  # first byte of a UTF-8 sequence
                    self.utf16 += 2 if char >= 0xF0 else 1
                self.out.append(char)
                i += 1
                continue
            i = self._end_tag(i) if self._at(i + 1) == ord("/") else self._start_tag(i)
        if self.open:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.open[-1].name}"'
            )
        try:
            text = self.out.decode("utf-8")
        except UnicodeDecodeError:
            raise EntityParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            ) from None
        for entity in self.entities:
            if entity["type"] == "code":
                # A language only survives on <pre>; a lone <code> kept it just for merging.
                entity.pop("language", None)
        self.entities.sort(key=_sort_key)
        return FormattedText(text, self.entities)

    def _decode_entity(self, pos: int) -> tuple[int, int] | None:
        """Decode `&name;`/`&#n;`/`&#xh;` at pos into (code point, next position)."""
        end = pos + 1
        if self._at(end) == ord("#"):
            end += 1
            base, digits = 10, _DECIMAL
            if self._at(end) == ord("x"):
                end += 1
                base, digits = 16, _HEX
            start = end
            while self._at(end) in digits:
                end += 1
            code = int(self.src[start:end], base) if end > start else 0
            if code == 0 or code >= 0x10FFFF or end - pos >= 10:
                return None
        else:
            while self._at(end) in _LETTERS:
                end += 1
            name = _NAMED_ENTITIES.get(self.src[pos + 1 : end])
            if name is None:
                return None
            code = ord(name)
        if self._at(end) == ord(";"):
            end += 1
        return code, end

    def _start_tag(self, begin: int) -> int:
        i = begin + 1
        while not self._is_space(i) and self._at(i) != ord(">"):
            i += 1
        if self._at(i) == 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
        name = self.src[begin + 1 : i].decode("utf-8", "replace").lower()
        if name not in _SUPPORTED_TAGS:
            raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {begin}')
        argument = ""
        while self._at(i) != ord(">"):
            while self._at(i) != 0 and self._is_space(i):
                i += 1
            if self._at(i) == ord(">"):
                break
            attr_begin = i
            while not self._is_space(i) and self._at(i) not in b"=>/\"'":
                i += 1
            attribute = self.src[attr_begin:i].decode("utf-8", "replace")
            if not attribute:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{name}" at byte offset {begin}'
                )
            while self._at(i) != 0 and self._is_space(i):
                i += 1
            if self._at(i) != ord("="):
                if self._at(i) == 0:
                    raise EntityParseError(f'Unclosed start tag "{name}" at byte offset {begin}')
                if name == "blockquote" and attribute == "expandable":
                    argument = "1"
                continue
            i += 1
            while self._at(i) != 0 and self._is_space(i):
                i += 1
            if self._at(i) == 0:
                raise EntityParseError(f'Unclosed start tag "{name}" at byte offset {begin}')
            value, i = self._attribute_value(i)
            if self._at(i) == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            argument = _tag_argument(name, attribute, value, argument)
        if name == "span" and argument != "spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
            )
        self.open.append(_OpenTag(name, argument, self.utf16, len(self.out)))
        return i + 1

    def _attribute_value(self, i: int) -> tuple[str, int]:
        quote = self._at(i)
        if quote not in b"\"'":
            # An unquoted name token: letters, digits, periods, hyphens; case-insensitive.
            start = i
            while self._at(i) in _NAME_TOKEN:
                i += 1
            if not self._is_space(i) and self._at(i) != ord(">"):
                raise EntityParseError(f"Unexpected end of name token at byte offset {start}")
            return self.src[start:i].decode("utf-8").lower(), i
        i += 1
        value = bytearray()
        while self._at(i) != quote and self._at(i) != 0:
            if self._at(i) == ord("&"):
                decoded = self._decode_entity(i)
                if decoded is not None:
                    code, i = decoded
                    value += chr(code).encode("utf-8", "surrogatepass")
                    continue
            value.append(self._at(i))
            i += 1
        if self._at(i) == quote:
            i += 1
        return value.decode("utf-8", "replace"), i

    def _end_tag(self, begin: int) -> int:
        if not self.open:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        i = begin + 2
        while not self._is_space(i) and self._at(i) != ord(">"):
            i += 1
        name = self.src[begin + 2 : i].decode("utf-8", "replace").lower()
        while self._at(i) != 0 and self._is_space(i):
            i += 1
        if self._at(i) != ord(">"):
            raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
        tag = self.open.pop()
        if name and name != tag.name:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag.name}>", '
                f'found "</{name}>"'
            )
        if self.utf16 > tag.utf16_offset:
            self._close(tag)
        return i + 1

    def _close(self, tag: _OpenTag) -> None:
        offset, length = tag.utf16_offset, self.utf16 - tag.utf16_offset
        span: Entity = {"offset": offset, "length": length}
        last = self.entities[-1] if self.entities else None
        if last is not None and (last["offset"], last["length"]) != (offset, length):
            last = None  # only an entity over this very span can merge with this one
        if tag.name in _SIMPLE_TAGS:
            self.entities.append({"type": _SIMPLE_TAGS[tag.name], **span})
        elif tag.name == "tg-emoji":
            if not tag.argument.isdigit() or int(tag.argument) == 0:
                raise EntityParseError("Invalid custom emoji identifier specified")
            self.entities.append({"type": "custom_emoji", **span, "custom_emoji_id": tag.argument})
        elif tag.name == "a":
            url = tag.argument or self.out[tag.text_start :].decode("utf-8", "replace")
            if url:
                self.entities.append({"type": "text_link", **span, "url": url})
        elif tag.name == "pre":
            if last is not None and last["type"] == "code" and last.get("language"):
                last["type"] = "pre"  # <pre><code class="language-x"> is one pre entity
            else:
                self.entities.append({"type": "pre", **span})
        elif tag.name == "code":
            if last is not None and last["type"] == "pre" and tag.argument:
                last["language"] = tag.argument
            elif tag.argument:
                self.entities.append({"type": "code", **span, "language": tag.argument})
            else:
                self.entities.append({"type": "code", **span})
        else:  # blockquote
            kind = "expandable_blockquote" if tag.argument else "blockquote"
            self.entities.append({"type": kind, **span})


def _tag_argument(tag: str, attribute: str, value: str, current: str) -> str:
    """The one attribute each tag cares about; tdlib ignores all others."""
    if tag == "a" and attribute == "href":
        return value
    if tag == "code" and attribute == "class" and value.startswith("language-"):
        return value.removeprefix("language-")
    if tag == "span" and attribute == "class" and value.startswith("tg-"):
        return value.removeprefix("tg-")
    if tag == "tg-emoji" and attribute == "emoji-id":
        return value
    if tag == "blockquote" and attribute == "expandable":
        return "1"
    return current


def _sort_key(entity: Entity) -> tuple[int, int, int]:
    priority = 10 if entity["type"] == "pre" and "language" in entity else _PRIORITY[entity["type"]]
    return entity["offset"], -entity["length"], priority


def format_text(raw: str, parse_mode: str | None, entities: list[Entity] | None) -> FormattedText:
    """Apply parse_mode (or explicit entities) and trim, refusing like Telegram does."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            parsed = parse_html(raw)
        except EntityParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None
    elif not mode:
        parsed = FormattedText(raw, [dict(entity) for entity in entities or []])
    else:
        # Markdown modes exist on Telegram; refusing loudly beats silently mis-rendering them.
        raise bad_request(f"parse_mode {parse_mode!r} is not supported by the sandbox, use HTML")
    return trim(parsed)
