"""Checking a netcli JSON export (spec §10) before anything is written.

`check_document(doc, source)` reads every record through the rules of the command line (names,
emails, phones, tags, birthdays, dates, intervals, kinds, statuses, amounts, trust, link
strength, settings) and returns them as the rows the store holds. A value the command line
would refuse refuses the whole document (InputError, exit 3) with the record named:
`FILE: gives[3] (id 7): a give kind is one of …`. Optional keys that are missing take the
command line's defaults (`created_at` is now, `emails` is empty, `trust` is 3…).

What is dropped rather than refused is reported: a record pointing at an id the document does
not hold (`Checked.skips`). Pure: no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from netcli import dates, money
from netcli.errors import InputError, NetError
from netcli.fields import BIRTHDAY, CONTACT, DATE, FIELDS, GAINS, INTERVAL, TRUST, Field, names
from netcli.services import settings
from netcli.services.contacts import clean_email, clean_name_or_fail, clean_phone
from netcli.services.interactions import INTERACTION_KINDS
from netcli.services.relations import GIVE_KINDS
from netcli.text import clean_name, clean_tag, fold

INTRO_STATUSES = ("proposed", "made", "met", "business", "declined")
REFERRAL_STATUSES = ("open", "contacted", "met", "business", "declined")
ASK_STATUSES = ("open", "resolved", "dropped")
TABLES = ("intros", "asks", "gives", "interactions", "links", "reminders")


class Bad(Exception):
    """One value of one record cannot be used (turned into an InputError naming the record)."""


@dataclass
class Checked:
    """A document's rows, checked and in store form."""

    me_id: int
    contacts: list[dict[str, Any]] = field(default_factory=list)
    intros: list[dict[str, Any]] = field(default_factory=list)
    asks: list[dict[str, Any]] = field(default_factory=list)
    gives: list[dict[str, Any]] = field(default_factory=list)
    interactions: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    reminders: list[dict[str, Any]] = field(default_factory=list)
    config: dict[str, str] = field(default_factory=dict)
    skips: list[tuple[str, str]] = field(default_factory=list)  # (record, reason)


# values ---------------------------------------------------------------------------------


def _id(value: Any, what: str = "id") -> int:
    if type(value) is not int or value < 1:
        raise Bad(f"{what} must be a positive whole number, not {json.dumps(value)}")
    return value


def _text(value: Any, what: str) -> str | None:
    """Optional text, trimmed; empty is absent (as `--company ''` clears a field)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise Bad(f"{what} must be text, not {json.dumps(value)}")
    return value.strip() or None


def _needed_text(value: Any, what: str) -> str:
    text = _text(value, what)
    if text is None:
        raise Bad(f"{what} needs a text")
    return text


# Days and timestamps already found good: a restore checks 100,000s of them, mostly the same
# few thousand. Bounded, so a document of all-different stamps costs no memory.
_GOOD_DAYS: set[str] = set()
_GOOD_STAMPS: set[str] = set()
_GOOD_MAX = 50_000


def _good(found: set[str], value: str) -> None:
    if len(found) >= _GOOD_MAX:
        found.clear()
    found.add(value)


def _day(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if type(value) is str and value in _GOOD_DAYS:
        return value
    # YYYY-MM-DD only (fromisoformat alone would also take 20260101 and 2026-W01-1)
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
        try:
            date.fromisoformat(value)
            _good(_GOOD_DAYS, value)
            return value
        except ValueError:
            pass
    raise Bad(f"{what} must be a date YYYY-MM-DD, not {json.dumps(value)}")


def _needed_day(value: Any, what: str) -> str:
    day = _day(value, what)
    if day is None:
        raise Bad(f"{what} is missing")
    return day


def _stamp(value: Any, what: str, default: str) -> str:
    if value is None:
        return default
    if type(value) is str and value in _GOOD_STAMPS:
        return value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            _good(_GOOD_STAMPS, value)
            return value
    raise Bad(f"{what} must be an ISO 8601 timestamp with its offset, not {json.dumps(value)}")


def _choice(value: Any, what: str, choices: tuple[str, ...], default: str) -> str:
    if value is None:
        return default
    if value not in choices:
        raise Bad(f"{what} is one of {', '.join(choices)}, not {json.dumps(value)}")
    return str(value)


def _number(value: Any, what: str, low: int, high: int, default: int) -> int:
    if value is None:
        return default
    if type(value) is not int or not low <= value <= high:
        raise Bad(f"{what} must be a whole number from {low} to {high}, not {json.dumps(value)}")
    return value


# The currency that text amounts of the document being checked are read in (its own `config`,
# else the store's): set by Checker, of which one runs per import. None while a streamed
# document's `config` is still to come: a text amount then cannot be read yet (Unknown).
_currency: list[str | None] = [money.DEFAULT_CURRENCY]


class CurrencyUnknown(Exception):
    """A text amount came before the document's `config`, which may name its currency."""


def _cents(value: Any, what: str) -> int | None:
    """A number is exact; a text is an AMOUNT (`1.200` is twelve hundred), never guessed."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Bad(f"{what} must be an amount, not {json.dumps(value)}")
    currency = _currency[0]
    if currency is None and isinstance(value, str):
        raise CurrencyUnknown
    try:
        return money.from_json(value, what, currency or money.DEFAULT_CURRENCY)
    except InputError as exc:
        raise Bad(exc.message) from None


def _strings(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Bad(f"{what} must be a list of texts, not {json.dumps(value)[:60]}")
    return value


def _tags(value: Any, what: str) -> list[str]:
    tags = []
    for raw in _strings(value, what):
        tag = clean_tag(raw)
        if not tag:
            raise Bad(f"{what} has an empty tag")
        tags.append(tag)
    return list(dict.fromkeys(tags))


def _record(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Bad(f"a record must be an object, not {json.dumps(value)[:60]}")
    return value


# records --------------------------------------------------------------------------------


def _contact(c: dict[str, Any], me_id: int, now: str) -> dict[str, Any]:
    contact_id = _id(c.get("id"))
    is_me = contact_id == me_id
    if not isinstance(c.get("name"), str):
        raise Bad(f"name must be text, not {json.dumps(c.get('name'))}")
    name = clean_name(c["name"]) if is_me else clean_name_or_fail(c["name"])
    if not name:
        raise Bad("a contact needs a name")
    emails: dict[str, str] = {}
    for email in _strings(c.get("emails"), "emails"):
        clean = clean_email(email)
        emails.setdefault(clean.casefold(), clean)
    archived = c.get("archived", False)
    if not isinstance(archived, bool):
        raise Bad(f"archived must be true or false, not {json.dumps(archived)}")
    created = _stamp(c.get("created_at"), "created_at", now)
    gains = c.get("gains")
    if gains is None:
        gains = {}
    if not isinstance(gains, dict):
        raise Bad(f"gains must be an object, not {json.dumps(gains)}")
    unknown = sorted(set(gains) - set(names(group=GAINS)))
    if unknown:
        raise Bad(f"gains has no field '{unknown[0]}' (it has: {', '.join(names(group=GAINS))})")
    return {
        "id": contact_id,
        "name": name,
        "search_key": "me" if is_me else fold(name),
        **{
            f.name: _field(f, gains.get(f.name) if f.group else c.get(f.name), is_me)
            for f in FIELDS
        },
        "is_me": int(is_me),
        "archived": int(archived and not is_me),
        "snoozed_until": _day(c.get("snoozed_until"), "snoozed_until"),
        "created_at": created,
        "updated_at": _stamp(c.get("updated_at"), "updated_at", created),
        "emails": list(emails.values()),
        "phones": list(dict.fromkeys(clean_phone(p) for p in _strings(c.get("phones"), "phones"))),
        "tags": _tags(c.get("tags"), "tags"),
    }


def _field(f: Field, value: Any, is_me: bool) -> Any:
    """A contact field's value of a document, checked, in store form."""
    what = f"{f.group}.{f.name}" if f.group else f.name
    if f.kind == TRUST:
        return _number(value, what, 0, 5, 5 if is_me else 3)
    if f.kind == CONTACT:
        return None if value is None else _id(value, what)
    if f.kind == DATE:
        return _day(value, what)
    text = _text(value, what)
    if f.kind == BIRTHDAY:
        return dates.parse_birthday(text) if text else None
    if f.kind == INTERVAL:
        return dates.parse_interval(text) if text else None
    return text


def _intro(r: dict[str, Any], now: str) -> dict[str, Any]:
    people = [_id(r.get(k), k) for k in ("by_id", "a_id", "b_id")]
    if len(set(people)) < 3:
        raise Bad("an intro needs three different people (by, a and b)")
    return {
        "id": _id(r.get("id")),
        "by_id": people[0],
        "a_id": people[1],
        "b_id": people[2],
        "date": _needed_day(r.get("date"), "date"),
        "note": _text(r.get("note"), "note"),
        "status": _choice(r.get("status"), "status", INTRO_STATUSES, "made"),
        "value_cents": _cents(r.get("value"), "value"),
        "outcome_on": _day(r.get("outcome_on"), "outcome_on"),
        "outcome_note": _text(r.get("outcome_note"), "outcome_note"),
        "created_at": _stamp(r.get("created_at"), "created_at", now),
        "history": _history(r.get("history"), INTRO_STATUSES, now),
    }


def _history(value: Any, statuses: tuple[str, ...], now: str) -> list[dict[str, Any]]:
    """A record's status history (spec §10: {status, date, value, note}); absent: []
    (the import then writes the rows its current status implies)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise Bad(f"history must be a list, not {json.dumps(value)[:60]}")
    found = []
    for h in value:
        if not isinstance(h, dict):
            raise Bad(f"a history row must be an object, not {json.dumps(h)[:60]}")
        found.append(
            {
                "status": _choice(h.get("status"), "history status", statuses, statuses[0]),
                "date": _needed_day(h.get("date"), "history date"),
                "value_cents": _cents(h.get("value"), "history value"),
                "note": _text(h.get("note"), "history note"),
                "created_at": now,
            }
        )
    return found


def _ask(r: dict[str, Any], now: str) -> dict[str, Any]:
    return {
        "id": _id(r.get("id")),
        "contact_id": _id(r.get("contact_id"), "contact_id"),
        "text": _needed_text(r.get("text"), "an ask"),
        "tags": json.dumps(_tags(r.get("tags"), "tags"), ensure_ascii=False),
        "status": _choice(r.get("status"), "status", ASK_STATUSES, "open"),
        "created_on": _needed_day(r.get("created_on"), "created_on"),
        "resolved_on": _day(r.get("resolved_on"), "resolved_on"),
        "resolution_note": _text(r.get("resolution_note"), "resolution_note"),
        "created_at": _stamp(r.get("created_at"), "created_at", now),
    }


def _give(r: dict[str, Any], now: str) -> dict[str, Any]:
    giver, receiver = _id(r.get("giver_id"), "giver_id"), _id(r.get("receiver_id"), "receiver_id")
    if giver == receiver:
        raise Bad("a give needs two different people")
    return {
        "id": _id(r.get("id")),
        "giver_id": giver,
        "receiver_id": receiver,
        "text": _needed_text(r.get("text"), "a give"),
        "kind": _choice(r.get("kind"), "kind", GIVE_KINDS, "referral"),
        "value_cents": _cents(r.get("value"), "value"),
        "date": _needed_day(r.get("date"), "date"),
        "ask_id": None if r.get("ask_id") is None else _id(r["ask_id"], "ask_id"),
        "created_at": _stamp(r.get("created_at"), "created_at", now),
        **_lifecycle(r, now),
    }


def _lifecycle(r: dict[str, Any], now: str) -> dict[str, Any]:
    """A referral's status, status_on, hot, prospect and closed value (spec §11); other
    kinds have none. A referral without them (a document written before schema 7) is
    `open` with no status change recorded, hot 3; the import writes the history its status
    implies."""
    if r.get("kind", "referral") != "referral":
        return {
            "status": None, "status_on": None, "hot": None, "prospect_id": None,
            "closed_value_cents": None, "history": [],
        }  # fmt: skip
    return {
        "status": _choice(r.get("status"), "status", REFERRAL_STATUSES, "open"),
        # no status change recorded before schema 7: never due (store/referrals.py)
        "status_on": _day(r.get("status_on"), "status_on"),
        "hot": _number(r.get("hot"), "hot", 1, 5, 3),
        "prospect_id": None if r.get("prospect_id") is None else _id(r["prospect_id"]),
        "closed_value_cents": _cents(r.get("closed_value"), "closed_value"),
        "history": _history(r.get("history"), REFERRAL_STATUSES, now),
    }


def _interaction(r: dict[str, Any], now: str) -> dict[str, Any]:
    people = r.get("contact_ids")
    if not isinstance(people, list) or not people:
        raise Bad(f"contact_ids must be a list of ids, not {json.dumps(people)[:60]}")
    # A restore checks 100,000s of these: the usual values are taken as they are, any other
    # goes through the rules.
    rid, kind, day, stamp = r.get("id"), r.get("kind"), r.get("date"), r.get("created_at")
    if not (type(rid) is int and rid > 0):
        rid = _id(rid)
    if kind not in INTERACTION_KINDS:
        kind = _choice(kind, "kind", INTERACTION_KINDS, "meeting")
    if not (type(day) is str and day in _GOOD_DAYS):
        day = _needed_day(day, "date")
    if not (type(stamp) is str and stamp in _GOOD_STAMPS):
        stamp = _stamp(stamp, "created_at", now)
    return {
        "id": rid,
        "kind": kind,
        "date": day,
        "note": _text(r.get("note"), "note"),
        "created_at": stamp,
        "contact_ids": _ids(people, "contact_ids"),
    }


_INT = {int}


def _ids(values: list[Any], what: str) -> list[int]:
    """A list of ids, each once (a restore checks 100,000s of these: no call per id)."""
    if set(map(type, values)) != _INT or min(values) < 1:
        for v in values:
            _id(v, what)
    return list(dict.fromkeys(values)) if len(values) > 1 else values


def _link(r: dict[str, Any], now: str) -> dict[str, Any]:
    a, b = _id(r.get("a_id"), "a_id"), _id(r.get("b_id"), "b_id")
    if a == b:
        raise Bad("a link needs two different people")
    return {
        "id": _id(r.get("id")),
        "a_id": min(a, b),
        "b_id": max(a, b),
        "strength": _number(r.get("strength"), "strength", 1, 5, 3),
        "note": _text(r.get("note"), "note"),
        "created_at": _stamp(r.get("created_at"), "created_at", now),
    }


def _reminder(r: dict[str, Any], now: str) -> dict[str, Any]:
    return {
        "id": _id(r.get("id")),
        "contact_id": _id(r.get("contact_id"), "contact_id"),
        "date": _needed_day(r.get("date"), "date"),
        "note": _text(r.get("note"), "note"),
        "done_on": _day(r.get("done_on"), "done_on"),
        "created_at": _stamp(r.get("created_at"), "created_at", now),
    }


_CHECKS: dict[str, Callable[[dict[str, Any], str], dict[str, Any]]] = {
    "intros": _intro,
    "asks": _ask,
    "gives": _give,
    "interactions": _interaction,
    "links": _link,
    "reminders": _reminder,
}

# Which id of each record points at which table ("contacts" or "asks").
_REFERENCES = {
    "intros": ("by_id", "a_id", "b_id"),
    "asks": ("contact_id",),
    "gives": ("giver_id", "receiver_id"),
    "links": ("a_id", "b_id"),
    "reminders": ("contact_id",),
}


def _where(source: str, table: str, index: int, raw: Any) -> str:
    rid = raw.get("id") if isinstance(raw, dict) else None
    return f"{table}[{index}]" + (f" (id {json.dumps(rid)})" if rid is not None else "")


def _checked(
    source: str,
    table: str,
    index: int,
    raw: Any,
    check: Callable[..., dict[str, Any]],
    *args: Any,
) -> dict[str, Any]:
    try:
        return check(_record(raw), *args)
    except (Bad, NetError) as exc:
        reason = exc.message if isinstance(exc, NetError) else str(exc)
        raise InputError(f"{source}: {_where(source, table, index, raw)}: {reason}") from None


def _consumed(doc: dict[str, Any], key: str) -> Iterator[tuple[int, Any]]:
    """(index, record) of one list of the document, each dropped from it once read: the
    document and its checked rows are never both whole in memory."""
    records = doc.pop(key, None) or []
    records.reverse()
    index = 0
    while records:
        yield index, records.pop()
        index += 1


class IdSet:
    """Ids already seen: bits for ids below 2**24 (a million ids take 125 KiB, not the 60 MiB
    of a set of ints; at most 2 MiB), a set for larger ones."""

    _BITS = 1 << 24

    def __init__(self) -> None:
        self.bits = bytearray()
        self.large: set[int] = set()

    def add(self, value: int) -> bool:
        """Note `value`; False when it was there already."""
        if value >= self._BITS:
            if value in self.large:
                return False
            self.large.add(value)
            return True
        byte, mask = value >> 3, 1 << (value & 7)
        bits = self.bits
        if byte >= len(bits):
            size = min(max(byte + 1, 2 * len(bits)), self._BITS >> 3)
            bits.extend(bytes(size - len(bits)))
        if bits[byte] & mask:
            return False
        bits[byte] |= mask
        return True


class Checker:
    """The rules of a whole document, applied one record at a time in document order:
    contacts first (the records point at them), asks before gives. `skips` collects what is
    dropped rather than refused, in order."""

    def __init__(self, source: str, now: str, me_id: Any, currency: str | None) -> None:
        if type(me_id) is not int:
            raise InputError(f"{source}: me_id must be the id of your own contact")
        self.source = source
        self.now = now
        self.me_id: int = me_id
        _currency[0] = currency
        self.contact_ids: set[int] = set()
        self.ask_ids: set[int] = set()
        self.seen = {table: IdSet() for table in TABLES}
        self.skips: list[tuple[str, str]] = []

    def set_currency(self, currency: str) -> None:
        """The currency of the text amounts still to come (a streamed document's config)."""
        _currency[0] = currency

    def contact(self, index: int, raw: Any) -> dict[str, Any]:
        row = _checked(self.source, "contacts", index, raw, _contact, self.me_id, self.now)
        if row["id"] in self.contact_ids:
            raise InputError(f"{self.source}: contacts[{index}]: id {row['id']} is used twice")
        self.contact_ids.add(row["id"])
        return row

    def contacts_done(self, vias: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Once every contact is read: is me there; which (via_id, contact id) pairs hold
        (the others are reported, the via left empty)."""
        if self.me_id not in self.contact_ids:
            raise InputError(
                f"{self.source} has no me contact (me_id {self.me_id} is not among the contacts)"
            )
        kept = []
        for via, contact_id in vias:
            if via != contact_id and via in self.contact_ids:
                kept.append((via, contact_id))
            else:
                self.skips.append((f"contact {contact_id}", f"via_id {via} is unknown; left empty"))
        return kept

    def record(self, table: str, index: int, raw: Any) -> dict[str, Any] | None:
        """The record in store form, or None when it is dropped (reported in `skips`)."""
        row = _checked(self.source, table, index, raw, _CHECKS[table], self.now)
        if not self.seen[table].add(row["id"]):
            raise InputError(f"{self.source}: {table}[{index}]: id {row['id']} is used twice")
        contact_ids = self.contact_ids
        if table == "interactions":
            people = row["contact_ids"]
            if not contact_ids.issuperset(people):
                known = [p for p in people if p in contact_ids]
                unknown = ", ".join(str(p) for p in people if p not in contact_ids)
                dropped = "" if known else "; not imported"
                where = f"interaction {row['id']}"
                self.skips.append((where, f"contact ids {unknown} unknown{dropped}"))
                if not known:
                    return None
                row["contact_ids"] = known
            return row
        missing = [f"{k} {row[k]}" for k in _REFERENCES[table] if row[k] not in contact_ids]
        if missing:
            where = f"{table[:-1]} {row['id']}"
            self.skips.append((where, f"{', '.join(missing)} unknown; not imported"))
            return None
        if table == "gives" and row["prospect_id"] not in (None, *contact_ids):
            where = f"give {row['id']}"
            self.skips.append((where, f"prospect_id {row['prospect_id']} is unknown; left empty"))
            row["prospect_id"] = None
        if table == "gives" and row["ask_id"] is not None and row["ask_id"] not in self.ask_ids:
            self.skips.append(
                (f"give {row['id']}", f"ask_id {row['ask_id']} is unknown; left empty")
            )
            row["ask_id"] = None
        if table == "asks":
            self.ask_ids.add(row["id"])
        return row

    def config(self, config: Any) -> dict[str, str]:
        """The document's settings, checked."""
        config = config or {}
        if not isinstance(config, dict):
            raise InputError(f'{self.source}: "config" must be an object')
        out: dict[str, str] = {}
        for key, value in config.items():
            try:
                settings.check_key(key)
                if not isinstance(value, str | int) or isinstance(value, bool):
                    raise InputError(f"{json.dumps(value)} is not a setting's value")
                out[settings.canonical_key(key)] = settings.checked(key, str(value))
            except InputError as exc:
                raise InputError(f"{self.source}: config {key}: {exc.message}") from None
        return out


def stated_currency(config: Any) -> str | None:
    """The currency a document's `config` names, if any."""
    stated = config.get("currency") if isinstance(config, dict) else None
    return stated if isinstance(stated, str) and stated else None


def check_document(
    doc: dict[str, Any], source: str, now: str, currency: str = money.DEFAULT_CURRENCY
) -> Checked:
    """Every record of the document checked and in store form; InputError names a bad one.
    The document's lists are consumed (emptied) on the way. Text amounts are read in the
    document's own currency (its `config`), else in `currency` (the store's)."""
    checker = Checker(source, now, doc.get("me_id"), stated_currency(doc.get("config")) or currency)
    out = Checked(me_id=checker.me_id)
    for index, raw in _consumed(doc, "contacts"):
        out.contacts.append(checker.contact(index, raw))
    vias = [(r["via_id"], r["id"]) for r in out.contacts if r["via_id"] is not None]
    kept = set(checker.contacts_done(vias))
    for row in out.contacts:
        if row["via_id"] is not None and (row["via_id"], row["id"]) not in kept:
            row["via_id"] = None
    for table in TABLES:
        rows: list[dict[str, Any]] = getattr(out, table)
        for index, raw in _consumed(doc, table):
            kept_row = checker.record(table, index, raw)
            if kept_row is not None:
                rows.append(kept_row)
    out.config = checker.config(doc.get("config"))
    out.skips = checker.skips
    return out
