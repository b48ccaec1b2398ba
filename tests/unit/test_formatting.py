"""Days, times and lists in each shipped language, around the end of summer time.

What is asserted is what a reader depends on: the words, the numbers and their order in
the language. The spacing and dashes CLDR puts between them change between Babel releases
(Ukrainian ranges went from an en dash to an em dash in Babel 2.19), so `same_words` lets
any white space and any dash stand where the expected text has one.
"""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.formatting import (
    format_date_range,
    format_day,
    format_day_and_time,
    format_duration,
    format_list,
    format_time,
)
from bot.i18n import FIRST_STRONG_ISOLATE as FSI
from bot.i18n import POP_DIRECTIONAL_ISOLATE as PDI
from bot.languages import SUPPORTED_LANGUAGES

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Europe/Amsterdam leaves summer time on 2026-10-25 at 01:00 UTC (03:00 CEST -> 02:00 CET).
FRIDAY_BEFORE = datetime(2026, 10, 23, 13, 15, tzinfo=UTC)  # 15:15 CEST (UTC+2)
TUESDAY_AFTER = datetime(2026, 10, 27, 14, 15, tzinfo=UTC)  # 15:15 CET (UTC+1)
THIN = "\u2009"
NNBSP = "\u202f"

# language: (day before, day after, time after, day and time after, range, 15 minutes)
EXPECTED = {
    "nl": (
        "vrijdag 23 oktober",
        "dinsdag 27 oktober",
        "15:15",
        "dinsdag 27 oktober, 15:15",
        f"vrijdag 23{THIN}–{THIN}dinsdag 27 oktober",
        "15 minuten",
    ),
    "en": (
        "Friday, October 23",
        "Tuesday, October 27",
        f"3:15{NNBSP}PM",
        f"Tuesday, October 27, 3:15{NNBSP}PM",
        f"Friday, October 23{THIN}–{THIN}Tuesday, October 27",
        "15 minutes",
    ),
    "ar": (
        "الجمعة، 23 أكتوبر",
        "الثلاثاء، 27 أكتوبر",
        "3:15 م",
        f"الثلاثاء، 27 أكتوبر، {FSI}3:15 م{PDI}",
        "الجمعة، 23 – الثلاثاء، 27 أكتوبر",
        "15 دقيقة",
    ),
    "tr": (
        "23 Ekim Cuma",
        "27 Ekim Salı",
        "15:15",
        "27 Ekim Salı 15:15",
        f"23 Ekim Cuma{THIN}–{THIN}27 Ekim Salı",
        "15 dakika",
    ),
    "pl": (
        "piątek, 23 października",
        "wtorek, 27 października",
        "15:15",
        "wtorek, 27 października 15:15",
        f"piątek, 23 października{THIN}–{THIN}wtorek, 27 października",
        "15 minut",
    ),
    "uk": (
        "пʼятниця, 23 жовтня",
        "вівторок, 27 жовтня",
        "15:15",
        "вівторок, 27 жовтня, 15:15",
        "пʼятниця, 23 – вівторок, 27 жовтня",
        "15 хвилин",
    ),
    # Tigrinya and Somali: CLDR's 12-hour clock with the language's own "p.m.".
    "ti": (
        "ጥቅምቲ 23, ዓርቢ",
        "ጥቅምቲ 27, ሰሉስ",
        "3:15 ድ.ቀ.",
        "ጥቅምቲ 27, ሰሉስ 3:15 ድ.ቀ.",
        "ዓርቢ፣ 23 ጥቅምቲ – ሰሉስ፣ 27 ጥቅምቲ",
        "15 ደቒቓታት",
    ),
    "so": (
        "Jimco, Oktoobar 23",
        "Talaado, Oktoobar 27",
        f"3:15{NNBSP}GD",
        f"Talaado, Oktoobar 27 3:15{NNBSP}GD",
        f"Jimco, Oktoobar 23{THIN}–{THIN}Talaado, Oktoobar 27",
        "15 daqiiqo",
    ),
    # Persian reads right to left: the time inside the sentence is isolated, as in Arabic.
    "fa": (
        "جمعه 23 اکتبر",
        "سه\u200cشنبه 27 اکتبر",
        "15:15",
        f"سه\u200cشنبه 27 اکتبر، ساعت {FSI}15:15{PDI}",
        "جمعه 23 اکتبر تا سه\u200cشنبه 27 اکتبر",
        "15 دقیقه",
    ),
    "bg": (
        "петък, 23 октомври",
        "вторник, 27 октомври",
        "15:15",
        "вторник, 27 октомври, 15:15",
        "петък, 23 октомври – вторник, 27 октомври",
        "15 минути",
    ),
    "ro": (
        "vineri, 23 octombrie",
        "marți, 27 octombrie",
        "15:15",
        "marți, 27 octombrie, 15:15",
        f"vineri, 23 octombrie{THIN}–{THIN}marți, 27 octombrie",
        "15 minute",
    ),
    "es": (
        "viernes, 23 de octubre",
        "martes, 27 de octubre",
        "15:15",
        "martes, 27 de octubre, 15:15",
        f"viernes, 23 de octubre{THIN}–{THIN}martes, 27 de octubre",
        "15 minutos",
    ),
    "pt": (
        "sexta-feira, 23 de outubro",
        "terça-feira, 27 de outubro",
        "15:15",
        "terça-feira, 27 de outubro 15:15",
        f"sexta-feira, 23 de outubro{THIN}–{THIN}terça-feira, 27 de outubro",
        "15 minutos",
    ),
}


DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015-"  # the hyphen last: it ends a [class]


def loose(expected: str) -> str:
    """A pattern for `expected` with any white space (or none) and any dash in their places."""
    pattern = []
    for run in re.findall(rf"\s+|[{DASHES}]|[^\s{DASHES}]+", expected):
        if run.isspace():
            pattern.append(r"\s*")
        elif run in DASHES:
            pattern.append(rf"\s*[{DASHES}]\s*")
        else:
            pattern.append(re.escape(run))
    return "".join(pattern)


def same_words(actual: str, expected: str) -> bool:
    return re.fullmatch(loose(expected), actual) is not None


def test_same_words_ignores_only_spacing_and_the_kind_of_dash():
    assert same_words(f"vrijdag 23{THIN}\u2014{THIN}dinsdag 27", "vrijdag 23 – dinsdag 27")
    assert same_words("3:15 PM", f"3:15{NNBSP}PM")
    assert not same_words("vrijdag 23 – dinsdag 27", "vrijdag 23 – dinsdag 28")
    assert not same_words("dinsdag 27 – vrijdag 23", "vrijdag 23 – dinsdag 27")
    assert not same_words("vrijdag 23, dinsdag 27", "vrijdag 23 – dinsdag 27")
    assert not same_words(f"{FSI}3:15 م", f"{FSI}3:15 م{PDI}")


def test_every_shipped_language_is_covered():
    assert set(EXPECTED) == set(SUPPORTED_LANGUAGES)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_each_language_writes_days_times_ranges_and_durations_its_own_way(language):
    day_before, day_after, time_after, day_and_time, date_range, duration = EXPECTED[language]
    assert same_words(format_day(FRIDAY_BEFORE, AMSTERDAM, language), day_before)
    assert same_words(format_day(TUESDAY_AFTER, AMSTERDAM, language), day_after)
    assert same_words(format_time(TUESDAY_AFTER, AMSTERDAM, language), time_after)
    assert same_words(format_day_and_time(TUESDAY_AFTER, AMSTERDAM, language), day_and_time)
    actual_range = format_date_range(FRIDAY_BEFORE, TUESDAY_AFTER, AMSTERDAM, language)
    assert same_words(actual_range, date_range)
    assert same_words(format_duration(15, language), duration)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_same_wall_clock_time_on_both_sides_of_the_switch(language):
    """13:15 UTC in summer and 14:15 UTC in winter are both a quarter past three."""
    before = format_time(FRIDAY_BEFORE, AMSTERDAM, language)
    assert before == format_time(TUESDAY_AFTER, AMSTERDAM, language)
    assert before != format_time(FRIDAY_BEFORE.replace(hour=14), AMSTERDAM, language)


def test_the_hour_that_happens_twice_on_the_night_of_the_switch():
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET, an hour later
    assert format_time(first, AMSTERDAM, "nl") == format_time(second, AMSTERDAM, "nl") == "02:30"
    assert same_words(format_day(second, AMSTERDAM, "nl"), "zondag 25 oktober")


def test_the_local_day_is_shown_not_the_utc_day():
    assert same_words(
        format_day(datetime(2026, 10, 24, 22, 30, tzinfo=UTC), AMSTERDAM, "nl"), "zondag 25 oktober"
    )  # 00:30 CEST
    assert same_words(
        format_day(datetime(2026, 10, 25, 22, 59, tzinfo=UTC), AMSTERDAM, "nl"), "zondag 25 oktober"
    )  # 23:59 CET
    assert same_words(
        format_day(datetime(2026, 10, 25, 23, 0, tzinfo=UTC), AMSTERDAM, "nl"), "maandag 26 oktober"
    )  # 00:00 CET


def test_spelled_out_weekday_and_month_in_the_language_s_order():
    tuesday = datetime(2026, 3, 3, 14, 15, tzinfo=UTC)
    assert same_words(format_day(tuesday, AMSTERDAM, "nl"), "dinsdag 3 maart")
    assert same_words(format_day(tuesday, AMSTERDAM, "tr"), "3 Mart Salı")
    assert format_time(tuesday, AMSTERDAM, "nl") == "15:15"


def test_a_range_across_months_names_both_months():
    end = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    assert same_words(
        format_date_range(FRIDAY_BEFORE, end, AMSTERDAM, "nl"),
        "vrijdag 23 oktober – maandag 2 november",
    )


def test_a_range_across_years_names_both_years():
    start = datetime(2026, 12, 30, 8, 0, tzinfo=UTC)
    end = datetime(2027, 1, 8, 8, 0, tzinfo=UTC)
    assert same_words(
        format_date_range(start, end, AMSTERDAM, "nl"),
        "woensdag 30 december 2026 – vrijdag 8 januari 2027",
    )
    arabic = format_date_range(start, end, AMSTERDAM, "ar")
    assert arabic.startswith(FSI + "الأربعاء")
    assert arabic.count(FSI) == arabic.count(PDI) == 2


def test_a_range_within_one_local_day_is_that_day():
    evening = datetime(2026, 10, 23, 17, 0, tzinfo=UTC)
    assert same_words(
        format_date_range(FRIDAY_BEFORE, evening, AMSTERDAM, "nl"), "vrijdag 23 oktober"
    )


def test_a_range_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        format_date_range(TUESDAY_AFTER, FRIDAY_BEFORE, AMSTERDAM, "nl")


def test_naive_times_are_refused_rather_than_guessed():
    with pytest.raises(ValueError, match="timezone-aware"):
        format_time(datetime(2026, 10, 23, 15, 15), AMSTERDAM, "nl")


def test_a_duration_stays_in_minutes_however_long():
    assert same_words(format_duration(55, "en"), "55 minutes")
    assert same_words(format_duration(90, "nl"), "90 minuten")
    assert same_words(format_duration(1, "nl"), "1 minuut")
    with pytest.raises(ValueError, match="negative"):
        format_duration(-5, "nl")


def test_lists_use_the_language_s_words_and_isolate_items_in_arabic():
    names = ["Bohdan", "Sofiia", "Anna"]
    assert same_words(format_list(names, "nl"), "Bohdan, Sofiia en Anna")
    assert same_words(format_list(names, "uk"), "Bohdan, Sofiia і Anna")
    assert same_words(format_list(names, "tr"), "Bohdan, Sofiia ve Anna")
    assert same_words(
        format_list(names, "ar"), f"{FSI}Bohdan{PDI} و{FSI}Sofiia{PDI} و{FSI}Anna{PDI}"
    )
