"""Brothers and sisters back to back: one press books a talk for each child, or none."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.formatting import format_day, format_time
from bot.services import booking
from bot.services.booking import Outcome
from bot.telegram.booking import confirm
from bot.telegram.booking_views import button
from bot.telegram.callback_data import as_id, handles
from bot.telegram.presses import read_press, why_not


async def offer_chains(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    press = await read_press(update, context)
    if press is None:
        return
    ids, actor = press.ids(0), press.actor("g")
    if ids is None or actor is None:
        await press.stale()
        return
    (round_id,) = ids
    d, reader = press.d, press.reader
    chains = await booking.sibling_chains(d.db, actor, round_id, d.clock.now())
    await press.query.answer()
    tr, tz = reader.tr, d.settings.timezone
    if not chains:
        text = tr.gettext(
            "There are no back-to-back times left. Please choose a time for each child."
        )
        await press.show(text, None, edit=False)
        return
    names = await booking.first_names(d.db, [pupil for pupil, _ in chains[0]])
    rows = []
    for chain in chains:
        day = format_day(chain[0][1].starts_at, tz, reader.language)
        times = ", ".join(
            f"{format_time(offer.starts_at, tz, reader.language)} {names[pupil]}"
            for pupil, offer in chain
        )
        pairs = [f"{pupil}.{offer.slot_id}" for pupil, offer in chain]
        rows.append([button(f"{day}: {times}", "sbk", round_id, *pairs)])
    text = tr.gettext("Choose back-to-back times for your children:")
    await press.show(text, InlineKeyboardMarkup(rows), edit=False)


async def book_chain(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    press = await read_press(update, context)
    if press is None:
        return
    actor = press.actor("g")
    round_id = as_id(press.args[0]) if press.args else None
    pairs = [_pair(arg) for arg in press.args[1:]]
    choices = [pair for pair in pairs if pair is not None]
    if actor is None or round_id is None or not pairs or len(choices) != len(pairs):
        await press.stale()
        return
    d, reader = press.d, press.reader
    result = await booking.book_together(
        d.db,
        actor,
        round_id=round_id,
        choices=choices,
        now=d.clock.now(),
    )
    if result.outcome is not Outcome.BOOKED:
        await press.refuse(why_not(reader, result.outcome))
        return
    await press.query.answer(reader.tr.gettext("Booked."))
    heading = reader.tr.gettext("Your talk is booked.")
    for index, booked in enumerate(result.together):
        await confirm(press, booked, heading=heading, edit=index == 0)


def _pair(arg: str) -> tuple[int, int] | None:
    pupil, _, slot = arg.partition(".")
    pupil_id, slot_id = as_id(pupil), as_id(slot)
    return (pupil_id, slot_id) if pupil_id is not None and slot_id is not None else None


HANDLERS = [
    CallbackQueryHandler(offer_chains, pattern=handles("sib")),
    CallbackQueryHandler(book_chain, pattern=handles("sbk")),
]
