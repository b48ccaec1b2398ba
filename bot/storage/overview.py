"""How far each group of a round has come, and which parents the bot cannot reach yet: the
figures of `/overview` and `parentbot report`."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

_PUPIL_NAME = "p.first_name || ' ' || trim(p.name_prefix || ' ' || p.last_name)"


def _round_pupils(joins: str = "") -> str:
    """FROM and WHERE of the pupils of a round (`p`, their group `cg`): every active pupil
    of its groups, or in a follow-up round those it was opened for (as `Round.includes`
    says). `joins` adds tables about each pupil."""
    return f"""
        FROM pupils p
        JOIN class_groups cg ON cg.id = p.group_id
        JOIN round_groups rg ON rg.group_id = p.group_id AND rg.round_id = :round
        {joins}
        WHERE p.active = 1
          AND (NOT EXISTS (SELECT 1 FROM round_pupils rp WHERE rp.round_id = :round)
               OR p.id IN (SELECT rp.pupil_id FROM round_pupils rp WHERE rp.round_id = :round))
    """


@dataclass(frozen=True)
class GroupCounts:
    """Per group, how many of its pupils' families got how far (a family counts once per
    child: both parents answering is one child answered)."""

    group: str
    pupils: int
    linked: int  # at least one parent opened their link
    booked: int  # the child has a talk in the round
    answered: int  # at least one parent sent the answers before the talk
    agreements_sent: int  # the teacher sent the agreements of a held talk
    confirmed: int  # at least one parent pressed Understood under them


@dataclass(frozen=True)
class Unreached:
    """A parent of a pupil in the round whom the bot cannot write to."""

    group: str
    guardian: str
    pupil: str
    phone: str
    linked: bool  # False: never opened their link; True: Telegram refuses them


async def group_counts(conn: aiosqlite.Connection, round_id: int) -> list[GroupCounts]:
    sql = f"""
        SELECT cg.name AS group_name, count(*) AS pupils,
          sum(EXISTS (SELECT 1 FROM pupil_guardians l
                      JOIN guardians g ON g.id = l.guardian_id AND g.active = 1
                      WHERE l.pupil_id = p.id AND l.active = 1
                        AND g.telegram_user_id IS NOT NULL)) AS linked,
          sum(EXISTS (SELECT 1 FROM bookings b
                      WHERE b.round_id = :round AND b.pupil_id = p.id
                        AND b.status = 'active')) AS booked,
          sum(EXISTS (SELECT 1 FROM questionnaires q
                      WHERE q.round_id = :round AND q.pupil_id = p.id
                        AND q.submitted_at IS NOT NULL)) AS answered,
          sum(EXISTS (SELECT 1 FROM bookings b JOIN talk_records t ON t.booking_id = b.id
                      WHERE b.round_id = :round AND b.pupil_id = p.id
                        AND t.held = 1 AND t.version > 0)) AS agreements_sent,
          sum(EXISTS (SELECT 1 FROM bookings b
                      JOIN talk_records t ON t.booking_id = b.id
                      JOIN agreement_replies a ON a.booking_id = b.id
                      WHERE b.round_id = :round AND b.pupil_id = p.id
                        AND t.held = 1 AND t.version > 0
                        AND a.understood_at >= t.sent_at)) AS confirmed
        {_round_pupils()}
        GROUP BY cg.id
        ORDER BY cg.grade_low, cg.name
    """
    rows = await conn.execute_fetchall(sql, {"round": round_id})
    return [
        GroupCounts(
            row["group_name"],
            row["pupils"],
            row["linked"],
            row["booked"],
            row["answered"],
            row["agreements_sent"],
            row["confirmed"],
        )
        for row in rows
    ]


async def unreached(conn: aiosqlite.Connection, round_id: int) -> list[Unreached]:
    """Parents of the round's pupils who have not opened their link, or whom Telegram
    refuses; a parent of two children in the round is listed for each."""
    joins = """
        JOIN pupil_guardians l ON l.pupil_id = p.id AND l.active = 1
        JOIN guardians g ON g.id = l.guardian_id AND g.active = 1
    """
    sql = f"""
        SELECT cg.name AS group_name, g.name AS guardian, {_PUPIL_NAME} AS pupil, g.phone,
               g.telegram_user_id IS NOT NULL AS linked
        {_round_pupils(joins)}
          AND (g.telegram_user_id IS NULL OR g.unreachable_at IS NOT NULL)
        ORDER BY cg.grade_low, cg.name, p.last_name, p.first_name, g.name
    """
    rows = await conn.execute_fetchall(sql, {"round": round_id})
    return [
        Unreached(
            row["group_name"], row["guardian"], row["pupil"], row["phone"], bool(row["linked"])
        )
        for row in rows
    ]
