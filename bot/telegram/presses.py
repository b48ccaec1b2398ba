"""A button press, decoded, with who pressed and in which language to answer.

Shared by every button handler: decoding never implies permission — services re-check.
"""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, Update

from bot.domain.bookings import Actor
from bot.domain.person_kind import PersonKind
from bot.services.booking import Outcome
from bot.telegram import sending
from bot.telegram.callback_data import as_id, decode
from bot.telegram.context import BotContext
from bot.telegram.deps import Reader, reader_for

# A press names the role it acts in by the kind's first letter, as `Person.ref` writes it.
MODES = {kind[0]: kind for kind in PersonKind}


class Press:
    """A decoded press with the presser's identity and language."""

    def __init__(
        self,
        query: CallbackQuery,
        context: BotContext,
        reader: Reader,
        action: str,
        args: tuple[str, ...],
    ) -> None:
        self.query, self.context, self.reader = query, context, reader
        self.action, self.args = action, args

    def actor(self, mode: str = "g") -> Actor | None:
        kind = MODES.get(mode)
        person = next((p for p in self.reader.people if p.kind == kind), None)
        return Actor(person.kind, person.id) if person else None

    def ids(self, *positions: int) -> list[int] | None:
        values = [as_id(self.args[i]) if i < len(self.args) else None for i in positions]
        return None if any(v is None for v in values) else values  # type: ignore[return-value]

    async def refuse(self, text: str) -> None:
        await self.query.answer(text, show_alert=True)

    async def show(self, text: str, keyboard: InlineKeyboardMarkup | None, *, edit: bool) -> None:
        """Answer in place (edit the pressed message) or with a new message."""
        await show(self, text, keyboard, edit=edit)

    async def stale(self) -> None:
        await self.refuse(
            self.reader.tr.gettext(
                "This button is no longer valid. Send /talks to see your talks as they are now."
            )
        )


async def parent_press(
    update: Update, context: BotContext, *positions: int
) -> tuple[Press, Actor, list[int]] | None:
    """A parent's press with the ids at these positions; anyone else, or a malformed press,
    is told it is stale (None). The presser's Telegram id is `press.query.from_user.id`."""
    press = await read_press(update, context)
    if press is None:
        return None
    actor, ids = press.actor("g"), press.ids(*positions)
    if actor is None or ids is None:
        await press.stale()
        return None
    return press, actor, ids


async def read_press(update: Update, context: BotContext) -> Press | None:
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return None
    decoded = decode(query.data)
    reader = await reader_for(context, user)
    return Press(
        query, context, reader, decoded[0] if decoded else "", decoded[1] if decoded else ()
    )


async def show(
    press: Press, text: str, keyboard: InlineKeyboardMarkup | None, *, edit: bool
) -> None:
    message = press.query.message
    if message is None:
        return
    if edit:
        await sending.edit(message, text, keyboard)
    else:
        await sending.reply(message, text, keyboard)


def why_not(reader: Reader, outcome: Outcome) -> str:
    tr = reader.tr
    reasons = {
        Outcome.CLOSED: tr.gettext("Booking for this round is closed. Please contact the teacher."),
        Outcome.TOO_LATE: tr.gettext(
            "The talk is soon, so it can no longer be changed here. Please contact the teacher."
        ),
        # The talks as they are are shown with it (booking_refusals.show_as_it_is).
        Outcome.ALREADY_BOOKED: tr.gettext("A time has already been chosen for this child."),
        Outcome.GONE: tr.gettext("This talk was already cancelled."),
        Outcome.TAKEN: tr.gettext("Sorry, someone else just chose this time."),
    }
    return reasons.get(
        outcome,
        tr.gettext(
            "This button is no longer valid. Send /talks to see your talks as they are now."
        ),
    )
