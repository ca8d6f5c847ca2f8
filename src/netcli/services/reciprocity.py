"""The reciprocity ledger of spec §8 as pure functions: no I/O, no store, exact money.

For each contact C, seen from me:
- given    = gives from me to C, plus intros I made for C (by me, C is `a` or `b`);
- received = gives from C to me, plus intros C made for me (by C, me is `a` or `b`);
- balance  = received_count - given_count (positive: I owe them; negative: they owe me).

Gives between two other people (third-party gives) and intros made by someone else between
two other people count for nobody's balance with me. Every intro counts whatever its status
(a declined intro was still a favour asked and done); its value is the business value
recorded with `net outcome … business --value`. Money stays in integer cents throughout.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from netcli import money


@dataclass(frozen=True)
class GiveFact:
    """One give as the ledger sees it."""

    giver_id: int
    receiver_id: int
    value_cents: int | None = None


@dataclass(frozen=True)
class IntroFact:
    """One intro as the ledger sees it: `by` introduced `a` to `b`."""

    by_id: int
    a_id: int
    b_id: int
    value_cents: int | None = None


@dataclass
class BalanceRow:
    """One contact's ledger with me."""

    contact_id: int
    contact: str
    given_count: int = 0
    given_cents: int = 0
    received_count: int = 0
    received_cents: int = 0

    @property
    def balance(self) -> int:
        """received - given, in counts: positive means I owe them."""
        return self.received_count - self.given_count

    @property
    def empty(self) -> bool:
        return not (self.given_count or self.received_count)

    def as_json(self) -> dict[str, Any]:
        """The balance row of spec §8/§10; values exact (Decimal from integer cents)."""
        return {
            "contact_id": self.contact_id,
            "contact": self.contact,
            "given_count": self.given_count,
            "given_value": money.total(self.given_cents),
            "received_count": self.received_count,
            "received_value": money.total(self.received_cents),
            "balance": self.balance,
        }


@dataclass
class Summary:
    """Totals over distinct records (an intro I made for two people is one thing given)."""

    given_count: int = 0
    given_cents: int = 0
    received_count: int = 0
    received_cents: int = 0
    contacts: int = 0
    i_owe: int = 0  # contacts with a positive balance
    owe_me: int = 0  # contacts with a negative balance
    top_unreturned: BalanceRow | None = None  # gave me the most, got nothing back
    rows: list[BalanceRow] = field(default_factory=list)


def _add(row: BalanceRow, side: str, cents: int | None) -> None:
    if side == "given":
        row.given_count += 1
        row.given_cents += cents or 0
    else:
        row.received_count += 1
        row.received_cents += cents or 0


def ledger(
    me: int,
    gives: Iterable[GiveFact],
    intros: Iterable[IntroFact],
    names: Mapping[int, str],
    *,
    sort_keys: Mapping[int, str] | None = None,
) -> list[BalanceRow]:
    """One row per contact with anything given or received, sorted as spec §8 says.

    Order: abs(balance) descending, then the name (its folded key from `sort_keys`, when
    given), then the id, so equal balances list in a stable, readable order.
    """
    found: dict[int, BalanceRow] = {}

    def row(contact_id: int) -> BalanceRow:
        if contact_id not in found:
            found[contact_id] = BalanceRow(contact_id, names.get(contact_id, f"#{contact_id}"))
        return found[contact_id]

    for g in gives:
        if g.giver_id == me and g.receiver_id != me:
            _add(row(g.receiver_id), "given", g.value_cents)
        elif g.receiver_id == me and g.giver_id != me:
            _add(row(g.giver_id), "received", g.value_cents)
    for i in intros:
        parties = {i.a_id, i.b_id}
        if i.by_id == me:
            for other in parties - {me}:
                _add(row(other), "given", i.value_cents)
        elif me in parties:
            _add(row(i.by_id), "received", i.value_cents)
    keys = sort_keys or {}
    return sorted(
        found.values(),
        key=lambda r: (-abs(r.balance), keys.get(r.contact_id, r.contact.casefold()), r.contact_id),
    )


def summarize(
    me: int,
    gives: Iterable[GiveFact],
    intros: Iterable[IntroFact],
    rows: list[BalanceRow],
) -> Summary:
    """Totals of what I gave and received (each record once), and who is owed."""
    s = Summary(rows=rows, contacts=len(rows))
    for g in gives:
        if g.giver_id == me and g.receiver_id != me:
            s.given_count += 1
            s.given_cents += g.value_cents or 0
        elif g.receiver_id == me and g.giver_id != me:
            s.received_count += 1
            s.received_cents += g.value_cents or 0
    for i in intros:
        if i.by_id == me and {i.a_id, i.b_id} - {me}:
            s.given_count += 1
            s.given_cents += i.value_cents or 0
        elif i.by_id != me and me in (i.a_id, i.b_id):
            s.received_count += 1
            s.received_cents += i.value_cents or 0
    s.i_owe = sum(1 for r in rows if r.balance > 0)
    s.owe_me = sum(1 for r in rows if r.balance < 0)
    unreturned = [r for r in rows if r.given_count == 0 and r.received_count > 0]
    if unreturned:
        # rows are already in name order among equals, so max() keeps the first of a tie
        s.top_unreturned = max(unreturned, key=lambda r: (r.received_count, r.received_cents))
    return s


def from_records(
    me: int,
    gives: Iterable[tuple[int, int, int | None]],
    intros: Iterable[tuple[int, int, int, int | None]],
    people: Mapping[int, tuple[str, str]],
    contact_id: int | None = None,
) -> Summary:
    """The ledger from plain records (queries.ledger_records): rows and summary.

    With `contact_id`, only that contact's row (a row of zeros when nothing is recorded).
    """
    give_facts = [GiveFact(*g) for g in gives]
    intro_facts = [IntroFact(*i) for i in intros]
    names = {i: p[0] for i, p in people.items()}
    keys = {i: p[1] for i, p in people.items()}
    rows = ledger(me, give_facts, intro_facts, names, sort_keys=keys)
    if contact_id is not None:
        # Records that merely mention the contact (X introduced me to them: that counts for
        # X) stay out: one contact's totals are exactly their row.
        found = [r for r in rows if r.contact_id == contact_id]
        row = found[0] if found else BalanceRow(contact_id, names.get(contact_id, f"#{contact_id}"))
        return Summary(
            given_count=row.given_count,
            given_cents=row.given_cents,
            received_count=row.received_count,
            received_cents=row.received_cents,
            contacts=1,
            i_owe=int(row.balance > 0),
            owe_me=int(row.balance < 0),
            top_unreturned=row if row.given_count == 0 and row.received_count else None,
            rows=[row],
        )
    return summarize(me, give_facts, intro_facts, rows)


def load(
    conn: sqlite3.Connection, me: int, contact_id: int | None = None, since: str | None = None
) -> Summary:
    """`net balance`: read the records that involve me (and the contact), from `since` (an
    ISO date) on, and sum them."""
    from netcli.store import queries

    gives, intros = queries.ledger_records(conn, me, contact_id, since)
    ids = {g[0] for g in gives} | {g[1] for g in gives} | {i[0] for i in intros}
    ids |= {i[1] for i in intros} | {i[2] for i in intros} | {contact_id or me}
    return from_records(me, gives, intros, queries.names_of(conn, ids), contact_id)


def diverging_bar(balance: int, largest: int, width: int = 8) -> tuple[str, str]:
    """A bar around a centre line: (left, right) halves, each `width` characters.

    Negative balances (they owe me) grow to the left, positive ones (I owe them) to the
    right, scaled so the largest absolute balance fills its half. A non-zero balance always
    shows at least one block, so a small imbalance is never invisible.
    """
    if largest <= 0 or balance == 0:
        return " " * width, " " * width
    length = max(1, round(abs(balance) * width / largest))
    length = min(length, width)
    block = "█" * length
    if balance < 0:
        return block.rjust(width), " " * width
    return " " * width, block.ljust(width)
