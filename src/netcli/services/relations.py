"""Relationship use cases: intros, asks, gives and interactions (spec §6 Relationships).

Every write that adds an intro, give or interaction refreshes the derived dates
(last_contact, next_due) of everyone involved, so "in touch" stays true (spec §1).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

from netcli import dates, money, records
from netcli.errors import InputError, NotFound, UsageError
from netcli.services import refs
from netcli.services.contacts import parse_date
from netcli.services.matching import add_terms, refresh_terms
from netcli.services.touch import refresh_contacts
from netcli.store import records as store_records
from netcli.store import referrals
from netcli.store import relations as rows
from netcli.text import clean_tag

GIVE_KINDS = ("referral", "intro", "advice", "business", "favor", "gift", "other")
OUTCOMES = ("made", "met", "business", "declined")
HOT_DEFAULT = 3


def _cents(conn: sqlite3.Connection, value: str | None) -> int | None:
    """An AMOUNT (money.parse) in the store's currency, as cents; None when absent."""
    from netcli.store import queries

    return None if value is None else money.parse(value, queries.setting(conn, "currency"))


def _date(conn: sqlite3.Connection, text: str | None) -> date:
    """A DATE read with the store's `dates.order`; today when absent."""
    return dates.today() if text is None else parse_date(conn, text)


def _note(text: str | None) -> str | None:
    return (text or "").strip() or None


def _text(text: str, what: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InputError(f"{what} needs a text")
    return cleaned


# intros --------------------------------------------------------------------------------


def make_intro(
    conn: sqlite3.Connection,
    a_ref: str,
    b_ref: str,
    by_ref: str = "me",
    on: str | None = None,
    note: str | None = None,
    *,
    propose: bool = False,
) -> int:
    """Record that BY introduced A to B (status `made`; `proposed` with `propose`: B's
    consent asked, not yet given); returns the intro id."""
    a, b, by = refs.resolve(conn, a_ref), refs.resolve(conn, b_ref), refs.resolve(conn, by_ref)
    if a["id"] == b["id"]:
        raise InputError(f"an intro needs two different people, not {a['name']} twice")
    if by["id"] in (a["id"], b["id"]):
        raise InputError(f"{by['name']} cannot introduce themselves; use --by for someone else")
    when, stamp = _date(conn, on), dates.now().isoformat()
    intro_id = rows.insert_intro(conn, by["id"], a["id"], b["id"], when, _note(note), stamp)
    if propose:
        referrals.make_proposed(conn, intro_id)
    status = "proposed" if propose else "made"
    referrals.add_change(conn, "intro", intro_id, status, when, None, None, stamp)
    # When I am one of the three, the intro is a touch with each of the other two.
    refresh_contacts(
        conn, [by["id"], a["id"], b["id"]], terms=()
    )  # an intro is no text of the term index
    return intro_id


def set_outcome(
    conn: sqlite3.Connection,
    intro_id: str | int,
    status: str,
    value: str | None = None,
    on: str | None = None,
    note: str | None = None,
) -> int:
    """Move an intro to made (a proposed one), met, business (optionally with its value) or
    declined; a status may also be corrected. Each change is kept in its history."""
    if status not in OUTCOMES:
        raise UsageError(f"an intro outcome is one of {', '.join(OUTCOMES)}, not '{status}'")
    if value is not None and status != "business":
        raise UsageError("--value goes with the outcome 'business' only")
    number = records.number(intro_id, "intro")
    intro = rows.intro_row(conn, number)
    if intro is None:
        raise records.not_found("intro", number)
    cents = _cents(conn, value)
    when = _date(conn, on)
    if when < date.fromisoformat(intro["date"]):
        raise InputError(
            f"the outcome ({when.isoformat()}) cannot come before the intro ({intro['date']})"
        )
    # only business carries a value; a business outcome without --value keeps the one it had
    if status != "business":
        cents = None
    elif cents is None:
        cents = intro["value_cents"]
    kept = intro["outcome_note"] if note is None else _note(note)
    if status == "made" and intro["status"] == "proposed":
        referrals.intro_made(conn, number, when)  # consent given: the intro is made that day
    elif status == "made":
        rows.set_intro_outcome(conn, number, status, when, None, kept)
        referrals.clear_outcome_day(conn, number)
    else:
        rows.set_intro_outcome(conn, number, status, when, cents, kept)
    referrals.add_change(
        conn, "intro", number, status, when, cents, _note(note), dates.now().isoformat()
    )
    refresh_contacts(
        conn, [intro["by_id"], intro["a_id"], intro["b_id"]], terms=()
    )  # an intro is no text of the term index
    return number


# asks --------------------------------------------------------------------------------


def add_ask(conn: sqlite3.Connection, ref: str, text: str, tags: Sequence[str] = ()) -> int:
    """Record that REF needs TEXT (open); returns the ask id."""
    who = refs.resolve(conn, ref)
    cleaned = [t for t in dict.fromkeys(clean_tag(t) for t in tags) if t]
    number = rows.insert_ask(
        conn,
        who["id"],
        _text(text, "an ask"),
        json.dumps(cleaned, ensure_ascii=False),
        dates.today(),
        dates.now().isoformat(),
    )
    refresh_terms(conn, [who["id"]])  # `net who --needs` finds it
    return number


def resolve_ask(
    conn: sqlite3.Connection, ask_id: str | int, *, dropped: bool = False, note: str | None = None
) -> int:
    """Close an open ask as resolved (or dropped)."""
    number = records.number(ask_id, "ask")
    ask = rows.ask_row(conn, number)
    if ask is None:
        raise records.not_found("ask", number)
    if ask["status"] != "open":
        raise InputError(f"ask a{number} is already {ask['status']} (on {ask['resolved_on']})")
    status = "dropped" if dropped else "resolved"
    rows.close_ask(conn, number, status, dates.today(), _note(note))
    return number


# gives -------------------------------------------------------------------------------


def add_give(
    conn: sqlite3.Connection,
    giver_ref: str,
    receiver_ref: str,
    text: str,
    *,
    kind: str = "referral",
    value: str | None = None,
    on: str | None = None,
    for_ask: str | int | None = None,
    hot: int | None = None,
    prospect: str | None = None,
) -> tuple[int, str | None]:
    """Record that GIVER gave RECEIVER something; `for_ask` resolves that ask. A referral
    starts `open` (spec §11), `hot` 1-5 (default 3), about the `prospect` contact.

    Returns the give id and, when the ask was already closed, a note saying so.
    """
    if kind not in GIVE_KINDS:
        raise UsageError(f"a give kind is one of {', '.join(GIVE_KINDS)}, not '{kind}'")
    if kind != "referral" and (hot is not None or prospect is not None):
        raise UsageError("--hot and --prospect go with referrals (--kind referral) only")
    if hot is not None and not 1 <= hot <= 5:
        raise UsageError(f"--hot is 1 to 5, not {hot}")
    giver, receiver = refs.resolve(conn, giver_ref), refs.resolve(conn, receiver_ref)
    if giver["id"] == receiver["id"]:
        raise InputError(f"{giver['name']} cannot give to themselves")
    about = None if prospect is None else refs.resolve(conn, prospect)
    if about is not None and about["id"] in (giver["id"], receiver["id"]):
        raise InputError(
            f"the prospect is the person the referral is about, not {about['name']} "
            "who passes or receives it"
        )
    cents = _cents(conn, value)
    when = _date(conn, on)
    ask = None
    if for_ask is not None:
        number = records.number(for_ask, "ask")
        ask = rows.ask_row(conn, number)
        if ask is None:
            raise records.not_found("ask", number)
    text = _text(text, "a give")
    give_id = rows.insert_give(
        conn,
        giver["id"],
        receiver["id"],
        text,
        kind,
        cents,
        when,
        ask["id"] if ask else None,
        stamp := dates.now().isoformat(),
    )
    if kind == "referral":
        prospect_id = None if about is None else about["id"]
        referrals.start_referral(conn, give_id, when, hot or HOT_DEFAULT, prospect_id)
        referrals.add_change(conn, "give", give_id, "open", when, None, None, stamp)
    remark = None
    if ask is not None:
        if ask["status"] == "open":
            opened = date.fromisoformat(ask["created_on"])
            rows.close_ask(conn, ask["id"], "resolved", max(when, opened), f"give #{give_id}")
        else:
            remark = f"ask a{ask['id']} was already {ask['status']}; the give is linked to it"
    # the one text the term index gains: the give, among what the giver offers
    refresh_contacts(conn, [giver["id"], receiver["id"]], terms=())
    add_terms(conn, giver["id"], "give", text)
    return give_id, remark


# reading them back (what the commands print) --------------------------------------------


def _found(record: dict[str, Any] | None, what: str) -> dict[str, Any]:
    if record is None:
        raise NotFound(f"no {what}")
    return record


def intro(conn: sqlite3.Connection, intro_id: int) -> dict[str, Any]:
    """Intro #N as its §10 object; NotFound when there is none."""
    return _found(store_records.intro(conn, intro_id), f"intro #{intro_id}")


def ask(conn: sqlite3.Connection, ask_id: int) -> dict[str, Any]:
    return _found(store_records.ask(conn, ask_id), f"ask #{ask_id}")


def give(conn: sqlite3.Connection, give_id: int) -> dict[str, Any]:
    return _found(store_records.give(conn, give_id), f"give #{give_id}")


def interaction(conn: sqlite3.Connection, interaction_id: int) -> dict[str, Any]:
    return _found(store_records.interaction(conn, interaction_id), f"interaction #{interaction_id}")


def intros(
    conn: sqlite3.Connection, contact_id: int | None, status: str | None
) -> list[dict[str, Any]]:
    """`net intros`: newest first, optionally those a contact took part in, or of one status."""
    from netcli.store import queries

    return queries.list_intros(conn, contact_id, status)


def asks(
    conn: sqlite3.Connection, contact_id: int | None, *, open_only: bool
) -> list[dict[str, Any]]:
    """`net asks`: oldest first, open ones unless told."""
    from netcli.store import queries

    return queries.list_asks(conn, contact_id, open_only=open_only)


def gives(
    conn: sqlite3.Connection,
    contact_id: int | None,
    kind: str | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    """`net gives`: newest first, optionally those a contact gave or received, of one kind,
    or (referrals) in one status."""
    from netcli.store import queries

    return queries.list_gives(conn, contact_id, kind, status)
