"""Outbox renderers for invitations and nudges: the round, the children, booking buttons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain.person_kind import PersonKind
from bot.services.booking import invitation_in
from bot.telegram.booking_views import invitation_keyboard, invitation_text
from bot.telegram.notifications import Outgoing, RenderContext


async def render_invitation(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """The invitation, or nothing when booking has closed or the family left the round."""
    return await _render(ctx, params, nudge=False)


async def render_nudge(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """A reminder to book, or nothing once every child of this parent has a time."""
    return await _render(ctx, params, nudge=True)


async def _render(ctx: RenderContext, params: Mapping[str, Any], *, nudge: bool) -> Outgoing | None:
    if ctx.recipient_kind != PersonKind.GUARDIAN:
        return None
    invited = await invitation_in(ctx.conn, ctx.recipient_id, int(params["round_id"]))
    if invited is None or not invited.round.is_open(ctx.now):
        return None
    if nudge and all(status.booking for status in invited.children):
        return None
    return Outgoing(
        invitation_text(invited, ctx.reader, ctx.settings, ctx.now, nudge=nudge),
        invitation_keyboard(invited, ctx.reader),
    )
