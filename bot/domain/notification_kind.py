"""Every kind of notification the outbox may hold: one owner for the `outbox.kind` column.

A `StrEnum`, so a member is the very text the outbox stores ("invitation", "booking_made"…):
rows already in databases keep working, and a value may never change without a migration.
Who queues each kind is said by its member; the Telegram layer's registry
(`bot/telegram/notification_kinds.py`) has a renderer for every member, which a test checks.
"""

from __future__ import annotations

from enum import StrEnum


class NotificationKind(StrEnum):
    # Planned by scheduling/planner.py.
    INVITATION = "invitation"
    NUDGE = "nudge"
    ESCALATION = "escalation"
    APPOINTMENT_DETAILS = "appointment_details"
    APPOINTMENT_REMINDER = "appointment_reminder"
    DIGEST = "digest"  # the evening before a teacher's talk day
    EVALUATION = "evaluation"  # on the evaluation date of the agreements
    # Queued by the deliverer when Telegram refuses a parent.
    UNREACHABLE_GUARDIAN = "unreachable_guardian"
    # Queued by bot/services/talk_news.py: one per person and talk, replaced by newer news.
    BOOKING_MADE = "booking_made"
    BOOKING_CANCELLED = "booking_cancelled"
    TEACHER_BOOKING = "teacher_booking"
    # Queued by bot/services/booking.py: "none of these times suits me".
    TIME_REQUEST = "time_request"
    # Queued by bot/services/questions.py when a parent sends their answers.
    ANSWERS = "answers"
    # Queued by bot/services/agreements.py, after the talk.
    AGREEMENTS = "agreements"
    NO_SHOW = "no_show"
    LOOK_BACK = "look_back"
    AGREEMENTS_REPLY = "agreements_reply"
    AGREEMENT_PROGRESS = "agreement_progress"
    # Queued by bot/services/conversations.py: messages between parents and teachers.
    PARENT_MESSAGE = "parent_message"
    TEACHER_ANSWER = "teacher_answer"
    # Queued by bot/services/cant_come.py: a parent cannot come to a talk.
    CANT_COME = "cant_come"
    # Planned by scheduling/planner.py for information meetings (seed 003).
    MEETING_INVITATION = "meeting_invitation"
    MEETING_NUDGE = "meeting_nudge"  # to invited guardians who did not answer yet
    MEETING_REMINDER = "meeting_reminder"  # a week and a day before, to those coming
    MEETING_NOT_REACHED = "meeting_not_reached"  # to teachers: families to call
    # Queued by bot/services/year_plan.py: an announced meeting moved or was cancelled.
    MEETING_CHANGED = "meeting_changed"
    # Queued by bot/services/meeting_organiser.py after the meeting.
    MEETING_SUMMARY = "meeting_summary"
