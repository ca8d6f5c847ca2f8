"""Money: the AMOUNT grammar (spec §1), integer cents <-> Decimal, and money for people.

The one place that reads or renders an amount. Amounts are stored as integer cents and
carried as Decimal, never float, so 0.1 + 0.2 is 0.30.

AMOUNT, as people type it in Italy and elsewhere: `1200`, `1200.50`, `1,200.50`, `1.200`,
`1.200,50`, `1200,50`, `€ 1.200`, `1.200 €`, `1,200.00 EUR`. A separator followed by exactly
three digits groups thousands; one followed by one or two digits is the decimal mark.
Anything that could be read two ways (`1.2345`, `1,2,3`, `1.200.50`, `0,500`) is refused
with exit 3, never guessed: `1.200` typed the Italian way must not become 1.20.

Rendering is `1,200.00 EUR`: always two decimals, so no reader takes `1,200` for 1.2, and
it reads back to the same cents through AMOUNT.
"""

from __future__ import annotations

import re
from decimal import Decimal

from netcli.errors import InputError

DEFAULT_CURRENCY = "EUR"
# A trillion in the store's currency: far beyond any referral, far inside SQLite's int64.
MAX_CENTS = 100_000_000_000_000
SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP"}
HINT = "try 1200, 1.200, 1.200,50 or 1,200.50"

_CODE = re.compile(r"[A-Za-z]{3}")
# digits (ASCII only: `²` or `١` are not amounts) and at most single separators between them
_BODY = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_CURRENCY_AROUND = re.compile(r"^(?:([€$£]|[A-Za-z]{3})\s*)?(.*?)(?:\s*([€$£]|[A-Za-z]{3}))?$")


def is_currency(code: str) -> bool:
    """A currency code as the `currency` setting takes it: three ASCII letters (ISO 4217)."""
    return _CODE.fullmatch(code) is not None


def parse(text: str, currency: str = DEFAULT_CURRENCY) -> int:
    """An AMOUNT as exact integer cents; InputError (exit 3) for anything ambiguous."""
    s = text.replace("\u00a0", " ").replace("\u202f", " ").strip()
    m = _CURRENCY_AROUND.match(s)
    if m is None:  # pragma: no cover - the pattern matches every string
        raise _unreadable(text)
    before, body, after = m[1], m[2].strip(), m[3]
    if body.startswith(("-", "−")) and _BODY.fullmatch(body[1:].strip()):
        raise InputError(f"an amount cannot be negative: '{text}'")
    if not _BODY.fullmatch(body) or (before is not None and after is not None):
        raise _unreadable(text)
    mark = before or after
    if mark is not None and SYMBOLS.get(mark, mark.upper()) != currency.upper():
        raise InputError(
            f"'{text}' is not in {currency}, the store's currency "
            "(amounts are not converted; see net config currency)"
        )
    return _cents(body, text)


def _cents(body: str, text: str) -> int:
    groups = re.split(r"[.,]", body)
    seps = re.findall(r"[.,]", body)
    whole, decimals = groups, ""
    if seps and len(groups[-1]) in (1, 2):  # the last separator is the decimal mark
        whole, decimals = groups[:-1], groups[-1]
        if seps[-1] in seps[:-1]:  # `1,2,3`, `1.200.50`: the same mark twice
            raise _unreadable(text)
        seps = seps[:-1]
    if seps:  # every other separator groups thousands: one kind, groups of exactly three
        if len(set(seps)) > 1 or any(len(g) != 3 for g in whole[1:]):
            raise _unreadable(text)
        if not 1 <= len(whole[0]) <= 3 or whole[0].startswith("0"):
            raise _unreadable(text)  # `1234.567`, `0,500`: a decimal with three places?
    cents = int("".join(whole)) * 100 + int(decimals.ljust(2, "0") or "0")
    if cents >= MAX_CENTS:
        raise InputError(f"'{text}' is too large for an amount")
    return cents


def _unreadable(text: str) -> InputError:
    return InputError(f"cannot read '{text}' as an amount ({HINT})")


def from_json(value: object, where: str, currency: str = DEFAULT_CURRENCY) -> int | None:
    """A money value of a JSON document as cents: a number is exact, a string is an AMOUNT."""
    if value is None:
        return None
    try:
        if isinstance(value, bool):
            raise _unreadable(str(value).lower())
        if isinstance(value, int | float):
            return _number_cents(value)
        if isinstance(value, str):
            return parse(value, currency)
        raise _unreadable(str(value))
    except InputError as exc:
        raise InputError(f"{where}: {exc.message}") from None


def _number_cents(value: float) -> int:
    """A JSON number: 1234.5 means 1234.50 (no thousands reading), at most 2 decimals."""
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not d.is_finite():
        raise _unreadable(repr(value))
    if d < 0:
        raise InputError(f"an amount cannot be negative: '{value}'")
    cents = d * 100
    if cents != cents.to_integral_value():
        raise InputError(f"an amount has at most 2 decimals: '{value}'")
    if cents >= MAX_CENTS:
        raise InputError(f"'{value}' is too large for an amount")
    return int(cents)


def to_decimal(cents: int | None) -> Decimal | None:
    """Integer cents as an exact Decimal (None stays None)."""
    return None if cents is None else Decimal(cents) / 100


def total(cents: int | None) -> Decimal:
    """A sum of cents as a Decimal, 0 for nothing."""
    return Decimal(cents or 0) / 100


def to_cents(value: Decimal | int | None) -> int | None:
    """An exact money value (Decimal or int units) as integer cents."""
    return None if value is None else int(Decimal(value) * 100)


def render(value: Decimal | int | None, currency: str | None = None) -> str:
    """Money for people: `1,200.00 EUR` (`1,200.00` without a currency); '' for None."""
    if value is None:
        return ""
    text = f"{Decimal(value):,.2f}"
    return f"{text} {currency}" if currency else text


def plain(value: Decimal | int | None) -> str:
    """Money for CSV/TSV cells: `1500.50`, `1500`: no grouping, so spreadsheets read it."""
    if value is None:
        return ""
    d = Decimal(value).quantize(Decimal("0.01"))
    return str(d.to_integral_value()) if d == d.to_integral_value() else str(d)


def to_json(value: Decimal | int | None) -> int | float | None:
    """Money as a JSON number with at most 2 decimals; exact because cents fit a float's repr."""
    if value is None:
        return None
    d = Decimal(value).quantize(Decimal("0.01"))
    return int(d) if d == d.to_integral_value() else float(d)
