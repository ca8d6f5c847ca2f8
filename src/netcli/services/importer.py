"""`net import`: contacts from LinkedIn, Google, vCard and CSV files, and our own JSON export.

Rows stream from the codec and go into the store in bulk over the session's own sqlite3
connection (no ORM object per row), inside the one write transaction of the command: a bad
file, Ctrl-C or kill -9 leaves the store as it was. Dedupe: a record with an email the store
knows is that contact; else a record whose folded name is exactly one contact's is that
contact. An existing contact only has its empty fields filled and missing emails, phones and
tags added; nothing is overwritten, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from netcli import dates
from netcli.errors import InputError
from netcli.formats.records import ContactRecord, FormatError, Skip
from netcli.services.contacts import add_lists
from netcli.services.touch import refresh_contacts
from netcli.store import queries
from netcli.text import clean_tag, fold

SCALARS = ("company", "title", "category", "city", "birthday", "notes", "url", "met_on")
PROGRESS_EVERY = 500


@dataclass
class ImportReport:
    """The import report of spec §10."""

    format: str
    source: str
    dry_run: bool = False
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    skips: list[dict[str, Any]] = field(default_factory=list)
    records: dict[str, int] = field(default_factory=dict)  # JSON: intros, asks… added

    def skip(self, where: str, reason: str) -> None:
        self.skipped += 1
        self.skips.append(Skip(where, reason).as_dict())

    def as_json(self) -> dict[str, Any]:
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "skipped": self.skipped, "skips": self.skips, "dry_run": self.dry_run,
            "format": self.format, "source": self.source, "records": self.records,
        }  # fmt: skip


class ContactWriter:
    """Upserts contacts through plain SQL with in-memory indexes of names and emails."""

    def __init__(self, conn: sqlite3.Connection, report: ImportReport, tags: Iterable[str]):
        self.conn = conn
        self.report = report
        self.extra_tags = [t for t in (clean_tag(t) for t in tags) if t]
        self.me = queries.me_id(conn)
        self.by_email: dict[str, int] = dict(
            conn.execute("SELECT email_key, contact_id FROM email ORDER BY id DESC")
        )
        self.by_name: dict[str, int] = {}
        for key, cid in conn.execute(
            "SELECT search_key, id FROM contact WHERE is_me = 0 ORDER BY id DESC"
        ):
            self.by_name[key] = cid  # the lowest id wins for names used twice
        self.touched: set[int] = set()
        self.stamp = dates.now().isoformat()

    def find(self, emails: Iterable[str], name: str) -> int | None:
        for email in emails:
            found = self.by_email.get(email.casefold())
            if found is not None:
                return found
        return self.by_name.get(fold(name))

    def upsert(
        self, where: str, rec: ContactRecord, extra: dict[str, Any] | None = None
    ) -> int | None:
        """Add or fill one contact; count it; return its id (None when skipped)."""
        name = " ".join(rec.name.split())
        if not name:
            self.report.skip(where, "no name")
            return None
        if fold(name) == "me" or name.lstrip("#").isdigit():
            self.report.skip(where, f"'{name}' cannot be a contact's name")
            return None
        values = self._values(rec)
        existing = self.find(rec.emails, name)
        if existing is None:
            contact_id = self._insert(name, values, extra or {})
            self._add_lists(contact_id, rec)
            self.report.added += 1
        else:
            contact_id = existing
            changed = self._fill(existing, values)
            changed |= self._add_lists(existing, rec)
            if changed:
                self.report.updated += 1
            else:
                self.report.unchanged += 1
        self.touched.add(contact_id)
        return contact_id

    def _values(self, rec: ContactRecord) -> dict[str, Any]:
        values: dict[str, Any] = {k: getattr(rec, k) for k in SCALARS}
        values["met_on"] = rec.met_on.isoformat() if rec.met_on else None
        values["trust"] = rec.trust
        every = None
        if rec.every:
            try:
                every = dates.parse_interval(rec.every)
            except InputError:
                every = None  # an unreadable cadence is dropped, the contact kept
        values["every"] = every
        return values

    def _insert(self, name: str, values: dict[str, Any], extra: dict[str, Any]) -> int:
        row = {
            **values,
            "trust": values["trust"] if values["trust"] is not None else 3,
            "name": name, "search_key": fold(name), "via_id": None, "is_me": 0,
            "archived": 0, "snoozed_until": None, "created_at": self.stamp,
            "updated_at": self.stamp,
        }  # fmt: skip
        row.update(extra)
        columns = ", ".join(row)
        marks = ", ".join(f":{k}" for k in row)
        cur = self.conn.execute(f"INSERT INTO contact ({columns}) VALUES ({marks})", row)
        contact_id = int(cur.lastrowid)  # type: ignore[arg-type]
        self.by_name.setdefault(row["search_key"], contact_id)
        return contact_id

    def _fill(self, contact_id: int, values: dict[str, Any]) -> bool:
        current = queries.contact_row(self.conn, contact_id)
        assert current is not None
        fills = {
            k: v
            for k, v in values.items()
            if v not in (None, "") and current[k] in (None, "") and k != "trust"
        }
        if not fills:
            return False
        sets = ", ".join(f"{k} = :{k}" for k in fills)
        self.conn.execute(
            f"UPDATE contact SET {sets}, updated_at = :stamp WHERE id = :id",
            {**fills, "stamp": self.stamp, "id": contact_id},
        )
        return True

    def _add_lists(self, contact_id: int, rec: ContactRecord) -> bool:
        emails, added = add_lists(
            self.conn,
            contact_id,
            rec.emails,
            rec.phones,
            [*map(clean_tag, rec.tags), *self.extra_tags],
        )
        for key in emails:
            self.by_email.setdefault(key, contact_id)
        return added > 0

    def finish(self) -> None:
        refresh_contacts(self.conn, self.touched)


def import_contacts(
    conn: sqlite3.Connection,
    items: Iterator[tuple[str, ContactRecord] | Skip],
    report: ImportReport,
    tags: Iterable[str] = (),
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a codec's item stream (LinkedIn, Google, vCard, CSV)."""
    writer = ContactWriter(conn, report, tags)
    seen = 0
    try:
        for item in items:
            seen += 1
            if isinstance(item, Skip):
                report.skip(item.where, item.reason)
            else:
                writer.upsert(*item)
            if progress and seen % PROGRESS_EVERY == 0:
                progress(seen)
    except FormatError as exc:
        raise InputError(str(exc)) from None
    if report.added + report.updated + report.unchanged == 0:
        raise InputError(
            f"nothing could be imported from {report.source}: "
            + (report.skips[0]["reason"] if report.skips else "no contacts")
        )
    writer.finish()
    return report


# our own JSON export ----------------------------------------------------------------------

TABLES_IN_ORDER = ("intros", "asks", "gives", "interactions", "links", "reminders")


def _cents(value: Any, where: str, currency: str) -> int | None:
    """A money value of the JSON document as exact cents: a number as it is, a string as an
    AMOUNT in the document's currency (`1.200` is twelve hundred), never guessed."""
    from netcli import money

    return money.from_json(value, where, currency)


def _store_is_empty(conn: sqlite3.Connection) -> bool:
    tables = ("intro", "ask", "give", "interaction", "link", "reminder", "setting")
    if conn.execute("SELECT count(*) FROM contact WHERE is_me = 0").fetchone()[0]:
        return False
    return not any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in tables)


def read_document(stream: IO[str], source: str) -> dict[str, Any]:
    """Parse and sanity-check a netcli JSON export."""
    try:
        doc = json.load(stream)
    except json.JSONDecodeError as exc:
        raise InputError(f"cannot read {source} as JSON: {exc.msg} at line {exc.lineno}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode {source}: {exc.reason}") from None
    if not isinstance(doc, dict) or doc.get("format") != "netcli":
        raise InputError(f'{source} is not a netcli export (no "format": "netcli")')
    version = doc.get("version")
    if not isinstance(version, int) or version > 1:
        raise InputError(f"{source} is a netcli export of version {version}; upgrade netcli")
    for key in ("contacts", *TABLES_IN_ORDER):
        if not isinstance(doc.get(key, []), list):
            raise InputError(f'{source}: "{key}" must be a list')
    return doc


def import_document(
    conn: sqlite3.Connection, doc: dict[str, Any], report: ImportReport, tags: Iterable[str] = ()
) -> ImportReport:
    """Import a netcli JSON export: a full restore into an empty store, else a merge."""
    try:
        if _store_is_empty(conn) and not list(tags):
            _restore(conn, doc, report)
        else:
            _merge(conn, doc, report, tags)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{report.source} is not a valid netcli export ({exc!s})") from None
    return report


def _contact_record(c: dict[str, Any]) -> ContactRecord:
    met_on = date.fromisoformat(c["met_on"]) if c.get("met_on") else None
    return ContactRecord(
        name=c["name"],
        emails=list(c.get("emails") or []),
        phones=list(c.get("phones") or []),
        company=c.get("company"),
        title=c.get("title"),
        category=c.get("category"),
        city=c.get("city"),
        tags=list(c.get("tags") or []),
        birthday=c.get("birthday"),
        notes=c.get("notes"),
        url=c.get("url"),
        met_on=met_on,
        trust=c.get("trust"),
        every=c.get("every"),
    )


def _restore(conn: sqlite3.Connection, doc: dict[str, Any], report: ImportReport) -> None:
    """Into an empty store: every row with its own id, so a re-export is the same document."""
    me_id = doc.get("me_id")
    conn.execute("DELETE FROM contact")  # only me is there; the export brings its own
    for c in doc["contacts"]:
        conn.execute(
            "INSERT INTO contact (id, name, search_key, company, title, category, city, "
            "birthday, notes, url, trust, every, via_id, met_on, is_me, archived, "
            "snoozed_until, created_at, updated_at) VALUES (:id, :name, :key, :company, "
            ":title, :category, :city, :birthday, :notes, :url, :trust, :every, NULL, "
            ":met_on, :is_me, :archived, :snoozed_until, :created_at, :updated_at)",
            {
                **{
                    k: c.get(k)
                    for k in (
                        "id",
                        "name",
                        "company",
                        "title",
                        "category",
                        "city",
                        "birthday",
                        "notes",
                        "url",
                        "every",
                        "met_on",
                        "snoozed_until",
                        "created_at",
                        "updated_at",
                    )
                },
                "key": "me" if c["id"] == me_id else fold(c["name"]),
                "trust": c.get("trust", 3),
                "is_me": int(c["id"] == me_id),
                "archived": int(bool(c.get("archived"))),
            },
        )
        conn.executemany(
            "INSERT INTO email (contact_id, email, email_key, position) VALUES (?, ?, ?, ?)",
            [(c["id"], e, e.casefold(), i) for i, e in enumerate(c.get("emails") or [])],
        )
        conn.executemany(
            "INSERT INTO phone (contact_id, phone, position) VALUES (?, ?, ?)",
            [(c["id"], p, i) for i, p in enumerate(c.get("phones") or [])],
        )
        conn.executemany(
            "INSERT INTO tag (contact_id, tag) VALUES (?, ?)",
            [(c["id"], t) for t in c.get("tags") or []],
        )
        if c["id"] != me_id:
            report.added += 1
    conn.executemany(
        "UPDATE contact SET via_id = ? WHERE id = ?",
        [(c["via_id"], c["id"]) for c in doc["contacts"] if c.get("via_id")],
    )
    if not conn.execute("SELECT 1 FROM contact WHERE is_me = 1").fetchone():
        raise InputError(f"{report.source} has no me contact (me_id)")
    _insert_records(conn, doc, {c["id"]: c["id"] for c in doc["contacts"]}, report, keep_ids=True)
    from netcli.services import settings

    for key, value in (doc.get("config") or {}).items():
        stored = settings.checked(key, str(value), where=f"{report.source}: config")
        conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (key, stored))
    refresh_contacts(conn, [c["id"] for c in doc["contacts"]])


def _merge(
    conn: sqlite3.Connection, doc: dict[str, Any], report: ImportReport, tags: Iterable[str]
) -> None:
    """Into a store with data: contacts dedupe like any import; records are added unless the
    same record (same people, date and text) is already there."""
    writer = ContactWriter(conn, report, tags)
    ids: dict[int, int] = {}
    me_id = doc.get("me_id")
    for index, c in enumerate(doc["contacts"], start=1):
        if c["id"] == me_id:
            ids[c["id"]] = writer.me
            continue
        extra = {k: c[k] for k in ("created_at", "updated_at", "snoozed_until") if c.get(k)}
        extra["archived"] = int(bool(c.get("archived")))
        found = writer.upsert(f"record {index}", _contact_record(c), extra)
        if found is not None:
            ids[c["id"]] = found
    for c in doc["contacts"]:
        if c.get("via_id") in ids and c["id"] in ids and c["id"] != me_id:
            conn.execute(
                "UPDATE contact SET via_id = ? WHERE id = ? AND via_id IS NULL",
                (ids[c["via_id"]], ids[c["id"]]),
            )
    _insert_records(conn, doc, ids, report, keep_ids=False)
    writer.finish()
    refresh_contacts(conn, ids.values())


def _insert_records(
    conn: sqlite3.Connection,
    doc: dict[str, Any],
    ids: dict[int, int],
    report: ImportReport,
    *,
    keep_ids: bool,
) -> None:
    """Intros, asks, gives, interactions, links, reminders, with contact ids mapped."""
    config = doc.get("config")
    stated = config.get("currency") if isinstance(config, dict) else None
    currency = str(stated or queries.setting(conn, "currency"))
    counts = dict.fromkeys(TABLES_IN_ORDER, 0)
    ask_ids: dict[int, int] = {}

    def new_id(row: dict[str, Any]) -> int | None:
        return row["id"] if keep_ids else None

    def exists(sql: str, params: tuple[Any, ...]) -> bool:
        return not keep_ids and conn.execute(sql, params).fetchone() is not None

    for r in doc.get("intros", []):
        by, a, b = ids.get(r["by_id"]), ids.get(r["a_id"]), ids.get(r["b_id"])
        if None in (by, a, b) or exists(
            "SELECT 1 FROM intro WHERE by_id = ? AND a_id = ? AND b_id = ? AND date = ?",
            (by, a, b, r["date"]),
        ):
            continue
        conn.execute(
            "INSERT INTO intro (id, by_id, a_id, b_id, date, note, status, value_cents, "
            "outcome_on, outcome_note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_id(r),
                by,
                a,
                b,
                r["date"],
                r.get("note"),
                r.get("status", "made"),
                _cents(r.get("value"), f"intro {r['id']}", currency),
                r.get("outcome_on"),
                r.get("outcome_note"),
                r.get("created_at") or dates.now().isoformat(),
            ),
        )
        counts["intros"] += 1
    for r in doc.get("asks", []):
        who = ids.get(r["contact_id"])
        if who is None:
            continue
        found = (
            None
            if keep_ids
            else conn.execute(
                "SELECT id FROM ask WHERE contact_id = ? AND text = ? AND created_on = ?",
                (who, r["text"], r["created_on"]),
            ).fetchone()
        )
        if found:
            ask_ids[r["id"]] = found[0]
            continue
        cur = conn.execute(
            "INSERT INTO ask (id, contact_id, text, tags, status, created_on, resolved_on, "
            "resolution_note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_id(r),
                who,
                r["text"],
                json.dumps(r.get("tags") or [], ensure_ascii=False),
                r.get("status", "open"),
                r["created_on"],
                r.get("resolved_on"),
                r.get("resolution_note"),
                r.get("created_at") or dates.now().isoformat(),
            ),
        )
        ask_ids[r["id"]] = int(cur.lastrowid)  # type: ignore[arg-type]
        counts["asks"] += 1
    for r in doc.get("gives", []):
        giver, receiver = ids.get(r["giver_id"]), ids.get(r["receiver_id"])
        if None in (giver, receiver) or exists(
            "SELECT 1 FROM give WHERE giver_id = ? AND receiver_id = ? AND date = ? AND text = ?",
            (giver, receiver, r["date"], r["text"]),
        ):
            continue
        conn.execute(
            "INSERT INTO give (id, giver_id, receiver_id, text, kind, value_cents, date, "
            "ask_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_id(r),
                giver,
                receiver,
                r["text"],
                r.get("kind", "referral"),
                _cents(r.get("value"), f"give {r['id']}", currency),
                r["date"],
                ask_ids.get(r.get("ask_id")),
                r.get("created_at") or dates.now().isoformat(),
            ),
        )
        counts["gives"] += 1
    for r in doc.get("interactions", []):
        people = [ids[c] for c in r.get("contact_ids", []) if c in ids]
        if not people:
            continue
        if not keep_ids:
            same = conn.execute(
                "SELECT i.id FROM interaction i JOIN interaction_contact ic "
                "ON ic.interaction_id = i.id WHERE i.date = ? AND i.kind = ? "
                "AND i.note IS ? AND ic.contact_id = ?",
                (r["date"], r.get("kind", "meeting"), r.get("note"), people[0]),
            ).fetchone()
            if same:
                continue
        cur = conn.execute(
            "INSERT INTO interaction (id, kind, date, note, created_at) VALUES (?, ?, ?, ?, ?)",
            (
                new_id(r),
                r.get("kind", "meeting"),
                r["date"],
                r.get("note"),
                r.get("created_at") or dates.now().isoformat(),
            ),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO interaction_contact (interaction_id, contact_id) VALUES (?, ?)",
            [(cur.lastrowid, p) for p in people],
        )
        counts["interactions"] += 1
    for r in doc.get("links", []):
        a, b = ids.get(r["a_id"]), ids.get(r["b_id"])
        if a is None or b is None or a == b:
            continue
        low, high = sorted((a, b))
        cur = conn.execute(
            "INSERT OR IGNORE INTO link (id, a_id, b_id, strength, note, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                new_id(r),
                low,
                high,
                r.get("strength", 3),
                r.get("note"),
                r.get("created_at") or dates.now().isoformat(),
            ),
        )
        counts["links"] += cur.rowcount
    for r in doc.get("reminders", []):
        who = ids.get(r["contact_id"])
        if who is None or exists(
            "SELECT 1 FROM reminder WHERE contact_id = ? AND date = ? AND note IS ?",
            (who, r["date"], r.get("note")),
        ):
            continue
        conn.execute(
            "INSERT INTO reminder (id, contact_id, date, note, done_on, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                new_id(r),
                who,
                r["date"],
                r.get("note"),
                r.get("done_on"),
                r.get("created_at") or dates.now().isoformat(),
            ),
        )
        counts["reminders"] += 1
    report.records = counts
