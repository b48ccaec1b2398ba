"""A real database with the example school, a sandbox with Telegram's limits (scaled), a
PTB Bot speaking HTTP to it, and a deliverer with a test notification kind."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from telegram import Bot

from bot.config import Settings
from bot.domain.clock import ManualClock, to_db
from bot.i18n import Translations
from bot.sandbox import Sandbox, SimUser
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from bot.storage import outbox
from bot.storage.database import Database
from bot.telegram.notification_kinds import RENDERERS
from bot.telegram.notifications import Outgoing, RenderContext, for_delivery
from scheduling.delivery import Deliverer
from tests.conftest import EXAMPLES

TIME_SCALE = 0.02  # a Telegram "second" lasts 20 ms here


async def render_note(ctx: RenderContext, params: Mapping[str, Any]) -> Outgoing | None:
    """A test kind: its text, and the language it was rendered in."""
    if params.get("gone"):
        return None
    return Outgoing(f"{params['text']} [{ctx.reader.language}]")


TEST_RENDERERS = {**RENDERERS, "note": render_note}


@dataclass
class Post:
    """The example school's database, the sandbox, and a deliverer between them."""

    db: Database
    sandbox: Sandbox
    clock: ManualClock
    deliverer: Deliverer

    async def person_id(self, name: str, kind: str = "guardian") -> int:
        table = "guardians" if kind == "guardian" else "staff"
        async with (
            self.db.read() as conn,
            conn.execute(f"SELECT id FROM {table} WHERE name = ?", (name,)) as cursor,
        ):
            row = await cursor.fetchone()
        assert row is not None, name
        return int(row["id"])

    async def connect(self, name: str, kind: str = "guardian", *, started: bool = True) -> SimUser:
        """A person whose chat with the bot exists (as after opening their link)."""
        user = self.sandbox.create_user(name.split()[0])
        user.started = started
        table = "guardians" if kind == "guardian" else "staff"
        linked = to_db(self.clock.now() - timedelta(days=1))
        async with self.db.transaction() as conn:
            await conn.execute(
                f"UPDATE {table} SET telegram_user_id = ?, telegram_chat_id = ?, linked_at = ?"
                " WHERE name = ?",
                (user.id, user.id, linked, name),
            )
        return user

    async def note(
        self, name: str, text: str, *, key: str | None = None, kind: str = "guardian", **extra: Any
    ) -> None:
        """Queue a test notification for a person, due now unless `not_before` says else."""
        person = await self.person_id(name, kind)
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await outbox.enqueue(
                conn,
                recipient_kind=kind,
                recipient_id=person,
                kind="note",
                params={"text": text, **extra.pop("params", {})},
                not_before=extra.pop("not_before", now),
                expires_at=extra.pop("expires_at", None),
                dedup_key=key or f"note:{text}",
                now=now,
            )

    async def rows(self) -> list[dict[str, Any]]:
        async with self.db.read() as conn, conn.execute("SELECT * FROM outbox ORDER BY id") as c:
            return [dict(row) for row in await c.fetchall()]

    async def status(self, text: str) -> str:
        return next(r["status"] for r in await self.rows() if f'"{text}"' in r["params"])


@pytest.fixture
def delivery_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"quiet_hours": "", "delivery_max_attempts": 3})


@pytest.fixture
async def post(
    db: Database, delivery_settings: Settings, clock: ManualClock
) -> AsyncIterator[Post]:
    for importer, name in ((import_roster, "roster"), (import_staff, "staff")):
        data = (EXAMPLES / f"regenboog-{name}.csv").read_bytes()
        await importer(db, data, default_language="nl", clock=clock)
    async with Sandbox(time_scale=TIME_SCALE) as sandbox:
        api = sandbox.api_url
        async with Bot(
            sandbox.token, base_url=f"{api}/bot", base_file_url=f"{api}/file/bot"
        ) as bot:
            deliverer = Deliverer(
                db,
                bot,
                delivery_settings,
                clock,
                for_delivery(TEST_RENDERERS, delivery_settings, Translations("nl")),
                time_scale=TIME_SCALE,
            )
            yield Post(db, sandbox, clock, deliverer)
