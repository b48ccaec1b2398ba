"""The files the school's office gets back: the agreements as CSV and as a Markdown file per
pupil in the school's language, and an `.ics` per teacher that a calendar imports again
without doubling a talk."""

import csv
import io
from datetime import timedelta

import pytest
from icalendar import Calendar, Event

from bot.calendar_file import talk_uid
from bot.i18n import load_catalog
from bot.paperwork.agreement_records import (
    AGREEMENT_COLUMNS,
    agreement_rows,
    file_name,
    pupil_markdown,
)
from bot.paperwork.file_names import STEM_BYTES, safe_stem
from bot.paperwork.record_words import SchoolWords
from bot.paperwork.schedule_files import SCHEDULE_COLUMNS, schedule_rows, teacher_calendars
from bot.paperwork.spreadsheet_cells import FORMULA_STARTS, spreadsheet_text
from bot.services import booking
from bot.services.records_export import PupilFile, agreement_records, school_schedule
from tests.records_fixture import (
    AS_FORMULAS,
    KEREM_WORDS,
    LINA_GOAL,
    LINA_WORDS,
    SEM_DRAFT,
    talks_with_agreements,
    typed_like_formulas,
)
from tests.services.school_fixture import sems_family

DUTCH_PHRASE = "Elke dag 20 minuten samen met uw kind lezen."


def school_words(language, tz) -> SchoolWords:
    return SchoolWords(
        language,
        load_catalog(language),
        tz,
        round_title=lambda round_, group: f"{round_.plan_key} / {group}",
        place=lambda place, group: f"room {place}",
    )


def as_csv(rows: list[list[str]]) -> list[dict[str, str]]:
    """Written with `csv` as the export writes it and read back as a spreadsheet would."""
    text = io.StringIO()
    csv.writer(text, delimiter=";").writerows(rows)
    return list(csv.DictReader(io.StringIO(text.getvalue()), delimiter=";"))


async def test_the_csv_holds_each_sent_agreement_once_in_the_school_s_language(db, clock, settings):
    await talks_with_agreements(db, clock, settings.timezone)
    pupils = await agreement_records(db, group=None, since=None, tz=settings.timezone)
    rows = agreement_rows(pupils, school_words("nl", settings.timezone))

    assert rows[0] == AGREEMENT_COLUMNS
    read = as_csv(rows)
    assert sorted((r["pupil_id"], r["owner"], r["agreement"]) for r in read) == [
        ("1017", "parents", DUTCH_PHRASE),
        ("1017", "pupil", LINA_GOAL),
        ("1017", "pupil", LINA_WORDS),
        ("1022", "school", KEREM_WORDS),
    ]
    assert all(SEM_DRAFT not in value for row in read for value in row.values())
    lina = next(r for r in read if r["owner"] == "parents")
    assert lina["talk_date"] == "2026-12-08"
    assert lina["talk_time"] == "14:30"
    assert lina["talk_kind"] == "progress"
    assert lina["teacher"] == "Karim Bouzid"
    assert lina["evaluate_on"] == "2027-01-20"
    assert lina["outcome"] == "Rania Haddad: going_well"
    assert lina["follow_up"] == "yes"
    assert lina["follow_up_at"] == "2026-12-17 15:00"
    assert lina["confirmed"] == "Rania Haddad 2026-12-11 10:00"
    assert lina["not_confirmed"] == ""
    own = next(r for r in read if r["agreement"] == LINA_WORDS)
    assert (own["due_on"], own["child_goal"], own["outcome"]) == ("2027-01-15", "", "")
    goal = next(r for r in read if r["agreement"] == LINA_GOAL)
    assert (goal["child_goal"], goal["outcome"]) == ("yes", "how_far: on_my_way")
    kerem = next(r for r in read if r["pupil_id"] == "1022")
    assert kerem["confirmed"] == ""  # Zeynep confirmed the version before the correction
    assert kerem["not_confirmed"] == "Murat Öztürk; Zeynep Öztürk"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_starts_with_an_apostrophe(start):
    assert spreadsheet_text(f"{start}1+1") == f"'{start}1+1"


def test_other_cells_are_kept_as_written():
    for text in ("", "Lina Haddad", "tafels 6 + 7 = 13", "'al gequote", "2026-12-08"):
        assert spreadsheet_text(text) == text


async def test_typed_text_in_the_agreements_csv_is_never_a_formula(db, clock, settings):
    await talks_with_agreements(db, clock, settings.timezone)
    await typed_like_formulas(db)
    pupils = await agreement_records(db, group=None, since=None, tz=settings.timezone)
    read = as_csv(agreement_rows(pupils, school_words("nl", settings.timezone)))

    values = {value for row in read for value in row.values()}
    assert not [value for value in values if value.startswith(FORMULA_STARTS)]
    own = next(r for r in read if r["agreement"] == f"'{AS_FORMULAS['agreement']}")
    assert own["pupil_id"] == f"'{AS_FORMULAS['number']}"
    assert own["teacher"] == f"'{AS_FORMULAS['teacher']}"
    assert own["not_confirmed"] == ""
    assert own["confirmed"] == f"'{AS_FORMULAS['parent']} 2026-12-11 10:00"
    phrase = next(r for r in read if r["owner"] == "parents")
    assert phrase["outcome"] == f"'{AS_FORMULAS['parent']}: going_well"
    assert (phrase["talk_date"], phrase["due_on"]) == ("2026-12-08", "")  # the bot's own
    kerem = next(r for r in read if r["pupil_name"] == "Kerem Öztürk")
    assert kerem["agreement"] == f"'{AS_FORMULAS['link']}"


async def test_typed_text_in_the_schedule_csv_is_never_a_formula(db, clock, settings):
    await talks_with_agreements(db, clock, settings.timezone)
    await typed_like_formulas(db)
    schedule = await school_schedule(db, round_key=None)
    school = SchoolWords(
        "nl",
        load_catalog("nl"),
        settings.timezone,
        round_title=lambda round_, group: round_.plan_key,
        place=lambda place, group: place,  # the room as typed
    )
    read = as_csv(schedule_rows(schedule, school))

    values = {value for row in read for value in row.values()}
    assert not [value for value in values if value.startswith(FORMULA_STARTS)]
    lina = next(r for r in read if r["pupil"] == "Lina Haddad")
    assert (lina["teacher"], lina["pupil_id"], lina["parents"], lina["place"]) == (
        f"'{AS_FORMULAS['teacher']}",
        f"'{AS_FORMULAS['number']}",
        f"'{AS_FORMULAS['parent']}",
        f"'{AS_FORMULAS['place']}",
    )
    assert (lina["date"], lina["start"]) == ("2026-12-08", "14:30")


async def test_a_pupil_s_markdown_file_lists_the_talk_by_owner_with_how_it_went(
    db, clock, settings
):
    await talks_with_agreements(db, clock, settings.timezone)
    (lina,) = await agreement_records(db, group="4", since=None, tz=settings.timezone)
    text = pupil_markdown(lina, school_words("nl", settings.timezone))

    assert text.startswith("# Lina Haddad\n\nLeerlingnummer 1017, groep 4\n")
    assert "## 8 december 2026, 14:30 — progress-2026-12 / 4" in text
    assert "Leerkracht: Karim Bouzid" in text
    assert "Evaluatiedatum: 20 januari 2027" in text
    assert "### Afspraken" in text
    parents = text.index("**De ouders gaan:**")
    pupil = text.index("**De leerling gaat:**")
    assert text.index(DUTCH_PHRASE) > parents
    assert text.index(f"{LINA_WORDS} (uiterlijk 15 januari 2027)") > pupil
    assert "  - Evaluatie: Rania Haddad: Gaat goed" in text
    assert f"- Het eigen doel van het kind: {LINA_GOAL}" in text
    assert "  - Hoe ver ben ik? Ik ben onderweg" in text
    assert "Vervolggesprek: 17 december 2026, 15:00" in text
    assert "### Ouders" in text
    assert "- Rania Haddad heeft bevestigd op 11 december 2026, 10:00." in text


async def test_a_school_with_another_language_gets_its_own_headings(db, clock, settings):
    await talks_with_agreements(db, clock, settings.timezone)
    pupils = await agreement_records(db, group="7/8", since=None, tz=settings.timezone)
    text = pupil_markdown(pupils[0], school_words("pl", settings.timezone))

    assert "### Ustalenia" in text
    assert "### Rodzice" in text
    assert KEREM_WORDS in text  # the teacher's own words, as written
    assert "- Zeynep Öztürk jeszcze nie potwierdził(a)." in text
    assert "Afspraken" not in text


def test_file_names_are_safe_on_windows():
    pupil = PupilFile(number="12/3", name='Zoë "Z" de Vries: *best*?. ', group="4", talks=())
    name = file_name(pupil)
    assert name == "12_3 Zoë _Z_ de Vries_ _best_.md"
    assert not set(name) & set('<>:"/\\|?*')


def test_a_long_name_is_cut_to_a_file_name_every_file_system_takes():
    arabic = "عبد الرحمن محمد " * 9  # 144 letters: 260 bytes in UTF-8
    name = file_name(PupilFile(number="1017", name=arabic, group="4", talks=()))
    stem = name.removesuffix(".md")
    assert len(stem.encode("utf-8")) <= STEM_BYTES
    assert stem.startswith("1017 عبد الرحمن")  # the pupil number first, then the name
    assert f"1017 {arabic}".startswith(stem)  # cut where a letter ends, never inside one


def test_a_cut_never_parts_a_letter_from_its_vowel_marks():
    voweled = "بَ" * 100  # a letter (2 bytes) with a fatha (2 bytes) on it, a hundred times
    stem = safe_stem(f"1 {voweled}")
    assert len(stem.encode("utf-8")) <= STEM_BYTES
    assert stem == f"1 {voweled[: len(stem) - 2]}"
    assert stem.endswith("َ")  # the last letter keeps its mark


async def test_each_teacher_s_calendar_holds_exactly_their_talks(db, clock, settings):
    talks = await talks_with_agreements(db, clock, settings.timezone)
    schedule = await school_schedule(db, round_key=None)
    school = school_words("nl", settings.timezone)

    files = teacher_calendars(schedule, school, organizer=None, now=clock.now())
    assert sorted(files) == [
        f"Ellen Vos-{talks.staff['ellen']}.ics",
        f"Karim Bouzid-{talks.staff['karim']}.ics",
        f"Ruben Prins-{talks.staff['ruben']}.ics",
    ]
    karim = Calendar.from_ical(files[f"Karim Bouzid-{talks.staff['karim']}.ics"])
    event, follow_up = karim.walk("VEVENT")  # the talk, and the follow-up talk after it
    assert [str(e["uid"]) for e in (event, follow_up)] == [
        talk_uid(talks.lina),
        talk_uid(talks.follow_up),
    ]
    assert str(event["summary"]) == "Oudergesprek over Lina Haddad (4)"
    assert str(event["location"]) == "room Lokaal 4"
    assert "Ouders: Rania Haddad" in str(event["description"])
    starts = event.decoded("dtstart")
    assert str(starts.tzinfo) == "Europe/Amsterdam"
    assert (starts.hour, starts.minute) == (14, 30)
    assert karim.walk("VTIMEZONE")

    rows = as_csv(schedule_rows(schedule, school))
    assert list(rows[0]) == SCHEDULE_COLUMNS
    assert [(r["date"], r["teacher"], r["pupil"]) for r in rows] == [
        ("2026-12-08", "Karim Bouzid", "Lina Haddad"),
        ("2026-12-09", "Ellen Vos", "Sem de Groot"),
        ("2026-12-10", "Ruben Prins", "Kerem Öztürk"),
        ("2026-12-17", "Karim Bouzid", "Lina Haddad"),
    ]
    sem = next(r for r in rows if r["pupil"] == "Sem de Groot")
    assert sem["parents"] == "Ingrid de Groot; Tom de Groot"
    assert (sem["form"], sem["place"], sem["round"]) == (
        "school",
        "room Lokaal 4",
        "progress-2026-12",
    )


async def test_a_moved_talk_keeps_its_calendar_entry_one_version_up(db, clock, settings):
    family = await sems_family(db, clock, settings.timezone)
    tom = family.people["tom"]
    first, later = family.free["karim"][0], family.free["karim"][1]
    made = await family.book(db, tom, first, clock.now())
    school = school_words("nl", settings.timezone)

    def karims_event():
        (data,) = teacher_calendars(schedule, school, organizer=None, now=clock.now()).values()
        (event,) = Calendar.from_ical(data).walk("VEVENT")
        return event

    schedule = await school_schedule(db, round_key=None)
    before = karims_event()
    clock.advance(timedelta(minutes=5))
    await family.book(db, tom, later, clock.now(), replacing=made.booking.booking_id)
    schedule = await school_schedule(db, round_key=None)
    after = karims_event()
    assert str(after["uid"]) == str(before["uid"]) == talk_uid(made.booking.booking_id)
    assert int(after["sequence"]) > int(before["sequence"])
    assert after.decoded("dtstart") > before.decoded("dtstart")


async def test_a_talk_taken_from_a_teacher_is_cancelled_in_their_calendar(db, clock, settings):
    family = await sems_family(db, clock, settings.timezone)
    tom = family.people["tom"]
    school = school_words("nl", settings.timezone)
    karim, ellen = (family.people[name].id for name in ("karim", "ellen"))

    async def events() -> dict[int, Event]:
        """Each teacher's one entry, as their file now holds it."""
        schedule = await school_schedule(db, round_key=None)
        files = teacher_calendars(schedule, school, organizer=None, now=clock.now())
        held = {}
        for name, data in files.items():
            (event,) = Calendar.from_ical(data).walk("VEVENT")
            held[int(name.removesuffix(".ics").rsplit("-", 1)[1])] = event
        return held

    made = await family.book(db, tom, family.free["karim"][0], clock.now())
    uid = talk_uid(made.booking.booking_id)
    before = (await events())[karim]
    assert "status" not in before

    clock.advance(timedelta(minutes=5))
    # To Ellen: Karim's calendar must let the talk go.
    moved = await family.book(
        db, tom, family.free["ellen"][0], clock.now(), replacing=made.booking.booking_id
    )
    held = await events()
    assert str(held[karim]["uid"]) == str(held[ellen]["uid"]) == uid
    assert str(held[karim]["status"]) == "CANCELLED"
    assert int(held[karim]["sequence"]) > int(before["sequence"])
    assert held[karim].decoded("dtstart") == before.decoded("dtstart")  # the time it had
    assert "status" not in held[ellen]
    at_ellen = int(held[ellen]["sequence"])

    clock.advance(timedelta(minutes=5))
    cancelled = await booking.cancel(db, tom, moved.booking.booking_id, clock.now())
    assert cancelled.outcome is booking.Outcome.CANCELLED
    held = await events()
    assert str(held[ellen]["status"]) == "CANCELLED"
    assert int(held[ellen]["sequence"]) > at_ellen
    assert str(held[karim]["status"]) == "CANCELLED"  # still, for a calendar not yet updated
