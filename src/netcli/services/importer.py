"""`net import`: contacts from LinkedIn, Google, vCard and CSV files, and our own JSON export.

Rows stream from the codec and go into the store in bulk over the write transaction's sqlite3
connection (no ORM object per row), inside the one write transaction of the command: a bad
file, Ctrl-C or kill -9 leaves the store as it was. Dedupe: a record with an email the store
knows is that contact; else a record whose folded name is a contact's is that contact, unless
a differing profile URL, or e-mails on both sides, say it is someone else (`net dupes` offers
those merges). An existing contact only has its empty fields filled and missing emails, phones and
tags added; nothing is overwritten, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, BinaryIO

from netcli import dates
from netcli.errors import InputError
from netcli.fields import BY_NAME, DATE, FIELDS, FILL, INTERVAL
from netcli.formats.records import ContactRecord, FormatError, Skip
from netcli.formats.text import decode_lines
from netcli.services import docstream
from netcli.services.contacts import add_lists
from netcli.services.docstream import NotStreamable
from netcli.services.document import Checked, Checker, CurrencyUnknown, stated_currency
from netcli.services.dupes import linkedin_key
from netcli.services.touch import refresh_all, refresh_contacts
from netcli.store import bulk, queries, referrals, transfer
from netcli.store import contacts as store_contacts
from netcli.store.contacts import NEW_CONTACT
from netcli.store.keys import with_keys
from netcli.text import clean_tag, fold

PROGRESS_EVERY = 100
# The trust a new contact gets when the file says none and `--trust` is not given: a LinkedIn
# connection is someone who clicked "accept", not a friend (spec §6).
DEFAULT_TRUST = {"linkedin": 1}
TRUST_WHEN_UNSAID = 3


def default_trust(fmt: str, given: int | None) -> int:
    """`--trust` when given, else 1 for LinkedIn and 3 for any other file."""
    return given if given is not None else DEFAULT_TRUST.get(fmt, TRUST_WHEN_UNSAID)


# More tags than this on one row is a hostile or broken file, not someone's labels.
MAX_TAGS = 500


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
    # JSON merge: records the store already had (the very same record), by table
    records_unchanged: dict[str, int] = field(default_factory=dict)
    # Contacts imported with something left out or guessed (a property, a name).
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def skip(self, where: str, reason: str) -> None:
        self.skipped += 1
        self.skips.append(Skip(where, reason).as_dict())

    def warn(self, where: str, reason: str) -> None:
        self.warnings.append(Skip(where, reason).as_dict())

    def as_json(self) -> dict[str, Any]:
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "skipped": self.skipped, "skips": self.skips, "dry_run": self.dry_run,
            "format": self.format, "source": self.source, "records": self.records,
            "records_unchanged": self.records_unchanged,
            "warnings": self.warnings,
        }  # fmt: skip


class ContactWriter:
    """Upserts contacts through plain SQL with in-memory indexes of names and emails."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        report: ImportReport,
        tags: Iterable[str],
        trust: int = TRUST_WHEN_UNSAID,
    ):
        self.conn = conn
        self.trust = trust  # for new contacts whose record says none
        self.report = report
        self.extra_tags = [t for t in (clean_tag(t) for t in tags) if t]
        self.me = queries.me_id(conn)
        self.by_email: dict[str, int] = dict(bulk.email_index(conn))
        self.with_email = set(self.by_email.values())
        self.by_name: dict[str, list[int]] = {}  # folded name -> ids, lowest first
        self.urls: dict[int, str] = {}
        for key, cid, url in bulk.name_index(conn):
            self.by_name.setdefault(key, []).append(cid)
            if profile := linkedin_key(url):
                self.urls[cid] = profile
        self.touched: set[int] = set()
        self.stamp = dates.now().isoformat()

    def find(self, emails: Iterable[str], name: str, url: str | None = None) -> int | None:
        """The contact a record is: one with a shared e-mail, else one of the same name unless
        a differing LinkedIn profile or e-mail says it is someone else (`net dupes` offers
        those). A web site is no identity: one person has several, colleagues share one."""
        emails = list(emails)
        for email in emails:
            found = self.by_email.get(email.casefold())
            if found is not None:
                return found
        for cid in self.by_name.get(fold(name), []):
            profile = linkedin_key(url)
            if profile and self.urls.get(cid, profile) != profile:
                continue
            if emails and cid in self.with_email:
                continue
            return cid
        return None

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
        if len(rec.tags) > MAX_TAGS:
            self.report.skip(where, f"{len(rec.tags):,} tags (at most {MAX_TAGS} per contact)")
            return None
        for warning in rec.warnings:
            self.report.warn(where, warning)
        values = self._values(rec)
        existing = self.find(rec.emails, name, rec.url)
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
        values: dict[str, Any] = {}
        for f in FIELDS:
            if not f.files:
                continue
            value = getattr(rec, f.name)
            if f.kind == DATE:
                value = value.isoformat() if value else None
            elif f.kind == INTERVAL and value:
                try:
                    value = dates.parse_interval(value)
                except InputError:
                    value = None  # an unreadable cadence is dropped, the contact kept
            values[f.name] = value
        return values

    def _insert(self, name: str, values: dict[str, Any], extra: dict[str, Any]) -> int:
        row = {
            **NEW_CONTACT,
            **{k: v for k, v in values.items() if v is not None or k != "trust"},
            "trust": values["trust"] if values.get("trust") is not None else self.trust,
            "name": name, "search_key": fold(name), "created_at": self.stamp,
            "updated_at": self.stamp,
        }  # fmt: skip
        row.update(extra)
        contact_id = store_contacts.insert_contact(self.conn, with_keys("contact", row))
        self.by_name.setdefault(row["search_key"], []).append(contact_id)
        if profile := linkedin_key(row["url"]):
            self.urls[contact_id] = profile
        return contact_id

    def _fill(self, contact_id: int, values: dict[str, Any]) -> bool:
        current = queries.contact_row(self.conn, contact_id)
        assert current is not None
        fills = {
            k: v
            for k, v in values.items()
            if v not in (None, "") and current[k] in (None, "") and BY_NAME[k].merge == FILL
        }
        if not fills:
            return False
        if profile := linkedin_key(fills.get("url")):
            self.urls[contact_id] = profile
        store_contacts.update_columns(self.conn, contact_id, {**fills, "updated_at": self.stamp})
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
            self.with_email.add(contact_id)
        return added > 0

    def finish(self) -> None:
        refresh_contacts(self.conn, self.touched)


def import_contacts(
    conn: sqlite3.Connection,
    items: Iterator[tuple[str, ContactRecord] | Skip],
    report: ImportReport,
    tags: Iterable[str] = (),
    progress: Callable[[int], None] | None = None,
    trust: int | None = None,
) -> ImportReport:
    """Import a codec's item stream (LinkedIn, Google, vCard, CSV). New contacts get the
    record's own trust (our CSV and vCard exports carry it), else `trust`, else the format's
    default (`default_trust`); existing contacts keep theirs."""
    writer = ContactWriter(conn, report, tags, default_trust(report.format, trust))
    seen = 0
    try:
        with bulk.tag_lists_per_set(conn, writer.touched):
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
# Every record is checked by services.document (the command line's rules; a bad record refuses
# the document with exit 3 naming it, and nothing is written). Into a new store the document
# is streamed (services.docstream): records are checked and inserted in batches, in the one
# transaction, so memory stays bounded whatever the size. Anything else (a merge, a document
# the stream reader does not take on) reads the whole document, checks it all, then writes it
# table by table. Either way the derived columns are refreshed once, set-wise.

# document key -> store table
RECORD_TABLES = {
    "intros": "intro",
    "asks": "ask",
    "gives": "give",
    "interactions": "interaction",
    "links": "link",
    "reminders": "reminder",
}


def read_document(text: str, source: str) -> dict[str, Any]:
    """Parse and sanity-check a netcli JSON export."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"cannot read {source} as JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        raise InputError(f"cannot read {source} as JSON: nested too deeply") from None
    if not isinstance(doc, dict) or doc.get("format") != "netcli":
        raise InputError(f'{source} is not a netcli export (no "format": "netcli")')
    version = doc.get("version")
    if type(version) is not int or version > 1:
        raise InputError(f"{source} is a netcli export of version {version}; upgrade netcli")
    for key in ("contacts", *RECORD_TABLES):
        if not isinstance(doc.get(key, []), list):
            raise InputError(f'{source}: "{key}" must be a list')
    return doc


BATCH = 5000


def import_json(
    conn: sqlite3.Connection, spool: BinaryIO, report: ImportReport, tags: Iterable[str] = ()
) -> ImportReport:
    """Import a netcli JSON export held whole in `spool` (a seekable binary file)."""
    tags = list(tags)
    if transfer.store_is_pristine(conn) and not tags:
        trial = ImportReport(format=report.format, source=report.source, dry_run=report.dry_run)
        try:
            with transfer.savepoint(conn, "restore"):
                _restore_stream(conn, spool, trial)
        except NotStreamable:
            pass  # rolled back to the start: read it whole below
        else:
            for f in dataclasses.fields(report):
                setattr(report, f.name, getattr(trial, f.name))
            return report
    spool.seek(0)
    chunks: list[str] = []
    lines = decode_lines(spool, report.source)
    while chunk := "".join(itertools.islice(lines, 8192)):
        chunks.append(chunk)
    text = "".join(chunks)
    del chunks
    doc = read_document(text, report.source)
    del text
    return import_document(conn, doc, report, tags)


def discard(conn: sqlite3.Connection) -> None:
    """A dry run: nothing of the import is kept."""
    transfer.discard(conn)


def _header_ok(head: dict[str, Any]) -> bool:
    """What read_document wants of the members before the records (else it says what is
    wrong, reading the document whole)."""
    version = head.get("version")
    return (
        head.get("format") == "netcli"
        and type(version) is int
        and version <= 1
        and type(head.get("me_id")) is int
    )


def _restore_stream(conn: sqlite3.Connection, stream: BinaryIO, report: ImportReport) -> None:
    """Into a new store, record by record: the members before `contacts` must be the header
    (format, version, me_id), the record lists come in export order after the contacts, and
    a text amount cannot come before `config` (which may name its currency); otherwise
    NotStreamable, after which the caller has rolled everything back."""
    store_currency = str(queries.setting(conn, "currency"))
    now = dates.now().isoformat()
    head: dict[str, Any] = {}
    config: Any = None
    checker: Checker | None = None
    last = -1
    counts = dict.fromkeys(RECORD_TABLES, 0)
    transfer.drop_pristine_me(conn)
    with transfer.bulk_load(conn):
        try:
            for key, value in docstream.top_level(stream):
                if key not in docstream.LISTS:
                    if key == "config":
                        config = value
                        if checker is not None:
                            checker.set_currency(stated_currency(value) or store_currency)
                    head[key] = value
                    continue
                position = docstream.LISTS.index(key)
                if position <= last or (checker is None and key != "contacts"):
                    raise NotStreamable
                last = position
                if checker is None:
                    if not _header_ok(head):
                        raise NotStreamable
                    known = (
                        (stated_currency(config) or store_currency) if "config" in head else None
                    )
                    checker = Checker(report.source, now, head["me_id"], known)
                    report.added += _stream_contacts(conn, checker, value) - 1  # me not counted
                else:
                    counts[key] = _stream_records(conn, checker, key, value)
        except CurrencyUnknown:
            raise NotStreamable from None
        if checker is None:
            raise NotStreamable
        settings = checker.config(config)
    transfer.put_settings(conn, settings.items())
    for where, reason in checker.skips:
        report.skip(f"record {where}", reason)
    report.records.update(counts)
    referrals.start_lifecycles(conn)  # records of a document written before schema 7
    refresh_all(conn)


def _stream_contacts(conn: sqlite3.Connection, checker: Checker, items: Iterator[Any]) -> int:
    batch: list[dict[str, Any]] = []
    vias: list[tuple[int, int]] = []
    count = 0
    for index, raw in enumerate(items):
        row = checker.contact(index, raw)
        if row["via_id"] is not None:
            vias.append((row["via_id"], row["id"]))
        batch.append(row)
        if len(batch) == BATCH:
            transfer.insert_contacts(conn, batch, vias=False)
            count += len(batch)
            batch = []
    transfer.insert_contacts(conn, batch, vias=False)
    count += len(batch)
    transfer.set_vias(conn, checker.contacts_done(vias))
    return count


def _stream_records(
    conn: sqlite3.Connection, checker: Checker, key: str, items: Iterator[Any]
) -> int:
    table = RECORD_TABLES[key]
    batch: list[dict[str, Any]] = []
    count = 0
    for index, raw in enumerate(items):
        row = checker.record(key, index, raw)
        if row is None:
            continue
        batch.append(row)
        if len(batch) == BATCH:
            transfer.insert_records(conn, table, batch)
            count += len(batch)
            batch = []
    transfer.insert_records(conn, table, batch)
    return count + len(batch)


def import_document(
    conn: sqlite3.Connection, doc: dict[str, Any], report: ImportReport, tags: Iterable[str] = ()
) -> ImportReport:
    """Import a netcli JSON export: a full restore into a new store, else a merge."""
    from netcli.services.document import check_document

    tags = list(tags)
    currency = str(queries.setting(conn, "currency"))
    checked = check_document(doc, report.source, dates.now().isoformat(), currency)
    doc.clear()  # the checked rows are all that is needed now
    for where, reason in checked.skips:
        report.skip(f"record {where}", reason)
    if transfer.store_is_pristine(conn) and not tags:
        _restore(conn, checked, report)
    else:
        _merge(conn, checked, report, tags)
    return report


def _restore(conn: sqlite3.Connection, checked: Checked, report: ImportReport) -> None:
    """Into a new store: every row with its own id, so a re-export is the same document."""
    transfer.drop_pristine_me(conn)
    with transfer.bulk_load(conn):
        transfer.insert_contacts(conn, checked.contacts)
        report.added += len(checked.contacts) - 1  # me is not counted
        for key, table in RECORD_TABLES.items():
            rows = getattr(checked, key)
            transfer.insert_records(conn, table, rows)
            report.records[key] = len(rows)
    transfer.put_settings(conn, checked.config.items())
    referrals.start_lifecycles(conn)  # records of a document written before schema 7
    refresh_all(conn)


def _merge(
    conn: sqlite3.Connection, checked: Checked, report: ImportReport, tags: list[str]
) -> None:
    """Into a store with data: contacts dedupe like any import, `me` has its empty fields
    filled; a record is added unless the very same record (every field, people mapped) is
    there already, counted as many times as it is there."""
    writer = ContactWriter(conn, report, tags)
    ids: dict[int, int] = {}
    for c in checked.contacts:
        record = _contact_record(c)
        if c["is_me"]:
            ids[c["id"]] = writer.me
            values = writer._values(record)
            if writer._fill(writer.me, values) | writer._add_lists(writer.me, record):
                report.updated += 1
            continue
        extra = {k: c[k] for k in ("created_at", "updated_at", "snoozed_until", "archived")}
        found = writer.upsert(f"record contact {c['id']}", record, extra)
        if found is not None:
            ids[c["id"]] = found
    transfer.set_vias(
        conn,
        [
            (ids[c["via_id"]], ids[c["id"]])
            for c in checked.contacts
            if c["via_id"] in ids and c["id"] in ids and not c["is_me"]
        ],
    )
    ask_ids: dict[int, int] = {}
    for key, table in RECORD_TABLES.items():
        _merge_table(conn, key, table, getattr(checked, key), ids, ask_ids, report)
    referrals.start_lifecycles(conn)
    writer.touched.update(ids.values())
    writer.finish()


_PEOPLE = {
    "intros": ("by_id", "a_id", "b_id"),
    "asks": ("contact_id",),
    "gives": ("giver_id", "receiver_id"),
    "links": ("a_id", "b_id"),
    "reminders": ("contact_id",),
}


def _record_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """The whole record but its id: two records with this key are the same record."""
    return tuple(
        tuple(sorted(v)) if k == "contact_ids" else v
        for k, v in row.items()
        if k not in ("id", "history")
    )


def _merge_table(
    conn: sqlite3.Connection,
    key: str,
    table: str,
    rows: list[dict[str, Any]],
    ids: dict[int, int],
    ask_ids: dict[int, int],
    report: ImportReport,
) -> None:
    """Add one table's records with the people mapped; drop only what is already there."""
    present: dict[tuple[Any, ...], list[int]] = {}
    pairs: dict[tuple[int, int], tuple[Any, ...]] = {}
    for r in transfer.record_rows(conn, table):
        present.setdefault(_record_key(r), []).append(r["id"])
        if table == "link":
            pairs[(r["a_id"], r["b_id"])] = (r["strength"], r["note"])
    new_id = transfer.next_id(conn, table)
    added: list[dict[str, Any]] = []
    same = 0
    for r in rows:
        row = dict(r)
        people = [row[c] for c in _PEOPLE.get(key, ())] + row.get("contact_ids", [])
        if any(p not in ids for p in people):
            report.skip(f"record {key[:-1]} {r['id']}", "one of its contacts was not imported")
            continue
        for column in _PEOPLE.get(key, ()):
            row[column] = ids[row[column]]
        if key == "interactions":
            row["contact_ids"] = sorted({ids[c] for c in row["contact_ids"]})
        if key == "gives" and row["ask_id"] is not None:
            row["ask_id"] = ask_ids.get(row["ask_id"])
        if key == "gives" and row["prospect_id"] is not None:
            row["prospect_id"] = ids.get(row["prospect_id"])
        if key == "links":
            row["a_id"], row["b_id"] = sorted((row["a_id"], row["b_id"]))
        matches = present.get(_record_key(row))
        if matches:  # the same record is already there: each one there matches once
            there = matches.pop(0)
            if key == "asks":
                ask_ids[r["id"]] = there
            same += 1
            continue
        if key == "links" and (row["a_id"], row["b_id"]) in pairs:
            strength, _ = pairs[(row["a_id"], row["b_id"])]
            report.skip(
                f"record link {r['id']}",
                f"contacts {row['a_id']} and {row['b_id']} are already linked "
                f"(strength {strength} kept)",
            )
            continue
        if key == "links" and row["a_id"] == row["b_id"]:
            report.skip(f"record link {r['id']}", "both ends are the same contact after the merge")
            continue
        row["id"] = new_id
        new_id += 1
        if key == "asks":
            ask_ids[r["id"]] = row["id"]
        if key == "links":
            pairs[(row["a_id"], row["b_id"])] = (row["strength"], row["note"])
        added.append(row)
    transfer.insert_records(conn, table, added)
    report.records[key] = len(added)
    if same:
        report.records_unchanged[key] = same


def _contact_record(c: dict[str, Any]) -> ContactRecord:
    """A checked document contact (services.document, in store form) as the file importers'
    record."""
    values: dict[str, Any] = {
        f.name: date.fromisoformat(c[f.name]) if f.kind == DATE and c[f.name] else c[f.name]
        for f in FIELDS
        if f.files
    }
    return ContactRecord(
        name=c["name"], emails=c["emails"], phones=c["phones"], tags=c["tags"], **values
    )
