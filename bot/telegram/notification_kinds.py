"""Every notification kind the outbox may hold, and the function that renders it.

Explicit on purpose: an outbox row of a kind missing here is marked failed and logged, so
a typo cannot silently drop messages. Kinds are planned by `scheduling/planner.py` or
queued by services (booking); the deliverer renders them at send time.
"""

from __future__ import annotations

from bot.services import talk_news
from bot.telegram import (
    agreements_view,
    answers_view,
    booking_notices,
    invitation_view,
    reminder_views,
)
from bot.telegram.notifications import Renderer
from scheduling import planner

RENDERERS: dict[str, Renderer] = {
    # Planned by scheduling/planner.py.
    planner.INVITATION: invitation_view.render_invitation,
    planner.NUDGE: invitation_view.render_nudge,
    planner.ESCALATION: reminder_views.render_escalation,
    planner.APPOINTMENT_DETAILS: reminder_views.render_appointment_details,
    planner.APPOINTMENT_REMINDER: reminder_views.render_appointment_reminder,
    # Queued by the deliverer when Telegram refuses a parent.
    planner.UNREACHABLE_GUARDIAN: reminder_views.render_unreachable_guardian,
    # Queued by bot/services/talk_news.py: one per person and talk, replaced by newer news.
    talk_news.GUARDIAN_BOOKED: booking_notices.render_booking_made,
    talk_news.GUARDIAN_CANCELLED: booking_notices.render_booking_cancelled,
    talk_news.TEACHER: booking_notices.render_teacher_booking,
    # Queued by bot/services/booking.py.
    "time_request": booking_notices.render_time_request,
    # Queued by bot/services/questions.py when a parent sends their answers.
    "answers": answers_view.render_answers,
    # Planned by scheduling/planner.py: the evening before a teacher's talk day.
    planner.DIGEST: answers_view.render_digest,
    # After the talk: queued by bot/services/agreements.py; the evaluation by the planner.
    "agreements": agreements_view.render_agreements,
    "no_show": agreements_view.render_no_show,
    "look_back": agreements_view.render_look_back,
    "agreements_reply": agreements_view.render_reply,
    "agreement_progress": agreements_view.render_progress,
    planner.EVALUATION: agreements_view.render_evaluation,
}
