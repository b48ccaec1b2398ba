from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.calendar_file import (
    Entry,
    Organizer,
    cancelled_talk_calendar,
    talk_calendar,
    talk_uid,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STAMP = datetime(2026, 11, 23, tzinfo=UTC)


def entry(start: datetime, sequence: int = 0, organizer: Organizer | None = None) -> Entry:
    return Entry(
        uid=talk_uid(7),
        sequence=sequence,
        starts_at=start,
        ends_at=start + timedelta(minutes=15),
        tz=AMSTERDAM,
        summary="Oudergesprek Noor",
        location="Lokaal 1/2A",
        stamp=STAMP,
        organizer=organizer,
    )


def make(start: datetime, sequence: int = 0) -> Calendar:
    data = talk_calendar(
        entry(start, sequence),
        description="Met juf Marloes",
        alarm_text="Oudergesprek over een uur",
    )
    return Calendar.from_ical(data)


def cancel(start: datetime, sequence: int) -> Calendar:
    return Calendar.from_ical(cancelled_talk_calendar(entry(start, sequence)))


def only_event(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


def test_the_event_is_in_the_school_zone_with_location_and_an_alarm():
    calendar = make(datetime(2026, 12, 8, 13, 30, tzinfo=UTC))
    event = only_event(calendar)
    assert event["DTSTART"].dt == datetime(2026, 12, 8, 14, 30, tzinfo=AMSTERDAM)
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert str(event["LOCATION"]) == "Lokaal 1/2A"
    alarm = next(iter(event.walk("VALARM")))
    assert alarm["TRIGGER"].dt == -timedelta(hours=1)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_after_the_october_change_the_local_hour_is_still_right():
    event = only_event(make(datetime(2026, 10, 26, 13, 0, tzinfo=UTC)))
    assert event["DTSTART"].dt.hour == 14
    assert event["DTSTART"].dt.utcoffset() == timedelta(hours=1)


def test_a_moved_talk_is_the_same_entry_one_version_up():
    booked = make(datetime(2026, 12, 8, 13, 30, tzinfo=UTC))
    moved = make(datetime(2026, 12, 9, 15, 0, tzinfo=UTC), sequence=1)
    assert str(booked["METHOD"]) == str(moved["METHOD"]) == "PUBLISH"
    first, second = only_event(booked), only_event(moved)
    assert str(first["UID"]) == str(second["UID"]) == "booking-7@parentbot"
    assert (first["SEQUENCE"], second["SEQUENCE"]) == (0, 1)
    assert second["DTSTART"].dt == datetime(2026, 12, 9, 16, 0, tzinfo=AMSTERDAM)


def test_a_cancelled_talk_is_removed_by_uid_with_a_higher_version_and_no_alarm():
    calendar = cancel(datetime(2026, 12, 8, 13, 30, tzinfo=UTC), sequence=2)
    assert str(calendar["METHOD"]) == "CANCEL"
    event = only_event(calendar)
    assert str(event["UID"]) == "booking-7@parentbot"
    assert event["SEQUENCE"] == 2
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["DTSTART"].dt == datetime(2026, 12, 8, 14, 30, tzinfo=AMSTERDAM)
    assert list(event.walk("VALARM")) == []
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_the_school_organizes_both_files_when_it_gave_an_e_mail_address():
    school = Organizer("Basisschool De Regenboog", "info@regenboog.example.nl")
    start = datetime(2026, 12, 8, 13, 30, tzinfo=UTC)
    for build in (talk_calendar, cancelled_talk_calendar):
        stated = entry(start, 1, school)
        if build is talk_calendar:
            data = talk_calendar(stated, description="Met juf", alarm_text="Over een uur")
        else:
            data = cancelled_talk_calendar(stated)
        organizer = only_event(Calendar.from_ical(data))["ORGANIZER"]
        assert str(organizer) == "mailto:info@regenboog.example.nl"
        assert organizer.params["CN"] == "Basisschool De Regenboog"
    assert "ORGANIZER" not in only_event(make(start))  # no address given: none made up
