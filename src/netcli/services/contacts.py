"""Contact use cases: add, edit, archive, remove, merge, link (spec §6 Contacts)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from netcli import dates
from netcli.errors import Duplicate, InputError, UsageError
from netcli.fields import (
    BIRTHDAY,
    BY_NAME,
    CONTACT,
    DATE,
    FIELDS,
    INTERVAL,
    NOTES,
    TEXT,
    TRUST,
    Field,
    fillable,
)
from netcli.services import refs
from netcli.services.touch import refresh_contacts
from netcli.store import contacts as store_contacts
from netcli.store import queries, referrals
from netcli.store import relations as store_relations
from netcli.store.keys import with_keys
from netcli.text import clean_name, clean_tag, fold


@dataclass
class ContactInput:
    """The options shared by `net add` and `net edit`, as typed (validated here): the lists,
    and the fields of netcli.fields by name (absent or None: not given)."""

    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    add_notes: str | None = None  # `net edit --add-note`: a line added to the notes

    @property
    def via(self) -> str | None:
        """Who introduced them, as typed (a REF)."""
        via: str | None = self.fields.get("via_id")
        return via


def clean_email(text: str) -> str:
    email = text.strip()
    if "@" not in email or any(ch.isspace() for ch in email) or len(email) > 320:
        raise InputError(f"'{text}' is not an email address")
    return email


def clean_phone(text: str) -> str:
    phone = " ".join(text.split())
    if not phone or not any(ch.isdigit() for ch in phone):
        raise InputError(f"'{text}' is not a phone number")
    return phone


def clean_name_or_fail(text: str) -> str:
    name = clean_name(text)
    if not name:
        raise InputError("a contact needs a name")
    if fold(name) == "me":
        raise InputError("'me' is reserved for you; pick another name")
    if name.lstrip("#").isdigit():
        raise InputError(f"'{name}' looks like an id; a name needs letters")
    return name


def _optional(text: str | None) -> str | None:
    """Empty text clears a field."""
    if text is None:
        return None
    return text.strip() or None


def check_duplicates(
    conn: sqlite3.Connection, name: str | None, emails: Sequence[str], except_id: int | None = None
) -> None:
    """Refuse a name or email another contact already has (exit 3, naming it)."""
    if name is not None:
        for r in queries.contacts_named(conn, fold(name)):
            if r["id"] != except_id:
                raise Duplicate(
                    f"#{r['id']} {r['name']} already has this name (use --force to add anyway)"
                )
    for r in queries.contacts_with_emails(conn, [e.casefold() for e in emails]):
        if r["id"] != except_id:
            raise Duplicate(
                f"#{r['id']} {r['name']} already has the email {r['email']} "
                "(use --force to add anyway)"
            )


def _scalars(inp: ContactInput, conn: sqlite3.Connection) -> dict[str, Any]:
    """The field options that were given, validated, by column (the contact a CONTACT field
    names is resolved by the caller: `net add --via` also logs the intro)."""
    values: dict[str, Any] = {}
    for f in FIELDS:
        value = inp.fields.get(f.name)
        if value is None or f.kind == CONTACT:
            continue
        if f.kind == BIRTHDAY:
            values[f.name] = dates.parse_birthday(value) if value.strip() else None
        elif f.kind == TRUST:
            values[f.name] = value
        elif f.kind == INTERVAL:
            values[f.name] = dates.parse_interval(value)
        elif f.kind == DATE:
            values[f.name] = parse_date(conn, value)
        else:
            values[f.name] = _optional(value)
    return values


def parse_date(conn: sqlite3.Connection, text: str, *, past: bool = False) -> date:
    """A DATE read with the store's `dates.order` (`past`: see dates.parse_date)."""
    return dates.parse_date(text, order=queries.setting(conn, "dates.order"), past=past)


def add_lists(
    conn: sqlite3.Connection,
    contact_id: int,
    emails: Iterable[str],
    phones: Iterable[str],
    tags: Iterable[str],
) -> tuple[list[str], int]:
    """Add the (clean) emails, phones and tags a contact does not have yet, each list kept in
    the order it was added. Returns the added email keys and how many rows were added."""
    have_emails = store_contacts.email_keys(conn, contact_id)
    new_emails: dict[str, str] = {}  # key -> email as first given
    for email in emails:
        if email.casefold() not in have_emails:
            new_emails.setdefault(email.casefold(), email)
    store_contacts.insert_emails(
        conn,
        [
            (contact_id, email, key, len(have_emails) + i)
            for i, (key, email) in enumerate(new_emails.items())
        ],
    )
    have_phones = store_contacts.phones(conn, contact_id)
    new_phones = [p for p in dict.fromkeys(phones) if p not in have_phones]
    store_contacts.insert_phones(
        conn, [(contact_id, phone, len(have_phones) + i) for i, phone in enumerate(new_phones)]
    )
    have_tags = store_contacts.tags(conn, contact_id)
    new_tags = [t for t in dict.fromkeys(tags) if t and t not in have_tags]
    store_contacts.insert_tags(conn, [(contact_id, t) for t in new_tags])
    return list(new_emails), len(new_emails) + len(new_phones) + len(new_tags)


def _add_inputs(conn: sqlite3.Connection, contact_id: int, inp: ContactInput) -> None:
    """`add_lists` for the options of `net add` and `net edit`, checked as typed."""
    add_lists(
        conn,
        contact_id,
        [clean_email(e) for e in inp.emails],
        [clean_phone(p) for p in inp.phones],
        [clean_tag(t) for t in inp.tags],
    )


def _sql_value(value: Any) -> Any:
    """A value as the models store it: dates as ISO text, booleans as 0/1."""
    if isinstance(value, date):
        return value.isoformat()
    return int(value) if isinstance(value, bool) else value


@dataclass(frozen=True)
class Added:
    """A new contact's id, and with --via who introduced them and the intro that logged it."""

    id: int
    via_id: int | None = None
    via_name: str | None = None
    intro_id: int | None = None
    met_on: date | None = None


def add_contact(
    conn: sqlite3.Connection, name: str, inp: ContactInput, *, force: bool = False
) -> Added:
    """Create a contact (and the intro that brought them, with --via).

    Plain SQL on the write transaction's connection: `net add` is typed many times a day and
    SQLModel costs ~330 ms to import. The columns and defaults are the models' (a test
    checks the rows against them).
    """
    name = clean_name_or_fail(name)
    emails = [clean_email(e) for e in inp.emails]
    if not force:
        check_duplicates(conn, name, emails)
    via = refs.resolve(conn, inp.via) if inp.via else None
    stamp = dates.now().isoformat()
    values: dict[str, Any] = {
        **store_contacts.NEW_CONTACT,
        "name": name,
        "search_key": fold(name),
        "via_id": via["id"] if via else None,
        "created_at": stamp,
        "updated_at": stamp,
        **_scalars(inp, conn),
    }
    values = with_keys("contact", values)
    contact_id = store_contacts.insert_contact(conn, {k: _sql_value(v) for k, v in values.items()})
    _add_inputs(conn, contact_id, inp)
    added = Added(contact_id)
    if via is not None and via["is_me"] == 0:
        met_on = values.get("met_on") or dates.today()
        intro_id = store_relations.insert_intro(
            conn, via["id"], queries.me_id(conn), contact_id, met_on, None, stamp
        )
        referrals.add_change(conn, "intro", intro_id, "made", met_on, None, None, stamp)
        added = Added(contact_id, via["id"], via["name"], intro_id, met_on)
    refresh_contacts(conn, [contact_id, via["id"] if via else None])
    return added


def edit_contact(
    conn: sqlite3.Connection,
    ref: str,
    inp: ContactInput,
    *,
    name: str | None = None,
    untag: Sequence[str] = (),
    remove_emails: Sequence[str] = (),
    remove_phones: Sequence[str] = (),
    no_every: bool = False,
    force: bool = False,
) -> tuple[int, list[str]]:
    """Change a contact; lists grow with --email/--phone/--tag and shrink with the removers.
    Returns its id and what changed, in words (`[]`: nothing did, and nothing was written).

    Plain SQL, like `add_contact`: the columns are the models' (tests/services/test_plain_writes).
    """
    row = refs.resolve(conn, ref)
    contact_id: int = row["id"]
    before = queries.contact_object(conn, contact_id)
    assert before is not None
    new_name = clean_name_or_fail(name) if name is not None else None
    if row["is_me"] and new_name is not None and fold(new_name) == "me":
        new_name = None
    emails = [clean_email(e) for e in inp.emails]
    if not force:
        check_duplicates(conn, new_name, emails, except_id=contact_id)
    values: dict[str, Any] = {}
    if new_name is not None:
        values["name"] = new_name
        values["search_key"] = "me" if row["is_me"] else fold(new_name)
    if inp.via is not None:
        via = refs.resolve(conn, inp.via)
        if via["id"] == contact_id:
            raise InputError("a contact cannot be introduced to me by themselves")
        values["via_id"] = via["id"]
    values.update(_scalars(inp, conn))
    if inp.add_notes is not None and inp.add_notes.strip():
        if inp.fields.get("notes") is not None:
            raise UsageError("--note replaces the notes and --add-note adds to them: use one")
        values["notes"] = "\n".join(filter(None, [row["notes"], inp.add_notes.strip()]))
    if no_every:
        values["every"] = None
    have = store_contacts.email_keys(conn, contact_id)
    missing = [e for e in remove_emails if e.strip().casefold() not in have]
    if missing:
        raise InputError(f"{row['name']} has no email '{missing[0]}'")
    store_contacts.delete_emails(conn, contact_id, [e.strip().casefold() for e in remove_emails])
    store_contacts.delete_phones(conn, contact_id, [" ".join(p.split()) for p in remove_phones])
    store_contacts.delete_tags(conn, contact_id, [clean_tag(t) for t in untag])
    if remove_emails or remove_phones:
        store_contacts.renumber_lists(
            conn, contact_id
        )  # positions stay 0, 1, 2…; new ones go after
    _add_inputs(conn, contact_id, inp)
    _update_contact(conn, contact_id, values)
    after = queries.contact_object(conn, contact_id)
    assert after is not None
    changes = describe_changes(before, after, lambda i: _name_of(conn, i))
    if changes:
        _update_contact(conn, contact_id, {"updated_at": dates.now().isoformat()})
        refresh_contacts(conn, [contact_id])
    return contact_id, changes


def _update_contact(conn: sqlite3.Connection, contact_id: int, values: dict[str, Any]) -> None:
    store_contacts.update_columns(conn, contact_id, {k: _sql_value(v) for k, v in values.items()})


def _name_of(conn: sqlite3.Connection, contact_id: int | None) -> str:
    found = queries.contact_row(conn, contact_id) if contact_id is not None else None
    return f"#{found['id']} {found['name']}" if found else "nobody"


LISTS = (("emails", "email"), ("phones", "phone"), ("tags", "tag"))
# what `net edit` says of a field, by kind: `city Roma → Milano`, `met on 2026-02-02`…
_SAID_AS_VALUE = (TEXT, BIRTHDAY, TRUST, INTERVAL)


def describe_changes(
    before: dict[str, Any], after: dict[str, Any], name_of: Callable[[int | None], str]
) -> list[str]:
    """What `net edit` changed, in words: `city Roma → Milano`, `+tag bni`, `+note …`."""

    def short(value: Any) -> str:
        text = " ".join(str(value).split())
        return text if len(text) <= 40 else text[:39] + "…"

    def value(obj: dict[str, Any], f: Field) -> Any:
        return obj[f.group][f.name] if f.group else obj[f.name]

    def changed(*kinds: str, grouped: bool = False) -> list[tuple[Field, Any, Any]]:
        return [
            (f, value(before, f), value(after, f))
            for f in FIELDS
            if f.kind in kinds
            and (f.group is not None) == grouped
            and value(before, f) != value(after, f)
        ]

    changes: list[str] = []
    names = [("name", before["name"], after["name"])] if before["name"] != after["name"] else []
    for key, old, new in [*names, *((f.shown, o, n) for f, o, n in changed(*_SAID_AS_VALUE))]:
        if old is None:
            changes.append(f"{key} {short(new)}")
        elif new is None:
            changes.append(f"{key} {short(old)} cleared")
        else:
            changes.append(f"{key} {short(old)} → {short(new)}")
    for f, _, new in changed(*_SAID_AS_VALUE, NOTES, grouped=True):
        changes.append(f"{f.shown} cleared" if new is None else f"{f.shown} {short(new)}")
    for key, word in LISTS:
        changes += [f"+{word} {v}" for v in after[key] if v not in before[key]]
        changes += [f"-{word} {v}" for v in before[key] if v not in after[key]]
    for f, old, new in changed(NOTES):
        old_notes, new_notes = old or "", new or ""
        if not new_notes:
            changes.append(f"{f.shown} cleared")
        elif old_notes and new_notes.startswith(old_notes + "\n"):
            changes.append(f"+note {short(new_notes[len(old_notes) + 1 :])}")
        else:
            changes.append(f"{f.shown} replaced" if old_notes else f"{f.shown} set")
    changes += [f"{f.shown} {new or 'cleared'}" for f, _, new in changed(DATE)]
    changes += [f"{f.shown} {name_of(new)}" for f, _, new in changed(CONTACT)]
    return changes


def set_archived(conn: sqlite3.Connection, ref: str, archived: bool) -> tuple[sqlite3.Row, bool]:
    """Archive or bring back a contact; returns its row and whether anything changed.

    Bringing back finds archived contacts by any form of REF (spec §6), not only by id or
    exact name as every other command does."""
    row = refs.resolve(conn, ref, archived=not archived)
    if row["is_me"]:
        raise InputError("you cannot archive yourself")
    if bool(row["archived"]) == archived:
        return row, False
    store_contacts.set_archived(conn, row["id"], archived, dates.now().isoformat())
    return row, True


# removal -------------------------------------------------------------------------


def removal_plan(conn: sqlite3.Connection, contact_id: int) -> dict[str, int]:
    """What `net rm` will delete with the contact, by kind (only non-zero counts)."""
    found = queries.removal_counts(conn, contact_id)
    return {kind: n for kind, n in found.items() if n}


def contact_state(conn: sqlite3.Connection, contact_id: int) -> tuple[Any, ...] | None:
    """What `net rm` and `net merge` showed before asking: the contact as stored and what
    would go with it. Checked again in the write transaction; None once the contact is gone."""
    row = queries.contact_row(conn, contact_id)
    if row is None:
        return None
    # every column, not only updated_at: an edit in the same second as the question has the
    # same timestamp (the merged test saw it), but not the same values
    return (row["name"], tuple(row), sorted(removal_plan(conn, contact_id).items()))


def check_unchanged(
    conn: sqlite3.Connection, shown: dict[int, tuple[Any, ...] | None], action: str
) -> None:
    """Refuse (exit 3) when a contact changed between the confirmation and the write: the
    user said yes to what they saw, not to what another process made of it meanwhile."""
    for contact_id, state in shown.items():
        now = contact_state(conn, contact_id)
        if now is None:
            raise InputError(
                f"#{contact_id} was deleted while you were confirming; nothing {action}"
            )
        if now != state:
            raise InputError(
                f"#{contact_id} {now[0]} changed while you were confirming; nothing {action} "
                "(run the command again to see what it would do now)"
            )


def remove_contact(conn: sqlite3.Connection, contact_id: int) -> None:
    """Delete a contact and everything that is only theirs (foreign keys cascade the rest)."""
    related = store_contacts.related_ids(conn, contact_id)
    store_contacts.delete_contact(conn, contact_id)
    store_contacts.delete_lone_interactions(conn)
    refresh_contacts(conn, related)


# merging -------------------------------------------------------------------------


def merge_contacts(conn: sqlite3.Connection, keep_id: int, other_id: int) -> dict[str, Any]:
    """Move everything of OTHER onto KEEP, fill KEEP's empty fields (those netcli.fields
    merges by FILL; KEEP's trust stays), delete OTHER."""
    if keep_id == other_id:
        raise InputError("cannot merge a contact with itself")
    keep = queries.contact_row(conn, keep_id)
    other = queries.contact_row(conn, other_id)
    assert keep is not None and other is not None
    if other["is_me"]:
        raise InputError("you cannot merge yourself into someone else; swap the two")
    related = store_contacts.related_ids(conn, other_id)
    filled = [col for col in fillable() if keep[col] in (None, "") and other[col] not in (None, "")]
    store_contacts.update_columns(
        conn,
        keep_id,
        {c: other[c] for c in filled if not (BY_NAME[c].kind == CONTACT and other[c] == keep_id)},
    )
    store_contacts.move_records(conn, keep_id, other_id)
    _merge_links(conn, keep_id, other_id)
    store_contacts.delete_contact(conn, other_id)
    if keep["archived"] and not other["archived"]:
        store_contacts.update_columns(conn, keep_id, {"archived": False})
    store_contacts.update_columns(conn, keep_id, {"updated_at": dates.now().isoformat()})
    store_contacts.renumber_lists(conn, keep_id)
    refresh_contacts(conn, related | {keep_id})
    return {"kept": keep_id, "removed": other_id, "filled": filled}


def _merge_links(conn: sqlite3.Connection, keep_id: int, other_id: int) -> None:
    """Re-point OTHER's links at KEEP, keeping the stronger of two and dropping self-links."""
    for link in store_contacts.links_touching(conn, other_id):
        peer = link["b_id"] if link["a_id"] == other_id else link["a_id"]
        store_relations.delete_link(conn, link["id"])
        if peer == keep_id:
            continue
        low, high = sorted((keep_id, peer))
        store_contacts.merge_link(
            conn, low, high, link["strength"], link["note"], link["created_at"]
        )


# links -------------------------------------------------------------------------------


def link(
    conn: sqlite3.Connection, a_ref: str, b_ref: str, strength: int, note: str | None
) -> dict[str, Any]:
    """Record (or update) that A knows B."""
    a, b = refs.resolve(conn, a_ref), refs.resolve(conn, b_ref)
    if a["id"] == b["id"]:
        raise InputError("a link needs two different people")
    low, high = sorted((a["id"], b["id"]))
    existing = queries.link_between(conn, low, high)
    if existing is None:
        link_id = store_relations.insert_link(
            conn, low, high, strength, _optional(note), dates.now().isoformat()
        )
        kept = _optional(note)
    else:
        link_id = existing["id"]
        kept = existing["note"] if note is None else _optional(note)
        store_relations.update_link(conn, link_id, strength, kept)
    return {
        "id": link_id,
        "a_id": a["id"],
        "a": a["name"],
        "b_id": b["id"],
        "b": b["name"],
        "strength": strength,
        "note": kept,
    }


def unlink(conn: sqlite3.Connection, a_ref: str, b_ref: str) -> tuple[str, str]:
    """Forget that A knows B; InputError when no such link exists."""
    a, b = refs.resolve(conn, a_ref), refs.resolve(conn, b_ref)
    found = queries.link_between(conn, a["id"], b["id"])
    if found is None:
        raise InputError(f"no link between {a['name']} and {b['name']}")
    store_relations.delete_link(conn, found["id"])
    return a["name"], b["name"]
