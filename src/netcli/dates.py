"""The DATE and INTERVAL grammar of spec §4, and today() (which honours NET_TODAY)."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta

from netcli.errors import InputError
from netcli.text import fold

DATE_HINT = "try 2026-12-01, tomorrow, 3d, next friday"

WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
UNITS = {
    "d": "d", "day": "d", "days": "d",
    "w": "w", "week": "w", "weeks": "w",
    "m": "m", "month": "m", "months": "m",
    "y": "y", "year": "y", "years": "y",
}  # fmt: skip
INTERVAL_WORDS = {
    "daily": "1d",
    "giornaliero": "1d",
    "settimanale": "7d",
    "bisettimanale": "2w",
    "quindicinale": "2w",
    "mensile": "1m",
    "bimestrale": "2m",
    "trimestrale": "3m",
    "semestrale": "6m",
    "annuale": "1y",
    "weekly": "7d",
    "biweekly": "2w",
    "monthly": "1m",
    "quarterly": "3m",
    "yearly": "1y",
    "annually": "1y",
}
MAX_COUNT = 10_000  # a relative DATE counts at most this many units ("10000 days ago")
# Dates and cadences have bounds well inside Python's date range (year 1 to 9999), so that
# every sum the program makes (a date + a cadence, + the `net due --days` window, + a year
# for the next birthday) stays a date: `--every 9000y` or `--date 9999-12-31` is refused with
# one line instead of overflowing later (docs/getting-started.md).
MIN_DATE = date(1000, 1, 1)
MAX_DATE = date(9000, 12, 31)
MAX_INTERVAL = {"d": 36_525, "w": 5_218, "m": 1_200, "y": 100}  # a hundred years
RANGE_HINT = f"dates go from {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"

_SHORT = re.compile(r"(\d{1,5})\s*([a-z]+)")
_IN = re.compile(r"in\s+(\d{1,5})\s*([a-z]+)")
_AGO = re.compile(r"(\d{1,5})\s*([a-z]+)\s+ago")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
# `01-12-2026`, `1/12/26`, `1.12` (day and month in `dates.order`; the year may be left out)
_NUMERIC = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})(?:\2([0-9]{4}|[0-9]{2}))?")


def today() -> date:
    """Today, or the day NET_TODAY names (reproducible scripts and tests)."""
    fixed = os.environ.get("NET_TODAY")
    if fixed:
        try:
            found = date.fromisoformat(fixed.strip())
        except ValueError:
            raise InputError(f"NET_TODAY must be YYYY-MM-DD, not '{fixed}'") from None
        if not MIN_DATE <= found <= MAX_DATE:
            raise InputError(f"NET_TODAY '{fixed}' is out of range: {RANGE_HINT}")
        return found
    return date.today()


def now() -> datetime:
    """The current moment with its UTC offset, for created_at/updated_at stamps.

    Under NET_TODAY the date is that day (the time of day stays real), so "added" dates
    follow the fixed today in scripts and tests.
    """
    moment = datetime.now(UTC).astimezone().replace(microsecond=0)
    if os.environ.get("NET_TODAY"):
        fixed = today()
        moment = moment.replace(year=fixed.year, month=fixed.month, day=fixed.day)
    return moment


def shift(start: date, count: int, unit: str) -> date:
    """start + count units; months and years are calendar arithmetic (31 Jan + 1m = 28/29 Feb).

    The same results as dateutil's relativedelta(months=/years=), without importing it:
    that import alone costs ~24 ms on every `net due` (every cadence in months needs it).
    """
    if unit == "d":
        return start + timedelta(days=count)
    if unit == "w":
        return start + timedelta(weeks=count)
    months = count if unit == "m" else 12 * count
    year, month0 = divmod(start.year * 12 + start.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        raise OverflowError("date value out of range")
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    last_day = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month0]
    return date(year, month0 + 1, min(start.day, last_day))


def parse_date(
    text: str, *, order: str = "dmy", base: date | None = None, past: bool = False
) -> date:
    """Read a DATE (spec §4) relative to `base` (default today); InputError if it cannot.

    A day and month without a year (`1/12`) is the next such day on or after `base`, or with
    `past` (what happened: `net log --date`) the latest one on or before it.
    """
    try:
        found = _parse_date(text, order, base or today(), past)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        found = None
    if found is None:
        raise InputError(f"cannot read '{text}' as a date ({DATE_HINT})")
    if not MIN_DATE <= found <= MAX_DATE:
        raise InputError(f"'{text}' is out of range: {RANGE_HINT}")
    return found


# Italian words, accepted beside the English grammar of spec §4: our users are often Italian
# professionals ("domani", "venerdì prossimo", "tra 2 settimane", "1 dicembre 2026").
ITALIAN = {
    "oggi": "today", "domani": "tomorrow", "ieri": "yesterday", "dopodomani": "2d",
    "lunedi": "monday", "martedi": "tuesday", "mercoledi": "wednesday", "giovedi": "thursday",
    "venerdi": "friday", "sabato": "saturday", "domenica": "sunday",
    "prossimo": "next", "prossima": "next", "tra": "in", "fra": "in",
    "giorno": "day", "giorni": "days", "settimana": "week", "settimane": "weeks",
    "mese": "month", "mesi": "months", "anno": "year", "anni": "years", "fa": "ago",
    "gennaio": "jan", "febbraio": "feb", "marzo": "mar", "aprile": "apr", "maggio": "may",
    "giugno": "jun", "luglio": "jul", "agosto": "aug", "settembre": "sep", "ottobre": "oct",
    "novembre": "nov", "dicembre": "dec",
    "un": "1", "una": "1", "uno": "1", "a": "1", "an": "1",  # "tra un mese", "in a week"
}  # fmt: skip
_ARTICLES = ("il", "la", "lo", "the")  # "la settimana prossima", "il mese prossimo"


def _english(text: str) -> str:
    """Lowercase, accents folded, whitespace collapsed, Italian words put into English."""
    words = [ITALIAN.get(w, w) for w in fold(text).split()]
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    if len(words) == 2 and words[1] == "next":  # "venerdì prossimo" = "next friday"
        words.reverse()
    return " ".join(words)


def _parse_date(text: str, order: str, base: date, past: bool) -> date | None:
    s = _english(text)
    if not s:
        return None
    simple = {"today": 0, "now": 0, "tomorrow": 1, "yesterday": -1}
    if s in simple:
        return base + timedelta(days=simple[s])
    m = _ISO.fullmatch(s)
    if m:
        return date(int(m[1]), int(m[2]), int(m[3]))
    for pattern, sign in ((_SHORT, 1), (_IN, 1), (_AGO, -1)):
        m = pattern.fullmatch(s)
        if m and m[2] in UNITS:
            count = int(m[1])
            if count > MAX_COUNT:
                return None
            return shift(base, sign * count, UNITS[m[2]])
    if s == "next week":  # Monday of next week
        return base + timedelta(days=7 - base.weekday())
    if s == "next month":  # the 1st of next month
        return shift(base.replace(day=1), 1, "m")
    if s == "next year":
        return date(base.year + 1, 1, 1)
    words = s.split(" ")
    if words[0] in ("next", "this") and len(words) == 2:
        words = words[1:]
    if len(words) == 1 and words[0] in WEEKDAYS:
        ahead = (WEEKDAYS[words[0]] - base.weekday() - 1) % 7 + 1  # strictly after today
        return base + timedelta(days=ahead)
    m = _NUMERIC.fullmatch(s)
    if m:
        first, second = int(m[1]), int(m[3])
        day, month = (first, second) if order == "dmy" else (second, first)
        if m[4] is None:
            return _yearless(day, month, base, past)
        year = int(m[4]) + (2000 if len(m[4]) == 2 else 0)
        return date(year, month, day)
    return _parse_free(s, order, base)


def _yearless(day: int, month: int, base: date, past: bool) -> date | None:
    """The next `day/month` on or after base (with `past`: the latest on or before it)."""
    date(2000, month, day)  # ValueError unless it exists in some year (29/02 does)
    step = -1 if past else 1
    for year in range(base.year, base.year + 9 * step, step):  # 29/02 recurs within 8 years
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if (found <= base) if past else (found >= base):
            return found
    return None


def _parse_free(s: str, order: str, base: date) -> date | None:
    """Absolute forms such as `1 dec 2026` through dateutil, but only with a month name."""
    if not re.search(r"[a-z]{3}", s):
        return None  # bare numbers ("3", "2026") are too easy to misread
    from dateutil import parser

    default = datetime(base.year, base.month, base.day)
    try:
        parsed = parser.parse(s, dayfirst=(order == "dmy"), default=default)
    except (parser.ParserError, ValueError, OverflowError):
        return None
    found: date = parsed.date()
    return found


def parse_interval(text: str) -> str:
    """Read an INTERVAL and return its canonical form (`30d`, `2w`, `3m`, `1y`)."""
    s = "".join(_english(text).split())
    if s in INTERVAL_WORDS:
        return INTERVAL_WORDS[s]
    m = re.fullmatch(r"([0-9]{1,9})([a-z]+)", s)
    if not m or m[2] not in UNITS or int(m[1]) == 0:
        raise InputError(
            f"cannot read '{text}' as an interval (try 30d, 2w, 3m, 1y, weekly, monthly)"
        )
    count, unit = int(m[1]), UNITS[m[2]]
    if count > MAX_INTERVAL[unit]:
        raise InputError(
            f"'{text}' is too long for an interval: at most 100 years ({unit_max(unit)})"
        )
    return f"{count}{unit}"


def unit_max(unit: str) -> str:
    """The longest interval in a unit, canonical: `36525d`, `100y`."""
    return f"{MAX_INTERVAL[unit]}{unit}"


def add_interval(start: date, interval: str) -> date:
    """start + a canonical interval; the last date there is when it falls beyond it (a
    cadence stored before intervals were bounded must not break `net due`)."""
    try:
        return shift(start, int(interval[:-1]), interval[-1])
    except OverflowError:
        return date.max


def parse_birthday(text: str) -> str:
    """Read a birthday as `MM-DD` or `YYYY-MM-DD` (also `--MM-DD`); return that canonical text."""
    s = text.strip().removeprefix("--")
    m = re.fullmatch(r"(?:(\d{4})-)?(\d{1,2})-(\d{1,2})", s)
    if m:
        year = int(m[1]) if m[1] else 2000  # a leap year, so 02-29 is a valid birthday
        try:
            date(year, int(m[2]), int(m[3]))
        except ValueError:
            m = None
    if not m:
        raise InputError(f"cannot read '{text}' as a birthday (try 03-14 or 1985-03-14)")
    month_day = f"{int(m[2]):02d}-{int(m[3]):02d}"
    return f"{m[1]}-{month_day}" if m[1] else month_day


def next_birthday(birthday: str, on_or_after: date) -> date:
    """The first birthday on or after a day; 29 Feb falls on 28 Feb in other years."""
    month, day = (int(p) for p in birthday[-5:].split("-"))
    for year in (on_or_after.year, on_or_after.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = date(year, month, day - 1)
        if candidate >= on_or_after:
            return candidate
    raise AssertionError("unreachable: next year's birthday is always later")


def days_text(days: int) -> str:
    """How far a day lies from today, for people: `today`, `1 day ago`, `in 3 days`."""
    if days == 0:
        return "today"
    n = abs(days)
    unit = "day" if n == 1 else "days"
    return f"{n} {unit} ago" if days > 0 else f"in {n} {unit}"
