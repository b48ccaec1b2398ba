"""The example school with its year plan, at a moment when the December round is open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.domain.bookings import Actor
from bot.domain.clock import ManualClock
from bot.services import booking, other_time
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from bot.services.year_plan import apply_plan
from bot.storage.database import Database
from tests.conftest import EXAMPLES

PLAN = EXAMPLES / "regenboog-plan-2026-2027.toml"
DURING_BOOKING = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday; the round is open


@dataclass
class Ids:
    """Look up ids of the example school by name."""

    db: Database

    async def one(self, sql: str, *params: object) -> int:
        async with self.db.read() as conn, conn.execute(sql, params) as cursor:
            row = await cursor.fetchone()
        assert row is not None, (sql, params)
        return int(row[0])

    async def guardian(self, name: str) -> int:
        return await self.one("SELECT id FROM guardians WHERE name = ?", name)

    async def pupil(self, first_name: str) -> int:
        return await self.one("SELECT id FROM pupils WHERE first_name = ?", first_name)

    async def staff(self, name: str) -> int:
        return await self.one("SELECT id FROM staff WHERE name = ?", name)

    async def round(self, key: str = "progress-2026-12") -> int:
        return await self.one("SELECT id FROM rounds WHERE plan_key = ?", key)


async def load_school(db: Database, clock: ManualClock, tz) -> Ids:
    for importer, name in ((import_roster, "roster"), (import_staff, "staff")):
        data = (EXAMPLES / f"regenboog-{name}.csv").read_bytes()
        await importer(db, data, default_language="nl", clock=clock)
    await apply_plan(db, PLAN.read_text(encoding="utf-8"), clock=clock, tz=tz)
    clock.set(DURING_BOOKING)
    return Ids(db)


async def wish_other_time(
    db, tz, guardian_id: int, round_id: int, pupil_id: int, text: str, now, user_id: int = 1
) -> None:
    """The parent says no time suits them, with a typed note only (no days ticked)."""
    actor = Actor("guardian", guardian_id)
    assert await other_time.ask_other_time(db, actor, user_id, round_id, pupil_id, now, tz)
    sent = await other_time.send_wish(db, guardian_id, user_id, round_id, text, now, tz)
    assert sent is other_time.Sent.SENT


@dataclass(frozen=True)
class SemsFamily:
    """Sem (groep 4), his parents Ingrid and Tom, his duo teachers Karim and Ellen, and the
    free times of each teacher for him in the example round."""

    people: dict[str, Actor]
    round_id: int
    pupil_id: int
    free: dict[str, list[int]]  # teacher → slot ids, earliest first

    async def book(
        self, db: Database, parent: Actor, slot_id: int, now, replacing: int | None = None
    ) -> booking.Result:
        """A parent books Sem's talk at a slot (or moves the booking `replacing` there)."""
        return await booking.book(
            db,
            parent,
            round_id=self.round_id,
            pupil_id=self.pupil_id,
            slot_id=slot_id,
            now=now,
            replacing=replacing,
        )


async def sems_family(db: Database, clock: ManualClock, tz: ZoneInfo) -> SemsFamily:
    ids = await load_school(db, clock, tz)
    people = {
        "ingrid": Actor("guardian", await ids.guardian("Ingrid de Groot")),
        "tom": Actor("guardian", await ids.guardian("Tom de Groot")),
        "karim": Actor("staff", await ids.staff("Karim Bouzid")),
        "ellen": Actor("staff", await ids.staff("Ellen Vos")),
    }
    round_id, pupil_id = await ids.round(), await ids.pupil("Sem")
    offers = (await booking.free_offers(db, people["tom"], round_id, pupil_id, clock.now())).offers
    free = {
        teacher: [o.slot_id for o in offers if o.staff_id == people[teacher].id]
        for teacher in ("karim", "ellen")
    }
    return SemsFamily(people, round_id, pupil_id, free)
