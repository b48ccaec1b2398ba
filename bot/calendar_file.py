"""The `.ics` file a parent taps to put the talk in their phone's calendar — and the files
that keep that calendar entry right when the talk is moved or cancelled.

Times carry the school's time zone (with its VTIMEZONE), so the phone shows the right
hour whatever zone it is set to; an alarm reminds the parent an hour before.

One talk is one calendar entry: every file about it names the same UID (`talk_uid`, from
the booking the talk began as), and each later file a higher SEQUENCE, so a calendar
replaces the entry it holds instead of adding a second one. A cancelled talk gets a
METHOD:CANCEL file with STATUS:CANCELLED, which removes the entry and its alarm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vCalAddress, vText

REMINDER_BEFORE = timedelta(hours=1)


@dataclass(frozen=True)
class Organizer:
    """Who sends the entries: the school, by its e-mail address (SCHOOL_EMAIL)."""

    name: str
    email: str


def talk_uid(first_booking_id: int) -> str:
    """The UID of a talk's calendar entry. The same text the files sent before talks kept
    their entry carried (`booking-<id>`), so moving such a talk updates what phones hold."""
    return f"booking-{first_booking_id}@parentbot"


@dataclass(frozen=True)
class Entry:
    """One version of a talk's calendar entry: what every file about it states."""

    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    tz: ZoneInfo
    summary: str  # already translated, plain text
    location: str
    stamp: datetime
    organizer: Organizer | None = None


def talk_calendar(entry: Entry, *, description: str, alarm_text: str) -> bytes:
    """The talk as it holds now (version `entry.sequence`), in the school's zone, with a
    display alarm; texts are already translated."""
    event = entry_event(entry)
    event.add("description", description)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", alarm_text)
    alarm.add("trigger", -REMINDER_BEFORE)
    event.add_component(alarm)
    return _file("PUBLISH", event)


def cancelled_talk_calendar(entry: Entry) -> bytes:
    """The cancellation of the entry: a version above every one sent before, so the
    calendar drops the entry (and its alarm) rather than keep the time the reader knew."""
    return _file("CANCEL", cancelled_event(entry))


def cancelled_event(entry: Entry) -> Event:
    """The entry as cancelled: what the parents' cancellation file holds, and what the
    school's calendar export holds for a talk a teacher no longer has."""
    event = entry_event(entry)
    event.add("status", "CANCELLED")
    return event


def entry_event(entry: Entry) -> Event:
    """The talk as an event without description or alarm: what every file about it states,
    and what the school's calendar export holds (bot/paperwork/schedule_files.py)."""
    event = Event()
    if entry.organizer is not None:
        # Calendar apps apply a change or a cancellation from the entry's organizer.
        address = vCalAddress(f"mailto:{entry.organizer.email}")
        address.params["cn"] = vText(entry.organizer.name)
        event.add("organizer", address)
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", entry.stamp)
    event.add("dtstart", entry.starts_at.astimezone(entry.tz))
    event.add("dtend", entry.ends_at.astimezone(entry.tz))
    event.add("summary", entry.summary)
    event.add("location", entry.location)
    return event


def _file(method: str, event: Event) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//parentbot//parent-teacher talks//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()  # icalendar leaves it unannotated
    return ical
