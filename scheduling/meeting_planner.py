"""Which messages about information meetings are due: pure, like the rounds' planner.

Times (seed 003, issue 20): the invitation when invitations open, to every invited guardian
(the outbox keeps it for one not in Telegram yet and sends it when they link); one nudge
three days before answers close to those in Telegram who have not answered, but never
within a day of their own invitation; reminders a week and a day before to those coming or
perhaps coming; and two days before answers close, but never within a day of the first
invitation sent, each teacher whose group has families the bot cannot reach or who did not
answer gets them listed, the organiser the whole list. Gaps count from when invitations
were really sent, not from the plan's opening: a plan applied late, a group added late or
a night of downtime must not bring invitation, nudge and list in the same minute.

The nudge is planned per answer deadline and the reminders per start, so a plan that moves
them plans them anew; the renderer finds the old ones stale. What changes in between (an
answer, a cancellation) is re-checked by the renderer at send time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo

from bot.domain import dedup_keys
from bot.domain.clock import to_db
from bot.domain.meetings import Meeting
from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind
from bot.domain.school_state import MeetingFacts, MeetingInviteeFacts
from bot.domain.timing import Offset
from scheduling.notification import Notification

NUDGE_BEFORE_CLOSE = Offset(days=3)
NOT_REACHED_BEFORE_CLOSE = Offset(days=2)
REMINDERS = (Offset(days=7), Offset(days=1))
# A nudge (or the teachers' list) closer than this to the invitation would only repeat it
# (or ask teachers to call families who have not had a chance to answer).
AFTER_INVITATION = timedelta(days=1)


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


def nudge_due(meeting: Meeting, invitee: MeetingInviteeFacts, tz: tzinfo) -> datetime | None:
    """When the guardian's nudge goes out: three days before answers close and a day after
    their invitation was sent. None while it was not sent, or when that is too late."""
    if invitee.invited_at is None:
        return None
    due = max(
        NUDGE_BEFORE_CLOSE.before(meeting.rsvp_closes_at, tz),
        invitee.invited_at + AFTER_INVITATION,
    )
    return due if due < meeting.rsvp_closes_at else None


def not_reached_due(facts: MeetingFacts, tz: tzinfo, now: datetime) -> datetime | None:
    """Two days before answers close and a day after the first invitation was sent, while
    the meeting is still ahead then. Families in Telegram whose invitations are still on
    their way have had no chance to answer: the list waits for them. Only when nobody can be
    reached in Telegram, or answers have closed, is it due without any invitation sent."""
    meeting = facts.meeting
    due = NOT_REACHED_BEFORE_CLOSE.before(meeting.rsvp_closes_at, tz)
    first = facts.first_invited_at
    if first is not None:
        due = max(due, first + AFTER_INVITATION)
    elif meeting.answers_open(now) and any(i.reachable for i in facts.invitees):
        return None
    return due if due < meeting.starts_at else None


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
    """To guardians in Telegram who have not answered, each at their own time."""
    meeting = facts.meeting
    answered = {reply.guardian_id for reply in facts.replies}
    found = []
    for invitee in facts.invitees:
        if not invitee.reachable or invitee.guardian_id in answered:
            continue
        due = nudge_due(meeting, invitee, tz)
        if due is None or now < due:
            continue
        closes = meeting.rsvp_closes_at
        found.append(
            _to_guardian(
                NotificationKind.MEETING_NUDGE,
                dedup_keys.meeting_nudge(meeting.id, invitee.guardian_id, closes),
                meeting,
                invitee,
                due,
                closes,
                closes=to_db(closes),
            )
        )
    return found


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
                    dedup_keys.meeting_reminder(
                        meeting.id, invitee.guardian_id, offset.label, meeting.starts_at
                    ),
                    meeting,
                    invitee,
                    due,
                    stale,
                    offset=offset.label,
                    starts=to_db(meeting.starts_at),
                )
            )
    return found


def _not_reached(
    facts: MeetingFacts, teachers_of_group: Mapping[int, Sequence[int]], tz: tzinfo, now: datetime
) -> list[Notification]:
    """To each teacher of a group with families to call, and to the organiser (the whole
    list): families not in Telegram, refused by it, or without an answer."""
    meeting = facts.meeting
    due = not_reached_due(facts, tz, now)
    if due is None or now < due:
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
