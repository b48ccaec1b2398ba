"""Why a booking press booked nothing, answered at once with what holds now.

A stale button (a child who has a time by now, a closed round, a talk moved or cancelled
elsewhere) is refused at its first press with the invitation or the talk as it is; a time
too close to another talk of the family is refused with that talk and the nearest times
that do fit, as buttons.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.domain.bookings import Actor, Booked, Offer
from bot.domain.family_time import FamilyTalk
from bot.domain.person_kind import PersonKind
from bot.formatting import format_day
from bot.i18n import isolate
from bot.services import booking
from bot.services.booking import Outcome
from bot.telegram.booking_views import (
    booked_view,
    button,
    invitation_keyboard,
    invitation_text,
    local_day,
)
from bot.telegram.deps import Deps, Reader
from bot.telegram.presses import Press, show, why_not
from bot.telegram.talk_texts import safe, talk_when, time_label

# Refusals that mean "what you pressed on is out of date": answered with the state as it is.
OUTDATED = frozenset({Outcome.ALREADY_BOOKED, Outcome.CLOSED, Outcome.GONE})


def walking_gap(d: Deps) -> timedelta:
    """The walk a family needs between two teachers' places (SIBLING_GAP_MINUTES)."""
    return timedelta(minutes=d.settings.sibling_gap_minutes)


def busy_reason(clash: FamilyTalk, reader: Reader, tz: ZoneInfo, *, html: bool) -> str:
    """ "Adam already has a talk then, …": as HTML for a message, plain for a press's alert."""

    def name(text: str) -> str:
        return safe(text, reader) if html else isolate(text, reader.language)

    return reader.tr.gettext("{child} already has a talk then: {when} with {teacher}.").format(
        child=name(clash.first_name),
        when=talk_when(clash.booked, tz, reader),
        teacher=name(clash.booked.offer.teacher),
    )


def fitting_view(
    clash: FamilyTalk,
    fitting: tuple[Offer, ...],
    reader: Reader,
    tz: ZoneInfo,
    *,
    mode: str,
    round_id: int,
    pupil_id: int,
    replacing: int,
) -> tuple[str, InlineKeyboardMarkup]:
    """Why the time was refused, and a button for each of the nearest times that fit (with
    its day when that is not the day of the talk in the way), then the other days."""
    tr = reader.tr
    text = "\n".join([busy_reason(clash, reader, tz, html=True), tr.gettext("These times fit:")])
    day_of_clash = local_day(clash.booked.offer.starts_at, tz)
    rows = []
    for offer in fitting:
        label = time_label(offer.starts_at, offer.teacher, tz, reader)
        if local_day(offer.starts_at, tz) != day_of_clash:
            label = f"{format_day(offer.starts_at, tz, reader.language)}, {label}"
        rows.append([button(label, "book", mode, round_id, pupil_id, offer.slot_id, replacing)])
    rows.append([button(tr.gettext("Other day"), "days", mode, round_id, pupil_id, replacing)])
    return text, InlineKeyboardMarkup(rows)


async def show_as_it_is(
    press: Press,
    actor: Actor,
    round_id: int,
    outcome: Outcome,
    booked: Booked | None,
    *,
    edit: bool,
    answered: bool = False,
) -> None:
    """Refuse an out-of-date press at once (unless it was `answered` already), then show
    what holds now: to a parent the invitation with every child's time (in place of the
    pressed message, whose buttons are stale), to a teacher the child's talk if there is
    one."""
    if not answered:
        await press.refuse(why_not(press.reader, outcome))
    d, reader = press.context, press.reader
    now = d.clock.now()
    if actor.kind == PersonKind.GUARDIAN:
        invitation = await booking.invitation(d.db, actor.id, round_id)
        if invitation is None:
            return
        keyboard = (
            invitation_keyboard(invitation, reader) if invitation.round.is_open(now) else None
        )
        await show(press, invitation_text(invitation, reader, d.settings, now), keyboard, edit=True)
        return
    if booked is None or booked.status != "active":
        return
    found = await booking.round_and_child(d.db, booked.round_id, booked.pupil_id)
    if found is None:
        return
    round_, child = found
    heading = reader.tr.gettext("The talk about {child}").format(
        child=safe(child.first_name, reader)
    )
    text, keyboard = booked_view(
        round_, booked, child, reader, d.settings.timezone, heading=heading, for_parent=False
    )
    await show(press, text, keyboard, edit=edit)
