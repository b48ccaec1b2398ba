"""The "Prepare with your child" button, where a parent sees a talk their child joins.

Its own module so the booking confirmation and the questions summary can offer it without
importing the card's flow (which builds on the booking views).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.domain.pupil_card import band_for
from bot.domain.rounds import Round
from bot.telegram.callback_data import encode
from bot.telegram.deps import Reader

START = "pc"  # (round, pupil): opens the child's card, bot/telegram/pupil_card.py


def prepare_button(reader: Reader, round_id: int, pupil_id: int) -> InlineKeyboardButton:
    """The button that opens the child's card; the card's service checks again that the
    child joins the talk and the round has a card."""
    label = reader.tr.gettext("Prepare with your child")
    return InlineKeyboardButton(label, callback_data=encode(START, round_id, pupil_id))


def has_card(round_: Round, grade_low: int) -> bool:
    """Whether the round has a child's card for this groep (the plan may switch it off)."""
    return band_for(grade_low, round_.pupil_card) is not None
