"""Brothers and sisters back to back: one press books a talk for each child, or none."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.bookings import Offer
from bot.formatting import format_day, format_time
from bot.services import booking
from bot.services.booking import Outcome
from bot.telegram.booking import confirm
from bot.telegram.booking_views import button
from bot.telegram.callback_data import as_id, handles
from bot.telegram.context import BotContext
from bot.telegram.deps import Reader
from bot.telegram.presses import read_press, why_not


async def offer_chains(update: Update, context: BotContext) -> None:
    """Back-to-back times for the children still without a talk, a button per chain."""
    press = await read_press(update, context)
    if press is None:
        return
    ids, actor = press.ids(0), press.actor("g")
    if ids is None or actor is None:
        await press.stale()
        return
    (round_id,) = ids
    chains = await booking.sibling_chains(context.db, actor, round_id, context.clock.now())
    await press.query.answer()
    if not chains:
        text = press.reader.tr.gettext(
            "There are no back-to-back times left. Please choose a time for each child."
        )
        await press.show(text, None, edit=False)
        return
    names = await booking.first_names(context.db, [pupil for pupil, _ in chains[0]])
    text, keyboard = _chains_view(round_id, chains, names, press.reader, context.settings.timezone)
    await press.show(text, keyboard, edit=False)


def _chains_view(
    round_id: int,
    chains: list[tuple[tuple[int, Offer], ...]],
    names: dict[int, str],
    reader: Reader,
    tz: ZoneInfo,
) -> tuple[str, InlineKeyboardMarkup]:
    """A button per chain: its day, then each time with the child it is for."""
    rows = []
    for chain in chains:
        day = format_day(chain[0][1].starts_at, tz, reader.language)
        times = ", ".join(
            f"{format_time(offer.starts_at, tz, reader.language)} {names[pupil]}"
            for pupil, offer in chain
        )
        pairs = [f"{pupil}.{offer.slot_id}" for pupil, offer in chain]
        rows.append([button(f"{day}: {times}", "sbk", round_id, *pairs)])
    text = reader.tr.gettext("Choose back-to-back times for your children:")
    return text, InlineKeyboardMarkup(rows)


async def book_chain(update: Update, context: BotContext) -> None:
    """Back-to-back times pressed: book them all or none, then confirm each talk."""
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
    reader = press.reader
    result = await booking.book_together(
        context.db,
        actor,
        round_id=round_id,
        choices=choices,
        now=context.clock.now(),
    )
    if result.outcome is not Outcome.BOOKED:
        await press.refuse(why_not(reader, result.outcome))
        return
    await press.query.answer(reader.tr.gettext("Booked."))
    heading = reader.tr.gettext("Your talk is booked.")
    for index, talk in enumerate(result.talks):
        await confirm(press, talk, heading=heading, edit=index == 0)


def _pair(arg: str) -> tuple[int, int] | None:
    pupil, _, slot = arg.partition(".")
    pupil_id, slot_id = as_id(pupil), as_id(slot)
    return (pupil_id, slot_id) if pupil_id is not None and slot_id is not None else None


HANDLERS = [
    CallbackQueryHandler(offer_chains, pattern=handles("sib")),
    CallbackQueryHandler(book_chain, pattern=handles("sbk")),
]
