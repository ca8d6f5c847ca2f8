"""`net import --from eml`: log one e-mail interaction with the people a mail was between.

The known contacts among From, To and Cc (matched by any of their e-mails, ignoring case; me
left out) are the interaction's people; the others are listed, never added. The day is the
Date header's, in the local time zone; a mail without one (or with one that cannot be read,
or one in the future) is dated today, and the result says so. The subject is the note. The
same mail imported twice (same day, subject and people) is logged once.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from netcli import dates
from netcli.errors import InputError
from netcli.formats.eml import Mail
from netcli.records import label
from netcli.services.interactions import log_interaction
from netcli.store import mail as mail_store
from netcli.store import queries

KIND = "email"


@dataclass
class MailLogged:
    """What importing one mail did (or, in a dry run, would do)."""

    date: date
    note: str | None
    contacts: list[tuple[int, str]]
    unknown: list[str]
    notes: list[str] = field(default_factory=list)
    interaction_id: int | None = None
    already: bool = False

    def interaction(self) -> dict[str, Any] | None:
        """The interaction object of spec §10 (None in a dry run that would add one)."""
        if self.interaction_id is None:
            return None
        return {
            "id": self.interaction_id,
            "ref": label("interaction", self.interaction_id),
            "contact_ids": [c for c, _ in self.contacts],
            "contacts": [n for _, n in self.contacts],
            "kind": KIND,
            "date": self.date,
            "note": self.note,
        }


def mail_day(mail: Mail, today: date) -> tuple[date, str | None]:
    """The day to log a mail on, and why it is not the Date header's when it is not."""
    if mail.sent is None:
        if mail.date_header:
            return today, f"cannot read its Date header '{mail.date_header}': dated today ({today})"
        return today, f"no Date header: dated today ({today})"
    day = mail.sent.astimezone().date()
    if day > today:
        return today, f"its Date header ({day}) is in the future: dated today ({today})"
    return day, None


def shown_address(name: str, address: str) -> str:
    return f"{name} <{address}>" if name else address


def capture_mail(conn: sqlite3.Connection, mail: Mail, source: str) -> MailLogged:
    """Log the mail (once) with the known contacts on it; InputError when there are none."""
    me = queries.me_id(conn)
    everyone = mail.addresses
    owners = mail_store.email_owners(conn, [a.casefold() for _, a in everyone])
    contacts: dict[int, str] = {}
    unknown = []
    for name, address in everyone:
        owner = owners.get(address.casefold())
        if owner is None:
            unknown.append(shown_address(name, address))
        elif owner[0] != me:
            contacts.setdefault(owner[0], owner[1])
    if not contacts:
        if unknown:
            raise InputError(
                f"no known contact in the mail {source}; not in your contacts: "
                f"{', '.join(unknown[:5])}{' …' if len(unknown) > 5 else ''} "
                "(net add NAME --email ADDRESS adds one)"
            )
        raise InputError(f"the mail {source} is only between your own addresses")
    day, why = mail_day(mail, dates.today())
    found = MailLogged(
        date=day,
        note=mail.subject,
        contacts=list(contacts.items()),
        unknown=unknown,
        notes=[why] if why else [],
    )
    ids = list(contacts)
    existing = mail_store.logged_interaction(conn, KIND, day, mail.subject, ids)
    if existing is not None:
        found.interaction_id, found.already = existing, True
    else:
        found.interaction_id = log_interaction(conn, ids, KIND, day, mail.subject)
    return found
