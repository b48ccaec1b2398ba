"""`parentbot letters`: the printed first letter to each family, with their QR code."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import CommandFailed, bot_username, with_db
from bot.config import Settings
from bot.domain.clock import SystemClock
from bot.domain.groups import parse_group
from bot.i18n import Translations
from bot.paperwork.letter_content import School, compose_letter, letter_languages
from bot.paperwork.letter_fonts import FontMissing
from bot.paperwork.letters_pdf import SMALLEST_SIZE, LetterTooLong, letters_pdf
from bot.paperwork.school_invitations import (
    LETTERS_FILE_NAME,
    LettersFileRejected,
    read_school_invitations,
)
from bot.services.letters import LetterRecipients, UnknownRound, letter_recipients

if TYPE_CHECKING:
    from bot.cli.common import Subcommands


def add_letters_parser(commands: Subcommands) -> None:
    letters = commands.add_parser(
        "letters",
        help="the first letter to each family with their QR code, as a PDF to print",
    )
    letters.add_argument("--group", help="only families with a child in this group, e.g. 4")
    letters.add_argument(
        "--round", help="only the families a round of the year plan invites (its id)"
    )
    letters.add_argument(
        "--all", action="store_true", help="also families that have connected already"
    )
    letters.add_argument("-o", "--output", type=Path, metavar="FILE", help="the PDF to write")
    letters.set_defaults(handler=write_letters)


def write_letters(settings: Settings, args: argparse.Namespace) -> int:
    output = _writable(args.output)
    group = _group(args.group)
    school_invitations = _school_invitations(settings)
    username = bot_username(settings)
    try:
        found = asyncio.run(
            with_db(
                settings,
                lambda db: letter_recipients(
                    db,
                    secret=settings.secret_key,
                    bot_username=username,
                    clock=SystemClock(),
                    group=group,
                    round_key=args.round,
                    include_connected=args.all,
                ),
            )
        )
    except UnknownRound:
        raise CommandFailed(
            f"no round {args.round!r} in the year plan (the ids in the plan file's [[rounds]])"
        ) from None
    if not found.invitations:
        raise CommandFailed(_nobody(found, group, args.round))
    if args.round and found.talks is None:
        print(
            f"parentbot: round {args.round} has no talks planned yet: the letters do not"
            " say when the talks are",
            file=sys.stderr,
        )
    school = School(
        name=settings.school_name,
        language=settings.default_language,
        phone=settings.school_phone,
        email=settings.school_email,
        timezone=settings.timezone,
    )
    translations = Translations(settings.default_language)
    letters = [
        compose_letter(
            invitation,
            translations=translations,
            school=school,
            school_invitations=school_invitations,
            talks=found.talks,
        )
        for invitation in found.invitations
    ]
    try:
        pdf = letters_pdf(letters, school_name=settings.school_name)
    except FontMissing as missing:
        raise CommandFailed(str(missing)) from None
    except LetterTooLong as long:
        raise CommandFailed(
            f"the letter to {long.guardian} ({', '.join(long.languages)}) does not fit on one"
            f" page even at {SMALLEST_SIZE:g} pt: shorten the invitation text in"
            f" {settings.parentbot_home / LETTERS_FILE_NAME}"
        ) from None
    try:
        output.write_bytes(pdf)
    except OSError as error:
        raise CommandFailed(f"cannot write {output}: {error.strerror}") from None
    _tell_built_in(settings, found, school_invitations)
    skipped = (
        f"; {found.connected_skipped} skipped: already connected (--all prints theirs too)"
        if found.connected_skipped
        else ""
    )
    print(
        f"parentbot: wrote {len(letters)} letter{'s' if len(letters) != 1 else ''} to"
        f" {output}{skipped}",
        file=sys.stderr,
    )
    return 0


def _writable(output: Path | None) -> Path:
    """Where the PDF goes; checked first, so a wrong path costs no waiting."""
    if output is None:
        raise CommandFailed("say where to write the letters: parentbot letters -o letters.pdf")
    if output.is_dir():
        raise CommandFailed(f"cannot write {output}: it is a folder; name a file, e.g. letters.pdf")
    folder = output.parent
    if not folder.is_dir():
        raise CommandFailed(f"cannot write {output}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise CommandFailed(f"cannot write {output}: permission denied")
    return output


def _group(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return parse_group(text).name
    except ValueError as error:
        raise CommandFailed(str(error)) from None


def _school_invitations(settings: Settings) -> dict[str, str]:
    try:
        return read_school_invitations(settings.parentbot_home)
    except LettersFileRejected as rejected:
        raise CommandFailed(f"{rejected}; no letters were written") from None


def _nobody(found: LetterRecipients, group: str | None, round_key: str | None) -> str:
    which = " and ".join(
        part
        for part in (f"group {group}" if group else "", f"round {round_key}" if round_key else "")
        if part
    )
    among = f" in {which}" if which else ""
    if found.connected_skipped:
        return (
            f"all {found.connected_skipped} families{among} have connected already;"
            " --all prints their letters too"
        )
    if which:
        return f"no family{among} to write to; nothing was written"
    return "no family to write to; import a roster first (parentbot roster import FILE)"


def _tell_built_in(
    settings: Settings, found: LetterRecipients, school_invitations: dict[str, str]
) -> None:
    """Say once which languages got the bot's own invitation paragraph."""
    used = {
        language
        for invitation in found.invitations
        for language in letter_languages(invitation.person.language, settings.default_language)
    }
    built_in = sorted(used - set(school_invitations))
    if built_in:
        print(
            f"parentbot: the built-in invitation text was used for {', '.join(built_in)}"
            f" (the school's own text for a language goes in"
            f" {settings.parentbot_home / LETTERS_FILE_NAME})",
            file=sys.stderr,
        )
