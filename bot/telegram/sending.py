"""The one way the bot sends text, for direct replies and the outbox alike.

Telegram refuses a text longer than 4,096 characters, a caption longer than 1,024, counted
after it has parsed the HTML and in UTF-16 code units: tags count nothing, `&amp;` counts
one, an emoji two. A refused reply leaves the person in silence, so every text is measured
that way here and, when too long, sent as several messages: broken between blocks, else
between lines, else between words, else (a word longer than a message) inside the word —
never inside a tag or an entity. Each part is valid HTML on its own (a tag open at a break
is closed at the end of the part and opened again at the start of the next), every part
goes out with the same parse mode, and nothing is left out but whitespace Telegram would
trim anyway. Buttons go under the last part, where the reader finishes.

The measuring follows Telegram's own parser (tdlib's `parse_html`, which the sandbox
ports) for what the bot writes: known tags; `&lt;`, `&gt;`, `&amp;` and `&quot;` (the `;`
optional) and numeric references; a `&` that starts none of these is a character itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from telegram import Bot, InlineKeyboardMarkup, MaybeInaccessibleMessage, Message, ReplyParameters
from telegram.constants import ParseMode

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*>")
_REFERENCE = re.compile(r"&(?:#x([0-9A-Fa-f]*)|#([0-9]*)|([A-Za-z]*))")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TRIMMED = " \t\r\n\v\f"  # what Telegram strips from both ends of a message


def utf16_length(text: str) -> int:
    """Characters as Telegram counts them: characters beyond U+FFFF (emoji) count two."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass(frozen=True)
class Part:
    """One Bot API call: a text message, or a voice note or file with `text` as caption."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None
    voice: str | None = None  # a Telegram file id
    document: tuple[str, bytes] | None = None  # (file name, content)
    quoting: int | None = None  # the message this one answers, shown above it

    async def send(self, bot: Bot, chat_id: int) -> Message:
        caption = self.text or None
        if self.voice is not None:
            return await bot.send_voice(
                chat_id, self.voice, caption=caption, parse_mode=ParseMode.HTML
            )
        if self.document is not None:
            name, content = self.document
            return await bot.send_document(
                chat_id, content, filename=name, caption=caption, parse_mode=ParseMode.HTML
            )
        quote = None
        if self.quoting is not None:
            quote = ReplyParameters(self.quoting, allow_sending_without_reply=True)
        return await bot.send_message(
            chat_id,
            self.text,
            parse_mode=ParseMode.HTML,
            reply_markup=self.keyboard,
            reply_parameters=quote,
        )


def text_parts(html: str, keyboard: InlineKeyboardMarkup | None = None) -> list[Part]:
    """A text as the messages it takes, the buttons under the last one."""
    texts = split_html(html)
    return [Part(text, keyboard if n == len(texts) else None) for n, text in enumerate(texts, 1)]


def voice_parts(file_id: str, caption: str) -> list[Part]:
    """A voice note with its caption; a caption too long for one follows as text."""
    first, *rest = split_html(caption, CAPTION_LIMIT) or [""]
    return [Part(first, voice=file_id), *(Part(text) for text in rest)]


def document_parts(name: str, content: bytes, caption: str = "") -> list[Part]:
    """A file with its caption; a caption too long for one follows as text."""
    first, *rest = split_html(caption, CAPTION_LIMIT) or [""]
    return [Part(first, document=(name, content)), *(Part(text) for text in rest)]


async def send_parts(bot: Bot, chat_id: int, parts: list[Part]) -> None:
    for part in parts:
        await part.send(bot, chat_id)


async def reply(
    message: MaybeInaccessibleMessage,
    html: str,
    keyboard: InlineKeyboardMarkup | None = None,
    *,
    quote: bool = False,
) -> None:
    """Answer in the chat of `message`; with `quote`, the answer shows that message above it
    (for an answer about one message in particular, such as an edited one)."""
    first, *rest = text_parts(html, keyboard)
    if quote:
        first = replace(first, quoting=message.message_id)
    await send_parts(message.get_bot(), message.chat.id, [first, *rest])


async def edit(
    message: MaybeInaccessibleMessage, html: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Rewrite one of the bot's messages; what does not fit follows as new messages."""
    first, *rest = text_parts(html, keyboard)
    await message.get_bot().edit_message_text(
        first.text,
        chat_id=message.chat.id,
        message_id=message.message_id,
        parse_mode=ParseMode.HTML,
        reply_markup=first.keyboard,
    )
    await send_parts(message.get_bot(), message.chat.id, rest)


def visible_length(html: str) -> int:
    """The length Telegram checks against its limits."""
    return sum(token.width for token in _tokens(html))


def split_html(html: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Parts of at most `limit` visible characters that read as the whole did."""
    if limit < 2:
        raise ValueError("a part must have room for any character (2 UTF-16 units)")
    if "&" not in html and utf16_length(html) <= limit:
        return _whole(html)
    return _split_tokens(html, limit)


def _whole(html: str) -> list[str]:
    """A text that fits as written, without references: what `_split_tokens` makes of it,
    without going character by character (nearly every text the bot sends is one of these).

    Tags count nothing and every other character counts what it is, so the whole is one
    part: itself with the tags it leaves open closed, or nothing when only blanks remain.
    """
    if not _TAG.sub("", html).strip(_TRIMMED):
        return []
    still_open: list[str] = []
    for tag in _TAG.finditer(html):
        if not tag.group(1):
            still_open.append(tag.group(2).lower())
        elif still_open:
            still_open.pop()
    return [html + "".join(f"</{name}>" for name in reversed(still_open))]


def _split_tokens(html: str, limit: int) -> list[str]:
    """`split_html` character by character: the measure Telegram takes."""
    tokens = _tokens(html)
    parts: list[str] = []
    carried: list[_Token] = []  # tags open where the part begins
    start = 0
    while start < len(tokens):
        cut = _cut(tokens, start, limit)
        body = tokens[start:cut]
        still_open = _still_open(carried, body)
        if any(token.char and token.char not in _TRIMMED for token in body):
            closing = "".join(f"</{tag.tag}>" for tag in reversed(still_open))
            parts.append("".join(token.raw for token in [*carried, *body]) + closing)
        carried, start = still_open, cut
    return parts


class _Token(NamedTuple):
    """A tag (no width), or one character as written — possibly an entity like `&amp;`."""

    raw: str
    width: int = 0
    char: str = ""  # the character Telegram shows; "" for a tag
    tag: str = ""  # the tag's name, lower case
    closing: bool = False


def _tokens(html: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(html):
        char = html[position]
        tag = _TAG.match(html, position) if char == "<" else None
        if tag is not None:
            tokens.append(_Token(tag.group(), tag=tag.group(2).lower(), closing=bool(tag.group(1))))
            position = tag.end()
            continue
        end, shown = position + 1, char
        if char == "&" and (decoded := _reference(html, position)) is not None:
            end, shown = decoded
        tokens.append(_Token(html[position:end], utf16_length(shown), shown))
        position = end
    return tokens


def _reference(html: str, position: int) -> tuple[int, str] | None:
    """The end and character of a reference Telegram decodes at `position`, if any."""
    match = _REFERENCE.match(html, position)
    if match is None:
        return None
    hexadecimal, decimal, name = match.groups()
    end = match.end()
    if name is not None:
        if name not in _NAMED:
            return None
        shown = _NAMED[name]
    else:
        digits = hexadecimal if hexadecimal is not None else decimal
        code = int(digits, 16 if hexadecimal is not None else 10) if digits else 0
        if code == 0 or code >= 0x10FFFF or end - position >= 10:
            return None
        shown = chr(code)
    return (end + 1 if html.startswith(";", end) else end), shown


def _cut(tokens: list[_Token], start: int, limit: int) -> int:
    """Where the part beginning at `start` ends: after the last blank line that fits, else
    the last line break, else the last space, else wherever the limit falls."""
    width, block, line, word = 0, 0, 0, 0
    seen_text, previous = False, ""
    index = start
    while index < len(tokens):
        token = tokens[index]
        if width + token.width > limit:
            return block or line or word or index
        width += token.width
        index += 1
        if not token.char:
            continue
        if token.char == "\n" and seen_text:
            if previous == "\n":
                block = index
            else:
                line = index
        elif token.char in " \t" and seen_text:
            word = index
        elif token.char not in _TRIMMED:
            seen_text = True
        previous = token.char
    return index


def _still_open(carried: list[_Token], body: list[_Token]) -> list[_Token]:
    """The tags open at the end of `body`, given those open at its start."""
    stack = list(carried)
    for token in body:
        if token.tag and token.closing:
            if stack:
                stack.pop()
        elif token.tag:
            stack.append(token)
    return stack
