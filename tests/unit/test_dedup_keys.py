"""De-duplication keys: the exact strings that rows already in databases carry, and prefixes
that withdraw exactly the keys built from them."""

from datetime import UTC, date, datetime

import pytest

from bot.domain import dedup_keys
from bot.domain.person_kind import PersonKind

AT = datetime(2026, 11, 3, 18, 30, tzinfo=UTC)
DAY = date(2026, 11, 4)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (dedup_keys.invitation(7, 10), "invite:round:7:guardian:10"),
        (dedup_keys.nudge(7, 10, "close-1d"), "nudge:round:7:guardian:10:close-1d"),
        (dedup_keys.escalation(7, 3), "escalate:round:7:staff:3"),
        (dedup_keys.reminder(42, 942, "1d", 10), "remind:booking:42:slot:942:1d:guardian:10"),
        (dedup_keys.digest(3, DAY), "digest:staff:3:2026-11-04"),
        (
            dedup_keys.evaluation(5, DAY, PersonKind.GUARDIAN, 10),
            "evaluate:5:2026-11-04:guardian:10",
        ),
        (dedup_keys.evaluation(5, DAY, PersonKind.STAFF, 3), "evaluate:5:2026-11-04:staff:3"),
        (
            dedup_keys.unreachable_guardian(10, "2026-11-03T18:30:00+00:00", 3),
            "unreachable:guardian:10:2026-11-03T18:30:00+00:00:staff:3",
        ),
        (dedup_keys.talk_news_about(7, 20, ""), "talk:7:20:"),
        (dedup_keys.talk_news_about(7, 20, "b"), "talk:7:20:b"),
        (
            dedup_keys.talk_news("talk:7:20:", PersonKind.GUARDIAN, 10, None, 42),
            "news:talk:7:20::guardian:10:0>42",
        ),
        (
            dedup_keys.talk_news("talk:7:20:b", PersonKind.STAFF, 3, 42, None),
            "news:talk:7:20:b:staff:3:42>0",
        ),
        (dedup_keys.time_request(8, 3), "time-request:8:staff:3"),
        (dedup_keys.answers(7, 20, 10, AT, 3), "answers:7:20:10:2026-11-03T18:30:00+00:00:3"),
        (dedup_keys.no_show(42, 10), "no-show:42:guardian:10"),
        (dedup_keys.agreements(42, 2, 10), "agreements:42:v2:guardian:10"),
        (dedup_keys.look_back(42, 10), "look-back:42:guardian:10"),
        (
            dedup_keys.agreements_reply(42, 10, "question", AT),
            "agreements-reply:42:10:question:2026-11-03T18:30:00+00:00",
        ),
        (
            dedup_keys.agreement_progress(9, 10, "done", AT),
            "progress:9:10:done:2026-11-03T18:30:00+00:00",
        ),
    ],
)
def test_keys_keep_the_formats_stored_rows_carry(key, expected):
    assert key == expected


@pytest.mark.parametrize(
    ("prefix", "key", "other"),
    [
        (
            dedup_keys.reminder_prefix(42),
            dedup_keys.reminder(42, 942, "1d", 10),
            dedup_keys.reminder(421, 942, "1d", 10),
        ),
        (
            dedup_keys.answers_prefix(7, 20, 10),
            dedup_keys.answers(7, 20, 10, AT, 3),
            dedup_keys.answers(7, 20, 101, AT, 3),
        ),
        (
            dedup_keys.agreements_reply_prefix(42, 10, "question"),
            dedup_keys.agreements_reply(42, 10, "question", AT),
            dedup_keys.agreements_reply(42, 10, "understood", AT),
        ),
        (
            dedup_keys.agreement_progress_prefix(9, 10),
            dedup_keys.agreement_progress(9, 10, "done", AT),
            dedup_keys.agreement_progress(9, 101, "done", AT),
        ),
    ],
)
def test_a_prefix_withdraws_its_own_keys_and_no_others(prefix, key, other):
    assert key.startswith(prefix)
    assert not other.startswith(prefix)
