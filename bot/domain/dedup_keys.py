"""The outbox's de-duplication keys: one function per notification kind, and one per prefix
that withdraws a group of them.

A key decides what counts as the same message: the outbox keeps one row per key (a unique
index), so planning every minute sends each message once, and a newer version gets a new
key. Rows already in databases carry these exact strings, so a format changes only with a
migration (as `0011_evaluation_key.sql` did). Built here only: a prefix that withdraws rows
is the start of the keys it withdraws because those keys are built from it.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.domain.clock import to_db
from bot.domain.person_kind import PersonKind

# -- planned by scheduling/planner.py ---------------------------------------------------------


def invitation(round_id: int, guardian_id: int) -> str:
    """Once per guardian and round."""
    return f"invite:round:{round_id}:guardian:{guardian_id}"


def nudge(round_id: int, guardian_id: int, label: str) -> str:
    """Once per guardian, round and nudge (its offset's label, e.g. `3d` or `close-1d`)."""
    return f"nudge:round:{round_id}:guardian:{guardian_id}:{label}"


def escalation(round_id: int, staff_id: int) -> str:
    """Once per teacher and round."""
    return f"escalate:round:{round_id}:staff:{staff_id}"


def reminder_prefix(booking_id: int) -> str:
    """What all reminders of one booking start with: a cancelled or moved talk withdraws
    them with it."""
    return f"remind:booking:{booking_id}:"


def reminder(booking_id: int, slot_id: int, offset_label: str, guardian_id: int) -> str:
    """Appointment details and reminders: once per booking, time, offset and guardian."""
    return f"{reminder_prefix(booking_id)}slot:{slot_id}:{offset_label}:guardian:{guardian_id}"


def digest(staff_id: int, day: date) -> str:
    """Once per teacher and talk day."""
    return f"digest:staff:{staff_id}:{day.isoformat()}"


def evaluation(booking_id: int, evaluate_on: date, person_kind: PersonKind, person_id: int) -> str:
    """Once per talk, evaluation date and person: a corrected record keeps its key."""
    return f"evaluate:{booking_id}:{evaluate_on.isoformat()}:{person_kind}:{person_id}"


def meeting_invitation(meeting_id: int, guardian_id: int) -> str:
    """Once per guardian and meeting, however many of their children it invites."""
    return f"meeting-invite:{meeting_id}:guardian:{guardian_id}"


def meeting_nudge(meeting_id: int, guardian_id: int, rsvp_closes_at: datetime) -> str:
    """Once per guardian, meeting and answer deadline: the one nudge before answers close,
    planned anew when the plan moves the deadline (the nudge for the old one is stale)."""
    return f"meeting-nudge:{meeting_id}:{to_db(rsvp_closes_at)}:guardian:{guardian_id}"


def meeting_reminder(
    meeting_id: int, guardian_id: int, offset_label: str, starts_at: datetime
) -> str:
    """Once per guardian, meeting, start and reminder (its offset's label, e.g. `7d`): a
    meeting moved after its reminders went out is reminded of again for its new date."""
    return f"meeting-remind:{meeting_id}:{to_db(starts_at)}:{offset_label}:guardian:{guardian_id}"


def meeting_not_reached(meeting_id: int, staff_id: int) -> str:
    """Once per meeting and member of staff (a teacher, or the organiser)."""
    return f"meeting-not-reached:{meeting_id}:staff:{staff_id}"


# -- queued by the deliverer ------------------------------------------------------------------


def unreachable_guardian(guardian_id: int, since: str, staff_id: int) -> str:
    """Once per teacher and time Telegram began refusing the parent (`since`, as stored)."""
    return f"unreachable:guardian:{guardian_id}:{since}:staff:{staff_id}"


# -- queued by the services -------------------------------------------------------------------


def talk_news_about(round_id: int, pupil_id: int, household: str) -> str:
    """The talk that booking news is about: part of its key, and its `about` parameter,
    by which a newer change finds the notice that has not reached the person yet."""
    return f"talk:{round_id}:{pupil_id}:{household}"


def talk_entry_news_about(round_id: int, pupil_id: int, household: str, first_booking: int) -> str:
    """One talk that booking news is about: the family's talk in the round as one calendar
    entry, from the booking it began as (`first_booking`) through its moves. A talk called
    off and booked anew is another entry, so news of the new one never swallows the old
    one's cancellation, which every calendar holding the old entry needs."""
    return f"{talk_news_about(round_id, pupil_id, household)}:{first_booking}"


def talk_news(
    about: str, person_kind: PersonKind, person_id: int, was: int | None, is_now: int | None
) -> str:
    """Booking made, cancelled or a teacher's booking news: once per person and change
    from the booking they heard of (`was`) to the one that holds now (`is_now`)."""
    return f"news:{about}:{person_kind}:{person_id}:{was or 0}>{is_now or 0}"


def talk_news_of_change(
    about: str,
    person_kind: PersonKind,
    person_id: int,
    was: int | None,
    is_now: int | None,
    change: tuple[int | None, int | None],
) -> str:
    """Booking news as queued since talks keep their calendar entry: once per person and
    change (`change`: the booking it called off, the booking it made). The same news can be
    true twice — a talk moved away from a teacher, back, and away again is "cancelled" for
    them twice — and the first notice, withdrawn in between, must not silence the second."""
    called_off, made = change
    return f"{talk_news(about, person_kind, person_id, was, is_now)}:{called_off or 0}>{made or 0}"


def time_request(request_id: int, staff_id: int) -> str:
    """Once per request and teacher."""
    return f"time-request:{request_id}:staff:{staff_id}"


def answers_prefix(round_id: int, pupil_id: int, guardian_id: int) -> str:
    """What every sending of one parent's answers starts with: a newer sending withdraws
    the copies still waiting."""
    return f"answers:{round_id}:{pupil_id}:{guardian_id}:"


def answers(
    round_id: int, pupil_id: int, guardian_id: int, sent_at: datetime, staff_id: int
) -> str:
    """Once per sending and teacher."""
    return f"{answers_prefix(round_id, pupil_id, guardian_id)}{sent_at.isoformat()}:{staff_id}"


def no_show(booking_id: int, guardian_id: int) -> str:
    return f"no-show:{booking_id}:guardian:{guardian_id}"


def agreements(booking_id: int, version: int, guardian_id: int) -> str:
    """Once per version of the agreements and guardian: a correction is sent again."""
    return f"agreements:{booking_id}:v{version}:guardian:{guardian_id}"


def look_back(booking_id: int, guardian_id: int) -> str:
    return f"look-back:{booking_id}:guardian:{guardian_id}"


def agreements_reply_prefix(booking_id: int, guardian_id: int, what: str) -> str:
    """What every reply of one kind (`what`) from a parent about a talk starts with: a newer
    reply withdraws the one still waiting."""
    return f"agreements-reply:{booking_id}:{guardian_id}:{what}:"


def agreements_reply(booking_id: int, guardian_id: int, what: str, at: datetime) -> str:
    return f"{agreements_reply_prefix(booking_id, guardian_id, what)}{at.isoformat()}"


def agreement_progress_prefix(agreement_id: int, guardian_id: int) -> str:
    """What every mark of one agreement by a parent starts with: a newer mark withdraws
    the one still waiting."""
    return f"progress:{agreement_id}:{guardian_id}:"


def agreement_progress(agreement_id: int, guardian_id: int, status: str, at: datetime) -> str:
    return f"{agreement_progress_prefix(agreement_id, guardian_id)}{status}:{at.isoformat()}"


def cant_come(notice_id: int, wish: str, staff_id: int) -> str:
    """Once per parent's "I can't come" about a talk, wish and teacher: a parent who asks
    to be called and then chooses another time after all tells the teacher both."""
    return f"cant-come:{notice_id}:{wish}:staff:{staff_id}"


def parent_message(message_id: int, staff_id: int) -> str:
    """A parent's message within working hours (or urgent): once per message and teacher."""
    return f"parent-message:{message_id}:staff:{staff_id}"


def parent_messages(pupil_id: int, staff_id: int, reaches_at: datetime) -> str:
    """Parents' messages written outside working hours: one message per pupil, teacher and
    working period that they wait for, which reads every message waiting when sent."""
    return f"parent-messages:{pupil_id}:staff:{staff_id}:{reaches_at.isoformat()}"


def meeting_changed_prefix(meeting_id: int, guardian_id: int) -> str:
    """What every change notice of one meeting to one guardian starts with: a newer change
    withdraws the notice still waiting, so only the latest news reaches them."""
    return f"meeting-changed:{meeting_id}:guardian:{guardian_id}:"


def meeting_changed(meeting_id: int, change: str, moment: datetime, guardian_id: int) -> str:
    """An announced meeting moved, was cancelled or put back: once per guardian, change and
    moment the plan changing it was applied. The same news can be true twice (cancelled,
    put back, cancelled again; moved back and forth), and each time it is news again."""
    return f"{meeting_changed_prefix(meeting_id, guardian_id)}{change}:{to_db(moment)}"


def meeting_summary(meeting_id: int, guardian_id: int) -> str:
    """After an information meeting: once per meeting and guardian."""
    return f"meeting-summary:{meeting_id}:guardian:{guardian_id}"


def teacher_answer(message_id: int, guardian_id: int) -> str:
    """A teacher's answer in a conversation: once per answer and parent."""
    return f"teacher-answer:{message_id}:guardian:{guardian_id}"
