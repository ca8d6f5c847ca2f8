"""The iCalendar writer (formats/ics.py): folding, escaping, and what a real parser reads."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcli.formats.ics import Event, escape_text, fold_line, write_calendar

STAMP = datetime(2026, 11, 27, tzinfo=UTC)


def calendar(*events: Event) -> str:
    return write_calendar(events, STAMP, "net follow-ups", "-//netcli//test//EN")


def test_escape_text():
    assert escape_text("a, b; c\\d\ne") == "a\\, b\\; c\\\\d\\ne"
    assert escape_text("x\r\ny\rz") == "x\\ny\\nz"
    assert escape_text("bell\x07 and \x9b[31m") == "bell and [31m"


@pytest.mark.parametrize("char", ["è", "€", "🤝", "a"])
def test_fold_never_splits_a_character(char: str):
    line = "SUMMARY:" + char * 100
    physical = fold_line(line).split("\r\n")
    assert physical[-1] == ""
    for part in physical[:-1]:
        assert len(part.encode("utf-8")) <= 75
        part.encode("utf-8").decode("utf-8")  # whole characters only
    assert "".join(p[1:] if i else p for i, p in enumerate(physical[:-1])) == line


@given(st.text(max_size=400))
def test_any_text_survives_a_real_parser(text: str):
    cal = calendar(Event(uid="x@netcli", start=date(2026, 12, 1), summary=text, description=text))
    for physical in cal.split("\r\n")[:-1]:
        assert len(physical.encode("utf-8")) <= 75
        assert "\n" not in physical and "\r" not in physical
    event = icalendar.Calendar.from_ical(cal).walk("VEVENT")[0]
    expected = escape_text(text)  # what survives: text without control characters
    assert escape_text(str(event["SUMMARY"])) == expected
    assert escape_text(str(event.get("DESCRIPTION", ""))) == expected


def test_yearly_events_and_29_february():
    cal = icalendar.Calendar.from_ical(
        calendar(
            Event(uid="b1@netcli", start=date(1980, 5, 3), summary="A", yearly=True),
            Event(uid="b2@netcli", start=date(2000, 2, 29), summary="B", yearly=True),
        )
    )
    first, leap = cal.walk("VEVENT")
    assert first["DTSTART"].dt == date(1980, 5, 3)
    assert first["DTEND"].dt == date(1980, 5, 4)
    assert dict(first["RRULE"]) == {"FREQ": ["YEARLY"]}
    # RFC 5545 drops 29 February in other years; the last day of February never is
    assert dict(leap["RRULE"]) == {"FREQ": ["YEARLY"], "BYMONTH": [2], "BYMONTHDAY": [-1]}
    assert leap["DTSTAMP"].dt == STAMP
