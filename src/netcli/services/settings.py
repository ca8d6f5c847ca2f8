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


TAG_CADENCE = "every.tag."  # every.tag.TAG: a cadence for that tag's contacts (spec §6)
CLEARS = ("", "none", "off")  # `net config every.tag.bni none` removes the tag's cadence


def _interval(value: str) -> str:
    from netcli import dates

    return dates.parse_interval(value)


def tag_of(key: str) -> str | None:
    """The tag of an `every.tag.TAG` key (lowercased like tags), else None."""
    if not key.startswith(TAG_CADENCE):
        return None
    from netcli.text import clean_tag

    tag = clean_tag(key[len(TAG_CADENCE) :])
    if not tag:
        raise InputError("every.tag.TAG needs a tag: net config every.tag.bni 2w")
    return tag


def canonical_key(key: str) -> str:
    tag = tag_of(key)
    return key if tag is None else TAG_CADENCE + tag


def check_key(key: str) -> None:
    if key not in CHECKS and tag_of(key) is None:
        known = ", ".join([*sorted(CHECKS), "every.tag.TAG"])
        raise InputError(f"unknown setting '{key}' (known: {known})")


def value(conn: sqlite3.Connection, key: str) -> str:
    """One setting's value (its default when it was never set)."""
    return queries.setting(conn, key)


def current(conn: sqlite3.Connection) -> dict[str, str]:
    return queries.settings(conn)


def checked(key: str, value: str, *, where: str | None = None) -> str:
    """A setting's value in canonical form; InputError naming it when it cannot be used.

    Unknown keys pass unchanged (a document from a newer net may carry more settings).
    """
    check = _interval if key.startswith(TAG_CADENCE) else CHECKS.get(key)
    if check is None:
        return value
    try:
        return check(value)
    except InputError as exc:
        raise InputError(f"{where} {key}: {exc.message}" if where else exc.message) from None


def set_value(conn: sqlite3.Connection, key: str, value: str) -> str | None:
    """Check and store one setting; return the stored (canonical) value (None: removed).

    A tag's cadence moves the next due date of every contact with that tag, in the same
    transaction (next_due is stored: `net due` reads it through its index)."""
    check_key(key)
    tag = tag_of(key)
    if tag is not None and value.strip().lower() in CLEARS:
        from netcli.store import cadence

        cadence.delete_setting(conn, canonical_key(key))
        _refresh_tagged(conn, tag)
        return None
    stored = checked(key, value)
    rows.put(conn, canonical_key(key), stored)
    if tag is not None:
        _refresh_tagged(conn, tag)
    return stored


def _refresh_tagged(conn: sqlite3.Connection, tag: str) -> None:
    from netcli.services.touch import refresh_next_due
    from netcli.store import cadence

    refresh_next_due(conn, cadence.tagged(conn, tag))
