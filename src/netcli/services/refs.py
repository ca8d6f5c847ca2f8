"""Resolving a REF (spec §3) to one contact: me, id, exact name, unique prefix."""

from __future__ import annotations

import re
import sqlite3

from netcli.errors import Ambiguous, InputError, NotFound
from netcli.store import queries
from netcli.text import fold

_ID = re.compile(r"#?(\d{1,18})")


def resolve(conn: sqlite3.Connection, ref: str) -> sqlite3.Row:
    """The one contact REF names; NotFound with suggestions, or Ambiguous with candidates."""
    text = ref.strip()
    if not text:
        raise InputError("an empty name refers to no contact")
    if text.casefold() == "me":
        found = queries.contact_row(conn, queries.me_id(conn))
        assert found is not None
        return found
    m = _ID.fullmatch(text)
    if m:
        found = queries.contact_row(conn, int(m[1]))
        if found is None:
            raise NotFound(f"no contact #{int(m[1])}")
        return found
    key = fold(text)
    exact = queries.contacts_named(conn, key)
    active = [r for r in exact if not r["archived"]]
    if len(exact) == 1:
        return exact[0]
    if len(active) == 1:
        return active[0]
    if len(exact) > 1:
        raise _ambiguous(text, exact)
    prefixed = queries.contacts_with_prefix(conn, key)
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        raise _ambiguous(text, prefixed)
    raise NotFound(f"no contact matches '{text}'", _suggestions(conn, key))


def _ambiguous(text: str, candidates: list[sqlite3.Row]) -> Ambiguous:
    lines = [
        f"  #{r['id']}  {r['name']}" + (f"  ({r['company']})" if r["company"] else "")
        for r in candidates[:20]
    ]
    if len(candidates) > 20:
        lines.append(f"  … and {len(candidates) - 20} more")
    return Ambiguous(f"'{text}' matches {len(candidates)} contacts:", lines)


def _suggestions(conn: sqlite3.Connection, key: str) -> list[str]:
    from netcli.services import similar  # only when nothing matched: rapidfuzz costs ~25 ms

    names = queries.active_names(conn)
    by_key: dict[str, str] = {}
    for r in names:
        by_key.setdefault(r["search_key"], r["name"])
        for word in r["search_key"].split():
            by_key.setdefault(word, r["name"])
    close = similar.close_names(key, list(by_key), n=10, cutoff=0.6)
    picked: list[str] = []
    for k in close:
        if by_key[k] not in picked:
            picked.append(by_key[k])
    return [f"did you mean: {', '.join(picked[:3])}?"] if picked else []


def record_id(text: str | int, what: str) -> int:
    """`3` or `#3`: the numeric id of an intro, ask or give (spec §3); `what` is e.g. "an ask"."""
    value = str(text).strip().lstrip("#")
    if not value.isdigit() or len(value) > 18:
        raise InputError(f"'{text}' is not {what} id (a number such as 3)")
    return int(value)
