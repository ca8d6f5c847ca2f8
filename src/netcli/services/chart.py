"""`net report --svg FILE`: the report's months as an SVG chart (formats/svgchart.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from netcli import money
from netcli.formats.svgchart import MonthBar, month_chart


def short_money(value: Decimal) -> str:
    """A bar's label: `850`, `1.5k`, `12k`, `1.2M` (the exact sums are in the report)."""
    amount = float(value)
    for limit, suffix in ((1_000_000, "M"), (1_000, "k")):
        if amount >= limit:
            scaled = amount / limit
            return (
                f"{scaled:.1f}".rstrip("0").rstrip(".") + suffix
                if scaled < 10
                else (f"{scaled:.0f}{suffix}")
            )
    return f"{amount:.0f}"


def _bars(months: list[dict[str, Any]], given: str, received: str, value: str) -> list[MonthBar]:
    """The chart's bars from a report's months: two counts and a money value per month."""
    bars = []
    for m in months:
        amount = money.total(money.to_cents(m[value]))
        bars.append(
            MonthBar(
                month=m["month"],
                given=int(m[given]),
                received=int(m[received]),
                business=float(amount),
                business_label=short_money(amount),
            )
        )
    return bars


def report_svg(report: dict[str, Any], currency: str) -> bytes:
    """The per-month chart of a `load_report` result, as SVG bytes."""
    bars = _bars(report["months"], "given_count", "received_count", "business_value")
    title = f"Referral results {report['since']} to {report['until']}"
    return month_chart(bars, title, currency).encode("utf-8")


def group_svg(report: dict[str, Any], chapter: str, currency: str) -> bytes:
    """The per-month chart of `net group report --svg`: slips passed and one-to-ones held
    (counts), and closed business thanked (money)."""
    bars = _bars(report["months"], "slips", "one_to_ones", "thanks_value")
    title = f"{chapter}: {report['since']} to {report['until']}"
    return month_chart(
        bars,
        title,
        currency,
        legend=("slips", "one-to-ones"),
        counts_title="Slips and one-to-ones per month",
        business_title="Business thanked per month",
    ).encode("utf-8")
