"""The function that renders each notification kind the outbox may hold.

Explicit on purpose: an outbox row of a kind missing here is marked failed and logged, so
a typo cannot silently drop messages. Keyed by `NotificationKind` (whose members say who
queues each kind), and a test checks that every member has a renderer here; the mapping's
type says `str` because delivery looks a row's stored text up in it. The deliverer renders
at send time.
"""

from __future__ import annotations

from bot.domain.notification_kind import NotificationKind
from bot.telegram import (
    agreements_view,
    answers_view,
    booking_notices,
    cant_come,
    conversation_views,
    invitation_view,
    meeting_summary_view,
    meeting_views,
    other_time,
    reminder_views,
)
from bot.telegram.notifications import Renderer

RENDERERS: dict[str, Renderer] = {
    NotificationKind.INVITATION: invitation_view.render_invitation,
    NotificationKind.NUDGE: invitation_view.render_nudge,
    NotificationKind.ESCALATION: reminder_views.render_escalation,
    NotificationKind.APPOINTMENT_DETAILS: reminder_views.render_appointment_details,
    NotificationKind.APPOINTMENT_REMINDER: reminder_views.render_appointment_reminder,
    NotificationKind.DIGEST: answers_view.render_digest,
    NotificationKind.EVALUATION: agreements_view.render_evaluation,
    NotificationKind.UNREACHABLE_GUARDIAN: reminder_views.render_unreachable_guardian,
    NotificationKind.BOOKING_MADE: booking_notices.render_booking_made,
    NotificationKind.BOOKING_CANCELLED: booking_notices.render_booking_cancelled,
    NotificationKind.TEACHER_BOOKING: booking_notices.render_teacher_booking,
    NotificationKind.TIME_REQUEST: other_time.render_time_request,
    NotificationKind.ANSWERS: answers_view.render_answers,
    NotificationKind.AGREEMENTS: agreements_view.render_agreements,
    NotificationKind.NO_SHOW: agreements_view.render_no_show,
    NotificationKind.LOOK_BACK: agreements_view.render_look_back,
    NotificationKind.AGREEMENTS_REPLY: agreements_view.render_reply,
    NotificationKind.AGREEMENT_PROGRESS: agreements_view.render_progress,
    NotificationKind.PARENT_MESSAGE: conversation_views.render_parent_message,
    NotificationKind.TEACHER_ANSWER: conversation_views.render_teacher_answer,
    NotificationKind.CANT_COME: cant_come.render_cant_come,
    NotificationKind.MEETING_INVITATION: meeting_views.render_meeting_invitation,
    NotificationKind.MEETING_NUDGE: meeting_views.render_meeting_nudge,
    NotificationKind.MEETING_REMINDER: meeting_views.render_meeting_reminder,
    NotificationKind.MEETING_NOT_REACHED: meeting_views.render_meeting_not_reached,
    NotificationKind.MEETING_CHANGED: meeting_views.render_meeting_changed,
    NotificationKind.MEETING_SUMMARY: meeting_summary_view.render_meeting_summary,
}
