"""`net config`: the known settings, their checks, reading and writing them."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

from netcli.errors import InputError
from netcli.store import queries
from netcli.store import settings as rows


def _currency(value: str) -> str:
    from netcli import money  # decimal: not on net due's path

    code = value.strip()
    if not money.is_currency(code):
        raise InputError(f"a currency is a 3-letter code such as EUR, not '{value}'")
    return code.upper()


def _order(value: str) -> str:
    order = value.strip().lower()
    if order not in ("dmy", "mdy"):
        raise InputError(f"dates.order is dmy or mdy, not '{value}'")
    return order


def _days(value: str) -> str:
    text = value.strip()
    # ASCII digits only: str.isdigit() also takes `²` and `١`, which int() then refuses
    if not re.fullmatch(r"[0-9]{1,4}", text) or int(text) > 3650:
        raise InputError(f"expected a number of days (0-3650), not '{value}'")
    return str(int(text))


def _percent(value: str) -> str:
    text = value.strip().rstrip("%").strip()
    if not re.fullmatch(r"[0-9]{1,3}", text) or int(text) > 100:
        raise InputError(f"expected a percentage (0-100), not '{value}'")
    return str(int(text))


def _count(value: str) -> str:
    text = value.strip()
    if not re.fullmatch(r"[0-9]{1,4}", text):
        raise InputError(f"expected a number (0-9999), not '{value}'")
    return str(int(text))


def _amount(value: str) -> str:
    from netcli import money

    return money.plain(money.to_decimal(money.parse(value)))


CHECKS: dict[str, Callable[[str], str]] = {
    "currency": _currency,
    "dates.order": _order,
    "due.intro_days": _days,
    "due.ask_days": _days,
    "due.referral_days": _days,
    # `net group scorecard`: what a member should reach in six months (services/groups.py)
    "group.goal.attendance": _percent,
    "group.goal.slips": _count,
    "group.goal.one_to_ones": _count,
    "group.goal.visitors": _count,
    "group.goal.thanks": _amount,
    "due.proposed_days": _days,
}


def check_key(key: str) -> None:
    if key not in CHECKS:
        raise InputError(f"unknown setting '{key}' (known: {', '.join(sorted(CHECKS))})")


def value(conn: sqlite3.Connection, key: str) -> str:
    """One setting's value (its default when it was never set)."""
    return queries.setting(conn, key)


def current(conn: sqlite3.Connection) -> dict[str, str]:
    return queries.settings(conn)


def checked(key: str, value: str, *, where: str | None = None) -> str:
    """A setting's value in canonical form; InputError naming it when it cannot be used.

    Unknown keys pass unchanged (a document from a newer net may carry more settings).
    """
    if key not in CHECKS:
        return value
    try:
        return CHECKS[key](value)
    except InputError as exc:
        raise InputError(f"{where} {key}: {exc.message}" if where else exc.message) from None


def set_value(conn: sqlite3.Connection, key: str, value: str) -> str:
    """Check and store one setting; return the stored (canonical) value."""
    check_key(key)
    stored = checked(key, value)
    rows.put(conn, key, stored)
    return stored
