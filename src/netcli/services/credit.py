"""Credit (spec §11): who brought each result about.

A result is an intro by someone else that introduced me and reached `business` (direct: its
`by`), a referral I received that reached `business` (direct: its giver; the value is the
closed value), or a `business` give to me (direct: its giver). Its chain starts at the direct
person and climbs "who introduced me to them" until a person nobody introduced, me, or a
repeat (a cycle: A introduced B, B introduced A); the last person reached is the origin.
Credit never splits money: each result counts once for its direct person, once as
"downstream" for everyone above them.

The rules are pure (`chain`, `credit_rows`, `by_origin`, `totals_for`); `load` reads the store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from netcli import money
from netcli.records import label

Person = tuple[int, str]
Introducer = Callable[[int], Person | None]


def chain(direct: Person, me: int, introducer: Introducer) -> list[Person]:
    """The people from the origin down to the direct person (the direct person last)."""
    found = [direct]
    seen = {direct[0]}
    while True:
        upper = introducer(found[-1][0])
        if upper is None or upper[0] == me or upper[0] in seen:
            break
        found.append(upper)
        seen.add(upper[0])
    found.reverse()
    return found


def credit_rows(
    results: Iterable[Mapping[str, Any]], me: int, introducer: Introducer
) -> list[dict[str, Any]]:
    """One credit row (spec §10) per result, in the order given (newest first)."""
    rows = []
    for r in results:
        people = chain((r["direct_id"], r["direct"]), me, introducer)
        rows.append(
            {
                "result": label(r["kind"], r["id"]),
                "date": r["date"],
                "value": money.to_decimal(r["cents"]),
                "cents": r["cents"] or 0,
                "direct_id": r["direct_id"],
                "direct": r["direct"],
                "chain": [{"id": pid, "name": name} for pid, name in people],
                "origin_id": people[0][0],
                "origin": people[0][1],
            }
        )
    return rows


def holding(rows: Iterable[dict[str, Any]], contact_id: int) -> list[dict[str, Any]]:
    """The rows whose chain holds this contact."""
    return [r for r in rows if any(p["id"] == contact_id for p in r["chain"])]


def by_origin(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per origin: how many results and their value; most value first, then most results."""
    found: dict[int, dict[str, Any]] = {}
    for r in rows:
        o = found.setdefault(
            r["origin_id"],
            {"origin_id": r["origin_id"], "origin": r["origin"], "results": 0, "cents": 0},
        )
        o["results"] += 1
        o["cents"] += r["cents"]
    ranked = sorted(
        found.values(), key=lambda o: (-o["cents"], -o["results"], o["origin"], o["origin_id"])
    )
    return [
        {
            "origin_id": o["origin_id"],
            "origin": o["origin"],
            "results": o["results"],
            "value": money.total(o["cents"]),
        }
        for o in ranked
    ]


def totals_for(rows: Iterable[dict[str, Any]], contact_id: int) -> dict[str, Any]:
    """`net show`'s credit: value of the results they brought directly, of those that came
    through people they introduced (downstream), and how many results hold them."""
    direct = downstream = count = 0
    for r in rows:
        ids = [p["id"] for p in r["chain"]]
        if contact_id not in ids:
            continue
        count += 1
        if r["direct_id"] == contact_id:
            direct += r["cents"]
        else:
            downstream += r["cents"]
    return {
        "direct_value": money.total(direct),
        "downstream_value": money.total(downstream),
        "results": count,
    }


def totals_of(conn: sqlite3.Connection, contact_id: int) -> dict[str, Any]:
    """`totals_for` one contact without reading every result: the people whose chain holds
    them (those they brought in, and so on down), then those people's results."""
    from netcli.store import queries, referrals

    me = queries.me_id(conn)
    below: set[int] = set()
    if contact_id != me:
        todo = [contact_id]
        while todo:
            upper = todo.pop()
            for child in referrals.brought_in_by(conn, me, upper):
                if child in below or child in (me, contact_id):
                    continue
                if referrals.parent_of(conn, me, child) == upper:
                    below.add(child)
                    todo.append(child)
    direct = downstream = count = 0
    people = [contact_id, *sorted(below)] if contact_id != me else []
    for person, cents in referrals.results_through(conn, me, people):
        count += 1
        if person == contact_id:
            direct += cents or 0
        else:
            downstream += cents or 0
    return {
        "direct_value": money.total(direct),
        "downstream_value": money.total(downstream),
        "results": count,
    }


def public(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows without their working `cents`."""
    return [{k: v for k, v in r.items() if k != "cents"} for r in rows]


def load(conn: sqlite3.Connection, since: str | None = None) -> list[dict[str, Any]]:
    """Every result since a day (ISO text; None: ever), newest first, with its chain."""
    from netcli.store import queries, referrals

    me = queries.me_id(conn)
    parents = referrals.introducers(conn, me)
    found = credit_rows(
        referrals.results(conn, me, since), me, lambda c: (parents[c], "") if c in parents else None
    )
    # the names of everyone upstream, read once
    names = queries.names_of(conn, {p["id"] for r in found for p in r["chain"]})
    for r in found:
        for p in r["chain"]:
            p["name"] = names[p["id"]][0]
        r["origin"] = r["chain"][0]["name"]
    return found


def line(row: Mapping[str, Any], currency: str) -> str:
    """`Luca → Maria → Paolo: 7,500 EUR`."""
    people = " → ".join(p["name"] for p in row["chain"])
    value: Decimal | None = row["value"]
    return f"{people}: {money.render(value, currency)}" if value is not None else people
