"""The DATE and INTERVAL grammar of spec §4."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcli import dates
from netcli.errors import InputError

FRIDAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("today", FRIDAY),
        ("Tomorrow", date(2026, 11, 28)),
        ("yesterday", date(2026, 11, 26)),
        ("3d", date(2026, 11, 30)),
        ("2w", date(2026, 12, 11)),
        ("1m", date(2026, 12, 27)),
        ("1y", date(2027, 11, 27)),
        ("in 3 days", date(2026, 11, 30)),
        ("in 2 weeks", date(2026, 12, 11)),
        ("3 days ago", date(2026, 11, 24)),
        ("2 weeks ago", date(2026, 11, 13)),
        ("friday", date(2026, 12, 4)),  # the next Friday after today, which is a Friday
        ("next friday", date(2026, 12, 4)),
        ("monday", date(2026, 11, 30)),
        ("1 dec 2026", date(2026, 12, 1)),
        ("Dec 1 2026", date(2026, 12, 1)),
        ("01/12/2026", date(2026, 12, 1)),  # dmy by default
    ],
)
def test_dates(text, expected):
    assert dates.parse_date(text, base=FRIDAY) == expected


def test_month_first_order():
    assert dates.parse_date("01/12/2026", order="mdy", base=FRIDAY) == date(2026, 1, 12)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "soon",
        "3",
        "2026",
        "32/01/2026",
        "2026-02-30",
        "3 parsecs",
        "next decade",
        "1/13",
        "31.04",
        "1/12-2026",
        "99999d",
        "in 1 fortnight",
    ],
)
def test_unreadable_dates(text):
    with pytest.raises(InputError) as err:
        dates.parse_date(text, base=FRIDAY)
    assert err.value.message == (
        f"cannot read '{text}' as a date (try 2026-12-01, tomorrow, 3d, next friday)"
    )


def test_net_today(monkeypatch):
    monkeypatch.setenv("NET_TODAY", "2024-02-29")
    assert dates.today() == date(2024, 2, 29)
    assert dates.now().date() == date(2024, 2, 29)
    monkeypatch.setenv("NET_TODAY", "tomorrow")
    with pytest.raises(InputError, match="NET_TODAY must be YYYY-MM-DD"):
        dates.today()


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("30d", "30d"),
        ("2w", "2w"),
        ("3m", "3m"),
        ("1y", "1y"),
        ("weekly", "7d"),
        ("biweekly", "2w"),
        ("monthly", "1m"),
        ("quarterly", "3m"),
        ("yearly", "1y"),
        (" 2 W ", "2w"),
        ("6 months", "6m"),
    ],
)
def test_intervals(text, canonical):
    assert dates.parse_interval(text) == canonical


@pytest.mark.parametrize("text", ["", "0d", "often", "3x", "-1m", "1.5m"])
def test_bad_intervals(text):
    with pytest.raises(InputError, match="as an interval"):
        dates.parse_interval(text)


def test_month_arithmetic_is_calendar_arithmetic():
    assert dates.add_interval(date(2026, 1, 31), "1m") == date(2026, 2, 28)
    assert dates.add_interval(date(2028, 1, 31), "1m") == date(2028, 2, 29)
    assert dates.add_interval(date(2024, 2, 29), "1y") == date(2025, 2, 28)
    assert dates.add_interval(date(2026, 8, 31), "3m") == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("03-14", "03-14"),
        ("3-4", "03-04"),
        ("1985-03-14", "1985-03-14"),
        ("--03-14", "03-14"),
        ("02-29", "02-29"),
    ],
)
def test_birthdays(text, stored):
    assert dates.parse_birthday(text) == stored


@pytest.mark.parametrize("text", ["13-01", "02-30", "1985-02-29", "march 3", ""])
def test_bad_birthdays(text):
    with pytest.raises(InputError, match="as a birthday"):
        dates.parse_birthday(text)


def test_feb_29_birthday_in_other_years():
    assert dates.next_birthday("02-29", date(2027, 1, 1)) == date(2027, 2, 28)
    assert dates.next_birthday("1992-02-29", date(2028, 1, 1)) == date(2028, 2, 29)
    assert dates.next_birthday("12-25", date(2026, 12, 26)) == date(2027, 12, 25)


@given(st.text(max_size=40))
def test_any_text_is_a_date_or_the_documented_error(text):
    try:
        result = dates.parse_date(text, base=FRIDAY)
    except InputError as err:
        assert err.message.startswith("cannot read ") or "is out of range" in err.message
    else:
        assert dates.MIN_DATE <= result <= dates.MAX_DATE


@given(st.dates(), st.text(alphabet="0123456789dwmy ago in next", max_size=20))
def test_relative_forms_from_any_base_never_crash(base, text):
    try:
        dates.parse_date(text, base=base)
    except InputError:
        pass


@given(st.text(max_size=20))
def test_any_text_is_an_interval_or_the_documented_error(text):
    try:
        canonical = dates.parse_interval(text)
    except InputError as err:
        assert "as an interval" in err.message
    else:
        assert dates.parse_interval(canonical) == canonical


@given(st.text(max_size=20))
def test_any_text_is_a_birthday_or_the_documented_error(text):
    try:
        dates.parse_birthday(text)
    except InputError as err:
        assert "as a birthday" in err.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oggi", FRIDAY),
        ("domani", date(2026, 11, 28)),
        ("Ieri", date(2026, 11, 26)),
        ("dopodomani", date(2026, 11, 29)),
        ("lunedì", date(2026, 11, 30)),
        ("venerdì prossimo", date(2026, 12, 4)),
        ("prossimo venerdi", date(2026, 12, 4)),
        ("tra 3 giorni", date(2026, 11, 30)),
        ("fra 2 settimane", date(2026, 12, 11)),
        ("2 mesi fa", date(2026, 9, 27)),
        ("1 dicembre 2026", date(2026, 12, 1)),
        ("14 febbraio 2027", date(2027, 2, 14)),
    ],
)
def test_italian_dates(text, expected):
    assert dates.parse_date(text, base=FRIDAY) == expected


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("mensile", "1m"),
        ("Trimestrale", "3m"),
        ("settimanale", "7d"),
        ("6 mesi", "6m"),
        ("2 settimane", "2w"),
        ("annuale", "1y"),
    ],
)
def test_italian_intervals(text, canonical):
    assert dates.parse_interval(text) == canonical


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01-12-2026", date(2026, 12, 1)),
        ("1-12-26", date(2026, 12, 1)),
        ("1.12.2026", date(2026, 12, 1)),
        ("1/12", date(2026, 12, 1)),  # without a year: the next such day
        ("1.12", date(2026, 12, 1)),
        ("27/11", FRIDAY),  # today is the next such day
        ("26/11", date(2027, 11, 26)),
        ("29/02", date(2028, 2, 29)),
        ("next week", date(2026, 11, 30)),  # Monday of next week
        ("next month", date(2026, 12, 1)),  # the 1st of next month
        ("la settimana prossima", date(2026, 11, 30)),
        ("prossima settimana", date(2026, 11, 30)),
        ("il mese prossimo", date(2026, 12, 1)),
        ("tra un mese", date(2026, 12, 27)),
        ("tra una settimana", date(2026, 12, 4)),
        ("in a week", date(2026, 12, 4)),
        ("tra 2 mesi", date(2027, 1, 27)),
        ("3 giorni fa", date(2026, 11, 24)),
        ("un anno fa", date(2025, 11, 27)),
        ("oggi", FRIDAY),
        ("ieri", date(2026, 11, 26)),
        ("venerdì prossimo", date(2026, 12, 4)),
        ("1 dicembre 2026", date(2026, 12, 1)),
    ],
)
def test_dates_people_type(text, expected):
    assert dates.parse_date(text, base=FRIDAY) == expected


def test_next_week_and_month_at_their_edges():
    sunday, monday = date(2026, 11, 29), date(2026, 11, 30)
    assert dates.parse_date("next week", base=sunday) == monday
    assert dates.parse_date("next week", base=monday) == date(2026, 12, 7)
    assert dates.parse_date("next month", base=date(2026, 12, 31)) == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("text", "dmy", "mdy"),
    [
        ("01/12/2026", date(2026, 12, 1), date(2026, 1, 12)),
        ("01-12-2026", date(2026, 12, 1), date(2026, 1, 12)),
        ("12/25", None, date(2026, 12, 25)),
        ("25.12", date(2026, 12, 25), None),
    ],
)
def test_day_month_order(text, dmy, mdy):
    for order, expected in (("dmy", dmy), ("mdy", mdy)):
        if expected is None:
            with pytest.raises(InputError, match="cannot read"):
                dates.parse_date(text, order=order, base=FRIDAY)
        else:
            assert dates.parse_date(text, order=order, base=FRIDAY) == expected


def test_a_past_date_without_a_year_is_the_latest_one():
    assert dates.parse_date("1/12", base=FRIDAY, past=True) == date(2025, 12, 1)
    assert dates.parse_date("27/11", base=FRIDAY, past=True) == FRIDAY
    assert dates.parse_date("29/02", base=FRIDAY, past=True) == date(2024, 2, 29)
    assert dates.parse_date("1/12/2026", base=FRIDAY, past=True) == date(2026, 12, 1)


@pytest.mark.parametrize("text", ["9999-12-31", "9001-01-01", "0999-12-31", "10000 years ago"])
def test_dates_out_of_range_name_the_value(text):
    with pytest.raises(InputError) as err:
        dates.parse_date(text, base=FRIDAY)
    assert err.value.message in (
        f"'{text}' is out of range: dates go from 1000-01-01 to 9000-12-31",
        f"cannot read '{text}' as a date (try 2026-12-01, tomorrow, 3d, next friday)",
    )
    assert text in err.value.message


def test_net_today_out_of_range(monkeypatch):
    monkeypatch.setenv("NET_TODAY", "9999-12-31")
    with pytest.raises(InputError, match="NET_TODAY '9999-12-31' is out of range"):
        dates.today()


@pytest.mark.parametrize("text", ["9000y", "101y", "1201m", "5219w", "36526d", "999999999d"])
def test_intervals_are_at_most_a_hundred_years(text):
    with pytest.raises(InputError, match=f"'{text}' is too long for an interval"):
        dates.parse_interval(text)


def test_longest_intervals_from_the_last_date_stay_dates():
    for longest in ("36525d", "5218w", "1200m", "100y"):
        assert dates.parse_interval(longest) == longest
        assert dates.add_interval(dates.MAX_DATE, longest).year < 9999
    assert dates.add_interval(date(9990, 1, 1), "100y") == date.max  # an old stored cadence


DAY_MONTH = st.builds(
    lambda d, m, sep, y: f"{d}{sep}{m}" + (f"{sep}{y}" if y is not None else ""),
    st.integers(0, 40),
    st.integers(0, 15),
    st.sampled_from(["/", ".", "-"]),
    st.none() | st.integers(0, 99999),
)
WORDY = st.lists(
    st.sampled_from(
        ["tra", "un", "una", "mese", "giorni", "fa", "next", "week", "month", "prossimo",
         "venerdì", "1", "12", "2026", "dicembre", "in", "3", "days", "ago", "la", "oggi"]
    ),
    max_size=4,
).map(" ".join)  # fmt: skip


@given(st.dates(), st.one_of(DAY_MONTH, WORDY), st.sampled_from(["dmy", "mdy"]), st.booleans())
def test_people_forms_raise_only_the_documented_errors(base, text, order, past):
    try:
        found = dates.parse_date(text, order=order, base=base, past=past)
    except InputError as err:
        assert err.message.startswith("cannot read ") or "is out of range" in err.message
    else:
        assert dates.MIN_DATE <= found <= dates.MAX_DATE
