"""`net report`: referral results over a period (spec §8): sums the store computes
(load_report), and the same report as pure sums over raw records (build_report, the reference).

Money stays exact: integer cents summed, shown as Decimal. Definitions (docs/insights.md):
- intros made: intros by me dated in the period; intros received: intros by someone else
  in which I am one of the two people introduced.
- given / received: gives from me / to me dated in the period (count, value).
- business: intros involving me that reached `business` with their outcome (or, without an
  outcome date, their date) in the period, plus `business` gives from or to me; `business_value`
  sums their values.
- conversion rate: of the intros I made in the period that have an outcome (met, business,
  declined), the share that reached business; null when none has one.
- top givers to me: gives to me plus intros they made for me; top receivers from me: gives from
  me plus intros I made for them (both people of an intro receive it). Value = the gives' value.
- months: every calendar month of the period, empty months included.
"""

from __future__ import annotations

import heapq
import sqlite3
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from netcli import money
from netcli.text import fold

TOP = 5


def default_period(until: date) -> tuple[date, date]:
    """The last 12 calendar months up to `until`: from the 1st of the month 11 months earlier
    (so the chart shows 12 whole bars, the current month partly)."""
    months = until.year * 12 + until.month - 1 - 11
    return date(months // 12, months % 12 + 1, 1), until


def month_list(since: date, until: date) -> list[str]:
    """Every YYYY-MM from since's month to until's month."""
    found = []
    year, month = since.year, since.month
    while (year, month) <= (until.year, until.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


@dataclass
class _Tally:
    count: int = 0
    cents: int = 0


def _empty_months(since: date, until: date) -> dict[str, dict[str, int]]:
    """Every month of the period with its sums at zero (empty months are shown too)."""
    keys = ("given_count", "received_count", "business_cents", "intros_made", "intros_received")
    return {m: dict.fromkeys(keys, 0) for m in month_list(since, until)}


def _report_object(
    since: str,
    until: str,
    *,
    intros: tuple[int, int, int, int],
    given: _Tally,
    received: _Tally,
    business: _Tally,
    one_to_ones: int,
    referrals: dict[str, int],
    waits: list[int],
    top: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    origins: Sequence[dict[str, Any]],
    months: dict[str, dict[str, int]],
) -> dict[str, Any]:
    """The report object of spec §10 from the period's sums, however they were summed:
    `intros` is (made, received, made with an outcome, made that reached business)."""
    made, received_intros, with_outcome, converted = intros
    closed, declined = referrals["closed"], referrals["declined"]
    return {
        "since": since,
        "until": until,
        "intros_made": made,
        "intros_received": received_intros,
        "given_count": given.count,
        "given_value": money.total(given.cents),
        "received_count": received.count,
        "received_value": money.total(received.cents),
        "business_count": business.count,
        "business_value": money.total(business.cents),
        "one_to_ones": one_to_ones,
        "conversion_rate": round(converted / with_outcome, 4) if with_outcome else None,
        "referrals_given": referrals["given"],
        "referrals_received": referrals["received"],
        "referrals_closed": closed,
        "referrals_declined": declined,
        "referral_conversion": round(closed / (closed + declined), 4)
        if closed + declined
        else None,
        "median_days_to_contact": statistics.median(waits) if waits else None,
        "top_givers": top[0],
        "top_receivers": top[1],
        "top_origins": [
            {
                "contact_id": o["origin_id"],
                "contact": o["origin"],
                "results": o["results"],
                "value": o["value"],
            }
            for o in list(origins)[:TOP]
        ],
        "months": [
            {
                "month": m,
                "given_count": v["given_count"],
                "received_count": v["received_count"],
                "business_value": money.total(v["business_cents"]),
                "intros_made": v["intros_made"],
                "intros_received": v["intros_received"],
            }
            for m, v in months.items()
        ],
    }


def build_report(
    me: int,
    since: date,
    until: date,
    gives: Iterable[Sequence[Any]],
    intros: Iterable[Sequence[Any]],
    one_to_ones: Iterable[Sequence[Any]],
    names: dict[int, str],
    referrals: Iterable[Sequence[Any]] = (),
    closings: Iterable[Sequence[Any]] = (),
    origins: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The report object of spec §10 from raw records (see queries.report_records):
    `referrals` (date, giver, receiver, status, first change), `closings` (status_on,
    closed cents) of the referrals I received or gave that closed, `origins` the credit
    rows of the period by origin (services.credit.by_origin)."""
    lo, hi = since.isoformat(), until.isoformat()
    months = _empty_months(since, until)
    given, received, business = _Tally(), _Tally(), _Tally()
    made = received_intros = with_outcome = converted = 0
    givers: dict[int, _Tally] = defaultdict(_Tally)
    receivers: dict[int, _Tally] = defaultdict(_Tally)

    for on, giver, receiver, kind, value in gives:
        if not lo <= on <= hi or me not in (giver, receiver):
            continue
        month = months[on[:7]]
        if giver == me:
            given.count += 1
            given.cents += value or 0
            month["given_count"] += 1
            receivers[receiver].count += 1
            receivers[receiver].cents += value or 0
        if receiver == me:
            received.count += 1
            received.cents += value or 0
            month["received_count"] += 1
            givers[giver].count += 1
            givers[giver].cents += value or 0
        if kind == "business":
            business.count += 1
            business.cents += value or 0
            month["business_cents"] += value or 0

    for on, by, a, b, status, value, outcome_on in intros:
        if me not in (by, a, b):
            continue
        if lo <= on <= hi:
            if by == me:
                made += 1
                months[on[:7]]["intros_made"] += 1
                for other in (a, b):
                    receivers[other].count += 1
                if status != "made":
                    with_outcome += 1
                    converted += status == "business"
            elif me in (a, b):
                received_intros += 1
                months[on[:7]]["intros_received"] += 1
                givers[by].count += 1
        closed = outcome_on or on
        if status == "business" and lo <= closed <= hi:
            business.count += 1
            business.cents += value or 0
            months[closed[:7]]["business_cents"] += value or 0

    # a referral's result is its closed value, counted once, in the month it closed
    for closed_on, cents in closings:
        if lo <= closed_on <= hi:
            business.count += 1
            business.cents += cents or 0
            months[closed_on[:7]]["business_cents"] += cents or 0
    r_given = r_received = r_closed = r_declined = 0
    waits: list[int] = []
    for on, giver, receiver, status, first_change in referrals:
        if not lo <= on <= hi or me not in (giver, receiver):
            continue
        r_given += giver == me
        r_received += receiver == me
        r_closed += status == "business"
        r_declined += status == "declined"
        if receiver == me and first_change is not None:
            waits.append((date.fromisoformat(first_change) - date.fromisoformat(on)).days)
    one_to_one_count = sum(1 for (on,) in one_to_ones if lo <= on <= hi)
    return _report_object(
        lo,
        hi,
        intros=(made, received_intros, with_outcome, converted),
        given=given,
        received=received,
        business=business,
        one_to_ones=one_to_one_count,
        referrals={
            "given": r_given,
            "received": r_received,
            "closed": r_closed,
            "declined": r_declined,
        },
        waits=waits,
        top=(_top(givers, names, me), _top(receivers, names, me)),
        origins=origins,
        months=months,
    )


def _top(tallies: dict[int, _Tally], names: dict[int, str], me: int) -> list[dict[str, Any]]:
    """The TOP people by count, then value, then name (folded only for the few ties)."""
    head = heapq.nsmallest(
        TOP, ((-t.count, -t.cents, cid) for cid, t in tallies.items() if cid != me)
    )
    if head:  # everyone tied with the last of the top, ordered by name among themselves
        bar = head[-1][:2]
        head = [h for h in ((-t.count, -t.cents, cid) for cid, t in tallies.items()) if
                h[2] != me and h[:2] <= bar]  # fmt: skip
    ranked = [
        (cid, tallies[cid])
        for *_, cid in sorted(head, key=lambda h: (h[0], h[1], fold(names.get(h[2], "")), h[2]))
    ]
    return [
        {
            "contact_id": cid,
            "contact": names.get(cid, f"#{cid}"),
            "count": t.count,
            "value": money.total(t.cents),
        }
        for cid, t in ranked[:TOP]
    ]


def load_report(conn: sqlite3.Connection, since: date, until: date) -> dict[str, Any]:
    """The report of spec §10 from sums the store computes (store/report.py): the same object
    build_report makes from the raw records, without reading them into Python."""
    from netcli.services import credit
    from netcli.store import queries
    from netcli.store import report as sums

    me = queries.me_id(conn)
    lo, hi = since.isoformat(), until.isoformat()
    months = _empty_months(since, until)
    given, received, business = _Tally(), _Tally(), _Tally()
    for day, *counts in sums.give_days(conn, me, lo, hi):
        month = months[day[:7]]
        for tally, (count, cents) in zip(
            (given, received, business), (counts[0:2], counts[2:4], counts[4:6]), strict=True
        ):
            tally.count += count
            tally.cents += cents
        month["given_count"] += counts[0]
        month["received_count"] += counts[2]
        month["business_cents"] += counts[5]
    made = received_intros = with_outcome = converted = 0
    for day, mine, status, count in sums.intro_days(conn, me, lo, hi):
        if mine:
            made += count
            months[day[:7]]["intros_made"] += count
            if status != "made":
                with_outcome += count
                converted += count if status == "business" else 0
        else:
            received_intros += count
            months[day[:7]]["intros_received"] += count
    closed = [*sums.intro_business_days(conn, me, lo, hi), *sums.closing_days(conn, me, lo, hi)]
    for day, count, cents in closed:
        business.count += count
        business.cents += cents
        months[day[:7]]["business_cents"] += cents
    r = sums.referral_counts(conn, me, lo, hi)
    waits = [
        (date.fromisoformat(first) - date.fromisoformat(on)).days
        for on, first in sums.referral_waits(conn, me, lo, hi)
    ]
    top = {side: sums.top_people(conn, me, lo, hi, side, TOP) for side in ("givers", "receivers")}
    names = queries.names_of(conn, {p[0] for rows in top.values() for p in rows})
    results = [r for r in credit.load(conn, lo) if r["date"] <= hi]
    return _report_object(
        lo,
        hi,
        intros=(made, received_intros, with_outcome, converted),
        given=given,
        received=received,
        business=business,
        one_to_ones=sums.one_to_one_count(conn, lo, hi),
        referrals=r,
        waits=waits,
        top=(_ranked(top["givers"], names), _ranked(top["receivers"], names)),
        origins=credit.by_origin(results),
        months=months,
    )


def _ranked(
    people: Sequence[tuple[int, int, int]], names: dict[int, tuple[str, str]]
) -> list[dict[str, Any]]:
    """The TOP of (id, count, cents) rows given most first with the last tie complete: ties
    ordered by folded name, then id (as _top does)."""

    def name(cid: int) -> str:
        return names[cid][0] if cid in names else f"#{cid}"

    ranked = sorted(people, key=lambda p: (-p[1], -p[2], fold(name(p[0])), p[0]))
    return [
        {"contact_id": cid, "contact": name(cid), "count": n, "value": money.total(cents)}
        for cid, n, cents in ranked[:TOP]
    ]


def load_report_from_records(conn: sqlite3.Connection, since: date, until: date) -> dict[str, Any]:
    """The same report from the raw records, summed in Python by build_report: the reference
    that tests hold load_report to (it reads every record of the period)."""
    from netcli.services import credit
    from netcli.store import queries
    from netcli.store import referrals as store_referrals

    me = queries.me_id(conn)
    found = queries.report_records(conn, me, since.isoformat(), until.isoformat())
    people = {i for g in found["gives"] for i in g[1:3]}
    people |= {i for r in found["intros"] for i in r[1:4]}
    names = {cid: name for cid, (name, _) in queries.names_of(conn, people).items()}
    lo, hi = since.isoformat(), until.isoformat()
    referrals = store_referrals.referral_records(conn, me, lo, hi)
    closings = store_referrals.closings(conn, me, lo, hi)
    results = [r for r in credit.load(conn, lo) if r["date"] <= hi]
    return build_report(
        me,
        since,
        until,
        found["gives"],
        found["intros"],
        found["one_to_ones"],
        names,
        referrals,
        closings,
        credit.by_origin(results),
    )
