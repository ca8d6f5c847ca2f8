"""iCalendar (RFC 5545) writing: all-day events, stdlib only.

`write_calendar(events, stamp, name)` returns the text of one VCALENDAR: lines end in CRLF,
are folded at 75 octets (a continuation line starts with a space, and a UTF-8 character is
never split), TEXT values are escaped (`\\`, `;`, `,`, newlines), and control characters in
the data are dropped (they are not allowed in a content line). Dates are
`DTSTART;VALUE=DATE`, with `DTEND` the next day. A yearly event on 29 February recurs on the
last day of February (`BYMONTH=2;BYMONTHDAY=-1`): RFC 5545 skips invalid dates, so a plain
`FREQ=YEARLY` from a 29 February would show only in leap years.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

__all__ = ["Event", "escape_text", "fold_line", "write_calendar"]

LIMIT = 75  # octets per line, CRLF not counted (RFC 5545 §3.1)
# C0 controls but tab, DEL and C1 controls: not allowed in a content line's value
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Event:
    """One all-day event; `yearly` makes it recur every year from `start`."""

    uid: str
    start: date
    summary: str
    description: str = ""
    yearly: bool = False
    categories: tuple[str, ...] = ()


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped;
    other control characters dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROLS.sub("", value.replace("\n", "\\n"))


def fold_line(line: str) -> str:
    """One content line folded into CRLF-ended physical lines of at most 75 octets; a folded
    line goes on after CRLF and one space, and never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= LIMIT:
        return line + "\r\n"
    parts = []
    at, limit = 0, LIMIT
    while len(data) - at > limit:
        cut = at + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            cut -= 1
        parts.append(data[at:cut])
        at, limit = cut, LIMIT - 1  # the leading space takes one octet
    parts.append(data[at:])
    return b"\r\n ".join(parts).decode("utf-8") + "\r\n"


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def _event_lines(event: Event, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_day(event.start)}",
        f"DTEND;VALUE=DATE:{_day(event.start + timedelta(days=1))}",
    ]
    if event.yearly:
        if (event.start.month, event.start.day) == (2, 29):
            lines.append("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1")
        else:
            lines.append("RRULE:FREQ=YEARLY")
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def write_calendar(events: Iterable[Event], stamp: datetime, name: str, prodid: str) -> str:
    """The whole VCALENDAR as text (CRLF line ends); `stamp` is every event's DTSTAMP."""
    utc = stamp.astimezone(UTC) if stamp.tzinfo else stamp
    dtstamp = utc.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += _event_lines(event, dtstamp)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) for line in lines)
