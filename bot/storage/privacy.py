"""Everything stored about one person, for an export; and its erasure (AVG/GDPR)."""

from __future__ import annotations

from typing import Any

import aiosqlite

from bot.domain.person_kind import PersonKind
from bot.storage.people import PERSON_TABLES


async def _rows(
    conn: aiosqlite.Connection, sql: str, params: tuple[object, ...]
) -> list[dict[str, Any]]:
    rows = await conn.execute_fetchall(sql, params)
    return [dict(row) for row in rows]


async def person_data(
    conn: aiosqlite.Connection, person_kind: PersonKind, person_id: int
) -> dict[str, Any] | None:
    """The person's record and every row that refers to them (codes only as hashes)."""
    table = PERSON_TABLES[person_kind]
    found = await _rows(conn, f"SELECT * FROM {table} WHERE id = ?", (person_id,))
    if not found:
        return None
    data: dict[str, Any] = {"person": found[0]}
    if person_kind == PersonKind.GUARDIAN:
        data["children"] = await _rows(
            conn,
            "SELECT p.external_id, p.first_name, p.name_prefix, p.last_name, l.relation,"
            " l.household, l.active FROM pupil_guardians l JOIN pupils p ON p.id = l.pupil_id"
            " WHERE l.guardian_id = ?",
            (person_id,),
        )
        data["answers"] = await _rows(
            conn,
            "SELECT round_id, pupil_id, question, text, voice_file_id, skipped, answered_at"
            " FROM answers WHERE guardian_id = ?",
            (person_id,),
        )
        # The child's cards this parent filled in with them: the child's words, kept with
        # the parent who holds them.
        data["pupil_cards"] = await _rows(
            conn,
            "SELECT c.round_id, c.pupil_id, c.band, c.language, c.submitted_at, i.item,"
            " i.pictures, i.text, i.voice_file_id, i.skipped, i.answered_at"
            " FROM pupil_cards c JOIN pupil_card_items i ON i.round_id = c.round_id"
            " AND i.pupil_id = c.pupil_id AND i.guardian_id = c.guardian_id"
            " WHERE c.guardian_id = ? ORDER BY c.round_id, c.pupil_id, i.item",
            (person_id,),
        )
        data["agreement_replies"] = await _rows(
            conn,
            "SELECT booking_id, understood_at, question FROM agreement_replies"
            " WHERE guardian_id = ?",
            (person_id,),
        )
        data["agreement_progress"] = await _rows(
            conn,
            "SELECT agreement_id, status, created_at FROM agreement_progress WHERE guardian_id = ?",
            (person_id,),
        )
        data["child_goal_answers"] = await _rows(
            conn,
            "SELECT agreement_id, question, answer, created_at FROM child_goal_answers"
            " WHERE guardian_id = ?",
            (person_id,),
        )
        data["time_requests"] = await _rows(
            conn,
            "SELECT round_id, pupil_id, message, created_at FROM time_requests"
            " WHERE guardian_id = ?",
            (person_id,),
        )
        data["cant_come"] = await _rows(
            conn,
            "SELECT booking_id, reason, wish, created_at FROM cant_come WHERE guardian_id = ?",
            (person_id,),
        )
        data["conversations"] = await _rows(
            conn,
            "SELECT c.id, c.pupil_id, c.topic, c.created_at, m.author_kind, m.text,"
            " m.voice_file_id, m.language, m.created_at AS written_at"
            " FROM conversations c JOIN conversation_messages m ON m.conversation_id = c.id"
            " WHERE c.guardian_id = ? ORDER BY m.id",
            (person_id,),
        )
        data["meeting_replies"] = await _rows(
            conn,
            "SELECT meeting_id, answer, adults, childcare, interpreter, answered_at, updated_at"
            " FROM meeting_replies WHERE guardian_id = ?",
            (person_id,),
        )
        data["meeting_attendance"] = await _rows(
            conn,
            "SELECT meeting_id, present, recorded_at FROM meeting_attendance WHERE guardian_id = ?",
            (person_id,),
        )
    else:
        data["groups"] = await _rows(
            conn,
            "SELECT g.name FROM staff_groups sg JOIN class_groups g ON g.id = sg.group_id"
            " WHERE sg.staff_id = ?",
            (person_id,),
        )
    data["messages_written"] = await _rows(
        conn,
        "SELECT conversation_id, text, voice_file_id, language, created_at"
        " FROM conversation_messages WHERE author_kind = ? AND author_id = ?",
        (person_kind, person_id),
    )
    data["bookings_made"] = await _rows(
        conn,
        "SELECT id, round_id, slot_id, pupil_id, status, created_at, cancelled_at FROM bookings"
        " WHERE booked_by_kind = ? AND booked_by_id = ?",
        (person_kind, person_id),
    )
    data["messages"] = await _rows(
        conn,
        "SELECT kind, params, status, not_before, sent_at FROM outbox"
        " WHERE recipient_kind = ? AND recipient_id = ?",
        (person_kind, person_id),
    )
    data["invitation_codes"] = await _rows(
        conn,
        "SELECT generation, created_at, revoked_at, redeemed_at FROM invite_codes"
        " WHERE person_kind = ? AND person_id = ?",
        (person_kind, person_id),
    )
    return data


async def erase_person(
    conn: aiosqlite.Connection, person_kind: PersonKind, person_id: int, now: str
) -> None:
    """Remove what identifies the person; ids stay so the school's history adds up."""
    table = PERSON_TABLES[person_kind]
    await conn.execute(
        f"UPDATE {table} SET name = '', email = '', import_key = 'erased:' || id,"
        " telegram_user_id = NULL, telegram_chat_id = NULL, active = 0,"
        " deactivated_at = coalesce(deactivated_at, ?), updated_at = ? WHERE id = ?",
        (now, now, person_id),
    )
    if person_kind == PersonKind.GUARDIAN:
        await conn.execute("UPDATE guardians SET phone = '' WHERE id = ?", (person_id,))
        await conn.execute(
            "UPDATE time_requests SET message = '' WHERE guardian_id = ?", (person_id,)
        )
        await conn.execute("DELETE FROM pupil_guardians WHERE guardian_id = ?", (person_id,))
        await conn.execute("DELETE FROM answers WHERE guardian_id = ?", (person_id,))
        await conn.execute("DELETE FROM questionnaires WHERE guardian_id = ?", (person_id,))
        # The child's cards filled in on their phone (their items go with them).
        await conn.execute("DELETE FROM pupil_cards WHERE guardian_id = ?", (person_id,))
        for table in (
            "agreement_replies",
            "agreement_progress",
            "child_goal_answers",
            "look_backs",
            "cant_come",
            "meeting_replies",
            "meeting_attendance",
        ):
            await conn.execute(f"DELETE FROM {table} WHERE guardian_id = ?", (person_id,))
        # Their conversations go whole: the teachers' answers were written for them.
        await conn.execute("DELETE FROM conversations WHERE guardian_id = ?", (person_id,))
    else:
        await conn.execute("UPDATE staff SET phone = '' WHERE id = ?", (person_id,))
        await conn.execute("DELETE FROM staff_groups WHERE staff_id = ?", (person_id,))
        await conn.execute(
            "UPDATE conversation_messages SET text = '', voice_file_id = NULL"
            " WHERE author_kind = 'staff' AND author_id = ?",
            (person_id,),
        )
    await conn.execute(
        "UPDATE invite_codes SET revoked_at = coalesce(revoked_at, ?)"
        " WHERE person_kind = ? AND person_id = ?",
        (now, person_kind, person_id),
    )
    await conn.execute(
        "UPDATE outbox SET status = 'withdrawn' WHERE status IN ('pending', 'failed')"
        " AND recipient_kind = ? AND recipient_id = ?",
        (person_kind, person_id),
    )
    await forget_orphaned_translations(conn)


# Where people's typed words live; a machine translation is kept only while its original is.
_TYPED_TEXTS = (
    ("answers", "text"),
    ("time_requests", "message"),
    ("agreements", "text"),
    ("talk_records", "talking_points"),
    ("agreement_replies", "question"),
    ("conversation_messages", "text"),
    ("pupil_card_items", "text"),
    ("meetings", "summary"),
)


async def forget_orphaned_translations(conn: aiosqlite.Connection) -> None:
    """Delete machine translations whose original text is no longer kept anywhere: an
    erased or purged text must not live on as a copy in the translation store."""
    kept = " UNION ".join(f"SELECT {column} FROM {table}" for table, column in _TYPED_TEXTS)
    await conn.execute(f"DELETE FROM machine_translations WHERE original NOT IN ({kept})")


async def purge_round_answers(conn: aiosqlite.Connection, before: str) -> int:
    """Delete answers, questionnaires, the children's cards, typed wishes and reasons for
    not coming of rounds whose talks all ended before a moment, and the answers to and
    attendance of information meetings held before it; returns how many answers went."""
    ended = (
        "SELECT r.id FROM rounds r WHERE NOT EXISTS (SELECT 1 FROM slots s"
        " WHERE s.round_id = r.id AND s.ends_at >= ?)"
    )
    cursor = await conn.execute(f"DELETE FROM answers WHERE round_id IN ({ended})", (before,))
    await conn.execute(f"DELETE FROM questionnaires WHERE round_id IN ({ended})", (before,))
    await conn.execute(f"DELETE FROM pupil_cards WHERE round_id IN ({ended})", (before,))
    await conn.execute(
        f"UPDATE time_requests SET message = '' WHERE round_id IN ({ended})", (before,)
    )
    # Why a parent could not come (ill, work) is about their health and work: it goes too.
    await conn.execute(
        "DELETE FROM cant_come WHERE booking_id IN"
        f" (SELECT id FROM bookings WHERE round_id IN ({ended}))",
        (before,),
    )
    # Who came with how many children of which age, and wanted an interpreter in which
    # language: the figures stay in the report only as long as the answers.
    held = (
        "SELECT id FROM meetings"
        " WHERE datetime(starts_at, '+' || minutes || ' minutes') < datetime(?)"
    )
    for table in ("meeting_replies", "meeting_attendance"):
        await conn.execute(f"DELETE FROM {table} WHERE meeting_id IN ({held})", (before,))
    await forget_orphaned_translations(conn)
    return cursor.rowcount


async def purge_conversations(conn: aiosqlite.Connection, before: str) -> int:
    """Delete the conversations whose last message was written before a moment; returns
    how many went (their messages go with them)."""
    cursor = await conn.execute(
        "DELETE FROM conversations WHERE NOT EXISTS (SELECT 1 FROM conversation_messages m"
        " WHERE m.conversation_id = conversations.id AND m.created_at >= ?)",
        (before,),
    )
    await forget_orphaned_translations(conn)
    return cursor.rowcount
