"""The administrator's command line: `parentbot roster import`, `codes`, `run`, …"""

from __future__ import annotations

import argparse
import asyncio
import csv
import errno
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time
from importlib.metadata import version
from pathlib import Path
from typing import Protocol

from bot.cli.common import CommandFailed, bot_username, print_list, read_file, with_db
from bot.cli.exports import add_export_parsers
from bot.cli.imports import add_import_parsers, import_roster_file, import_staff_file
from bot.cli.letters import add_letters_parser
from bot.config import ConfigError, Settings, is_a_home, load_settings, with_a_secret_key
from bot.domain.clock import SystemClock
from bot.domain.csv_table import FileRejected
from bot.domain.year_plan import PlanRejected
from bot.home import SANDBOX_LOCK_FILE_NAME
from bot.instance_lock import InstanceRunning, instance_lock
from bot.logging_setup import configure_logging, max_level
from bot.paperwork.spreadsheet_cells import spreadsheet_text
from bot.school_backup import BackupRefused, back_up, restore
from bot.services.invitations import Invitation, UnknownPerson, list_invitations, renew_code
from bot.services.meeting_report import meetings_report
from bot.services.outbox_admin import RetryRefused, outbox_overview, retry_row
from bot.services.overview import school_report
from bot.services.privacy import StillActive, erase_person, export_person, purge_answers
from bot.services.year_plan import apply_plan
from bot.storage.backup import NotABackup, companion
from bot.storage.database import Database
from bot.storage.migrations import SchemaTooNew

NO_TOKEN_HELP = """\
parentbot: no Telegram bot token is set.
  To connect a real bot: talk to @BotFather in Telegram, send /newbot, and put the token it
  gives you in .env as TELEGRAM_BOT_TOKEN=... (see .env.example).
  To try parentbot without a token, run `parentbot sandbox`: a local Telegram stand-in
  with a demo school."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    handler: Callable[[Settings, argparse.Namespace], int] = args.handler
    try:
        settings = load_settings(args.home, create_secret=False)
        new_home = not is_a_home(settings)
        if new_home and handler not in _SETTING_UP:
            # Started in the wrong folder: a new home would mean a new key, invalid letters.
            print(
                f"parentbot: no parentbot home at {settings.parentbot_home} (no .env or"
                " database there): run it in the folder of your .env, or set PARENTBOT_HOME"
                " / --home",
                file=sys.stderr,
            )
            return 1
        # A restore brings its own key (a new one made first would replace it); the doctor
        # only looks.
        if handler not in (_restore, _doctor):
            settings = with_a_secret_key(settings)
    except ConfigError as error:
        print(f"parentbot: configuration error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # the home cannot be created or its .env not written
        print(f"parentbot: cannot write {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    if new_home and is_a_home(settings):
        _tell_created(settings)
    # Admin commands print their own report; the log only speaks up for problems there.
    long_running = handler in (_run, _sandbox)
    configure_logging(settings.log_level if long_running else max_level(settings.log_level))
    if settings.telegram_bot_token is not None:
        from bot.launch import hide_token

        # PTB and httpx put the token in URLs: at DEBUG, every command would log it.
        hide_token(settings.telegram_bot_token.get_secret_value())
    try:
        with _database_errors(settings):
            return handler(settings, args)
    except FileRejected as rejected:
        print(f"parentbot: {args.file} was refused; nothing was changed:", file=sys.stderr)
        for problem in rejected.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except ConfigError as error:
        print(f"parentbot: configuration error: {error}", file=sys.stderr)
        return 2
    except CommandFailed as error:
        print(f"parentbot: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly (as the Python docs advise).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _tell_created(settings: Settings) -> None:
    """One line when a command made a home, so a wrong folder is noticed at once."""
    print(f"parentbot: created a new home at {settings.parentbot_home}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parentbot",
        description="Parent-teacher talks in Telegram, in every parent's language.",
    )
    parser.add_argument("--version", action="version", version=f"parentbot {version('parentbot')}")
    parser.add_argument(
        "--home",
        type=Path,
        metavar="DIR",
        help="the folder of .env, the database and the backups (default: $PARENTBOT_HOME,"
        " else the current folder if it has a .env, else ~/.local/share/parentbot)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    run = commands.add_parser("run", help="run the bot against Telegram (long polling)")
    run.add_argument(
        "--sandbox-without-token",
        action="store_true",
        help="start the local sandbox instead when no token is set",
    )
    run.set_defaults(handler=_run)

    sandbox = commands.add_parser(
        "sandbox", help="try the bot locally: a Telegram stand-in with a demo school"
    )
    sandbox.set_defaults(handler=_sandbox)

    doctor = commands.add_parser(
        "doctor", help="check settings, token, database, time zone and clock, one line each"
    )
    doctor.set_defaults(handler=_doctor)

    backup = commands.add_parser(
        "backup", help="copy the database and its secret key, safely while the bot runs"
    )
    backup.add_argument(
        "file",
        nargs="?",
        type=Path,
        help="where to write it (default: a dated file in the home's backups folder)",
    )
    backup.set_defaults(handler=_backup)

    put_back = commands.add_parser("restore", help="put a backup back (stop the bot first)")
    put_back.add_argument("file", type=Path, help="a backup made by `parentbot backup`")
    put_back.set_defaults(handler=_restore)

    add_import_parsers(commands)
    add_letters_parser(commands)
    add_export_parsers(commands)

    plan = commands.add_parser("plan", help="load the year plan of talk rounds")
    plan_actions = plan.add_subparsers(title="actions", metavar="ACTION", required=True)
    plan_apply = plan_actions.add_parser("apply", help="apply a year plan TOML file")
    plan_apply.add_argument("file", type=Path)
    plan_apply.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    plan_apply.set_defaults(handler=_plan_apply)

    privacy = commands.add_parser("privacy", help="answer access and erasure requests (AVG)")
    privacy_actions = privacy.add_subparsers(title="actions", metavar="ACTION", required=True)
    export = privacy_actions.add_parser("export", help="print all data kept about a person")
    export.add_argument("ref", help="the person's reference from `parentbot codes`, e.g. g12")
    export.set_defaults(handler=_privacy_export)
    erase = privacy_actions.add_parser("erase", help="erase a person who left the school")
    erase.add_argument("ref", help="the person's reference, e.g. g12")
    erase.add_argument("--force", action="store_true", help="also if still on the roster")
    erase.set_defaults(handler=_privacy_erase)
    purge = privacy_actions.add_parser(
        "purge", help="delete parents' answers of rounds that ended before a date"
    )
    purge.add_argument("--before", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
    purge.set_defaults(handler=_privacy_purge)

    codes = commands.add_parser("codes", help="list the invitation links of parents and staff")
    codes.add_argument("--group", help="only people of this group, e.g. 4 or 1/2A")
    codes.add_argument("--format", choices=("text", "csv"), default="text")
    codes.set_defaults(handler=_codes)
    codes_actions = codes.add_subparsers(title="actions", metavar="ACTION")
    renew = codes_actions.add_parser("renew", help="issue a fresh code for one person")
    renew.add_argument("ref", help="the person's reference from `parentbot codes`, e.g. g12")
    renew.set_defaults(handler=_renew)

    box = commands.add_parser("outbox", help="show what waits to be sent and what failed")
    box.set_defaults(handler=_outbox)
    box_actions = box.add_subparsers(title="actions", metavar="ACTION")
    retry = box_actions.add_parser("retry", help="try a failed or unreachable message again")
    retry.add_argument("id", type=int, help="the message's number from `parentbot outbox`")
    retry.set_defaults(handler=_outbox_retry)

    report = commands.add_parser(
        "report", help="per group: families linked, booked, answered; who is not reached"
    )
    report.add_argument("--format", choices=("text", "csv"), default="text")
    report.set_defaults(handler=_report)

    meetings = commands.add_parser("meetings", help="the information meetings for parents")
    meetings_actions = meetings.add_subparsers(title="actions", metavar="ACTION", required=True)
    meetings_report = meetings_actions.add_parser(
        "report", help="answers and attendance per meeting, and per topic"
    )
    meetings_report.add_argument("--format", choices=("text", "csv"), default="text")
    meetings_report.set_defaults(handler=_meetings_report)
    return parser


def _run(settings: Settings, args: argparse.Namespace) -> int:
    if settings.telegram_bot_token is None:
        if args.sandbox_without_token:
            print("No TELEGRAM_BOT_TOKEN set: starting the local sandbox.", flush=True)
            return _sandbox(settings, args)
        print(NO_TOKEN_HELP, file=sys.stderr)
        return 2
    with _only_instance(settings.lock_file, "parentbot is already running"):
        from bot.launch import run_bot

        # Migrate (after a backup) here, where a problem is one line, not in the running bot.
        asyncio.run(with_db(settings, _nothing))
        return run_bot(settings)


async def _nothing(_db: Database) -> None:
    """Opening the database is the work: it migrates it."""


def _sandbox(settings: Settings, args: argparse.Namespace) -> int:
    lock = settings.parentbot_home / SANDBOX_LOCK_FILE_NAME
    with _only_instance(lock, "a sandbox is already running"):
        return _serve_sandbox(settings)


def _serve_sandbox(settings: Settings) -> int:
    from bot.sandbox.demo import run_sandbox

    try:
        return run_sandbox(settings)
    except OSError as error:
        address = f"{settings.sandbox_host}:{settings.sandbox_port}"
        raise CommandFailed(
            f"the sandbox cannot listen on {address}: {error.strerror};"
            " set SANDBOX_PORT to a free port (0 picks one)"
        ) from None


def _doctor(settings: Settings, args: argparse.Namespace) -> int:
    from bot.doctor import run_doctor

    return run_doctor(settings)


def _backup(settings: Settings, args: argparse.Namespace) -> int:
    try:
        path = back_up(settings, args.file)
    except BackupRefused as refused:
        raise CommandFailed(str(refused)) from None
    print(f"Backed up {settings.database_path}")
    print(f"  to {path}")
    print(f"  with its settings and secret key in {companion(path)}")
    print("Keep the two files together, and a copy away from this computer.")
    return 0


def _restore(settings: Settings, args: argparse.Namespace) -> int:
    new_home = not is_a_home(settings)
    try:
        restored = restore(settings, args.file)
    except (BackupRefused, NotABackup) as refused:
        raise CommandFailed(str(refused)) from None
    except InstanceRunning as running:
        raise CommandFailed(
            f"parentbot is running for {settings.parentbot_home} ({running.holder}):"
            " stop it first (e.g. `systemctl stop parentbot`), then restore"
        ) from None
    if new_home:
        _tell_created(settings)
    print(f"Restored {args.file} to {settings.database_path}.")
    if restored.saved is not None:
        print(f"  The database it replaced is saved as {restored.saved}.")
    if restored.key_from is None:
        print(f"  No .env beside the backup: the secret key in {settings.env_file} stays.")
    else:
        print(f"  The secret key from {restored.key_from} is now in {settings.env_file}.")
    if restored.key_in_environment:
        print(
            "  Note: PARENTBOT_SECRET_KEY is also set in the environment, which wins over"
            f" .env: set it to the value in {restored.key_from}."
        )
    return 0


@contextmanager
def _only_instance(lock: Path, what: str) -> Iterator[None]:
    """Hold the home's lock for the block, or say in one line which process holds it."""
    try:
        with instance_lock(lock):
            yield
    except InstanceRunning as running:
        raise CommandFailed(
            f"{what} for {lock.parent} ({running.holder}); stop it first, or give this one"
            " another home (PARENTBOT_HOME or --home)"
        ) from None


@contextmanager
def _database_errors(settings: Settings) -> Iterator[None]:
    """What the database and the home's files refuse, as one line saying what to do (never
    a traceback)."""
    database = settings.database_path
    try:
        yield
    except SchemaTooNew as error:
        raise CommandFailed(str(error)) from None
    except sqlite3.OperationalError as error:
        name = error.sqlite_errorname
        if name.startswith("SQLITE_FULL"):
            raise CommandFailed(_disk_full(settings)) from None
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            raise CommandFailed(
                f"the database {database} is locked by another process (a program that has it"
                " open, e.g. an SQLite browser, or a long write); close it and try again"
            ) from None
        raise CommandFailed(f"cannot use the database {database}: {error}") from None
    except sqlite3.DatabaseError:
        raise CommandFailed(
            f"the database {database} is damaged or not a parentbot database: restore a"
            " backup (parentbot restore FILE)"
        ) from None
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise CommandFailed(_disk_full(settings)) from None
        if error.filename is None:
            raise
        # A folder or file of the home the account may not write (made by another user).
        raise CommandFailed(f"cannot use {error.filename}: {error.strerror}") from None


def _disk_full(settings: Settings) -> str:
    return (
        f"the disk holding {settings.database_path} is full: free some space (old backups in"
        f" {settings.backups_folder} can go) and try again"
    )


def _plan_apply(settings: Settings, args: argparse.Namespace) -> int:
    text = read_file(args.file).decode("utf-8-sig")
    try:
        report = asyncio.run(
            with_db(
                settings,
                lambda db: apply_plan(
                    db, text, clock=SystemClock(), tz=settings.timezone, dry_run=args.dry_run
                ),
            )
        )
    except PlanRejected as rejected:
        print(f"parentbot: {args.file} was refused; nothing was changed:", file=sys.stderr)
        for problem in rejected.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    prefix = "Dry run, nothing written. " if report.dry_run else ""
    print(f"{prefix}Plan {args.file}:")
    for change in report.rounds:
        print(
            f"  {change.key}: {change.status} (talks +{change.slots_added} -{change.slots_removed})"
        )
    for meeting in report.meetings:
        starts = meeting.starts_at.astimezone(settings.timezone)
        print(f"  meeting {meeting.key} ({starts:%Y-%m-%d %H:%M}): {meeting.status}")
    print_list("Warnings", report.warnings)
    return 0


def _privacy_export(settings: Settings, args: argparse.Namespace) -> int:
    data = asyncio.run(with_db(settings, lambda db: export_person(db, args.ref)))
    if data is None:
        raise CommandFailed(f"nobody has reference {args.ref!r}")
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def _privacy_erase(settings: Settings, args: argparse.Namespace) -> int:
    try:
        erased = asyncio.run(
            with_db(
                settings,
                lambda db: erase_person(db, args.ref, clock=SystemClock(), force=args.force),
            )
        )
    except StillActive:
        raise CommandFailed(
            f"{args.ref} is still on the roster; import a roster without them first"
            " (or use --force)"
        ) from None
    if not erased:
        raise CommandFailed(f"nobody has reference {args.ref!r}")
    print(f"Erased {args.ref}: name, contact details and Telegram link are gone.")
    return 0


def _privacy_purge(settings: Settings, args: argparse.Namespace) -> int:
    before = datetime.combine(args.before, time(), settings.timezone)
    removed = asyncio.run(with_db(settings, lambda db: purge_answers(db, before)))
    print(f"Deleted {removed} answers of rounds that ended before {args.before.isoformat()}.")
    return 0


def _codes(settings: Settings, args: argparse.Namespace) -> int:
    username = bot_username(settings)
    invitations = asyncio.run(
        with_db(
            settings,
            lambda db: list_invitations(
                db,
                secret=settings.secret_key,
                bot_username=username,
                clock=SystemClock(),
                group=args.group,
            ),
        )
    )
    if args.format == "csv":
        _write_csv(invitations)
    else:
        _write_text(invitations)
    return 0


def _write_csv(invitations: list[Invitation]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(
        ["ref", "kind", "name", "role", "language", "pupils", "groups", "linked", "link"]
    )
    for inv in invitations:
        p = inv.person
        writer.writerow(
            [
                p.ref,
                p.kind,
                spreadsheet_text(p.name),
                spreadsheet_text(p.role),
                p.language,
                spreadsheet_text("; ".join(p.children)),
                " ".join(p.groups),
                "yes" if p.linked else "no",
                inv.link,
            ]
        )


def _write_text(invitations: list[Invitation]) -> None:
    if not invitations:
        print("Nobody found. Import a roster first: parentbot roster import FILE")
    for inv in invitations:
        p = inv.person
        about = (
            ", ".join(p.children)
            if p.kind == "guardian"
            else f"{p.role}, groups {' '.join(p.groups) or '-'}"
        )
        linked = " (already connected)" if p.linked else ""
        print(f"{p.ref:>5}  {p.name} [{p.language}] - {about}{linked}")
        print(f"       {inv.link}")


def _renew(settings: Settings, args: argparse.Namespace) -> int:
    username = bot_username(settings)
    try:
        invitation = asyncio.run(
            with_db(
                settings,
                lambda db: renew_code(
                    db,
                    args.ref,
                    secret=settings.secret_key,
                    bot_username=username,
                    clock=SystemClock(),
                ),
            )
        )
    except UnknownPerson:
        print(
            f"parentbot: nobody active has reference {args.ref!r}; see `parentbot codes`",
            file=sys.stderr,
        )
        return 1
    print(f"New link for {invitation.person.name} (the old one no longer works):")
    print(f"  {invitation.link}")
    return 0


# The order `parentbot outbox` lists the statuses in, with what each means.
_OUTBOX_STATUSES = (
    ("pending", "to be sent"),
    ("sending", "in flight (sent again after a crash)"),
    ("sent", "delivered to Telegram"),
    ("failed", "gave up after errors; `parentbot outbox retry ID` tries again"),
    ("unreachable", "the person blocked the bot or deleted the chat"),
    ("withdrawn", "no longer needed (e.g. the talk was cancelled)"),
    ("expired", "too late to be useful, dropped"),
)


def _outbox(settings: Settings, args: argparse.Namespace) -> int:
    overview = asyncio.run(with_db(settings, lambda db: outbox_overview(db, SystemClock())))
    print("Outbox:")
    for status, meaning in _OUTBOX_STATUSES:
        print(f"  {status + ':':<13}{overview.counts.get(status, 0):>6}  {meaning}")
    if overview.counts.get("pending"):
        print(
            f"  of the pending: {overview.due} due now, {overview.scheduled} for later,"
            f" {overview.waiting} waiting for the person to open their link (or unblock the bot)"
        )
    for status, title in (("failed", "Failed"), ("unreachable", "Unreachable")):
        rows = [row for row in overview.problems if row.status == status]
        if rows:
            print(f"{title}:")
        for row in rows:
            who = f"{row.recipient_kind[0]}{row.recipient_id}"
            print(
                f"  #{row.id} {row.kind} to {who}, {row.attempts} attempt(s):"
                f" {row.last_error or '-'}"
            )
    return 0


def _outbox_retry(settings: Settings, args: argparse.Namespace) -> int:
    try:
        ref = asyncio.run(with_db(settings, lambda db: retry_row(db, args.id, SystemClock())))
    except RetryRefused as refused:
        raise CommandFailed(str(refused)) from None
    who = f"{ref.recipient_kind[0]}{ref.recipient_id}"
    print(f"#{ref.id} ({ref.kind} to {who}) will be sent again; the running bot sends it")
    print("within a minute.")
    return 0


class _Report(Protocol):
    def csv_rows(self) -> list[list[str]]: ...

    def text_lines(self) -> list[str]: ...


def _print_report(report: _Report, form: str) -> int:
    if form == "csv":
        rows = report.csv_rows()
        csv.writer(sys.stdout).writerows([[spreadsheet_text(cell) for cell in row] for row in rows])
    else:
        print("\n".join(report.text_lines()))
    return 0


def _report(settings: Settings, args: argparse.Namespace) -> int:
    found = asyncio.run(with_db(settings, lambda db: school_report(db, SystemClock().now())))
    return _print_report(found, args.format)


def _meetings_report(settings: Settings, args: argparse.Namespace) -> int:
    found = asyncio.run(
        with_db(
            settings,
            lambda db: meetings_report(
                db, SystemClock().now(), settings.default_language, tz=settings.timezone
            ),
        )
    )
    return _print_report(found, args.format)


# The commands that set a school up, and so may create its home; every other one refuses
# to start in a folder that is not a home.
_SETTING_UP = frozenset(
    {_run, _sandbox, import_roster_file, import_staff_file, _plan_apply, _restore}
)
