"""`parentbot roster import` and `staff import`: the administration's exports, as they come.

A file is CSV (any encoding Excel writes) or an .xlsx workbook, told by its content. Columns
the bot does not know by name are named with `--map "Column=field"` or a saved header map
(`--map-file`, TOML with a [roster] and a [staff] section, see bot/domain/header_map.py).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from bot.cli.common import CommandFailed, print_list, read_file, with_db
from bot.config import Settings
from bot.domain.clock import Clock, SystemClock
from bot.domain.file_kinds import UnreadableFile
from bot.domain.header_map import HeaderMapError, combine, parse_map_file, parse_map_options
from bot.domain.roster import ROSTER_COLUMNS
from bot.domain.staff import STAFF_COLUMNS
from bot.services.roster_import import RosterReport, import_roster
from bot.services.staff_import import StaffReport, import_staff
from bot.storage.database import Database

if TYPE_CHECKING:
    from bot.cli.common import Subcommands

Report_co = TypeVar("Report_co", covariant=True)


def add_import_parsers(commands: Subcommands) -> None:
    for noun, handler, fields in (
        ("roster", import_roster_file, ROSTER_COLUMNS),
        ("staff", import_staff_file, STAFF_COLUMNS),
    ):
        group = commands.add_parser(noun, help=f"load the {noun} from a CSV or Excel export")
        actions = group.add_subparsers(title="actions", metavar="ACTION", required=True)
        action = actions.add_parser(
            "import",
            help=f"import a {noun} file (CSV in any encoding, or .xlsx)",
            epilog=f"fields for --map: {', '.join(fields)}",
        )
        action.add_argument(
            "file", type=Path, help="the export: CSV (UTF-8, UTF-16 or Windows-1252) or .xlsx"
        )
        action.add_argument("--dry-run", action="store_true", help="show changes, write nothing")
        action.add_argument(
            "--map",
            action="append",
            default=[],
            metavar='"COLUMN=field"',
            help="read the file's COLUMN as the field (repeatable), e.g."
            ' --map "Naam ouder/verzorger=guardian_name"',
        )
        action.add_argument(
            "--map-file",
            type=Path,
            metavar="FILE",
            help=f"a saved header map: TOML with a [{noun}] section of"
            ' "COLUMN" = "field" lines (--map wins over it)',
        )
        action.set_defaults(handler=handler)


def import_roster_file(settings: Settings, args: argparse.Namespace) -> int:
    _print_roster_report(args.file, _import(settings, args, "roster", import_roster))
    return 0


def import_staff_file(settings: Settings, args: argparse.Namespace) -> int:
    _print_staff_report(args.file, _import(settings, args, "staff", import_staff))
    return 0


class _Importer(Protocol[Report_co]):
    """`import_roster` and `import_staff`: the same call, each with its own report."""

    def __call__(
        self,
        db: Database,
        data: bytes,
        *,
        default_language: str,
        clock: Clock,
        dry_run: bool = False,
        header_map: Mapping[str, str] | None = None,
    ) -> Awaitable[Report_co]: ...


def _import(
    settings: Settings,
    args: argparse.Namespace,
    section: str,
    importer: _Importer[Report_co],
) -> Report_co:
    """Run an import with its header map; a file that is no table or a map that does not
    fit is one line."""
    try:
        header_map = _header_map(args, section)
        data = read_file(args.file)
        return asyncio.run(
            with_db(
                settings,
                lambda db: importer(
                    db,
                    data,
                    default_language=settings.default_language,
                    clock=SystemClock(),
                    dry_run=args.dry_run,
                    header_map=header_map,
                ),
            )
        )
    except (HeaderMapError, UnreadableFile) as error:
        raise CommandFailed(f"{args.file} was refused; nothing was changed: {error}") from None


def _header_map(args: argparse.Namespace, section: str) -> dict[str, str]:
    saved = {}
    if args.map_file is not None:
        text = read_file(args.map_file).decode("utf-8-sig", errors="replace")
        try:
            saved = parse_map_file(text, section)
        except HeaderMapError as error:
            raise CommandFailed(f"{args.map_file}: {error}") from None
    return combine(saved, parse_map_options(args.map))


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
