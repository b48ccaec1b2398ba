"""`parentbot letters`: the printed first letter to each family, with their QR code."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import CommandFailed, bot_username, with_db
from bot.config import Settings
from bot.domain.clock import SystemClock
from bot.domain.groups import parse_group
from bot.domain.people import Person
from bot.domain.person_kind import PersonKind
from bot.i18n import Translations
from bot.languages import SUPPORTED_LANGUAGES
from bot.paperwork.letter_content import School, compose_letter, letter_languages
from bot.paperwork.letter_fonts import FontMissing, missing_characters
from bot.paperwork.letters_pdf import (
    SMALLEST_SIZE,
    LetterTooLong,
    UnprintableNames,
    letters_pdf,
    too_long,
)
from bot.paperwork.school_invitations import (
    LETTERS_FILE_NAME,
    LettersFileRejected,
    read_school_invitations,
)
from bot.services.invitations import Invitation
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
    school = _school(settings)
    translations = Translations(settings.default_language)
    school_invitations = _school_invitations(settings, school, translations)
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
    except UnprintableNames as refused:
        for name in refused.names:
            print(
                f"parentbot: {name.ref} ({name.guardian}): no font of the letter has"
                f" {' '.join(name.characters)}; write the name in Latin letters in the roster,"
                " or leave the emoji out",
                file=sys.stderr,
            )
        raise CommandFailed(
            f"{len(refused.names)} letter{'s' if len(refused.names) != 1 else ''} would print"
            " a name with blanks (above); correct the roster and import it again; no letters"
            " were written"
        ) from None
    except LetterTooLong as long:
        raise CommandFailed(
            f"the letter to {long.guardian} ({', '.join(long.languages)}) does not fit on one"
            f" page even at {SMALLEST_SIZE:g} pt: shorten the invitation text in"
            f" {settings.parentbot_home / LETTERS_FILE_NAME}"
        ) from None
    _write_whole(output, pdf)
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
    if output.exists() and not os.access(output, os.W_OK):
        raise CommandFailed(f"cannot write {output}: permission denied")
    try:
        # The PDF is written beside its final name and moved in place, so try exactly that
        # (os.access says yes to folders such as /proc, where no file can be made).
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{output.name}.", suffix=".tmp"):
            pass
    except OSError as error:
        raise CommandFailed(f"cannot write {output}: {error.strerror}") from None
    return output


def _write_whole(output: Path, pdf: bytes) -> None:
    """Write the PDF to a temporary file beside `output`, then put it in place: an
    interrupted or failed run leaves the previous letters.pdf as it was, never half a file."""
    try:
        with tempfile.NamedTemporaryFile(
            dir=output.parent, prefix=f".{output.name}.", suffix=".tmp", delete=False
        ) as temporary:
            try:
                temporary.write(pdf)
                temporary.flush()
                os.fsync(temporary.fileno())
            except BaseException:
                temporary.close()
                os.unlink(temporary.name)
                raise
        try:
            os.chmod(temporary.name, 0o666 & ~_umask())
            os.replace(temporary.name, output)
        except BaseException:
            os.unlink(temporary.name)
            raise
    except OSError as error:
        raise CommandFailed(f"cannot write {output}: {error.strerror}") from None


def _umask() -> int:
    """The process's umask (only readable by setting it), so the PDF gets the permissions a
    plain new file would; a temporary file is made readable by its owner alone."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _group(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return parse_group(text).name
    except ValueError as error:
        raise CommandFailed(str(error)) from None


def _school(settings: Settings) -> School:
    """What the letters say about the school; refused when the fonts lack a character of it
    (it would print as a blank on every letter)."""
    school = School(
        name=settings.school_name,
        language=settings.default_language,
        phone=settings.school_phone,
        email=settings.school_email,
        timezone=settings.timezone,
    )
    for setting, value in (
        ("SCHOOL_NAME", school.name),
        ("SCHOOL_PHONE", school.phone),
        ("SCHOOL_EMAIL", school.email),
    ):
        if missing := missing_characters(value):
            raise CommandFailed(
                f"{setting} has {' '.join(missing)}, which no font of the letter has; write"
                " it without them in .env; no letters were written"
            )
    return school


def _school_invitations(
    settings: Settings, school: School, translations: Translations
) -> dict[str, str]:
    """The school's own texts, refused before anything else when one cannot be printed."""
    path = settings.parentbot_home / LETTERS_FILE_NAME
    try:
        texts = read_school_invitations(settings.parentbot_home)
    except LettersFileRejected as rejected:
        raise CommandFailed(f"{rejected}; no letters were written") from None
    for language, text in texts.items():
        if missing := missing_characters(text):
            raise CommandFailed(
                f"{path}: the text for {language} has {' '.join(missing)}, which no font of"
                " the letter has; leave them out; no letters were written"
            )
    if overlong := _too_long(texts, school, translations):
        raise CommandFailed(
            f"{path}: the text for {', '.join(overlong)} does not fit on one page beside the"
            f" other language of the letter, even at {SMALLEST_SIZE:g} pt, for a family with"
            " four children: shorten it; no letters were written"
        )
    return texts


# A Wednesday and a Friday: long day names in most languages.
_TALKS = (datetime(2026, 9, 30, 12, 0, tzinfo=UTC), datetime(2026, 10, 2, 12, 0, tzinfo=UTC))
# The longest letter a family can get: long names, four children, talks planned.
_WORST_GUARDIAN = "Maria-Fernanda Oliveira dos Santos van den Berg-Bouazzaoui"
_WORST_CHILDREN = tuple(
    f"{name} Oliveira dos Santos van den Berg (7/8)"
    for name in ("Mohammed-Amine", "Anna-Sophia", "Jan-Willem", "Fatima-Zahra")
)


def _too_long(texts: Mapping[str, str], school: School, translations: Translations) -> list[str]:
    """The languages whose school text makes the longest possible letter run over a page:
    the language with the school's language beside it, or the school's language beside the
    language whose letter is longest."""
    if not texts:
        return []
    worst = []
    for language in SUPPORTED_LANGUAGES:
        if language not in texts and school.language not in texts:
            continue
        person = Person(
            PersonKind.GUARDIAN, 0, _WORST_GUARDIAN, language, "", _WORST_CHILDREN, (), False
        )
        code = "W" * 24
        worst.append(
            compose_letter(
                Invitation(person, code, f"https://t.me/{'b' * 32}?start={code}"),
                translations=translations,
                school=school,
                school_invitations=texts,
                talks=_TALKS,
            )
        )
    try:
        refused = too_long(worst, school_name=school.name)
    except FontMissing as missing:
        raise CommandFailed(str(missing)) from None
    # The guardian's column is the first: theirs when it is the school's text, else the
    # school's language made it too long.
    return list(
        dict.fromkeys(
            letter.columns[0].language if letter.columns[0].language in texts else school.language
            for letter in refused
        )
    )


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
