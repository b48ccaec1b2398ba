"""/help tells each person, in their language, what they can do here."""

from bot.i18n import load_catalog
from tests.e2e.test_teacher import switch_to_english

NL, AR = load_catalog("nl"), load_catalog("ar")


async def test_a_stranger_learns_how_to_connect_in_their_phone_s_language(school):
    stranger = school.person("Sami", "ar")
    await stranger.send("/help")
    shown = await stranger.expect_message(
        contains=AR.gettext("No letter, or the link does not work? Please ask the school.")
    )
    assert "Basisschool De Regenboog" in shown.text
    assert "/talks" not in shown.text


async def test_a_parent_reads_their_commands_and_how_to_write_to_the_teacher(school):
    sanne = await school.linked("Sanne de Vries")
    await sanne.send("/help")
    shown = await sanne.expect_message(contains=NL.gettext("What you can do here:"))
    assert f"/talks — {NL.gettext('Your talks: choose, change or cancel a time')}" in shown.text
    assert (
        NL.gettext("To write to the teacher, just type your message here, or send a voice message.")
        in shown.text
    )
    assert NL.gettext("Answer the teacher's questions") in shown.text
    assert "/schedule" not in shown.text
    assert "/overview" not in shown.text


async def test_a_teacher_and_a_director_read_their_own_commands(school):
    marloes = await school.linked("Marloes Dekker", kind="staff")
    await switch_to_english(marloes)
    await marloes.send("/help")
    shown = await marloes.expect_message(contains="What you can do here:")
    assert "/schedule — Your talks and who has not booked" in shown.text
    assert "/record — Record the agreements of a talk" in shown.text
    assert "To answer a parent, press “Answer” under their message, or reply to it." in shown.text
    assert "/talks" not in shown.text
    assert "/overview" not in shown.text

    hans = await school.linked("Hans de Wit", kind="staff")
    await hans.send("/help")
    shown = await hans.expect_message(contains=NL.gettext("What you can do here:"))
    assert f"/overview — {NL.gettext('Per group: who is connected, booked and answered')}" in (
        shown.text
    )
    assert "/schedule" not in shown.text
    assert "/talks" not in shown.text
