"""`parentbot export`: the school's records back out, for the pupil file and the calendar."""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
import shutil
import sys
import tempfile
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
    _add_delimiter(agreements)
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
    _add_delimiter(schedule)
    schedule.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="CSV: a file (default: print it); ics: a folder, one file per teacher",
    )
    schedule.set_defaults(handler=_export_schedule)


# What a CSV's cells are parted by: a Dutch Excel (the school's) splits on its list
# separator, `;`, and opens a file parted by `,` as one column.
_DELIMITERS = {";": ";", ",": ",", "tab": "\t"}


def _add_delimiter(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--delimiter",
        choices=tuple(_DELIMITERS),
        default=";",
        metavar="SEP",
        help="CSV: what parts the cells: ';' (default, as a Dutch Excel reads them), ',' or tab",
    )


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
        _write_csv(agreement_rows(pupils, school), args.output, _DELIMITERS[args.delimiter])
        return 0
    folder = _folder(args.output, "markdown")
    files = {file_name(pupil): pupil_markdown(pupil, school).encode("utf-8") for pupil in pupils}
    _write_all(folder, files)
    print(f"Wrote {len(files)} pupil files to {folder}.")
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
    # A teacher's calendar still holding a talk withdrawn from them gets a file that
    # drops it, even when no talk is booked any more.
    if not schedule.talks and not (args.format == "ics" and schedule.withdrawn):
        where = f" in round {args.round}" if args.round else ""
        print(f"No booked talks found{where}.", file=sys.stderr)
        return 0
    school = _school_words(settings)
    if args.format == "csv":
        _write_csv(schedule_rows(schedule, school), args.output, _DELIMITERS[args.delimiter])
        return 0
    folder = _folder(args.output, "ics")
    organizer = (
        Organizer(settings.school_name, settings.school_email) if settings.school_email else None
    )
    files = teacher_calendars(schedule, school, organizer=organizer, now=SystemClock().now())
    _write_all(folder, files)
    print(f"Wrote {len(files)} teacher calendars to {folder}.")
    return 0


def _write_csv(rows: list[list[str]], output: Path | None, delimiter: str) -> None:
    """To the screen, or to a file with a byte-order mark, so Excel reads it as UTF-8."""
    if output is None:
        csv.writer(sys.stdout, delimiter=delimiter).writerows(rows)
        return
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    _write_all(output.parent, {output.name: text.getvalue().encode("utf-8-sig")})
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


def _write_all(folder: Path, files: dict[str, bytes]) -> None:
    """Every file, or none: each is written in a hidden folder beside them first, and only
    when all are written moved in, so a full disk or a refused name never leaves the
    school half an export (or a cut-off file where a whole one was)."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=".parentbot-export-", dir=folder))
    except OSError as error:
        raise CommandFailed(f"cannot write in {folder}: {error.strerror}") from None
    try:
        for name, data in files.items():
            try:
                (staging / name).write_bytes(data)
            except OSError as error:
                raise CommandFailed(f"cannot write {folder / name}: {error.strerror}") from None
        for name in files:
            try:
                os.replace(staging / name, folder / name)
            except OSError as error:
                raise CommandFailed(f"cannot write {folder / name}: {error.strerror}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
