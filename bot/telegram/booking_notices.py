"""Outbox renderers for what others must hear when a talk is booked, moved or cancelled.

A move is told as a move (the time they knew is off, the new one holds), and whoever holds
the talk's calendar file gets the file that updates it — the same entry one version up — or,
when the talk is off for them, the file that removes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain.bookings import Booked
from bot.services import notice_reads as reads
from bot.telegram.booking_views import (
    booked_view,
    calendar_file,
    calendar_hint,
    cancellation_file,
)
from bot.telegram.notifications import Outgoing, RenderContext
from bot.telegram.talk_texts import safe, talk_when


async def render_booking_made(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """To a guardian who did not press: the talk about their child is booked — or, when
    they knew it at another time (`was`), moved from that time to this one."""
    talk = await reads.talk(ctx.conn, int(params["booking_id"]))
    if talk is None or talk[1].status != "active":
        return None
    round_, booked, child = talk
    tr, reader, tz = ctx.reader.tr, ctx.reader, ctx.settings.timezone
    values = {
        "name": safe(await reads.booker_name(ctx.conn, booked.booking_id), reader),
        "child": safe(child.first_name, reader),
    }
    earlier = await _known_before(ctx, params, booked)
    if earlier is None:
        heading = tr.gettext("{name} booked the talk about {child}.").format(**values)
    else:
        heading = tr.gettext("{name} moved the talk about {child} from {before} to {when}.").format(
            **values, before=talk_when(earlier, tz, reader), when=talk_when(booked, tz, reader)
        )
    text, keyboard = booked_view(round_, booked, child, reader, tz, heading=heading)
    if earlier is not None:  # their calendar has the talk at the earlier time
        text = f"{text}\n\n{calendar_hint(reader, removes=False)}"
    entry = await reads.calendar_entry(ctx.conn, booked)
    document = calendar_file(round_, booked, child, reader, ctx.settings, ctx.now, entry)
    return Outgoing(text, keyboard, document)


async def _known_before(
    ctx: RenderContext, params: Mapping[str, Any], booked: Booked
) -> Booked | None:
    """The booking the reader knew of before this one (`was`), while that time is off."""
    was = int(params.get("was") or 0)
    if not was or was == booked.booking_id:
        return None
    earlier = await reads.booking(ctx.conn, was)
    return earlier if earlier is not None and earlier.status == "cancelled" else None


async def render_booking_cancelled(
    ctx: RenderContext, params: Mapping[str, Any]
) -> Outgoing | None:
    """To a guardian who did not press: the talk about their child was cancelled, with the
    file that takes it out of their calendar."""
    talk = await reads.talk(ctx.conn, int(params["booking_id"]))
    if talk is None or talk[1].status != "cancelled":
        return None
    round_, booked, child = talk
    tr = ctx.reader.tr
    if await reads.booked_again(ctx.conn, booked):
        text = tr.gettext("The talk about {child} on {when} was cancelled.")
    else:
        text = tr.gettext(
            "The talk about {child} on {when} was cancelled. Send /talks to choose a new time."
        )
    text = text.format(
        child=safe(child.first_name, ctx.reader),
        when=talk_when(booked, ctx.settings.timezone, ctx.reader),
    )
    entry = await reads.calendar_entry(ctx.conn, booked)
    document = cancellation_file(round_, booked, child, ctx.reader, ctx.settings, ctx.now, entry)
    return Outgoing(f"{text}\n{calendar_hint(ctx.reader, removes=True)}", document=document)


async def render_teacher_booking(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """To the teacher: a talk at one of their times was booked, moved or cancelled — said only
    while it is still so (bot/services/talk_news.py keeps one such notice per talk). A teacher
    who booked the talk on the parents' behalf got its calendar file then: theirs follows."""
    talk = await reads.talk(ctx.conn, int(params["booking_id"]))
    if talk is None:
        return None
    round_, booked, child = talk
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
    entry = await reads.calendar_entry(ctx.conn, booked)
    if not await reads.teacher_has_calendar(ctx.conn, entry, ctx.recipient_id):
        return Outgoing(text.format(**values))
    removes = event == "cancelled"
    make_file = cancellation_file if removes else calendar_file
    document = make_file(round_, booked, child, reader, ctx.settings, ctx.now, entry)
    hint = calendar_hint(reader, removes=removes)
    return Outgoing(f"{text.format(**values)}\n{hint}", document=document)
