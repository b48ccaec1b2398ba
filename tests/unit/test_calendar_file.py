from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.calendar_file import talk_calendar

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def make(start: datetime) -> Calendar:
    data = talk_calendar(
        uid="booking-7@parentbot",
        starts_at=start,
        ends_at=start + timedelta(minutes=15),
        tz=AMSTERDAM,
        summary="Oudergesprek Noor",
        location="Lokaal 1/2A",
        description="Met juf Marloes",
        alarm_text="Oudergesprek over een uur",
        stamp=datetime(2026, 11, 23, tzinfo=UTC),
    )
    return Calendar.from_ical(data)


def test_the_event_is_in_the_school_zone_with_location_and_an_alarm():
    calendar = make(datetime(2026, 12, 8, 13, 30, tzinfo=UTC))
    event = next(iter(calendar.walk("VEVENT")))
    assert event["DTSTART"].dt == datetime(2026, 12, 8, 14, 30, tzinfo=AMSTERDAM)
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert str(event["LOCATION"]) == "Lokaal 1/2A"
    alarm = next(iter(event.walk("VALARM")))
    assert alarm["TRIGGER"].dt == -timedelta(hours=1)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_after_the_october_change_the_local_hour_is_still_right():
    event = next(iter(make(datetime(2026, 10, 26, 13, 0, tzinfo=UTC)).walk("VEVENT")))
    assert event["DTSTART"].dt.hour == 14
    assert event["DTSTART"].dt.utcoffset() == timedelta(hours=1)
