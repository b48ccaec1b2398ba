"""The year plan's titles per language and its places (keyword or name) are kept as written."""

from zoneinfo import ZoneInfo

import pytest

from bot.domain.rounds import place_keyword
from bot.domain.year_plan import PlanRejected, parse_plan
from bot.services.year_plan import apply_plan
from bot.storage.rounds import load_rounds
from tests.services.school_fixture import load_school

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ROUND = """
[[rounds]]
id = "advice-2027"
kind = "advice"
groups = ["7/8"]
booking_opens = 2027-01-18T08:00:00
booking_closes = 2027-01-29T17:00:00
{round_lines}
[[rounds.teachers]]
email = "r.prins@regenboog.example.nl"
hours = ["2027-02-03 14:00-15:00"]
{teacher_lines}
"""


def plan(round_lines: str = "", teacher_lines: str = "") -> str:
    return ROUND.format(round_lines=round_lines, teacher_lines=teacher_lines)


def test_titles_per_language_are_written_as_dotted_keys():
    text = plan('title.nl = "Adviesgesprekken groep 8"\ntitle.ar = "مقابلات التوجيه"')
    (planned,) = parse_plan(text, AMSTERDAM)
    assert planned.title == ""
    assert planned.titles == (("ar", "مقابلات التوجيه"), ("nl", "Adviesgesprekken groep 8"))
    assert planned.title_in("ar", "nl") == "مقابلات التوجيه"
    assert planned.title_in("tr", "nl") == ""  # built in Turkish


def test_a_plain_title_is_the_school_s_own_and_no_title_is_allowed():
    (school,) = parse_plan(plan('title = "Adviesgesprekken"'), AMSTERDAM)
    assert school.title_in("nl", "nl") == "Adviesgesprekken"
    assert school.title_in("ar", "nl") == ""
    (untitled,) = parse_plan(plan(), AMSTERDAM)
    assert untitled.title_in("nl", "nl") == ""


def test_a_place_is_a_keyword_or_a_name_and_the_teacher_s_own_wins():
    text = plan('place = "classroom"', 'place = { name = "Lokaal 7/8" }')
    (planned,) = parse_plan(text, AMSTERDAM)
    assert place_keyword(planned.place) is not None
    assert {place for *_, place in planned.slots()} == {"Lokaal 7/8"}
    assert place_keyword("Lokaal 7/8") is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (plan('title.xx = "Talks"'), "title.xx: 'xx' is not one of the languages"),
        (plan("title.ar = 3"), "title.ar must be a text"),
        (plan("title = 3"), "title has the wrong type"),
        (plan("place = 3"), "place has the wrong type"),
        (plan('place = { room = "4" }'), "place must be a keyword, a text, or"),
        (plan('place = { name = "classroom" }'), "spelled like a keyword"),
        (plan(teacher_lines='place = { name = "" }'), "place must be a keyword"),
        (plan('pupil_card = "sometimes"'), 'pupil_card must be "young", "middle"'),
    ],
)
def test_a_bad_title_or_place_names_its_problem(text, reason):
    with pytest.raises(PlanRejected, match=reason):
        parse_plan(text, AMSTERDAM)


async def test_titles_and_places_are_stored_as_the_plan_says(db, clock, settings):
    await load_school(db, clock, settings.timezone)
    text = plan(
        'title.nl = "Adviesgesprekken"\ntitle.ar = "مقابلات"\nplace = "counsellor"\n'
        'pupil_card = "off"'
    )
    await apply_plan(db, text, clock=clock, tz=settings.timezone)
    async with db.read() as conn:
        stored = {r.plan_key: r for r in await load_rounds(conn)}["advice-2027"]
    assert stored.titles == (("ar", "مقابلات"), ("nl", "Adviesgesprekken"))
    assert stored.title == ""
    assert stored.place == "counsellor"
    assert stored.pupil_card == "off"  # no child's card for this round
    report = await apply_plan(db, text, clock=clock, tz=settings.timezone)
    assert [r.status for r in report.rounds if r.key == "advice-2027"] == ["unchanged"]
