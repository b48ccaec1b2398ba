"""Twenty parents press the same free time at once: exactly one gets it."""

import asyncio

from bot.i18n import load_catalog
from bot.services.invitations import list_invitations
from bot.services.roster_import import import_roster
from bot.storage.database import Database
from tests.conftest import EXAMPLES

EXTRA_FAMILIES = 20
LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk")
TAKEN = "Sorry, someone else just chose this time. Here are the free times now."


async def add_families(settings, clock) -> dict[str, str]:
    """Twenty more pupils in groep 4, each with one parent; returns name -> code."""
    roster = (EXAMPLES / "regenboog-roster.csv").read_text(encoding="utf-8-sig")
    extra = "".join(
        f"{2000 + i};Kind{i};;Extra;Groep 4;Ouder{i} Extra;;ouder{i}@example.nl;;"
        f"{LANGUAGES[i % len(LANGUAGES)]};1\r\n"
        for i in range(EXTRA_FAMILIES)
    )
    header, _, _ = roster.partition("\r\n")
    assert "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Groep;Naam verzorger" in header
    db = await Database.open(settings.database_path)
    try:
        await import_roster(db, (roster + extra).encode(), default_language="nl", clock=clock)
        invitations = await list_invitations(
            db, secret=settings.secret_key, bot_username="parentbot_sandbox_bot", clock=clock
        )
    finally:
        await db.close()
    return {inv.person.name: inv.code for inv in invitations if inv.person.name.endswith("Extra")}


async def test_twenty_parents_press_the_same_time_and_exactly_one_books_it(
    booking_school, settings, clock
):
    codes = await add_families(settings, clock)
    parents = []
    for i in range(EXTRA_FAMILIES):
        parent = booking_school.person(f"Ouder{i}", LANGUAGES[i % len(LANGUAGES)])
        await parent.send(f"/start {codes[f'Ouder{i} Extra']}")
        parents.append(parent)
    for parent in parents:
        await parent.expect_message()  # the welcome
        await parent.send("/talks")
    for parent in parents:
        invitation = await parent.expect_message(predicate=lambda m: bool(m.buttons))
        await parent.press(index=0, message_id=invitation.message_id)
    for parent in parents:
        days = await parent.expect_message(predicate=lambda m: bool(m.buttons))
        await parent.press(index=0, message_id=days.message_id)
    first_times = []
    for parent in parents:
        times = await parent.expect_message(predicate=lambda m: bool(m.buttons))
        first_times.append((parent, times))
    slot_data = {times.buttons[0][0].callback_data.split(":")[5] for _, times in first_times}
    assert len(slot_data) == 1, "everyone is offered the same first time"

    answered = {parent.id: len(parent.callback_answers) for parent in parents}
    await asyncio.gather(
        *(parent.press(index=0, message_id=times.message_id) for parent, times in first_times)
    )
    outcomes = []
    for parent in parents:
        answers = await parent.expect_answers(answered[parent.id] + 1)
        outcomes.append((parent, answers[-1]))
    winners = [
        p for p, answer in outcomes if answer == load_catalog(p.language_code).gettext("Booked.")
    ]
    losers = [(p, a) for p, a in outcomes if p not in winners]
    assert len(winners) == 1
    for parent, answer in losers:
        assert answer == load_catalog(parent.language_code).gettext(TAKEN)
        fresh = parent.messages[-1]  # the picker shows the days again, with fresh times
        assert fresh.edited
        assert fresh.buttons
    taken_slot = slot_data.pop()
    loser, _ = losers[0]
    await loser.press(index=0, message_id=loser.messages[-1].message_id)
    times = await loser.expect_message(
        predicate=lambda m: any(b.callback_data.startswith("1:book") for r in m.buttons for b in r)
    )
    offered = {
        b.callback_data.split(":")[5]
        for row in times.buttons
        for b in row
        if b.callback_data.startswith("1:book")
    }
    assert offered
    assert taken_slot not in offered
