"""Brothers and sisters back to back: one press books a talk for each child, or none.

The chains cover every day and block of the round, best first (the least waiting, then
the earliest), a page at a time; a parent may always choose a time per child instead.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.bookings import Actor, Offer
from bot.formatting import format_day, format_time
from bot.services import booking
from bot.services.booking import BackToBack, Outcome
from bot.telegram.booking import confirm
from bot.telegram.booking_refusals import OUTDATED, busy_reason, show_as_it_is, walking_gap
from bot.telegram.booking_views import button
from bot.telegram.callback_data import as_id, encode, handles
from bot.telegram.context import BotContext
from bot.telegram.deps import Reader
from bot.telegram.presses import Press, read_press, why_not

CHAINS_PER_PAGE = 6


async def offer_chains(update: Update, context: BotContext) -> None:
    """Back-to-back times for the children still without a talk, a button per chain; from
    the invitation a new message, a further page in place."""
    press = await read_press(update, context)
    if press is None:
        return
    ids, actor = press.ids(0), press.actor("g")
    page = press.ids(1) if len(press.args) > 1 else [0]
    if ids is None or actor is None or page is None:
        await press.stale()
        return
    await press.query.answer()
    await show_chains(press, actor, ids[0], page[0], edit=len(press.args) > 1)


async def show_chains(press: Press, actor: Actor, round_id: int, page: int, *, edit: bool) -> None:
    """A page of back-to-back times, with a button per child to choose one by one instead."""
    d = press.context
    found = await booking.sibling_chains(d.db, actor, round_id, d.clock.now(), gap=walking_gap(d))
    text, keyboard = chains_view(round_id, found, page, press.reader, d.settings.timezone)
    await press.show(text, keyboard, edit=edit)


def _chain_data(round_id: int, chain: tuple[tuple[int, Offer], ...]) -> str | None:
    """The button data that books a chain, or None when it would not fit Telegram's 64
    bytes (a large family with long ids): those children choose one by one instead."""
    try:
        return encode("sbk", round_id, *(f"{pupil}.{offer.slot_id}" for pupil, offer in chain))
    except ValueError:
        return None


def chains_view(
    round_id: int, found: BackToBack, page: int, reader: Reader, tz: ZoneInfo
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A button per chain on this page (its day, then each time with the child it is for),
    « and More to page, and "Choose a time for …" per child."""
    tr = reader.tr
    names = {child.pupil_id: child.first_name for child in found.children}
    chains = [(chain, data) for chain in found.chains if (data := _chain_data(round_id, chain))]
    pages = max(1, -(-len(chains) // CHAINS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    rows = []
    for chain, data in chains[page * CHAINS_PER_PAGE : (page + 1) * CHAINS_PER_PAGE]:
        day = format_day(chain[0][1].starts_at, tz, reader.language)
        times = ", ".join(
            f"{format_time(offer.starts_at, tz, reader.language)} {names[pupil]}"
            for pupil, offer in chain
        )
        rows.append([InlineKeyboardButton(f"{day}: {times}", callback_data=data)])
    nav = []
    if page > 0:
        nav.append(button("«", "sib", round_id, page - 1))
    if page < pages - 1:
        nav.append(button(tr.gettext("More times"), "sib", round_id, page + 1))
    if nav:
        rows.append(nav)
    rows += [
        [
            button(
                tr.gettext("Choose a time for {child}").format(child=child.first_name),
                "pick",
                "g",
                round_id,
                child.pupil_id,
                0,
            )
        ]
        for child in found.children
    ]
    if chains:
        text = "\n".join(
            [
                tr.gettext("Choose back-to-back times for your children:"),
                tr.gettext("Or choose a time for each child with the buttons below."),
            ]
        )
    elif found.children:
        text = tr.gettext(
            "There are no back-to-back times left. Please choose a time for each child."
        )
    else:
        text = tr.gettext("There are no talks to plan at the moment.")
    return text, InlineKeyboardMarkup(rows) if rows else None


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
        gap=walking_gap(context),
    )
    if result.outcome is not Outcome.BOOKED:
        await _not_booked(press, actor, round_id, result)
        return
    await press.query.answer(reader.tr.gettext("Booked."))
    heading = reader.tr.gettext("Your talk is booked.")
    for index, talk in enumerate(result.talks):
        await confirm(press, talk, heading=heading, edit=index == 0)


async def _not_booked(press: Press, actor: Actor, round_id: int, result: booking.Result) -> None:
    """Why the chain booked nothing; when its times are gone or no longer fit the family,
    the back-to-back times that do now."""
    tz = press.context.settings.timezone
    if result.outcome in OUTDATED:
        await show_as_it_is(press, actor, round_id, result.outcome, result.booking, edit=True)
        return
    if result.clash is not None:  # FAMILY_BUSY
        await press.refuse(busy_reason(result.clash, press.reader, tz, html=False))
    else:
        await press.refuse(why_not(press.reader, result.outcome))
    if result.outcome in (Outcome.FAMILY_BUSY, Outcome.TAKEN):
        await show_chains(press, actor, round_id, 0, edit=True)


def _pair(arg: str) -> tuple[int, int] | None:
    pupil, _, slot = arg.partition(".")
    pupil_id, slot_id = as_id(pupil), as_id(slot)
    return (pupil_id, slot_id) if pupil_id is not None and slot_id is not None else None


HANDLERS = [
    CallbackQueryHandler(offer_chains, pattern=handles("sib")),
    CallbackQueryHandler(book_chain, pattern=handles("sbk")),
]
