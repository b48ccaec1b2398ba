"""Which notifications are due: a pure function of the school's state and the time now.

The planner runs every minute. It returns every notification that should exist by now,
each with a de-duplication key; the outbox keeps one row per key, so planning again and
again sends each message once. What depends on the state at the moment it falls due
(invitations, nudges, escalations) is planned when it falls due; appointment reminders
are planned as soon as the booking exists, so their time is exact and visible.

Each notification also gets the moment it goes stale (`expires_at`): an invitation when
booking closes, a nudge when the next one is due, a reminder when the next reminder is due
or the talk begins. After downtime, what is still useful is sent and the rest dropped.
Quiet hours are kept by the deliverer, which holds everything until the morning.

Information meetings (invitation, nudge, reminders, the teachers' families to call) are
planned from the same state by `scheduling/meeting_planner.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.domain import dedup_keys
from bot.domain.notification_kind import NotificationKind
from bot.domain.person_kind import PersonKind
from bot.domain.rounds import Round
from bot.domain.school_state import (
    BookingFacts,
    GuardianFacts,
    LinkFacts,
    PupilFacts,
    RecordFacts,
    SchoolState,
    TeacherFacts,
)
from bot.domain.timing import Offset
from scheduling.meeting_planner import plan_meetings
from scheduling.notification import Notification

__all__ = [
    "BookingFacts",
    "GuardianFacts",
    "LinkFacts",
    "Notification",
    "PupilFacts",
    "Rules",
    "SchoolState",
    "TeacherFacts",
    "plan",
]

EVALUATION_TIME = time(9, 0)  # the morning of the evaluation date, school time
EVALUATION_STALE = timedelta(days=7)
DIGEST_TIME = time(19, 0)  # the evening before a teacher's talk day, school time

# The guide: parents know time, duration, form, place and purpose at the latest a week
# before; reminders this long before the talk carry all of that.
DETAILS_FROM = timedelta(days=2)
# Two nudges closer together than this would nag; the later one wins.
MIN_NUDGE_GAP = timedelta(days=1)
# An escalation stays useful until the round's last talk (or this long after closing).
ESCALATION_USEFUL = timedelta(days=14)


_ONE_DAY = Offset(days=1)
_DEFAULT_NUDGES = (Offset(days=3), Offset(days=6))
_DEFAULT_REMINDERS = (Offset(days=7), _ONE_DAY)


@dataclass(frozen=True)
class Rules:
    tz: tzinfo
    nudge_after: tuple[Offset, ...] = _DEFAULT_NUDGES
    nudge_before_close: Offset | None = _ONE_DAY
    reminder_offsets: tuple[Offset, ...] = _DEFAULT_REMINDERS
    digest_time: time = DIGEST_TIME


CHANGE_MARGIN = timedelta(hours=1)


def plan(state: SchoolState, rules: Rules, now: datetime) -> list[Notification]:
    """Every notification that should be in the outbox by `now`, in due order."""
    school = _Index(state)
    found: list[Notification] = []
    for round_ in state.rounds:
        if round_.is_open(now):
            found += _invitations(school, round_)
            found += _nudges(school, round_, rules, now)
        elif round_.has_closed(now):
            found += _escalations(school, round_, now)
    for booking in state.bookings:
        booked_round = school.rounds.get(booking.round_id)
        if booked_round is not None:
            found += _reminders(school, booked_round, booking, rules, now)
    found += _digests(state.bookings, rules, now)
    found += _evaluations(school, state.records, rules, now)
    found += plan_meetings(state.meetings, school.teachers_of_group, rules.tz, now)
    return sorted(found, key=lambda n: (n.not_before, n.dedup_key))


def _evaluations(
    school: _Index, records: Iterable[RecordFacts], rules: Rules, now: datetime
) -> list[Notification]:
    """On the evaluation date: every parent of the pupil and the teacher get the agreements
    again, to say how they went.

    Once per talk, evaluation date and person: a corrected record keeps its key (its
    agreements are read when the reminder is sent); a new evaluation date makes a new one,
    and the reminder for the old date finds itself stale when its time comes.
    """
    found = []
    for record in records:
        due = datetime.combine(record.evaluate_on, EVALUATION_TIME, rules.tz).astimezone(UTC)
        if now >= due + EVALUATION_STALE:
            continue
        links = school.links_of_pupil.get(record.pupil_id, [])
        guardians = sorted({link.guardian_id for link in links})
        recipients = [(PersonKind.STAFF, record.staff_id)]
        recipients += [(PersonKind.GUARDIAN, g) for g in guardians]
        for kind, person in recipients:
            found.append(
                Notification(
                    dedup_key=dedup_keys.evaluation(
                        record.booking_id, record.evaluate_on, kind, person
                    ),
                    recipient_kind=kind,
                    recipient_id=person,
                    kind=NotificationKind.EVALUATION,
                    not_before=due,
                    expires_at=due + EVALUATION_STALE,
                    params={
                        "booking_id": record.booking_id,
                        "evaluate_on": record.evaluate_on.isoformat(),
                    },
                )
            )
    return found


def _digests(bookings: Iterable[BookingFacts], rules: Rules, now: datetime) -> list[Notification]:
    """Each teacher, the evening before a day with booked talks: that day's talks with the
    parents' answers (rendered when sent, so later bookings and answers are in it)."""
    first_talk: dict[tuple[int, date], datetime] = {}
    for booking in bookings:
        day = booking.starts_at.astimezone(rules.tz).date()
        key = (booking.staff_id, day)
        first_talk[key] = min(first_talk.get(key, booking.starts_at), booking.starts_at)
    found = []
    for (staff_id, day), first in sorted(first_talk.items()):
        if now >= first:
            continue
        evening = datetime.combine(day - timedelta(days=1), rules.digest_time, rules.tz)
        found.append(
            Notification(
                dedup_key=dedup_keys.digest(staff_id, day),
                recipient_kind=PersonKind.STAFF,
                recipient_id=staff_id,
                kind=NotificationKind.DIGEST,
                not_before=evening.astimezone(UTC),
                expires_at=first,
                params={"day": day.isoformat()},
            )
        )
    return found


class _Index:
    """The state, looked up the ways the rules need."""

    def __init__(self, state: SchoolState) -> None:
        self.rounds = {r.id: r for r in state.rounds}
        self.guardians = {g.id: g for g in state.guardians}
        self.pupil_group = {p.id: p.group_id for p in state.pupils}
        self.links_of_pupil: dict[int, list[LinkFacts]] = defaultdict(list)
        self.links_of_guardian: dict[int, list[LinkFacts]] = defaultdict(list)
        for link in state.links:
            if link.guardian_id in self.guardians and link.pupil_id in self.pupil_group:
                self.links_of_pupil[link.pupil_id].append(link)
                self.links_of_guardian[link.guardian_id].append(link)
        self.teachers_of_group: dict[int, list[int]] = defaultdict(list)
        for teacher in state.teachers:
            self.teachers_of_group[teacher.group_id].append(teacher.staff_id)
        self.booked: set[tuple[int, int, str]] = set()  # (round, pupil, household)
        self.booked_pupils: set[tuple[int, int]] = set()
        for booking in state.bookings:
            self.booked.add((booking.round_id, booking.pupil_id, booking.household))
            self.booked_pupils.add((booking.round_id, booking.pupil_id))

    def in_round(self, round_: Round, pupil_id: int) -> bool:
        return round_.includes(pupil_id, self.pupil_group.get(pupil_id))

    def link_unbooked(self, round_: Round, link: LinkFacts) -> bool:
        """Whether this guardian's child still has no talk they can count as theirs."""
        if round_.per_household:
            return (round_.id, link.pupil_id, link.household) not in self.booked
        return (round_.id, link.pupil_id) not in self.booked_pupils

    def pupil_unbooked(self, round_: Round, pupil_id: int) -> bool:
        if not round_.per_household:
            return (round_.id, pupil_id) not in self.booked_pupils
        households = {link.household for link in self.links_of_pupil.get(pupil_id, [])} or {""}
        return any((round_.id, pupil_id, h) not in self.booked for h in households)

    def guardians_in_round(self, round_: Round) -> Iterable[int]:
        return sorted(
            guardian_id
            for guardian_id, links in self.links_of_guardian.items()
            if any(self.in_round(round_, link.pupil_id) for link in links)
        )


def _invitations(school: _Index, round_: Round) -> list[Notification]:
    """One invitation per guardian per round, covering all their children in it."""
    return [
        Notification(
            dedup_key=dedup_keys.invitation(round_.id, guardian_id),
            recipient_kind=PersonKind.GUARDIAN,
            recipient_id=guardian_id,
            kind=NotificationKind.INVITATION,
            not_before=round_.booking_opens_at,
            expires_at=round_.booking_closes_at,
            params={"round_id": round_.id},
        )
        for guardian_id in school.guardians_in_round(round_)
    ]


def nudge_times(round_: Round, rules: Rules) -> list[tuple[str, datetime]]:
    """(label, due) of the round's nudges, in order, none closer than a day to another.

    When two would fall close together (a short booking period), the later one is kept:
    the day before closing matters most.
    """
    opens, closes = round_.booking_opens_at, round_.booking_closes_at
    after = rules.nudge_after if round_.nudge_after is None else round_.nudge_after
    candidates = [(offset.label, offset.after(opens, rules.tz)) for offset in after]
    if rules.nudge_before_close is not None:
        due = rules.nudge_before_close.before(closes, rules.tz)
        candidates.append((f"close-{rules.nudge_before_close.label}", due))
    kept: list[tuple[str, datetime]] = []
    later = closes
    for label, due in sorted(candidates, key=lambda c: c[1], reverse=True):
        if _a_day_apart(opens, due, rules.tz) and _a_day_apart(due, later, rules.tz):
            kept.append((label, due))
            later = due
    return kept[::-1]


def _a_day_apart(earlier: datetime, later: datetime, tz: tzinfo) -> bool:
    """At least a day apart on the school's clocks: nudges are planned in wall-clock days,
    and the day the clocks go forward has only 23 hours."""
    return _wall(later, tz) - _wall(earlier, tz) >= MIN_NUDGE_GAP


def _wall(moment: datetime, tz: tzinfo) -> datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


def _nudges(school: _Index, round_: Round, rules: Rules, now: datetime) -> list[Notification]:
    """The nudge whose turn it is, to guardians in Telegram with a child still unbooked.

    A guardian who was not yet in Telegram when the nudge fell due gets their invitation
    the moment they link; nudging them on top would only repeat it (they get the next one).
    A nudge goes stale when the next one is due.
    """
    times = nudge_times(round_, rules)
    current = None
    for index, (label, due) in enumerate(times):
        until = times[index + 1][1] if index + 1 < len(times) else round_.booking_closes_at
        if due <= now < until:
            current = (label, due, until)
    if current is None:
        return []
    label, due, until = current
    found = []
    for guardian_id in school.guardians_in_round(round_):
        guardian = school.guardians[guardian_id]
        if guardian.linked_at is None or guardian.linked_at > due or guardian.unreachable:
            continue
        if not any(
            school.in_round(round_, link.pupil_id) and school.link_unbooked(round_, link)
            for link in school.links_of_guardian[guardian_id]
        ):
            continue
        found.append(
            Notification(
                dedup_key=dedup_keys.nudge(round_.id, guardian_id, label),
                recipient_kind=PersonKind.GUARDIAN,
                recipient_id=guardian_id,
                kind=NotificationKind.NUDGE,
                not_before=due,
                expires_at=until,
                params={"round_id": round_.id},
            )
        )
    return found


def _escalations(school: _Index, round_: Round, now: datetime) -> list[Notification]:
    """When booking closes: each teacher with pupils still unbooked gets their list."""
    useful_until = round_.talks_end or round_.booking_closes_at + ESCALATION_USEFUL
    if now >= useful_until:
        return []
    teachers: set[int] = set()
    for pupil_id, group_id in school.pupil_group.items():
        if school.in_round(round_, pupil_id) and school.pupil_unbooked(round_, pupil_id):
            teachers.update(school.teachers_of_group.get(group_id, []))
    return [
        Notification(
            dedup_key=dedup_keys.escalation(round_.id, staff_id),
            recipient_kind=PersonKind.STAFF,
            recipient_id=staff_id,
            kind=NotificationKind.ESCALATION,
            not_before=round_.booking_closes_at,
            expires_at=useful_until,
            params={"round_id": round_.id},
        )
        for staff_id in sorted(teachers)
    ]


def _reminder_due(offset: Offset, booking: BookingFacts, round_: Round, rules: Rules) -> datetime:
    """When a reminder goes out: its offset before the talk, except that one meant to come
    before the change cut-off ("the day before" with a 24-hour cut-off) comes an hour
    before the cut-off, so its "Can't make it?" buttons still work when it arrives.
    """
    due = offset.before(booking.starts_at, rules.tz)
    if offset.approximate >= round_.change_cutoff:
        due = min(due, booking.starts_at - round_.change_cutoff - CHANGE_MARGIN)
    return due


def _reminders(
    school: _Index, round_: Round, booking: BookingFacts, rules: Rules, now: datetime
) -> list[Notification]:
    """Reminders before a booked talk, to the guardians the talk is for.

    A reminder is planned only if the talk was booked before it falls due ("one week
    before" only for talks booked more than a week ahead), and goes stale when the next
    reminder is due or the talk begins.
    """
    if booking.starts_at <= now:
        return []
    offsets = rules.reminder_offsets
    if round_.reminder_offsets is not None:
        offsets = round_.reminder_offsets
    times = [(offset, _reminder_due(offset, booking, round_, rules)) for offset in offsets]
    times = sorted((t for t in times if t[1] > booking.booked_at), key=lambda t: t[1])
    links = school.links_of_pupil.get(booking.pupil_id, [])
    if round_.per_household:
        links = [link for link in links if link.household == booking.household]
    found = []
    for index, (offset, due) in enumerate(times):
        until = times[index + 1][1] if index + 1 < len(times) else booking.starts_at
        if now >= until:
            continue
        kind = (
            NotificationKind.APPOINTMENT_DETAILS
            if offset.approximate >= DETAILS_FROM
            else NotificationKind.APPOINTMENT_REMINDER
        )
        for link in sorted(links, key=lambda link: link.guardian_id):
            found.append(
                Notification(
                    dedup_key=dedup_keys.reminder(
                        booking.id, booking.slot_id, offset.label, link.guardian_id
                    ),
                    recipient_kind=PersonKind.GUARDIAN,
                    recipient_id=link.guardian_id,
                    kind=kind,
                    not_before=due,
                    expires_at=until,
                    params={
                        "booking_id": booking.id,
                        "slot_id": booking.slot_id,
                        "offset": offset.label,
                    },
                )
            )
    return found
