"""The demo's own endpoints for the page: the people of the demo school, and its clock.

They exist only under `parentbot sandbox`: a real school has no list of people to play and
no clock to move. Both act the way the page's visitors would expect of a school's phones:
choosing a person opens their invitation link once, on one account, that stays theirs (a
code connects exactly one account, so a reload or the other pane must not open it again).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.domain.clock import OffsetClock
from bot.sandbox.server import Sandbox
from bot.sandbox.web import client_error, json_body, user_json
from bot.services.invitations import Invitation
from bot.storage.planning import load_school_state
from scheduling.clock import SchedulingClock, scheduler_of

# The page's clock buttons; "day-before-talk" is worked out from the bookings.
STEPS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
DAY_BEFORE_TALK = "day-before-talk"


class DemoControls:
    def __init__(
        self,
        sandbox: Sandbox,
        invitations: list[Invitation],
        clock: OffsetClock,
        timezone: ZoneInfo,
    ) -> None:
        self._sandbox = sandbox
        self._invitations = {invitation.person.ref: invitation for invitation in invitations}
        self._clock = clock
        self._timezone = timezone
        self._accounts: dict[str, int] = {}  # person ref -> the simulated user playing them
        self._bot_data: MutableMapping[Any, Any] | None = None

    def attach(self, bot_data: MutableMapping[Any, Any]) -> None:
        """The bot runs: its scheduler is reachable through `bot_data` from now on.

        The bot starts after the sandbox (it needs the sandbox's address), while the routes
        must be known before the sandbox serves; hence this second step.
        """
        self._bot_data = bot_data

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/sandbox/demo/people", self.people),
            web.post("/sandbox/demo/people/{ref}/chat", self.open_chat),
            web.get("/sandbox/demo/clock", self.clock),
            web.post("/sandbox/demo/clock", self.advance_clock),
        ]

    async def people(self, request: web.Request) -> web.Response:
        return web.json_response(
            [
                {
                    "ref": person.ref,
                    "kind": person.kind,
                    "name": person.name,
                    "language": person.language,
                    "role": person.role,
                    "groups": person.groups,
                    "children": person.children,
                }
                for person in (invitation.person for invitation in self._invitations.values())
            ]
        )

    async def open_chat(self, request: web.Request) -> web.Response:
        """The simulated user playing this person; the first time, they open their link."""
        ref = request.match_info["ref"]
        invitation = self._invitations.get(ref)
        if invitation is None:
            raise client_error(web.HTTPNotFound, "no such person in the demo school")
        user_id = self._accounts.get(ref)
        if user_id is not None:
            return web.json_response(user_json(self._sandbox.user(user_id)))
        first_name, _, last_name = invitation.person.name.partition(" ")
        user = self._sandbox.create_user(
            first_name, last_name=last_name or None, language_code=invitation.person.language
        )
        self._accounts[ref] = user.id
        await user.start(invitation.code)
        return web.json_response(user_json(user), status=201)

    async def clock(self, request: web.Request) -> web.Response:
        return web.json_response(self._clock_json())

    async def advance_clock(self, request: web.Request) -> web.Response:
        """Move the demo's time forward, then plan and send what fell due, as the bot would."""
        scheduler = scheduler_of(self._bot_data or {})
        if scheduler is None:
            raise client_error(web.HTTPServiceUnavailable, "the bot is not running yet")
        step = (await json_body(request)).get("step")
        if step == DAY_BEFORE_TALK:
            moment = await self._day_before_next_talk(scheduler)
            if moment is None:
                raise client_error(web.HTTPConflict, "no booked talk is more than a day away")
            self._clock.advance(max(moment - self._clock.now(), timedelta(0)))
        elif isinstance(step, str) and step in STEPS:
            self._clock.advance(STEPS[step])
        else:
            choices = ", ".join([*STEPS, DAY_BEFORE_TALK])
            raise client_error(web.HTTPBadRequest, f"step must be one of: {choices}")
        await scheduler.tick()
        return web.json_response(self._clock_json())

    async def _day_before_next_talk(self, scheduler: SchedulingClock) -> datetime | None:
        """A day before the first talk that is more than a day away, on the school's wall
        clock as reminders count days: by then its "day before" reminder has gone out."""
        now = self._clock.now()
        async with scheduler.db.read() as conn:
            state = await load_school_state(conn, now)
        moments = (
            (booking.starts_at.astimezone(self._timezone) - timedelta(days=1)).astimezone(UTC)
            for booking in state.bookings
        )
        return min((moment for moment in moments if moment > now), default=None)

    def _clock_json(self) -> dict[str, str]:
        return {"now": self._clock.now().isoformat(), "timezone": self._timezone.key}
