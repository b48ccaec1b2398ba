"""The `.ics` file a parent taps to put the talk in their phone's calendar.

Times carry the school's time zone (with its VTIMEZONE), so the phone shows the right
hour whatever zone it is set to; an alarm reminds the parent an hour before.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

REMINDER_BEFORE = timedelta(hours=1)


def talk_calendar(
    *,
    uid: str,
    starts_at: datetime,
    ends_at: datetime,
    tz: ZoneInfo,
    summary: str,
    location: str,
    description: str,
    alarm_text: str,
    stamp: datetime,
) -> bytes:
    """One event in the school's zone, with a display alarm; texts are already translated."""
    calendar = Calendar()
    calendar.add("prodid", "-//parentbot//parent-teacher talks//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", starts_at.astimezone(tz))
    event.add("dtend", ends_at.astimezone(tz))
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", alarm_text)
    alarm.add("trigger", -REMINDER_BEFORE)
    event.add_component(alarm)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()  # icalendar leaves it unannotated
    return ical
