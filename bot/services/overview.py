"""The school leadership's view of the talks: per group of the current rounds, how many
families are connected, have booked, answered, received and confirmed the agreements,
and which parents the bot cannot reach yet.

Directors and internal counsellors read it with `/overview`; the administrator prints the
same figures with `parentbot report` (text or CSV), so both come from `school_report`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.rounds import Round
from bot.storage.database import Database
from bot.storage.overview import GroupCounts, Unreached, group_counts, unreached
from bot.storage.rounds import load_rounds

__all__ = ["CSV_HEADER", "GroupCounts", "Report", "RoundReport", "Unreached", "school_report"]

CSV_HEADER = [
    "round",
    "group",
    "pupils",
    "linked",
    "booked",
    "answered",
    "agreements_sent",
    "confirmed",
    "not_reached",
]


@dataclass(frozen=True)
class RoundReport:
    round: Round
    groups: tuple[GroupCounts, ...]
    unreached: tuple[Unreached, ...]

    def unreached_in(self, group: str) -> list[Unreached]:
        return [person for person in self.unreached if person.group == group]


@dataclass(frozen=True)
class Report:
    """The figures, plain: the views write them in a reader's language, the CLI in English."""

    rounds: tuple[RoundReport, ...]

    def csv_rows(self) -> list[list[str]]:
        """A header, then one row per round and group; who is not reached yet in one cell."""
        rows = [list(CSV_HEADER)]
        for item in self.rounds:
            for counts in item.groups:
                not_reached = "; ".join(
                    _unreached_text(person) for person in item.unreached_in(counts.group)
                )
                rows.append(
                    [
                        item.round.plan_key,
                        counts.group,
                        *(str(n) for n in _numbers(counts)),
                        not_reached,
                    ]
                )
        return rows

    def text_lines(self) -> list[str]:
        """The report for the command line: a round, its groups, and who is not reached."""
        if not self.rounds:
            return ["No round of talks has opened yet."]
        lines: list[str] = []
        for item in self.rounds:
            lines.append(f"{item.round.plan_key} ({item.round.kind})")
            for counts in item.groups:
                pupils, linked, booked, answered, sent, confirmed = _numbers(counts)
                lines.append(
                    f"  group {counts.group}: {pupils} pupils, parents linked {linked},"
                    f" booked {booked}, answered {answered}, agreements sent {sent},"
                    f" confirmed {confirmed}"
                )
                lines += [
                    f"    not reached: {_unreached_text(person)}"
                    for person in item.unreached_in(counts.group)
                ]
        return lines


def _numbers(counts: GroupCounts) -> tuple[int, int, int, int, int, int]:
    return (
        counts.pupils,
        counts.linked,
        counts.booked,
        counts.answered,
        counts.agreements_sent,
        counts.confirmed,
    )


def _unreached_text(person: Unreached) -> str:
    why = "unreachable in Telegram" if person.linked else "not linked"
    phone = f", {person.phone}" if person.phone else ""
    return f"{person.guardian} ({person.pupil}{phone}): {why}"


def current_rounds(rounds: list[Round], now: datetime) -> list[Round]:
    """The rounds the leadership follows now: every round open for booking, and for each
    group the latest round whose booking has opened. Follow-up talks (one pupil each) are
    part of their teacher's work, not of a group's figures."""
    started = [r for r in rounds if not r.follow_up and r.booking_opens_at <= now]
    latest: dict[int, Round] = {}
    for round_ in sorted(started, key=lambda r: (r.booking_opens_at, r.id)):
        for group_id in round_.group_ids:
            latest[group_id] = round_
    chosen = {r.id for r in started if r.is_open(now)} | {r.id for r in latest.values()}
    return sorted((r for r in started if r.id in chosen), key=lambda r: (r.booking_opens_at, r.id))


async def school_report(db: Database, now: datetime) -> Report:
    """Per current round, each group's figures and the parents not reached, in one read."""
    async with db.read() as conn:
        reports = []
        for round_ in current_rounds(await load_rounds(conn), now):
            counts = await group_counts(conn, round_.id)
            people = await unreached(conn, round_.id)
            reports.append(RoundReport(round_, tuple(counts), tuple(people)))
    return Report(tuple(reports))
