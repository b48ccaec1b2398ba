"""`parentbot export`: the school's records back out, for the pupil file and the calendar."""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.calendar_file import Organizer
from bot.cli.common import CommandFailed, with_db
from bot.config import Settings
from bot.domain.clock import SystemClock
from bot.domain.groups import parse_group
from bot.i18n import load_catalog
from bot.paperwork.agreement_records import agreement_rows, file_name, pupil_markdown
from bot.paperwork.record_words import SchoolWords
from bot.paperwork.schedule_files import schedule_rows, teacher_calendars
from bot.services.records_export import UnknownRound, agreement_records, school_schedule
from bot.telegram.deps import Reader
from bot.telegram.round_names import as_plain, place_name, round_title

if TYPE_CHECKING:
    from bot.cli.common import Subcommands


def add_export_parsers(commands: Subcommands) -> None:
    export = commands.add_parser(
        "export", help="the school's records: agreements for the pupil file, the schedule"
    )
    actions = export.add_subparsers(title="actions", metavar="ACTION", required=True)

    agreements = actions.add_parser(
        "agreements", help="the agreements of the talks, for the pupil file (CSV or Markdown)"
    )
    agreements.add_argument("--group", type=_group, help="only pupils of this group, e.g. 4")
    agreements.add_argument(
        "--since", type=_day, metavar="YYYY-MM-DD", help="only talks on or after this day"
    )
    agreements.add_argument("--format", choices=("csv", "markdown"), default="csv")
    agreements.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="CSV: a file (default: print it); Markdown: a folder, one file per pupil",
    )
    agreements.set_defaults(handler=_export_agreements)

    schedule = actions.add_parser(
        "schedule", help="the booked talks, for the school's calendar (CSV or .ics per teacher)"
    )
    schedule.add_argument("--round", help="only this round (its id in the year plan)")
    schedule.add_argument("--format", choices=("csv", "ics"), default="csv")
    schedule.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="CSV: a file (default: print it); ics: a folder, one file per teacher",
    )
    schedule.set_defaults(handler=_export_schedule)


def _group(text: str) -> str:
    """A group as written anywhere else ("Groep 4", "1/2a"), in its stored spelling."""
    try:
        return parse_group(text).name
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


def _school_words(settings: Settings) -> SchoolWords:
    """The school's language, with rounds and places worded as the bot words them in
    Telegram: the school's files and its chats name a round and a room alike."""
    language = settings.default_language
    reader = Reader(language, load_catalog(language), ())
    return SchoolWords(
        language,
        reader.tr,
        settings.timezone,
        round_title=lambda round_, group: as_plain(round_title(round_, reader, settings, group)),
        place=lambda place, group: as_plain(place_name(place, group, reader)),
    )


def _export_agreements(settings: Settings, args: argparse.Namespace) -> int:
    pupils = asyncio.run(
        with_db(
            settings,
            lambda db: agreement_records(
                db, group=args.group, since=args.since, tz=settings.timezone
            ),
        )
    )
    if not pupils:
        print(f"No sent agreements found{_chosen(args)}.", file=sys.stderr)
        return 0
    school = _school_words(settings)
    if args.format == "csv":
        _write_csv(agreement_rows(pupils, school), args.output)
        return 0
    folder = _folder(args.output, "markdown")
    for pupil in pupils:
        _write(folder / file_name(pupil), pupil_markdown(pupil, school).encode("utf-8"))
    print(f"Wrote {len(pupils)} pupil files to {folder}.")
    return 0


def _chosen(args: argparse.Namespace) -> str:
    said = f" for group {args.group}" if args.group else ""
    return said + (f" since {args.since.isoformat()}" if args.since else "")


def _export_schedule(settings: Settings, args: argparse.Namespace) -> int:
    try:
        schedule = asyncio.run(
            with_db(settings, lambda db: school_schedule(db, round_key=args.round))
        )
    except UnknownRound as unknown:
        known = ", ".join(unknown.known) or "none yet"
        raise CommandFailed(f"no round {unknown.key!r}; the rounds are: {known}") from None
    if not schedule.talks:
        where = f" in round {args.round}" if args.round else ""
        print(f"No booked talks found{where}.", file=sys.stderr)
        return 0
    school = _school_words(settings)
    if args.format == "csv":
        _write_csv(schedule_rows(schedule, school), args.output)
        return 0
    folder = _folder(args.output, "ics")
    organizer = (
        Organizer(settings.school_name, settings.school_email) if settings.school_email else None
    )
    files = teacher_calendars(schedule, school, organizer=organizer, now=SystemClock().now())
    for name, data in files.items():
        _write(folder / name, data)
    print(f"Wrote {len(files)} teacher calendars to {folder}.")
    return 0


def _write_csv(rows: list[list[str]], output: Path | None) -> None:
    """To the screen, or to a file with a byte-order mark, so Excel reads it as UTF-8."""
    if output is None:
        csv.writer(sys.stdout).writerows(rows)
        return
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    _write(output, text.getvalue().encode("utf-8-sig"))
    print(f"Wrote {len(rows) - 1} rows to {output}.")


def _folder(output: Path | None, form: str) -> Path:
    if output is None:
        raise CommandFailed(f"--format {form} writes one file each: give a folder with -o DIR")
    if output.exists() and not output.is_dir():
        raise CommandFailed(f"{output} is a file; --format {form} needs a folder")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandFailed(f"cannot make the folder {output}: {error.strerror}") from None
    return output


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise CommandFailed(f"cannot write {path}: {error.strerror}") from None
