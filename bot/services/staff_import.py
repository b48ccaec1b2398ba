"""`parentbot staff import`: teachers, counsellors and directors with their groups."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from bot.domain.changes import Changes, keep_stored_languages, plan_changes
from bot.domain.clock import Clock, to_db
from bot.domain.csv_table import Problem, read_table
from bot.domain.staff import STAFF_COLUMNS, STAFF_REQUIRED, StaffRecord, parse_staff
from bot.storage.database import Database
from bot.storage.groups import ensure_groups
from bot.storage.staff import apply_staff, load_staff

log = logging.getLogger(__name__)


@dataclass
class StaffReport:
    staff: Changes[str, StaffRecord]
    warnings: list[Problem]
    departing: list[str]
    dry_run: bool


async def import_staff(
    db: Database,
    data: bytes,
    *,
    default_language: str,
    clock: Clock,
    dry_run: bool = False,
    header_map: Mapping[str, str] | None = None,
) -> StaffReport:
    """Apply a staff list (CSV or .xlsx; `header_map` names columns the bot does not
    know); raises FileRejected (nothing written) for a bad file."""
    incoming, warnings = parse_staff(
        read_table(data, STAFF_COLUMNS, STAFF_REQUIRED, header_map), default_language
    )
    now = to_db(clock.now())
    async with db.transaction() as conn:
        known, chosen = await load_staff(conn)
        incoming = keep_stored_languages(incoming, known, chosen)
        changes = plan_changes(known, incoming)
        departing = [f"{known[key].record.name} ({key})" for key in changes.deactivated]
        report = StaffReport(changes, warnings, departing, dry_run)
        if dry_run or not changes.any:
            return report
        groups = {g for record in incoming.values() for g in record.groups}
        group_ids = await ensure_groups(conn, groups, now)
        await apply_staff(conn, changes, group_ids, now)
    log.info("staff imported staff=%s", changes.summary())
    return report
