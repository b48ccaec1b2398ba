"""The teachers' working hours (when a parent's message reaches them), TEACHER_HOURS as a
setting, the keys of the conversation notices, and Telegram's reply read as an answer."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, User

from bot.config import ConfigError, load_settings
from bot.domain import dedup_keys
from bot.domain.conversations import Topic, WorkingHours, parse_working_hours
from bot.telegram.conversations import replied_conversation

TZ = ZoneInfo("Europe/Amsterdam")
WEEKDAYS = parse_working_hours("mon-fri 08:00-17:00")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)


def test_the_default_is_weekdays_from_eight_to_five():
    assert WorkingHours(frozenset(range(5)), time(8), time(17)) == WEEKDAYS
    assert load_settings().teacher_hours == "mon-fri 08:00-17:00"


@pytest.mark.parametrize(
    ("moment", "reaches"),
    [
        (local(2026, 11, 23, 10, 0), None),  # Monday morning: at once
        (local(2026, 11, 23, 7, 59), local(2026, 11, 23, 8, 0)),  # early: at eight
        (local(2026, 11, 23, 17, 0), local(2026, 11, 24, 8, 0)),  # evening: next morning
        (local(2026, 11, 27, 18, 30), local(2026, 11, 30, 8, 0)),  # Friday: Monday
        (local(2026, 11, 29, 12, 0), local(2026, 11, 30, 8, 0)),  # Sunday: Monday
        (local(2027, 3, 26, 20, 0), local(2027, 3, 29, 8, 0)),  # over the clock change
    ],
)
def test_a_message_outside_working_hours_reaches_the_teacher_when_they_begin(moment, reaches):
    found = WEEKDAYS.next_start(moment, TZ) if WEEKDAYS else None
    assert found == (reaches.astimezone(UTC) if reaches else None)


def test_days_may_be_listed_and_off_means_any_hour():
    hours = parse_working_hours("Mon,wed-thu  07:30-12:00")
    assert hours == WorkingHours(frozenset({0, 2, 3}), time(7, 30), time(12))
    assert parse_working_hours("off") is None


@pytest.mark.parametrize(
    "value", ["weekdays 08:00-17:00", "mon-fri", "fri-mon 08:00-17:00", "mon-fri 17:00-08:00"]
)
def test_unreadable_working_hours_stop_the_bot_with_one_line(monkeypatch, value):
    monkeypatch.setenv("TEACHER_HOURS", value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert str(error.value).startswith("TEACHER_HOURS:")


def test_only_the_talk_and_the_agreements_are_read_by_the_whole_family():
    assert Topic.TALK.whole_family
    assert Topic.AGREEMENTS.whole_family
    assert not Topic.GENERAL.whole_family


def test_the_notice_keys():
    at = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    assert dedup_keys.parent_message(5, 3) == "parent-message:5:staff:3"
    assert (
        dedup_keys.parent_messages(12, 3, at)
        == "parent-messages:12:staff:3:2026-11-30T07:00:00+00:00"
    )
    assert dedup_keys.teacher_answer(8, 10) == "teacher-answer:8:guardian:10"


def _message(reply_to: Message | None) -> Message:
    chat = Chat(1, Chat.PRIVATE)
    return Message(2, datetime.now(UTC), chat, from_user=User(1, "Karim", False),
                   text="Ja", reply_to_message=reply_to)  # fmt: skip


def test_telegram_s_reply_to_a_message_with_answer_names_its_conversation():
    chat = Chat(1, Chat.PRIVATE)
    answer = InlineKeyboardButton("Beantwoorden", callback_data="1:cva:42")
    parent_message = Message(
        1, datetime.now(UTC), chat, text="…", reply_markup=InlineKeyboardMarkup([[answer]])
    )
    assert replied_conversation(_message(parent_message)) == 42
    other = InlineKeyboardButton("Kies", callback_data="1:pick:7")
    booking = Message(1, datetime.now(UTC), chat, reply_markup=InlineKeyboardMarkup([[other]]))
    assert replied_conversation(_message(booking)) is None
    assert replied_conversation(_message(None)) is None
