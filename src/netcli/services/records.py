"""Records you can correct (spec §3, §6): one intro, ask, give, interaction or reminder by its
typed id — shown with its history, corrected field by field, deleted — and the timeline of
all of them (`net history`).

After a correction or a deletion the derived data follows in the same transaction: the last
touch and next due date of everyone the record involved before or involves now
(services.touch). Balances, reports and the due queue are computed from the records on read.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from netcli import dates, money, records
from netcli.errors import InputError, UsageError
from netcli.records import Kind
from netcli.services import refs
from netcli.services.touch import refresh_contacts
from netcli.store import queries
from netcli.store import records as rows
from netcli.text import clean_tag

KINDS: Final[tuple[Kind, ...]] = ("intro", "ask", "give", "interaction", "reminder")
GIVE_KINDS: Final = ("referral", "intro", "advice", "business", "favor", "gift", "other")


def parse_id(text: str, accept: tuple[Kind, ...] = KINDS) -> tuple[Kind, int]:
    """A typed id (`g12`) among `accept`; InputError (exit 3) otherwise."""
    return records.parse(text, accept=accept)


not_found = records.not_found


# reading one record --------------------------------------------------------------------


def record_object(conn: sqlite3.Connection, kind: Kind, number: int) -> dict[str, Any]:
    """The record as its §10 object, plus `type` and `history` (what happened to it, oldest
    first: `{status, date, value, note}`)."""
    one: dict[str, Any] | None
    if kind == "intro":
        one = rows.intro(conn, number)
    elif kind == "ask":
        one = rows.ask(conn, number)
    elif kind == "give":
        one = rows.give(conn, number)
    elif kind == "interaction":
        one = rows.interaction(conn, number)
    else:
        reminders = rows.reminder_objects(conn, number=number)
        one = reminders[0] if reminders else None
    if one is None:
        raise not_found(kind, number)
    obj = one
    obj.setdefault("ref", records.label(kind, number))
    history = obj.get("history")
    if not isinstance(history, list):
        history = history_of(kind, obj)
    return {"type": kind, **obj, "history": history}


def history_of(kind: Kind, obj: dict[str, Any]) -> list[dict[str, Any]]:
    """What happened to a record, oldest first, from its own dates."""

    def step(status: str, day: Any, value: Any = None, note: Any = None) -> dict[str, Any]:
        return {"status": status, "date": day, "value": value, "note": note}

    if kind == "intro":
        made = [step("made", obj["date"], note=obj["note"])]
        if obj["status"] != "made" and obj["outcome_on"]:
            made.append(step(obj["status"], obj["outcome_on"], obj["value"], obj["outcome_note"]))
        return made
    if kind == "ask":
        opened = [step("open", obj["created_on"])]
        if obj["status"] != "open":
            opened.append(step(obj["status"], obj["resolved_on"], note=obj["resolution_note"]))
        return opened
    if kind == "reminder":
        due = [step("open", obj["date"], note=obj["note"])]
        if obj["done"]:
            due.append(step("done", obj["done_on"]))
        return due
    return []  # a give's status history is kept by the referral lifecycle; an interaction has none


# correcting a record -------------------------------------------------------------------


@dataclass
class RecordEdit:
    """What `net edit ID` was told to change; None (or empty) leaves a field as it is."""

    date: str | None = None
    note: str | None = None
    by: str | None = None
    a: str | None = None
    b: str | None = None
    value: str | None = None
    text: str | None = None
    tags: list[str] = field(default_factory=list)
    untags: list[str] = field(default_factory=list)
    kind: str | None = None
    giver: str | None = None
    receiver: str | None = None
    add: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    hot: int | None = None
    prospect: str | None = None

    def given(self) -> list[str]:
        """The options given, by their field names."""
        return [k for k, v in vars(self).items() if v not in (None, [])]


# The options each kind takes (spec §6), by RecordEdit field; OPTION names them on the line.
OPTIONS: Final[dict[Kind, tuple[str, ...]]] = {
    "intro": ("date", "note", "by", "a", "b", "value"),
    "ask": ("text", "tags", "untags"),
    "give": ("text", "kind", "value", "date", "giver", "receiver", "hot", "prospect"),
    "interaction": ("date", "kind", "note", "add", "remove"),
    "reminder": ("date", "note"),
}
OPTION: Final = {
    "tags": "--tag",
    "untags": "--untag",
    "giver": "--from",
    "receiver": "--to",
}


def option_name(name: str) -> str:
    return OPTION.get(name, f"--{name}")


def check_options(kind: Kind, given: Sequence[str]) -> None:
    """UsageError (exit 2) naming an option this kind of record does not take."""
    wrong = [g for g in given if g not in OPTIONS[kind]]
    if wrong:
        takes = ", ".join(option_name(o) for o in OPTIONS[kind])
        raise UsageError(
            f"{option_name(wrong[0])} does not apply to {_article(kind)} {kind} (it takes {takes})"
        )


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _day(conn: sqlite3.Connection, text: str, *, past: bool = False) -> date:
    from netcli.services.contacts import parse_date

    return parse_date(conn, text, past=past) if past else parse_date(conn, text)


def _cents(conn: sqlite3.Connection, text: str) -> int | None:
    if not text.strip():
        return None  # --value '' clears it
    return money.parse(text, queries.setting(conn, "currency"))


def _note(text: str) -> str | None:
    return text.strip() or None


def _text(text: str, what: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InputError(f"{what} needs a text")
    return cleaned


def edit_record(
    conn: sqlite3.Connection, kind: Kind, number: int, edit: RecordEdit
) -> tuple[dict[str, Any], list[str]]:
    """Correct a record; returns it as record_object shows it and the fields that changed."""
    check_options(kind, edit.given())
    before = rows.row(conn, kind, number)
    if before is None:
        raise not_found(kind, number)
    people_before = rows.people(conn, kind, number)
    values: dict[str, Any] = {}
    if kind == "intro":
        values = _intro_changes(conn, before, edit)
    elif kind == "ask":
        values = _ask_changes(before, edit)
    elif kind == "give":
        values = _give_changes(conn, before, edit)
    elif kind == "interaction":
        values = _interaction_changes(conn, number, edit)
    else:
        if edit.date is not None:
            values["date"] = _day(conn, edit.date).isoformat()
        if edit.note is not None:
            values["note"] = _note(edit.note)
    changed = [k for k, v in values.items() if k != "people" and before.get(k) != v]
    rows.update(conn, kind, number, {k: values[k] for k in changed})
    changes = [_FIELD_NAMES.get(k, k) for k in changed]
    if values.get("people"):
        changes.append("people")
    if changes:
        refresh_contacts(conn, [*people_before, *rows.people(conn, kind, number)])
    return record_object(conn, kind, number), list(dict.fromkeys(changes))


_FIELD_NAMES: Final = {
    "by_id": "by",
    "a_id": "a",
    "b_id": "b",
    "value_cents": "value",
    "giver_id": "from",
    "receiver_id": "to",
    "prospect_id": "prospect",
}


def _intro_changes(
    conn: sqlite3.Connection, before: dict[str, Any], edit: RecordEdit
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, ref in (("by_id", edit.by), ("a_id", edit.a), ("b_id", edit.b)):
        if ref is not None:
            values[key] = int(refs.resolve(conn, ref)["id"])
    people = {k: values.get(k, before[k]) for k in ("by_id", "a_id", "b_id")}
    if people["a_id"] == people["b_id"]:
        raise InputError("an intro needs two different people")
    if people["by_id"] in (people["a_id"], people["b_id"]):
        raise InputError("nobody introduces themselves: --by must differ from --a and --b")
    if edit.date is not None:
        day = _day(conn, edit.date)
        if before["outcome_on"] and day.isoformat() > before["outcome_on"]:
            raise InputError(
                f"the intro ({day.isoformat()}) cannot come after its outcome "
                f"({before['outcome_on']})"
            )
        values["date"] = day.isoformat()
    if edit.note is not None:
        values["note"] = _note(edit.note)
    if edit.value is not None:
        if before["status"] != "business":
            raise InputError(
                f"only a business intro has a value (this one is {before['status']}): "
                f"net outcome i{before['id']} business --value AMOUNT"
            )
        values["value_cents"] = _cents(conn, edit.value)
    return values


def _ask_changes(before: dict[str, Any], edit: RecordEdit) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if edit.text is not None:
        values["text"] = _text(edit.text, "an ask")
    if edit.tags or edit.untags:
        tags = json.loads(before["tags"] or "[]")
        gone = {clean_tag(t) for t in edit.untags}
        kept = [t for t in tags if t not in gone]
        added = [clean_tag(t) for t in edit.tags]
        values["tags"] = json.dumps(
            [t for t in dict.fromkeys([*kept, *added]) if t], ensure_ascii=False
        )
    return values


def _give_changes(
    conn: sqlite3.Connection, before: dict[str, Any], edit: RecordEdit
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, ref in (("giver_id", edit.giver), ("receiver_id", edit.receiver)):
        if ref is not None:
            values[key] = int(refs.resolve(conn, ref)["id"])
    if values.get("giver_id", before["giver_id"]) == values.get(
        "receiver_id", before["receiver_id"]
    ):
        raise InputError("nobody gives to themselves: --from and --to must differ")
    if edit.text is not None:
        values["text"] = _text(edit.text, "a give")
    if edit.kind is not None:
        kind = edit.kind.strip().lower()
        if kind not in GIVE_KINDS:
            raise UsageError(f"a give kind is one of {', '.join(GIVE_KINDS)}, not '{edit.kind}'")
        values["kind"] = kind
    if edit.value is not None:
        values["value_cents"] = _cents(conn, edit.value)
    if edit.date is not None:
        values["date"] = _day(conn, edit.date).isoformat()
    if edit.hot is not None or edit.prospect is not None:
        kind = values.get("kind", before["kind"])
        if kind != "referral":
            raise InputError(f"--hot and --prospect go with a referral, not a {kind} give")
        if edit.hot is not None:
            if not 1 <= edit.hot <= 5:
                raise UsageError(f"--hot is 1-5, not {edit.hot}")
            values["hot"] = edit.hot
        if edit.prospect is not None:
            values["prospect_id"] = (
                int(refs.resolve(conn, edit.prospect)["id"]) if edit.prospect.strip() else None
            )
    return values


def _interaction_changes(conn: sqlite3.Connection, number: int, edit: RecordEdit) -> dict[str, Any]:
    from netcli.services.interactions import INTERACTION_KINDS, canonical_kind

    values: dict[str, Any] = {}
    if edit.kind is not None:
        kind = canonical_kind(edit.kind)
        if kind is None:
            raise UsageError(
                f"an interaction kind is one of {', '.join(INTERACTION_KINDS)}, not '{edit.kind}'"
            )
        values["kind"] = kind
    if edit.date is not None:
        day = _day(conn, edit.date, past=True)
        if day > dates.today():
            raise InputError(
                f"--date {day.isoformat()} is in the future: log what happened "
                "(net remind plans what will)"
            )
        values["date"] = day.isoformat()
    if edit.note is not None:
        values["note"] = _note(edit.note)
    if edit.add or edit.remove:
        added = [refs.resolve(conn, r) for r in edit.add]
        removed = [int(refs.resolve(conn, r)["id"]) for r in edit.remove]
        if any(p["is_me"] for p in added):
            raise InputError("you take part in every interaction; name only the others")
        now = set(rows.people(conn, "interaction", number))
        after = (now | {int(p["id"]) for p in added}) - set(removed)
        if not after:
            raise InputError(
                f"an interaction needs someone: x{number} would have nobody left "
                f"(net rm x{number} deletes it)"
            )
        rows.remove_people(conn, number, [i for i in removed if i in now])
        rows.add_people(conn, number, [int(p["id"]) for p in added if int(p["id"]) not in now])
        values["people"] = after != now
    return values


# deleting a record ---------------------------------------------------------------------


def remove_record(conn: sqlite3.Connection, kind: Kind, number: int) -> dict[str, Any]:
    """Delete one record; returns it as it was. A give that resolved an ask opens it again."""
    gone = record_object(conn, kind, number)
    people = rows.people(conn, kind, number)
    rows.delete(conn, kind, number)
    if kind == "give" and gone.get("ask_id") is not None:
        reopened = rows.reopen_ask_closed_by(conn, gone["ask_id"], f"give #{number}")
        gone["reopened_ask"] = gone["ask_id"] if reopened else None
    refresh_contacts(conn, people)
    return gone


# the timeline --------------------------------------------------------------------------


def history(
    conn: sqlite3.Connection,
    *,
    contact_id: int | None = None,
    kind: str | None = None,
    types: Sequence[Kind] = KINDS,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Every record of these types, newest first, as §10 history rows (plus `who`)."""
    me = queries.me_id(conn)
    currency = queries.setting(conn, "currency")
    wanted = _kind_filter(kind)
    if wanted is not None:  # only the types that have such a kind are read at all
        order: tuple[Kind, ...] = ("interaction", "give", "intro", "ask", "reminder")
        known = list(dict.fromkeys(k for t in order for k in _kinds_of(t)))
        if wanted not in known:
            raise UsageError(f"--kind is one of {', '.join(known)}, not '{kind}'")
        types = [t for t in types if wanted in _kinds_of(t)]
    raw: list[tuple[Kind, tuple[Any, ...]]] = []
    for t in types:
        for r in rows.history_rows(
            conn,
            t,
            contact_id=contact_id,
            kind=wanted,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
            limit=limit,
        ):
            raw.append((t, r))
    raw.sort(key=lambda p: (p[1][1], -KINDS.index(p[0]), p[1][0]), reverse=True)
    if limit is not None:
        raw = raw[:limit]
    interactions = rows.interaction_people(
        conn, [r[0] for kind_of, r in raw if kind_of == "interaction"]
    )
    ids = [
        v
        for kind_of, r in raw
        if kind_of != "interaction"
        for v in (r[4:] if kind_of != "give" else r[4:6])
        if v is not None
    ]
    names = rows.names(conn, ids)

    def who(contact_id: int) -> str:
        return "you" if contact_id == me else names.get(contact_id, "?")

    found = []
    for t, r in raw:
        number, day, row_kind, text = r[0], r[1], r[2], r[3]
        if t == "interaction":
            people = interactions.get(number, [])
            ids_, shown = [p[0] for p in people], ", ".join(p[1] for p in people)
        elif t == "intro":
            ids_ = [r[4], r[5], r[6]]
            shown = f"{who(r[5])} → {who(r[6])}" + ("" if r[4] == me else f" (by {who(r[4])})")
        elif t == "give":
            ids_ = [r[4], r[5]]
            shown = f"{who(r[4])} → {who(r[5])}"
        else:
            ids_ = [r[4]]
            shown = who(r[4])
        if t == "give" and r[6] is not None:
            text = f"{text} ({money.render(money.to_decimal(r[6]), currency)})"
        found.append(
            {
                "type": t,
                "id": records.label(t, number),
                "date": day,
                "contact_ids": ids_,
                "contacts": [names.get(i, "?") for i in ids_]
                if t != "interaction"
                else [p[1] for p in interactions.get(number, [])],
                "kind": row_kind,
                "text": text,
                "who": shown,
            }
        )
    return found


def _kinds_of(t: Kind) -> tuple[str, ...]:
    """What `--kind` can match in a type: its kinds, or its statuses."""
    from netcli.services.interactions import INTERACTION_KINDS

    return {
        "interaction": INTERACTION_KINDS,
        "give": GIVE_KINDS,
        "intro": ("proposed", "made", "met", "business", "declined"),
        "ask": ("open", "resolved", "dropped"),
        "reminder": ("open", "done"),
    }[t]


def _kind_filter(kind: str | None) -> str | None:
    """`--kind`: an interaction kind (its aliases too: `121`), a give kind or a status."""
    if kind is None:
        return None
    from netcli.services.interactions import canonical_kind

    return canonical_kind(kind) or kind.strip().lower()
