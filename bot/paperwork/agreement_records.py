"""The agreements of each pupil's talks, for the school's pupil file (ParnasSys/Esis).

As CSV, one row per agreement under stable English column names (`AGREEMENT_COLUMNS`) an
administration can map once; as Markdown, one file per pupil with their talks in date
order, headed and worded in the school's language. The agreements themselves are in the
school's language too: phrasebook sentences from its catalog, the teacher's own words as
written.

Every cell of typed or imported text is kept from being read as a formula
(bot/paperwork/spreadsheet_cells.py); the dates, times and keys the bot writes are as is.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from babel.dates import format_date

from bot.formatting import format_time
from bot.paperwork.file_names import safe_stem
from bot.paperwork.record_words import (
    SchoolWords,
    child_answer_text,
    goal_text,
    owner_label,
    status_label,
    words_text,
)
from bot.paperwork.spreadsheet_cells import spreadsheet_text
from bot.services.agreements import OWNERS
from bot.services.records_export import AgreementEntry, PupilFile, TalkEntry

AGREEMENT_COLUMNS = [
    "pupil_id",  # the roster's leerlingnummer
    "pupil_name",
    "group",  # the pupil's group now
    "talk_date",  # YYYY-MM-DD, school time
    "talk_time",  # HH:MM, school time
    "talk_kind",  # start, progress, development, advice or follow-up
    "round",  # the year plan's id of the round
    "teacher",
    "owner",  # pupil, parents or school
    "agreement",  # in the school's language; the teacher's own words as written
    "child_goal",  # yes: the child's own goal
    "due_on",  # YYYY-MM-DD or empty
    "evaluate_on",  # YYYY-MM-DD or empty
    "outcome",  # parents' marks ("name: done|going_well|attention"), the child's answers
    "follow_up",  # yes or no: the teacher asked for a follow-up talk
    "follow_up_at",  # YYYY-MM-DD HH:MM once the follow-up talk is booked
    "confirmed",  # "name YYYY-MM-DD HH:MM" per parent who confirmed the version last sent
    "not_confirmed",  # parents who have not (yet)
]


def agreement_rows(pupils: list[PupilFile], school: SchoolWords) -> list[list[str]]:
    """A header, then one row per agreement, pupil by pupil and talk by talk."""
    rows = [list(AGREEMENT_COLUMNS)]
    for pupil in pupils:
        for talk in pupil.talks:
            local = talk.starts_at.astimezone(school.tz)
            confirmed = "; ".join(
                f"{c.parent} {_stamp(c.at, school)}" for c in talk.confirmations if c.at
            )
            missing = "; ".join(c.parent for c in talk.confirmations if c.at is None)
            for agreement in talk.agreements:
                rows.append(
                    [
                        spreadsheet_text(pupil.number),
                        spreadsheet_text(pupil.name),
                        pupil.group,  # a group name as parse_group writes it
                        local.date().isoformat(),
                        local.strftime("%H:%M"),
                        _kind(talk),
                        talk.round.plan_key,  # a year plan id: a-z, 0-9, _ and -
                        spreadsheet_text(talk.teacher),
                        agreement.owner,
                        spreadsheet_text(_agreement(agreement, school)),
                        "yes" if agreement.child_goal is not None else "",
                        _iso(agreement.due_on),
                        _iso(talk.evaluate_on),
                        spreadsheet_text(_outcome(agreement)),
                        "yes" if talk.follow_up else "no",
                        _stamp(talk.follow_up_at, school) if talk.follow_up_at else "",
                        spreadsheet_text(confirmed),
                        spreadsheet_text(missing),
                    ]
                )
    return rows


def _kind(talk: TalkEntry) -> str:
    return "follow-up" if talk.round.follow_up else str(talk.round.kind)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _stamp(moment: datetime, school: SchoolWords) -> str:
    return moment.astimezone(school.tz).strftime("%Y-%m-%d %H:%M")


def _agreement(agreement: AgreementEntry, school: SchoolWords) -> str:
    if agreement.child_goal is not None:
        return goal_text(agreement.words, agreement.child_goal, school)
    return words_text(agreement.words, school)


def _outcome(agreement: AgreementEntry) -> str:
    marks = [f"{mark.parent}: {mark.status}" for mark in agreement.marks]
    answers = [f"{question}: {answer}" for question, answer in agreement.child_answers]
    return "; ".join(marks + answers)


def pupil_markdown(pupil: PupilFile, school: SchoolWords) -> str:
    """One pupil's file: their talks in date order, each with its agreements by owner, the
    evaluation date and how it went, and which parents confirmed."""
    tr = school.tr
    lines = [
        f"# {_md(pupil.name)}",
        "",
        # Translators: under a pupil's name in the school's pupil file; the number is the
        # pupil's number in the school's administration (leerlingnummer).
        tr.gettext("Pupil number {number}, group {group}").format(
            number=_md(pupil.number), group=_md(pupil.group)
        ),
    ]
    for talk in sorted(pupil.talks, key=lambda t: t.starts_at):
        lines += ["", *_talk_lines(talk, pupil.group, school)]
    return "\n".join(lines) + "\n"


def _talk_lines(talk: TalkEntry, group: str, school: SchoolWords) -> list[str]:
    tr = school.tr
    title = school.round_title(talk.round, group)
    lines = [
        f"## {_md(_when(talk.starts_at, school))} — {_md(title)}",
        "",
        tr.gettext("Teacher: {name}").format(name=_md(talk.teacher)),
    ]
    if talk.evaluate_on:
        lines.append(
            tr.gettext("Evaluation date: {date}").format(date=_day(talk.evaluate_on, school))
        )
    heading = tr.gettext("Agreements")
    lines += ["", f"### {heading}"]
    for owner in OWNERS:
        mine = [a for a in talk.agreements if a.owner == owner]
        if mine:
            lines += ["", f"**{owner_label(owner, school)}**", ""]
            for agreement in mine:
                lines += _agreement_lines(agreement, school)
    lines += ["", _follow_up(talk, school)]
    heading = tr.gettext("Parents")
    lines += ["", f"### {heading}", ""]
    for confirmation in talk.confirmations:
        name = _md(confirmation.parent)
        if confirmation.at is None:
            said = tr.gettext("{name} has not confirmed yet.").format(name=name)
        else:
            when = _when(confirmation.at, school)
            said = tr.gettext("{name} confirmed on {when}.").format(name=name, when=when)
        lines.append(f"- {said}")
    return lines


def _follow_up(talk: TalkEntry, school: SchoolWords) -> str:
    tr = school.tr
    if talk.follow_up_at:
        return tr.gettext("Follow-up talk: {when}").format(when=_when(talk.follow_up_at, school))
    return tr.gettext("Follow-up talk: yes") if talk.follow_up else tr.gettext("Follow-up talk: no")


def _agreement_lines(agreement: AgreementEntry, school: SchoolWords) -> list[str]:
    tr = school.tr
    text = _md(_agreement(agreement, school))
    if agreement.child_goal is not None:
        text = " ".join((tr.gettext("The child's own goal:"), text))
    if agreement.due_on:
        text = " ".join(
            (text, tr.gettext("(by {date})").format(date=_day(agreement.due_on, school)))
        )
    lines = [f"- {text}"]
    marks = [f"{_md(m.parent)}: {status_label(m.status, school)}" for m in agreement.marks]
    if marks:
        # Translators: in the school's pupil file, how the parents marked an agreement on
        # the evaluation date, e.g. "Evaluation: Tom de Groot: Going well".
        evaluation = tr.gettext("Evaluation: {marks}").format(marks="; ".join(marks))
        lines.append(f"  - {evaluation}")
    lines += [
        f"  - {child_answer_text(question, answer, school)}"
        for question, answer in agreement.child_answers
    ]
    return lines


def _when(moment: datetime, school: SchoolWords) -> str:
    """A day with its year and the time, in the school's zone and language."""
    local = moment.astimezone(school.tz)
    return f"{_day(local.date(), school)}, {format_time(local, school.tz, school.language)}"


def _day(day: date, school: SchoolWords) -> str:
    """A date with its year, as the school's language writes it ("8 december 2026")."""
    return format_date(day, "long", locale=school.language)


_MARKUP = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    """Typed text kept literal in Markdown, on one line."""
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def file_name(pupil: PupilFile) -> str:
    """The pupil's Markdown file: pupil number and name, safe on Windows too (the number
    first, so never a reserved device name like CON, and kept when a long name is cut)."""
    return f"{safe_stem(f'{pupil.number} {pupil.name}') or 'pupil'}.md"
