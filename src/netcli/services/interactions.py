"""Logging interactions (`net log`, `net done`), in plain SQL on the transaction's connection.

`net log` is typed many times a day; importing SQLModel would cost ~330 ms of each run. The
rows written are the models' (`Interaction`, `InteractionContact`); a test checks them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

from netcli import dates
from netcli.errors import InputError, UsageError
from netcli.services import refs
from netcli.services.contacts import parse_date
from netcli.services.touch import refresh_contacts
from netcli.store import followups
from netcli.text import fold, shell_word

INTERACTION_KINDS = ("call", "meeting", "one-to-one", "email", "message", "event", "other")
# The words BNI members and Italian users type for a kind; stored and shown canonical. Keys are
# folded (case and accents) with spaces as dashes.
KIND_ALIASES = {
    "1-2-1": "one-to-one", "121": "one-to-one", "one2one": "one-to-one", "one-2-one": "one-to-one",
    "1-to-1": "one-to-one", "1to1": "one-to-one", "1:1": "one-to-one", "one-on-one": "one-to-one",
    "onetoone": "one-to-one", "one-one": "one-to-one",
    "phone": "call", "phone-call": "call", "telefonata": "call", "chiamata": "call",
    "telefono": "call",
    "meet": "meeting", "incontro": "meeting", "riunione": "meeting", "appuntamento": "meeting",
    "mail": "email", "e-mail": "email",
    "msg": "message", "sms": "message", "text": "message", "whatsapp": "message",
    "messaggio": "message",
    "evento": "event", "altro": "other",
}  # fmt: skip


def canonical_kind(text: str) -> str | None:
    """The interaction kind a word means (`121` -> `one-to-one`, `phone` -> `call`), or None."""
    key = "-".join(fold(text).split())
    return key if key in INTERACTION_KINDS else KIND_ALIASES.get(key)


def log_interaction(
    conn: sqlite3.Connection, contact_ids: Sequence[int], kind: str, on: date, note: str | None
) -> int:
    """Log one interaction of me with these contacts; their last touch moves. Returns its id."""
    interaction_id = followups.insert_interaction(
        conn, contact_ids, kind, on, (note or "").strip() or None, dates.now().isoformat()
    )
    refresh_contacts(conn, contact_ids)
    return interaction_id


def log_with(
    conn: sqlite3.Connection,
    contact_refs: Sequence[str],
    kind: str = "meeting",
    on: str | None = None,
    note: str | None = None,
) -> int:
    """`net log`: resolve the people (not me: I am in every interaction) and log once."""
    kind = canonical_kind(kind) or kind
    if kind not in INTERACTION_KINDS:
        raise UsageError(
            f"an interaction kind is one of {', '.join(INTERACTION_KINDS)}, not '{kind}'"
        )
    people = [refs.resolve(conn, r) for r in contact_refs]
    if not people:
        raise UsageError("name at least one contact")
    if any(p["is_me"] for p in people):
        raise InputError("you take part in every interaction; name only the others")
    if on is None:
        day = dates.today()
    else:  # "" is an error, not today
        day = parse_date(conn, on, past=True)
        if day > dates.today():
            when = day.isoformat()
            shown = when if on.strip() == when else f"{on} ({when})"
            raise InputError(
                f"--date {shown} is in the future: log what happened; for what will, "
                f"net remind {shell_word(people[0]['name'])} {when}"
            )
    return log_interaction(conn, [p["id"] for p in people], kind, day, note)
