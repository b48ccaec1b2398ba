"""Days, times, durations and lists as each reader's language writes them (Babel's CLDR data).

Times are stored in UTC and shown in the school's zone, so every function takes an aware
datetime and the zone, and never the server's local time.

Right-to-left: each function returns one bare fragment (so it can also be a button label).
Where a function joins fragments itself (a day with a time, list items, two full dates) it
isolates the pieces with `bot.i18n.isolate`; CLDR's own patterns are used as they are, since
they already carry the marks Arabic needs. The caller isolates the fragment it gets back
when it puts it into a translated sentence, exactly as it does with names.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from functools import cache, lru_cache

from babel import Locale
from babel.dates import (
    PATTERN_CHAR_ORDER,
    DateTimeFormat,
    DateTimePattern,
    format_date,
    format_datetime,
    match_skeleton,
    parse_pattern,
    tokenize_pattern,
    untokenize_pattern,
)
from babel.dates import format_time as babel_format_time
from babel.lists import format_list as babel_format_list
from babel.units import format_unit

from bot.i18n import isolate

# Weekday, day and month, spelled out: "dinsdag 3 maart", "3 Mart Salı", "Tuesday, March 3".
_DAY = "MMMMEEEEd"
_DAY_OF_YEAR = "yMMMMEEEEd"


# A school has a few hundred talk times, shown again and again on buttons and in lists:
# Babel's formatting walks CLDR data each time, a cached answer does not.
_SHOWN_MOMENTS = 4096


@lru_cache(maxsize=_SHOWN_MOMENTS)
def format_day(moment: datetime, tz: tzinfo, language: str) -> str:
    """The day of a moment in the school's zone, with weekday and month name."""
    locale = Locale.parse(language)
    return format_datetime(_local(moment, tz), _day_pattern(locale, _DAY), locale=locale)


@lru_cache(maxsize=_SHOWN_MOMENTS)
def format_time(moment: datetime, tz: tzinfo, language: str) -> str:
    """The clock time in the school's zone, in the language's own short form ("15:15")."""
    return babel_format_time(_local(moment, tz), "short", locale=language)


def format_day_and_time(moment: datetime, tz: tzinfo, language: str) -> str:
    """Day and time joined the way the language joins them ("dinsdag 3 maart, 15:15")."""
    locale = Locale.parse(language)
    # CLDR: a date with spelled-out weekday and month takes the "full" date-time glue.
    glue = str(locale.datetime_formats["full"])
    day = format_day(moment, tz, language)
    time = isolate(format_time(moment, tz, language), language)
    return glue.replace("{1}", day).replace("{0}", time)


def format_date_range(start: datetime, end: datetime, tz: tzinfo, language: str) -> str:
    """The days from start to end, both included, sharing what they have in common.

    "maandag 2 – vrijdag 6 maart" in Dutch; one day when both fall on the same local day.
    """
    first, last = _local(start, tz), _local(end, tz)
    if last < first:
        raise ValueError("a date range cannot end before it starts")
    if first.date() == last.date():
        return format_day(start, tz, language)
    locale = Locale.parse(language)
    patterns = _day_interval_patterns(locale)
    fields = [f for f in PATTERN_CHAR_ORDER if f in patterns and _differs(first, last, f, locale)]
    if first.year == last.year and fields:
        # CLDR's interval algorithm: the pattern for the largest field that differs.
        return "".join(
            pattern.apply(moment, locale)
            for pattern, moment in zip(patterns[fields[0]], (first, last), strict=True)
        )
    # Years apart: the day-and-month patterns would hide the years, so show both in full.
    pattern = _day_pattern(locale, _DAY_OF_YEAR)
    ends = (isolate(format_datetime(m, pattern, locale=locale), language) for m in (first, last))
    return str(locale.interval_formats[None]).format(*ends)


def format_months(first: datetime, last: datetime, tz: tzinfo, language: str) -> str:
    """The month of some talks ("december"), or the first and last ("december – januari"),
    as CLDR names a month standing alone."""
    names = [format_date(_local(m, tz), "LLLL", locale=language) for m in (first, last)]
    if names[0] == names[1]:
        return names[0]
    spans = str(Locale.parse(language).interval_formats[None])
    return spans.format(*(isolate(n, language) for n in names))


def format_duration(minutes: int, language: str) -> str:
    """A length of time in minutes, always as minutes ("15 minuten", "15 dakika").

    `format_timedelta` rounds to the largest unit that fits ("1 hour" for 55 minutes); a
    talk's length must be exact, so this asks CLDR for the minute unit directly.
    """
    if minutes < 0:
        raise ValueError("a duration cannot be negative")
    return format_unit(minutes, "duration-minute", length="long", locale=language)


def format_list(items: Sequence[str], language: str) -> str:
    """Items joined as the language lists them ("Bohdan, Sofiia en Anna").

    Each item is isolated in right-to-left languages, because Arabic glues its "and" to
    the next word. Items are used as given: escape them for HTML before, not after.
    """
    return babel_format_list([isolate(item, language) for item in items], locale=language)


def _local(moment: datetime, tz: tzinfo) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware (stored in UTC)")
    return moment.astimezone(tz)


@cache  # matching walks all of a language's skeletons: a quarter of a millisecond each time
def _day_pattern(locale: Locale, wanted: str) -> str:
    skeleton = match_skeleton(wanted, locale.datetime_skeletons)
    return _spelled_out(str(locale.datetime_skeletons[skeleton]))


@cache  # as `_day_pattern`: matching and parsing cost more than the formatting itself
def _day_interval_patterns(locale: Locale) -> dict[str, list[DateTimePattern]]:
    """The language's day-to-day interval patterns, spelled out, by the field that differs."""
    patterns = locale.interval_formats[match_skeleton(_DAY, locale.interval_formats)]
    return {
        field: [parse_pattern(_spelled_out(pattern)) for pattern in pair]
        for field, pair in patterns.items()
    }


def _spelled_out(pattern: str) -> str:
    """Widen a matched pattern's weekday and month to full names.

    CLDR lists few skeletons (Dutch has "E d MMM", no "EEEE d MMMM"); ICU then widens the
    closest match's fields to what was asked, which Babel's skeleton matching does not do.
    """
    tokens = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "field" and isinstance(value, tuple):  # a field is (letter, width)
            letter, width = value
            if (letter == "E" and width <= 3) or (letter in "cML" and width == 3):
                value = (letter, 4)
        tokens.append((kind, value))
    return untokenize_pattern(tokens)


def _differs(first: datetime, last: datetime, field: str, locale: Locale) -> bool:
    one, other = (DateTimeFormat(moment, locale=locale) for moment in (first, last))
    return one.extract(field) != other.extract(field)
