"""`parentbot roster import` and `staff import`: the administration's exports, as they come."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import print_list, read_file, with_db
from bot.config import Settings
from bot.domain.clock import SystemClock
from bot.services.roster_import import RosterReport, import_roster
from bot.services.staff_import import StaffReport, import_staff

if TYPE_CHECKING:
    from bot.cli.common import Subcommands


def add_import_parsers(commands: Subcommands) -> None:
    for noun, handler in (("roster", import_roster_file), ("staff", import_staff_file)):
        group = commands.add_parser(noun, help=f"load the {noun} from a CSV export")
        actions = group.add_subparsers(title="actions", metavar="ACTION", required=True)
        action = actions.add_parser("import", help=f"import a {noun} CSV file")
        action.add_argument("file", type=Path)
        action.add_argument("--dry-run", action="store_true", help="show changes, write nothing")
        action.set_defaults(handler=handler)


def import_roster_file(settings: Settings, args: argparse.Namespace) -> int:
    data = read_file(args.file)
    report = asyncio.run(
        with_db(
            settings,
            lambda db: import_roster(
                db,
                data,
                default_language=settings.default_language,
                clock=SystemClock(),
                dry_run=args.dry_run,
            ),
        )
    )
    _print_roster_report(args.file, report)
    return 0


def import_staff_file(settings: Settings, args: argparse.Namespace) -> int:
    data = read_file(args.file)
    report = asyncio.run(
        with_db(
            settings,
            lambda db: import_staff(
                db,
                data,
                default_language=settings.default_language,
                clock=SystemClock(),
                dry_run=args.dry_run,
            ),
        )
    )
    _print_staff_report(args.file, report)
    return 0


def _print_roster_report(path: Path, report: RosterReport) -> None:
    prefix = "Dry run, nothing written. " if report.dry_run else ""
    print(f"{prefix}Roster {path}:")
    print(f"  pupils:    {report.pupils.summary()}")
    print(f"  guardians: {report.guardians.summary()}")
    print(f"  links:     {report.links.summary()}")
    if not report.changed:
        print("  No change.")
    print_list("Leaving (deactivated, history kept)", report.departing)
    print_list("Warnings", [str(w) for w in report.warnings])


def _print_staff_report(path: Path, report: StaffReport) -> None:
    prefix = "Dry run, nothing written. " if report.dry_run else ""
    print(f"{prefix}Staff {path}:")
    print(f"  staff: {report.staff.summary()}")
    if not report.staff.any:
        print("  No change.")
    print_list("Leaving (deactivated, history kept)", report.departing)
    print_list("Warnings", [str(w) for w in report.warnings])
