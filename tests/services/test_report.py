"""`net report` sums over hand-built records: exact money, periods, months, top lists."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from netcli.services.report import build_report, default_period, month_list

ME, ANNA, BRUNO, CARLA, DARIO = 1, 2, 3, 4, 5
NAMES = {ME: "Me", ANNA: "Anna", BRUNO: "Bruno", CARLA: "Carla", DARIO: "Dario"}
SINCE, UNTIL = date(2026, 1, 1), date(2026, 3, 31)

# (date, giver, receiver, kind, cents)
GIVES = [
    ("2026-01-05", ME, ANNA, "referral", 10),  # 0.10
    ("2026-01-20", ME, ANNA, "advice", 20),  # 0.20: 0.10 + 0.20 must be exactly 0.30
    ("2026-02-01", ME, BRUNO, "business", 150_000),
    ("2026-02-03", ANNA, ME, "referral", None),
    ("2026-03-31", BRUNO, ME, "business", 99_999),  # last day: inside
    ("2026-04-01", CARLA, ME, "business", 5_000_00),  # the day after: outside
    ("2025-12-31", ME, CARLA, "gift", 1_00),  # the day before: outside
]
# (date, by, a, b, status, cents, outcome_on)
INTROS = [
    ("2026-01-10", ME, ANNA, BRUNO, "business", 200_000, "2026-02-15"),
    ("2026-01-11", ME, ANNA, CARLA, "met", None, "2026-01-20"),
    ("2026-01-12", ME, BRUNO, CARLA, "declined", None, "2026-01-30"),
    ("2026-02-12", ME, CARLA, DARIO, "made", None, None),
    ("2026-03-01", DARIO, ME, ANNA, "made", None, None),  # received
    ("2025-11-01", ME, BRUNO, DARIO, "business", 50_000, "2026-03-05"),  # closed in period
    ("2026-03-02", ANNA, BRUNO, CARLA, "business", 70_000, "2026-03-03"),  # not mine
]
ONE_TO_ONES = [("2026-01-02",), ("2026-03-30",), ("2026-04-02",)]


def report() -> dict:
    return build_report(ME, SINCE, UNTIL, GIVES, INTROS, ONE_TO_ONES, NAMES)


def test_counts_and_exact_sums() -> None:
    r = report()
    assert (r["since"], r["until"]) == ("2026-01-01", "2026-03-31")
    assert r["intros_made"] == 4
    assert r["intros_received"] == 1
    assert (r["given_count"], r["given_value"]) == (3, Decimal("1500.30"))
    assert (r["received_count"], r["received_value"]) == (2, Decimal("999.99"))
    # business: gives 1,500.00 + 999.99, intros 2,000.00 + 500.00 (closed in the period)
    # The third-party intro (by Anna) is counted only if it involves me: it does not.
    assert r["business_value"] == Decimal("4999.99")
    assert r["business_count"] == 4
    assert r["one_to_ones"] == 2
    # of my 4 intros in the period, 3 have an outcome and 1 of them is business
    assert r["conversion_rate"] == round(1 / 3, 4)
    assert isinstance(r["given_value"], Decimal)


def test_top_lists() -> None:
    r = report()
    givers = [(p["contact"], p["count"], p["value"]) for p in r["top_givers"]]
    # Bruno gave 999.99 once; Anna gave once (no value); Dario introduced me to Anna
    assert givers == [("Bruno", 1, Decimal("999.99")), ("Anna", 1, Decimal("0")), ("Dario", 1, 0)]
    receivers = [(p["contact"], p["count"]) for p in r["top_receivers"]]
    # Anna: 2 gives + 2 intros; Bruno: 1 give + 2 intros; Carla: 3 intros; Dario: 1 intro
    assert receivers == [("Anna", 4), ("Bruno", 3), ("Carla", 3), ("Dario", 1)]
    assert r["top_receivers"][1]["value"] == Decimal("1500")


def test_every_month_of_the_period_with_its_sums() -> None:
    months = report()["months"]
    assert [m["month"] for m in months] == ["2026-01", "2026-02", "2026-03"]
    assert [m["given_count"] for m in months] == [2, 1, 0]
    assert [m["received_count"] for m in months] == [0, 1, 1]
    assert [m["business_value"] for m in months] == [
        Decimal("0"),
        Decimal("3500.00"),
        Decimal("1499.99"),
    ]
    assert sum(m["business_value"] for m in months) == report()["business_value"]


def test_nothing_yet() -> None:
    r = build_report(ME, SINCE, UNTIL, [], [], [], NAMES)
    assert r["conversion_rate"] is None
    assert r["given_value"] == Decimal(0)
    assert r["top_givers"] == [] and r["top_receivers"] == []
    assert len(r["months"]) == 3


def test_default_period_is_twelve_calendar_months() -> None:
    assert default_period(date(2026, 11, 27)) == (date(2025, 12, 1), date(2026, 11, 27))
    assert default_period(date(2026, 1, 31)) == (date(2025, 2, 1), date(2026, 1, 31))
    assert len(month_list(*default_period(date(2026, 11, 27)))) == 12
    assert month_list(date(2025, 11, 30), date(2026, 2, 1)) == [
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    ]
