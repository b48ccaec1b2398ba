"""Outbox renderers for what others must hear when a talk is booked, moved or cancelled."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.services import notice_reads as reads
from bot.telegram.booking_views import booked_view, calendar_file
from bot.telegram.notifications import Outgoing, RenderContext
from bot.telegram.talk_texts import safe, talk_when


async def render_booking_made(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """To a guardian who did not press: the talk about their child is booked."""
    talk = await reads.talk(ctx.conn, int(params["booking_id"]))
    if talk is None or talk[1].status != "active":
        return None
    round_, booked, child = talk
    who = await reads.booker_name(ctx.conn, booked.booking_id)
    heading = ctx.reader.tr.gettext("{name} booked the talk about {child}.").format(
        name=safe(who, ctx.reader), child=safe(child.first_name, ctx.reader)
    )
    text, keyboard = booked_view(
        round_, booked, child, ctx.reader, ctx.settings.timezone, heading=heading
    )
    document = calendar_file(round_, booked, child, ctx.reader, ctx.settings, ctx.now)
    return Outgoing(text, keyboard, document)


async def render_booking_cancelled(
    ctx: RenderContext, params: Mapping[str, Any]
) -> Outgoing | None:
    """To a guardian who did not press: the talk about their child was cancelled."""
    talk = await reads.talk(ctx.conn, int(params["booking_id"]))
    if talk is None or talk[1].status != "cancelled":
        return None
    _, booked, child = talk
    text = ctx.reader.tr.gettext(
        "The talk about {child} on {when} was cancelled. Send /talks to choose a new time."
    ).format(
        child=safe(child.first_name, ctx.reader),
        when=talk_when(booked, ctx.settings.timezone, ctx.reader),
    )
    return Outgoing(text)


async def render_teacher_booking(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """To the teacher: a talk at one of their times was booked, moved or cancelled — said only
    while it is still so (bot/services/talk_news.py keeps one such notice per talk)."""
    talk = await reads.talk(ctx.conn, int(params["booking_id"]))
    if talk is None:
        return None
    _, booked, child = talk
    event = params.get("event")
    if booked.status != ("cancelled" if event == "cancelled" else "active"):
        return None
    tr, reader, tz = ctx.reader.tr, ctx.reader, ctx.settings.timezone
    values = {
        "name": safe(await reads.booker_name(ctx.conn, booked.booking_id), reader),
        "child": safe(f"{child.full_name} ({child.group})", reader),
        "when": talk_when(booked, tz, reader),
    }
    if event == "booked":
        text = tr.gettext("New talk: {child} on {when}, booked by {name}.")
    elif event == "cancelled":
        text = tr.gettext("Cancelled: the talk about {child} on {when}.")
    elif event == "moved":
        earlier = await reads.booking(ctx.conn, int(params.get("was") or 0))
        if earlier is None or earlier.status == "active":
            return None
        values["before"] = talk_when(earlier, tz, reader)
        text = tr.gettext(
            "Moved: the talk about {child} on {before} is now on {when}, moved by {name}."
        )
    else:
        return None
    return Outgoing(text.format(**values))
