"""`net due --format ics` and `net export --to ics`: the follow-up queue and the birthdays as
an iCalendar file a calendar app can subscribe to.

Each queue item is one all-day event; an overdue item sits on today (a calendar shows what is
in front of you, not a day three months back) and says since when it is due. Birthdays are
yearly events, one per contact, from the birth year when it is known (else from 2000, a leap
year, so that 29 February exists); the queue's own birthday items are left out, the yearly
events already show them. UIDs are derived from the item (reason, record, contact), never
from a counter or the clock, so a calendar that re-reads the file every morning updates its
events and never duplicates them. DTSTAMP is the start of today (UTC): the same store on the
same day gives the same bytes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from netcli import __version__
from netcli.formats.ics import Event, write_calendar
from netcli.services.followups import DueItem, due_items
from netcli.store import queries

CALENDAR_NAME = "net follow-ups"
DOMAIN = "netcli"
LABELS = {
    "cadence": "keep in touch",
    "reminder": "reminder",
    "intro": "intro follow-up",
    "referral": "referral follow-up",
    "ask": "open ask",
}


def item_uid(item: DueItem) -> str:
    """`reminder-r5-c12@netcli`: the reason, the record it is about, the contact."""
    record = "".join(f"-{kind[0]}{rid}" for kind, rid in sorted((item.ref or {}).items()))
    return f"{item.reason}{record}-c{item.contact_id}@{DOMAIN}"


def item_event(item: DueItem, on: date) -> Event:
    """One queue item as an all-day event, on its due day or today when overdue."""
    lines = [item.detail]
    if item.overdue_days > 0:
        days = "day" if item.overdue_days == 1 else "days"
        lines.append(f"due {item.due.isoformat()} ({item.overdue_days} {days} overdue)")
    lines.append(item.command)
    return Event(
        uid=item_uid(item),
        start=max(item.due, on),
        summary=f"{item.contact}: {LABELS.get(item.reason, item.reason)}",
        description="\n".join(lines),
        categories=("net", item.reason),
    )


def birthday_event(contact_id: int, name: str, birthday: str) -> Event | None:
    """A yearly event from MM-DD or YYYY-MM-DD (None for a date that does not exist)."""
    year = int(birthday[:4]) if len(birthday) == 10 else 2000
    try:
        start = date(year, int(birthday[-5:-3]), int(birthday[-2:]))
    except ValueError:
        return None
    return Event(
        uid=f"birthday-c{contact_id}@{DOMAIN}",
        start=start,
        summary=f"{name}: birthday",
        description=f"born {year}" if len(birthday) == 10 else "",
        yearly=True,
        categories=("net", "birthday"),
    )


def calendar_events(
    items: Sequence[DueItem], birthdays: Sequence[tuple[int, str, str]], on: date
) -> list[Event]:
    """The queue (birthday items aside) then the birthdays, each in a stable order."""
    events = [item_event(i, on) for i in items if i.reason != "birthday"]
    for contact_id, name, birthday in sorted(birthdays):
        event = birthday_event(contact_id, name, birthday)
        if event is not None:
            events.append(event)
    return events


def calendar_text(events: Sequence[Event], on: date) -> str:
    stamp = datetime.combine(on, time(0), tzinfo=UTC)
    return write_calendar(events, stamp, CALENDAR_NAME, f"-//netcli//net {__version__}//EN")


def due_calendar(conn: sqlite3.Connection, on: date, days: int, limit: int | None = None) -> str:
    """The iCalendar text of the queue on `on` for `days` more days (at most `limit` items),
    and every active contact's birthday."""
    items = due_items(conn, on, days)
    if limit is not None:
        items = [i for i in items if i.reason != "birthday"][:limit]
    birthdays = [(r["id"], r["name"], r["birthday"]) for r in queries.birthdays_between(conn, None)]
    return calendar_text(calendar_events(items, birthdays, on), on)
