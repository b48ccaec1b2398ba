"""The school's schedule of booked talks, for its own calendar: a CSV of every talk, and an
`.ics` file per teacher.

Each talk in a teacher's file is the calendar entry the parents' files name (the same UID
and version, bot/calendar_file.py), so importing a newer export updates a moved talk
instead of adding it twice. A talk the teacher had and has no longer (cancelled, or moved
to another teacher) is in their file as that entry cancelled, at the talk's newest version,
so importing the file again takes it out of their calendar. Times carry the school's time
zone. The CSV keeps typed and imported text from being read as a formula
(bot/paperwork/spreadsheet_cells.py).
"""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar

from bot.calendar_file import Entry, Organizer, cancelled_event, entry_event, talk_uid
from bot.domain.rounds import Round, TalkForm
from bot.paperwork.file_names import safe_stem
from bot.paperwork.record_words import SchoolWords
from bot.paperwork.spreadsheet_cells import spreadsheet_text
from bot.services.records_export import Schedule, ScheduledTalk

SCHEDULE_COLUMNS = [
    "date",  # YYYY-MM-DD, school time
    "start",  # HH:MM, school time
    "end",  # HH:MM
    "teacher",
    "group",
    "pupil_id",  # the roster's leerlingnummer
    "pupil",
    "parents",  # the pupil's parents, "; " between names
    "place",  # the room in the school's words, a video call's link; empty by phone
    "form",  # school, video or phone
    "round",  # the year plan's id of the round
]


def schedule_rows(schedule: Schedule, school: SchoolWords) -> list[list[str]]:
    """A header, then one row per booked talk, in time order."""
    rows = [list(SCHEDULE_COLUMNS)]
    for talk in schedule.talks:
        round_ = schedule.rounds[talk.round_id]
        starts, ends = talk.starts_at.astimezone(school.tz), talk.ends_at.astimezone(school.tz)
        rows.append(
            [
                starts.date().isoformat(),
                starts.strftime("%H:%M"),
                ends.strftime("%H:%M"),
                spreadsheet_text(talk.teacher),
                talk.group,  # a group name as parse_group writes it
                spreadsheet_text(talk.pupil_number),
                spreadsheet_text(talk.pupil_name),
                spreadsheet_text("; ".join(talk.parents)),
                spreadsheet_text(_location(talk, round_, school)),
                str(round_.form),
                round_.plan_key,
            ]
        )
    return rows


def teacher_calendars(
    schedule: Schedule, school: SchoolWords, *, organizer: Organizer | None, now: datetime
) -> dict[str, bytes]:
    """File name -> the `.ics` of one teacher's booked talks, with the talks withdrawn
    from them as cancelled entries (a teacher with only those still gets a file)."""
    by_teacher: dict[int, list[tuple[ScheduledTalk, bool]]] = {}
    for talk in schedule.talks:
        by_teacher.setdefault(talk.staff_id, []).append((talk, False))
    for talk in schedule.withdrawn:
        by_teacher.setdefault(talk.staff_id, []).append((talk, True))
    files = {}
    for staff_id, talks in by_teacher.items():
        teacher = talks[0][0].teacher
        calendar = Calendar()
        calendar.add("prodid", "-//parentbot//school schedule//EN")
        calendar.add("version", "2.0")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", teacher)
        for talk, withdrawn in talks:
            round_ = schedule.rounds[talk.round_id]
            entry = _entry(talk, round_, school, organizer, now)
            event = cancelled_event(entry) if withdrawn else entry_event(entry)
            event.add("description", _description(talk, round_, school))
            calendar.add_component(event)
        calendar.add_missing_timezones()
        files[_file_name(staff_id, teacher)] = calendar.to_ical()
    return files


def _entry(
    talk: ScheduledTalk,
    round_: Round,
    school: SchoolWords,
    organizer: Organizer | None,
    now: datetime,
) -> Entry:
    child = f"{talk.pupil_name} ({talk.group})"
    return Entry(
        uid=talk_uid(talk.first_booking_id),
        sequence=talk.sequence,
        starts_at=talk.starts_at,
        ends_at=talk.ends_at,
        tz=school.tz,
        summary=school.tr.gettext("Parent-teacher talk about {child}").format(child=child),
        location=_location(talk, round_, school),
        stamp=now,
        organizer=organizer,
    )


def _location(talk: ScheduledTalk, round_: Round, school: SchoolWords) -> str:
    """The room as the school's language names it; a video call's link; none by phone."""
    if round_.form is TalkForm.VIDEO:
        return talk.place
    if round_.form is TalkForm.PHONE:
        return ""
    return school.place(talk.place, talk.group) if talk.place else ""


def _description(talk: ScheduledTalk, round_: Round, school: SchoolWords) -> str:
    lines = [school.round_title(round_, talk.group)]
    if talk.parents:
        names = ", ".join(talk.parents)
        # Translators: in the school's calendar, the parents a talk is with.
        lines.append(school.tr.gettext("Parents: {names}").format(names=names))
    return "\n".join(lines)


def _file_name(staff_id: int, teacher: str) -> str:
    """The teacher's name, safe on Windows too, with their number: two teachers of one
    name keep a file each."""
    stem = safe_stem(teacher)
    return f"{stem}-{staff_id}.ics" if stem else f"teacher-{staff_id}.ics"
