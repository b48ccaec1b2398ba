"""`parentbot roster import`: bring the database in line with the administration's export.

The whole file is checked before anything is written and applied in one transaction, so a
bad file leaves the database exactly as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.domain.changes import Changes, keep_stored_languages, plan_changes
from bot.domain.clock import Clock, to_db
from bot.domain.csv_table import Problem, read_table
from bot.domain.roster import (
    ROSTER_COLUMNS,
    ROSTER_REQUIRED,
    GuardianRecord,
    LinkRecord,
    PupilRecord,
    keep_stored_enrolment,
    parse_roster,
    spelled_twice,
    stored_phone_keys,
    with_stored_keys,
)
from bot.storage import roster as store
from bot.storage.database import Database
from bot.storage.groups import ensure_groups

log = logging.getLogger(__name__)


@dataclass
class RosterReport:
    pupils: Changes[str, PupilRecord]
    guardians: Changes[str, GuardianRecord]
    links: Changes[tuple[str, str], LinkRecord]
    warnings: list[Problem]
    departing: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return self.pupils.any or self.guardians.any or self.links.any


async def import_roster(
    db: Database,
    data: bytes,
    *,
    default_language: str,
    clock: Clock,
    dry_run: bool = False,
    header_map: Mapping[str, str] | None = None,
) -> RosterReport:
    """Apply a roster export (CSV or .xlsx; `header_map` names columns the bot does not
    know); raises FileRejected (nothing written) for a bad file."""
    table = read_table(data, ROSTER_COLUMNS, ROSTER_REQUIRED, header_map)
    parsed = parse_roster(table, default_language)
    now = to_db(clock.now())
    async with db.transaction() as conn:
        known_pupils = await store.load_pupils(conn)
        known_guardians, chosen = await store.load_guardians(conn)
        # Guardians stored under a phone key an earlier version spelled differently are
        # the same people: matched under their stored key, they keep their Telegram link.
        # Where one number is stored twice, the record in use is the guardian.
        twice = spelled_twice(known_guardians, parsed.guardians)
        stored_key = stored_phone_keys(
            known_guardians, parsed.guardians, await store.guardians_in_use(conn, twice)
        )
        roster = with_stored_keys(parsed, stored_key)
        incoming_guardians = keep_stored_languages(roster.guardians, known_guardians, chosen)
        incoming_pupils = (
            roster.pupils
            if roster.has_enrolment_dates
            else keep_stored_enrolment(roster.pupils, known_pupils)
        )
        report = RosterReport(
            pupils=plan_changes(known_pupils, incoming_pupils),
            guardians=plan_changes(known_guardians, incoming_guardians),
            links=plan_changes(await store.load_links(conn), roster.links),
            warnings=roster.warnings,
            dry_run=dry_run,
        )
        report.departing = [
            f"pupil {key} {known_pupils[key].record.full_name} ({known_pupils[key].record.group})"
            for key in report.pupils.deactivated
        ] + [f"guardian {known_guardians[key].record.name}" for key in report.guardians.deactivated]
        if dry_run or not report.changed:
            return report
        group_ids = await ensure_groups(conn, roster.groups, now)
        await store.apply_pupils(conn, report.pupils, group_ids, now)
        await store.apply_guardians(conn, report.guardians, now)
        await store.apply_links(conn, report.links)
    log.info(
        "roster imported pupils=%s guardians=%s",
        report.pupils.summary(),
        report.guardians.summary(),
    )
    return report
