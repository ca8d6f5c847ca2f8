"""The per-month chart of `net report --svg` as a self-contained SVG. Stdlib only.

Two panels, one under the other: referrals and other gives per month, given beside received
(counts), then business closed per month (money, its own scale). Self-contained: no external
reference of any kind (no fonts, images, stylesheets or links), only the viewer's own
sans-serif font. Readable on a phone: a `viewBox` and `width="100%"`, so the picture scales to
the screen; the drawing is narrow (506 units for a year) and its text at least 14 units, so
a 360-pixel-wide phone shows it at 10 pixels or more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

__all__ = ["MonthBar", "month_chart"]

GIVEN = "#2b6cb0"
RECEIVED = "#dd6b20"
BUSINESS = "#2f855a"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class MonthBar:
    month: str  # YYYY-MM
    given: int
    received: int
    business: float  # for the bar's height
    business_label: str  # as printed ("1.5k")


def _text(
    x: float, y: float, text: str, size: int = 13, anchor: str = "middle", **extra: str
) -> str:
    attrs = "".join(f" {k.replace('_', '-')}={quoteattr(v)}" for k, v in extra.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{attrs}>'
        f"{escape(text)}</text>"
    )


def _rect(x: float, y: float, w: float, h: float, fill: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}"/>'


def month_chart(
    months: Sequence[MonthBar],
    title: str,
    currency: str,
    *,
    legend: tuple[str, str] = ("given", "received"),
    counts_title: str = "Referrals and gives per month",
    business_title: str = "Business closed per month",
) -> str:
    """The SVG document (UTF-8 text). `legend` names the two count series, the titles the
    two panels (the group report draws slips and one-to-ones, and thanks)."""
    left, right = 40, 10
    width = max(480, left + right + 38 * len(months))
    slot = (width - left - right) / max(len(months), 1)
    top_h, low_h = 180, 120
    room = 24  # above the tallest bar, for its label
    y1 = 96  # top of the counts panel
    y2 = y1 + top_h + 64  # top of the business panel
    height = y2 + low_h + 46
    most = max([m.given for m in months] + [m.received for m in months] + [1])
    richest = max([m.business for m in months] + [0.0])
    # legend entries placed after the text before them (about 8.5 units a character at 15)
    second = max(70, round(8.5 * len(legend[0])) + 16)
    third = second + max(70, round(8.5 * len(legend[1])) + 16)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" font-family="sans-serif" fill="#222222">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(counts_title)} ({escape(legend[0])}, {escape(legend[1])}), and "
        f"{escape(business_title[0].lower() + business_title[1:])} ({escape(currency)}).</desc>",
        _rect(0, 0, width, height, "#ffffff"),
        _text(4, 26, title, 18, "start", font_weight="bold"),
        _rect(4, 42, 15, 15, GIVEN),
        _text(24, 55, legend[0], 15, "start"),
        _rect(24 + second, 42, 15, 15, RECEIVED),
        _text(44 + second, 55, legend[1], 15, "start"),
        _rect(44 + third, 42, 15, 15, BUSINESS),
        _text(64 + third, 55, f"business ({currency})", 15, "start"),
        _text(4, y1 - 12, counts_title, 15, "start", font_weight="bold"),
        f'<line x1="{left}" y1="{y1 + top_h}" x2="{width - right}" y2="{y1 + top_h}" '
        'stroke="#888888" stroke-width="1"/>',
        _text(left - 6, y1 + top_h + 5, "0", 15, "end"),
        _text(left - 6, y1 + room + 5, str(most), 15, "end"),
        _text(4, y2 - 12, f"{business_title} ({currency})", 15, "start",
              font_weight="bold"),
        f'<line x1="{left}" y1="{y2 + low_h}" x2="{width - right}" y2="{y2 + low_h}" '
        'stroke="#888888" stroke-width="1"/>',
    ]  # fmt: skip
    bar = slot * 0.36
    for i, m in enumerate(months):
        x = left + i * slot
        centre = x + slot / 2
        for offset, count, colour in ((-bar, m.given, GIVEN), (0.0, m.received, RECEIVED)):
            h = (top_h - room) * count / most
            if count:
                out.append(_rect(centre + offset, y1 + top_h - h, bar, h, colour))
                out.append(_text(centre + offset + bar / 2, y1 + top_h - h - 5, str(count), 14))
        if m.business > 0 and richest > 0:
            h = max((low_h - room) * m.business / richest, 1.5)
            out.append(_rect(centre - bar, y2 + low_h - h, bar * 2, h, BUSINESS))
            out.append(_text(centre, y2 + low_h - h - 5, m.business_label, 14))
        year, month = m.month.split("-")
        label = MONTHS[int(month) - 1]
        out.append(_text(centre, y1 + top_h + 19, label, 15))
        out.append(_text(centre, y2 + low_h + 19, label, 15))
        if month == "01" or (i == 0 and month < "11"):  # a January close by says it
            out.append(_text(centre, y2 + low_h + 38, year, 15, fill="#555555"))
    out.append("</svg>")
    return "\n".join(out) + "\n"
