"""Whom the printed first letters go to: guardians not yet connected, of a group or of the
families a round invites, with the days of that round's talks."""

from datetime import date

import pytest

from bot.services.invitations import redeem_code
from bot.services.letters import UnknownRound, letter_recipients
from tests.services.school_fixture import load_school

SECRET = b"test-secret"


@pytest.fixture
async def school(db, clock, settings):
    await load_school(db, clock, settings.timezone)
    return db


async def recipients(db, clock, **kwargs):
    return await letter_recipients(
        db, secret=SECRET, bot_username="school_bot", clock=clock, **kwargs
    )


def names(found):
    return {invitation.person.name for invitation in found.invitations}


async def test_every_guardian_gets_a_letter_and_no_teacher_does(school, clock):
    found = await recipients(school, clock)
    assert {"Fatima El Amrani", "Olena Kovalenko", "Sanne de Vries"} <= names(found)
    assert all(invitation.person.kind == "guardian" for invitation in found.invitations)
    assert "Karim Bouzid" not in names(found)
    assert found.connected_skipped == 0
    assert found.talks is None
    assert all(
        invitation.link.startswith("https://t.me/school_bot?start=")
        for invitation in found.invitations
    )


async def test_a_round_narrows_to_its_families_and_gives_the_days_of_its_talks(
    school, clock, settings
):
    found = await recipients(school, clock, round_key="advice-2027-02")
    # Group 7/8 only: Yasmina's parents and their classmates' parents, nobody of group 4 only.
    assert {"Fatima El Amrani", "Zeynep Öztürk", "Iryna Shevchenko"} <= names(found)
    assert "Olena Kovalenko" not in names(found)  # her children are in 1/2A and 4
    assert all("7/8" in invitation.person.groups for invitation in found.invitations)
    assert found.talks is not None
    first, last = (moment.astimezone(settings.timezone) for moment in found.talks)
    assert (first.date(), last.date()) == (date(2027, 2, 2), date(2027, 2, 4))


async def test_a_group_and_a_round_together_take_the_families_in_both(school, clock):
    found = await recipients(school, clock, group="4", round_key="progress-2026-12")
    assert "Olena Kovalenko" in names(found)
    assert "Saskia Mulder" not in names(found)  # group 7/8 only
    assert all("4" in invitation.person.groups for invitation in found.invitations)


async def test_connected_families_are_skipped_unless_all_are_asked_for(school, clock):
    olena = next(
        invitation
        for invitation in (await recipients(school, clock)).invitations
        if invitation.person.name == "Olena Kovalenko"
    )
    await redeem_code(school, olena.code, telegram_user_id=501, chat_id=501, clock=clock)

    found = await recipients(school, clock, group="4")
    assert "Olena Kovalenko" not in names(found)
    assert found.connected_skipped == 1

    everyone = await recipients(school, clock, group="4", include_connected=True)
    assert "Olena Kovalenko" in names(everyone)
    assert everyone.connected_skipped == 0
    again = next(i for i in everyone.invitations if i.person.name == "Olena Kovalenko")
    assert again.link == olena.link  # the same letter can be printed again


async def test_an_unknown_round_is_refused(school, clock):
    with pytest.raises(UnknownRound):
        await recipients(school, clock, round_key="no-such-round")
