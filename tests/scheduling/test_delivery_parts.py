"""A notification too long for one Telegram message arrives as several, each formatted."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from bot.i18n import Translations
from bot.sandbox import Fail, Throttle
from bot.sandbox.messages import ChatMessage
from bot.telegram.notifications import Outgoing, RenderContext, for_delivery


def bold_texts(message: ChatMessage) -> list[str]:
    """The words shown in bold (entity offsets count UTF-16 units)."""
    units = (message.text or message.caption or "").encode("utf-16-le")
    return [
        units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in message.entities
        if e["type"] == "bold"
    ]


async def test_a_long_text_arrives_in_parts_each_with_its_bold_and_no_markup(post) -> None:
    sanne = await post.connect("Sanne de Vries")
    blocks = [f"<b>{n}. Wat gaat goed?</b>\n" + "lezen &amp; rekenen 😀 " * 60 for n in range(8)]
    await post.note("Sanne de Vries", "\n\n".join(blocks))

    report = await post.deliverer.drain()

    assert (report.sent, report.failed) == (1, 0)
    parts = sanne.messages
    assert len(parts) == 3
    assert all("<b>" not in m.text and "&amp;" not in m.text for m in parts)
    assert [bold for m in parts for bold in bold_texts(m)] == [
        f"{n}. Wat gaat goed?" for n in range(8)
    ]
    words = re.findall(r"\S+", " ".join(m.text for m in parts))
    assert words.count("&") == 8 * 60
    assert words[-1] == "[nl]"


async def render_voice(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """A voice answer whose caption is longer than Telegram takes for one."""
    return Outgoing("<b>Antwoorden</b>", voices=((params["file_id"], params["caption"]),))


async def test_a_caption_too_long_for_a_voice_note_follows_it_as_text(post) -> None:
    karim = await post.connect("Karim Bouzid", "staff")
    await karim.send_voice()  # the file the parent's voice answer would be
    file_id = karim.history[-1].media["voice"]["file_id"]
    voice = for_delivery({"note": render_voice}, post.deliverer.settings, Translations("nl"))
    post.deliverer.renderers = {**post.deliverer.renderers, **voice}
    caption = "<b>3. Wat wilt u bespreken?</b> " + "samen &amp; thuis " * 100
    await post.note(
        "Karim Bouzid", "voice", kind="staff", params={"file_id": file_id, "caption": caption}
    )

    await post.deliverer.drain()

    heading, voice, rest = karim.messages
    assert bold_texts(heading) == ["Antwoorden"]
    assert voice.kind == "voice"
    assert bold_texts(voice) == ["3. Wat wilt u bespreken?"]
    assert "&amp;" not in voice.caption
    assert len(voice.caption) <= 1024
    assert f"{voice.caption} {rest.text}".split() == (
        ["3.", "Wat", "wilt", "u", "bespreken?"] + ["samen", "&", "thuis"] * 100
    )


LONG = "\n\n".join(
    f"<b>{n}. Wat gaat goed?</b>\n" + "lezen &amp; rekenen 😀 " * 60 for n in range(8)
)


async def test_a_part_that_fails_is_sent_again_and_the_rest_follows_each_once(post) -> None:
    sanne = await post.connect("Sanne de Vries")
    await post.note("Sanne de Vries", LONG)
    post.sandbox.schedule("sendMessage", {2: Fail(500), 4: Throttle(1)})

    first = await post.deliverer.drain()  # part 1 goes, part 2 fails: back off
    assert (first.sent, first.retried) == (0, 1)
    assert len(sanne.messages) == 1
    post.clock.advance(timedelta(hours=1))
    second = await post.deliverer.drain()  # part 2 goes; part 3 gets a 429, waits, goes
    assert (second.sent, second.throttled) == (1, 1)
    assert len([c for c in post.sandbox.calls if c.method == "sendMessage"]) == 5

    assert [bold for m in sanne.messages for bold in bold_texts(m)] == [
        f"{n}. Wat gaat goed?" for n in range(8)
    ]
    (row,) = await post.rows()
    assert (row["status"], row["parts_sent"]) == ("sent", 2)
    assert row["telegram_message_id"] == sanne.messages[0].message_id


async def test_after_a_crash_between_parts_only_the_parts_not_taken_are_sent(post) -> None:
    sanne = await post.connect("Sanne de Vries")
    await post.note("Sanne de Vries", LONG)
    async with post.db.transaction() as conn:  # part 1 went out, then the process died
        await conn.execute("UPDATE outbox SET status = 'sending', parts_sent = 1")

    assert len(await post.deliverer.recover()) == 1
    await post.deliverer.drain()

    received = [bold for m in sanne.messages for bold in bold_texts(m)]
    assert len(sanne.messages) == 2  # parts 2 and 3
    assert "0. Wat gaat goed?" not in received
    assert received == [f"{n}. Wat gaat goed?" for n in range(8)][-len(received) :]
    assert (await post.rows())[0]["status"] == "sent"
