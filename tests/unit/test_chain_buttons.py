"""Back-to-back buttons carry every child's time in their data: a large family with long
ids would pass Telegram's 64 bytes, so those chains give way to choosing one by one."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.bookings import Child, Offer
from bot.i18n import Translations
from bot.services.booking import BackToBack
from bot.telegram.deps import Reader
from bot.telegram.siblings import chains_view

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
READER = Reader("en", Translations("nl").for_language("en"), ())
START = datetime(2026, 12, 8, 13, 30, tzinfo=UTC)


def family(children: int, first_id: int) -> BackToBack:
    kids = tuple(
        Child(first_id + n, f"Kind{n}", f"Kind{n} Jansen", str(n + 1), n + 1, "")
        for n in range(children)
    )
    chain = tuple(
        (
            kid.pupil_id,
            Offer(first_id + n, n + 1, f"Juf {n}", START + timedelta(minutes=20 * n), START, ""),
        )
        for n, kid in enumerate(kids)
    )
    return BackToBack(kids, (chain,))


def actions(found: BackToBack) -> list[str]:
    _, keyboard = chains_view(7, found, 0, READER, AMSTERDAM)
    assert keyboard is not None
    return [(b.callback_data or "").split(":")[1] for row in keyboard.inline_keyboard for b in row]


def test_a_chain_that_fits_is_one_button_and_each_child_has_its_own():
    assert actions(family(3, 100)) == ["sbk", "pick", "pick", "pick"]


def test_a_chain_too_long_for_telegram_leaves_only_the_children_s_own_buttons():
    assert actions(family(6, 1_000_000)) == ["pick"] * 6
