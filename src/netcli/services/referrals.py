"""Referral lifecycles and outcomes (spec §11): `net outcome` on an intro or a referral,
and the referral listings.

A referral (a give of kind `referral`) moves open → contacted → met → business | declined;
`closed` and `no-sale` are the BNI names of business and declined. A status may move forward
or be corrected (a closed referral reopened, a closed value corrected): each change is
appended to its history, and only the current status counts. The closed value is the result
while the status is business; it is kept in the history when the status moves on.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from netcli import dates, records
from netcli.errors import InputError, NotFound, UsageError
from netcli.store import referrals as rows

REFERRAL_STATUSES = ("open", "contacted", "met", "business", "declined")
ALIASES = {"closed": "business", "no-sale": "declined"}
# The next step to suggest for a referral in each status.
NEXT = {"open": "contacted", "contacted": "met", "met": "business"}


def canonical(status: str) -> str:
    """A status as stored: the BNI names read as ours."""
    lowered = status.strip().lower()
    return ALIASES.get(lowered, lowered)


def record_outcome(
    conn: sqlite3.Connection,
    record: str,
    status: str,
    value: str | None = None,
    on: str | None = None,
    note: str | None = None,
) -> tuple[records.Kind, int]:
    """`net outcome ID STATUS`: an intro (`3`, `i3`) or a referral (`g12`)."""
    from netcli.services import relations  # not on net due's path

    kind, number = records.parse(record, accept=("intro", "give"), bare="intro")
    status = canonical(status)
    if kind == "intro":
        if status not in relations.OUTCOMES:
            raise UsageError(
                f"an intro outcome is one of {', '.join(relations.OUTCOMES)}, not '{status}'"
            )
        return kind, relations.set_outcome(conn, number, status, value, on, note)
    return kind, referral_outcome(conn, number, status, value, on, note)


def referral_outcome(
    conn: sqlite3.Connection,
    give_id: int,
    status: str,
    value: str | None = None,
    on: str | None = None,
    note: str | None = None,
) -> int:
    """Move a referral to a status (forward, or back as a correction)."""
    from netcli.services import relations  # not on net due's path

    if status not in REFERRAL_STATUSES:
        raise UsageError(
            f"a referral outcome is one of {', '.join(REFERRAL_STATUSES[1:])} "
            f"(or open to reopen it), not '{status}'"
        )
    if value is not None and status != "business":
        raise UsageError("--value goes with the outcome 'business' only")
    give = rows.referral_row(conn, give_id)
    if give is None:
        raise NotFound(f"no give g{give_id} (see 'net gives')")
    if give["kind"] != "referral":
        raise InputError(
            f"g{give_id} is a give of kind {give['kind']}; only referrals have an outcome"
        )
    when = relations._date(conn, on)
    if when < date.fromisoformat(give["date"]):
        raise InputError(
            f"the outcome ({when.isoformat()}) cannot come before the referral ({give['date']})"
        )
    cents = relations._cents(conn, value)
    if status != "business":
        cents = None
    elif cents is None:
        cents = give["closed_value_cents"]  # a status correction keeps the closed value
    rows.set_referral_status(conn, give_id, status, when, cents)
    rows.add_change(
        conn, "give", give_id, status, when, cents, relations._note(note), dates.now().isoformat()
    )
    return give_id


def list_referrals(
    conn: sqlite3.Connection,
    contact_id: int | None = None,
    side: str | None = None,
    open_only: bool = False,
    *,
    history: bool = True,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """`net referrals`: give objects of referrals, newest first (the first `limit`), with
    their age in days; without `history`, their status histories left out (a listing shows
    none)."""
    from netcli.store import queries

    me = queries.me_id(conn)
    found = rows.referral_objects(
        conn, me, contact_id, side, open_only, history=history, limit=limit
    )
    today = dates.today()
    for g in found:
        g["age_days"] = (today - date.fromisoformat(g["date"])).days
        g["direction"] = (
            "given" if g["giver_id"] == me else "received" if g["receiver_id"] == me else "other"
        )
    return found
