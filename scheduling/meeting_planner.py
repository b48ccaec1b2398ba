"""Which messages about information meetings are due: pure, like the rounds' planner.

Times (seed 003, issue 20): the invitation when invitations open, to every invited guardian
(the outbox keeps it for one not in Telegram yet and sends it when they link); one nudge
three days before answers close to those in Telegram who have not answered; reminders a
week and a day before to those coming or perhaps coming; and two days before answers
close (never before the nudge) each teacher whose group has families the bot cannot reach
or who did not answer gets them listed, the organiser the whole list. What changes in
between (an answer, a cancellation) is re-checked by the renderer at send time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo

from bot.domain import dedup_keys
from bot.domain.meetings import Meeting
from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind
from bot.domain.school_state import MeetingFacts, MeetingInviteeFacts
from bot.domain.timing import Offset
from scheduling.notification import Notification

NUDGE_BEFORE_CLOSE = Offset(days=3)
NOT_REACHED_BEFORE_CLOSE = Offset(days=2)
REMINDERS = (Offset(days=7), Offset(days=1))
# A nudge closer than this to the invitation would only repeat it.
MIN_NUDGE_GAP = timedelta(days=1)


def plan_meetings(
    meetings: Iterable[MeetingFacts],
    teachers_of_group: Mapping[int, Sequence[int]],
    tz: tzinfo,
    now: datetime,
) -> list[Notification]:
    """Every meeting notification that should be in the outbox by `now`."""
    found: list[Notification] = []
    for facts in meetings:
        meeting = facts.meeting
        if meeting.cancelled or meeting.has_begun(now):
            continue
        if meeting.answers_open(now):
            found += _invitations(facts)
            found += _nudges(facts, tz, now)
        found += _reminders(facts, tz, now)
        found += _not_reached(facts, teachers_of_group, tz, now)
    return found


def nudge_due(meeting: Meeting, tz: tzinfo) -> datetime | None:
    """When the nudge goes out, or None when answers close too soon after the invitation."""
    due = NUDGE_BEFORE_CLOSE.before(meeting.rsvp_closes_at, tz)
    return due if due - meeting.invitations_from >= MIN_NUDGE_GAP else None


def not_reached_due(meeting: Meeting, tz: tzinfo) -> datetime:
    """Two days before answers close, but never before the nudge (or the invitations)."""
    due = NOT_REACHED_BEFORE_CLOSE.before(meeting.rsvp_closes_at, tz)
    return max(due, nudge_due(meeting, tz) or meeting.invitations_from)


def reminder_times(meeting: Meeting, tz: tzinfo) -> list[tuple[Offset, datetime, datetime]]:
    """(offset, due, stale) of each reminder: stale when the next one is due, the last one
    when the meeting begins, so a reminder held up by downtime never doubles the next."""
    times = sorted(
        ((offset, offset.before(meeting.starts_at, tz)) for offset in REMINDERS),
        key=lambda t: t[1],
    )
    ends = [due for _, due in times[1:]] + [meeting.starts_at]
    return [(offset, due, end) for (offset, due), end in zip(times, ends, strict=True)]


def _invitations(facts: MeetingFacts) -> list[Notification]:
    """One per invited guardian, whatever the number of their children."""
    meeting = facts.meeting
    return [
        _to_guardian(
            NotificationKind.MEETING_INVITATION,
            dedup_keys.meeting_invitation(meeting.id, invitee.guardian_id),
            meeting,
            invitee,
            meeting.invitations_from,
            meeting.rsvp_closes_at,
        )
        for invitee in facts.invitees
    ]


def _nudges(facts: MeetingFacts, tz: tzinfo, now: datetime) -> list[Notification]:
    """To guardians in Telegram since before the nudge who have not answered. One who
    linked later got the invitation only just: nudging them on top would repeat it."""
    meeting = facts.meeting
    due = nudge_due(meeting, tz)
    if due is None or now < due:
        return []
    answered = {reply.guardian_id for reply in facts.replies}
    return [
        _to_guardian(
            NotificationKind.MEETING_NUDGE,
            dedup_keys.meeting_nudge(meeting.id, invitee.guardian_id),
            meeting,
            invitee,
            due,
            meeting.rsvp_closes_at,
        )
        for invitee in facts.invitees
        if invitee.reachable
        and invitee.linked_at is not None
        and invitee.linked_at <= due
        and invitee.guardian_id not in answered
    ]


def _reminders(facts: MeetingFacts, tz: tzinfo, now: datetime) -> list[Notification]:
    """The reminder whose turn it is, to invited guardians coming or perhaps coming who
    answered before it fell due (one who answers later has just read it all)."""
    meeting = facts.meeting
    invited = {invitee.guardian_id: invitee for invitee in facts.invitees}
    found = []
    for offset, due, stale in reminder_times(meeting, tz):
        if not due <= now < stale:
            continue
        for reply in facts.replies:
            invitee = invited.get(reply.guardian_id)
            if invitee is None or not reply.coming:
                continue
            if reply.answered_at is not None and reply.answered_at > due:
                continue
            found.append(
                _to_guardian(
                    NotificationKind.MEETING_REMINDER,
                    dedup_keys.meeting_reminder(meeting.id, invitee.guardian_id, offset.label),
                    meeting,
                    invitee,
                    due,
                    stale,
                    offset=offset.label,
                )
            )
    return found


def _not_reached(
    facts: MeetingFacts, teachers_of_group: Mapping[int, Sequence[int]], tz: tzinfo, now: datetime
) -> list[Notification]:
    """To each teacher of a group with families to call, and to the organiser (the whole
    list): families not in Telegram, refused by it, or without an answer."""
    meeting = facts.meeting
    due = not_reached_due(meeting, tz)
    if now < due:
        return []
    answered = {reply.guardian_id for reply in facts.replies}
    missing = [
        invitee
        for invitee in facts.invitees
        if not invitee.reachable or invitee.guardian_id not in answered
    ]
    if not missing:
        return []
    staff = {
        teacher
        for invitee in missing
        for group_id in invitee.group_ids
        for teacher in teachers_of_group.get(group_id, ())
    }
    if meeting.organiser_staff_id is not None:
        staff.add(meeting.organiser_staff_id)
    return [
        Notification(
            dedup_key=dedup_keys.meeting_not_reached(meeting.id, staff_id),
            recipient_kind=PersonKind.STAFF,
            recipient_id=staff_id,
            kind=NotificationKind.MEETING_NOT_REACHED,
            not_before=due,
            expires_at=meeting.starts_at,
            params={"meeting_id": meeting.id},
        )
        for staff_id in sorted(staff)
    ]


def _to_guardian(
    kind: NotificationKind,
    key: str,
    meeting: Meeting,
    invitee: MeetingInviteeFacts,
    due: datetime,
    stale: datetime,
    **params: str,
) -> Notification:
    return Notification(
        dedup_key=key,
        recipient_kind=PersonKind.GUARDIAN,
        recipient_id=invitee.guardian_id,
        kind=kind,
        not_before=due,
        expires_at=stale,
        params={"meeting_id": meeting.id, **params},
    )
