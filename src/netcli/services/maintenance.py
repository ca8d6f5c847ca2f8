"""Backups of the store, and where exports and backups may be written (spec §6)."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

from netcli import files
from netcli.errors import InputError, StorageError
from netcli.store.db import backup_to, storage_error


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """What SQLite's integrity and foreign-key checks find wrong ([] when all is well)."""
    from netcli.store.db import check

    return check(conn)


def backup_target(store: Path, dest: str | None, when: datetime, suffix: str = ".db") -> Path:
    """Where a backup goes: DEST, a file inside DEST when it is a folder (or ends with /), or
    backups/ beside the store."""
    name = f"net-{when.strftime('%Y-%m-%d-%H%M%S')}{suffix}"
    if dest is None:
        return store.parent / "backups" / name
    target = Path(dest).expanduser()
    if dest.endswith(("/", os.sep)) or target.is_dir():
        return target / name
    return target


def refuse_store(dest: Path, store: Path | None, what: str) -> None:
    """The live store and its -wal/-shm are never a destination: writing over them destroys it.
    (A store on a PostgreSQL server, `store` None, has no file here.)"""
    if store is None:
        return
    real = os.path.realpath(store)
    for suffix, name in (
        ("", "the store in use"),
        ("-wal", "the store's -wal file"),
        ("-shm", "the store's -shm file"),
    ):
        for candidate in (Path(f"{store}{suffix}"), Path(f"{real}{suffix}")):
            if _same_file(dest, candidate):
                raise InputError(f"{dest} is {name}: {what} elsewhere")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_new_file(dest: Path, *, force: bool, make_folders: bool) -> None:
    """A regular file to be (re)written whole: anything already there, a file or a symbolic
    link, is replaced only with --force; a folder never."""
    try:
        os.lstat(dest)
        exists = True
    except FileNotFoundError:
        exists = False
    except NotADirectoryError:
        raise InputError(f"cannot write {dest}: {dest.parent} is not a folder") from None
    if exists:
        if dest.is_dir():
            raise InputError(f"{dest} is a folder")
        if not force:
            raise InputError(f"{dest} already exists (use --force to overwrite)")
    if not dest.parent.is_dir():
        if not make_folders:
            raise InputError(f"folder {dest.parent} does not exist")
        try:
            files.make_private_folders(dest.parent)
        except OSError as exc:
            raise write_error(dest, exc) from None


def write_error(dest: Path, exc: BaseException) -> StorageError | InputError:
    """A destination that cannot be written, named (never the store): a full or failing disk
    is a storage error (exit 4), anything else (no permission, no such folder) exit 3."""
    if isinstance(exc, sqlite3.Error):
        failed = storage_error(exc, dest)
        failed.message = failed.message.replace("the store ", "")
        return failed
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    if isinstance(exc, OSError) and exc.errno in files.FULL:
        return StorageError(f"cannot write {dest}: the disk is full or failing ({reason})")
    return InputError(f"cannot write {dest}: {reason}")


def backup(conn: sqlite3.Connection, store: Path, dest: str | None, *, force: bool) -> Path:
    """Copy the store through SQLite's backup API (consistent while others write), whole or
    not at all: a failed backup leaves no file, and the previous one at DEST stays."""
    target = backup_target(store, dest, datetime.now())
    refuse_store(target, store, "back up")
    if files.is_stream(target):
        raise InputError(f"cannot back up into {target}: not a regular file")
    check_new_file(target, force=force, make_folders=True)
    try:
        files.replace_atomically(target, lambda temp: backup_to(conn, temp))
    except (OSError, sqlite3.Error) as exc:
        raise write_error(target, exc) from None
    return target


def export_backup_target(dest: str | None, *, force: bool) -> Path:
    """Where `net backup` writes on a PostgreSQL store (spec §13: the role's own rows as a JSON
    export): DEST as for a SQLite backup, by default backups/ in the user data folder (where
    the default SQLite store lives); refused before anything is read."""
    from netcli.paths import default_db_path

    target = backup_target(default_db_path(), dest, datetime.now(), ".json")
    if files.is_stream(target):
        raise InputError(f"cannot back up into {target}: not a regular file")
    check_new_file(target, force=force, make_folders=True)
    return target


def write_export_backup(target: Path, data: bytes) -> None:
    """The export document into TARGET, whole or not at all (0600)."""
    try:
        files.replace_atomically(target, lambda temp: files.write_bytes(temp, data))
    except OSError as exc:
        raise write_error(target, exc) from None


def check_export_target(dest: Path, store: Path | None, *, force: bool) -> None:
    """Refuse a destination before any work: the store, a folder, a file without --force."""
    refuse_store(dest, store, "export")
    if not files.is_stream(dest):
        check_new_file(dest, force=force, make_folders=False)


def write_file(dest: Path, data: bytes, store: Path | None, *, force: bool) -> None:
    """Write an export to DEST: a device or FIFO is written into; a regular file is replaced
    whole (temporary file, fsync, rename), never the store."""
    check_export_target(dest, store, force=force)
    try:
        if files.is_stream(dest):
            files.write_stream(dest, data)
        else:
            files.replace_atomically(dest, lambda temp: files.write_bytes(temp, data))
    except OSError as exc:
        raise write_error(dest, exc) from None


def derived_drift(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Contacts whose derived columns (tag_list, last_contact, next_due) disagree with their
    sources: each with its id, name and the columns that drift."""
    from netcli.services.touch import next_due, tag_everys
    from netcli.store import derived, queries

    reminders = derived.open_reminder_dates(conn)
    from_tags = tag_everys(conn, None)
    drifting = []
    for row in derived.contacts_with_sources(conn, queries.me_id(conn)):
        last = row["expected_last_contact"]
        due = next_due(
            row["every"] or from_tags.get(row["id"], (None, None))[0],
            date.fromisoformat(last) if last else None,
            date.fromisoformat(row["created_at"][:10]),
            reminders.get(row["id"], []),
            date.fromisoformat(row["snoozed_until"]) if row["snoozed_until"] else None,
        )
        expected = {
            "tag_list": row["expected_tag_list"],
            "last_contact": last,
            "next_due": due.isoformat() if due else None,
        }
        columns = [name for name, value in expected.items() if row[name] != value]
        if columns:
            drifting.append({"id": row["id"], "name": row["name"], "columns": columns})
    return drifting


def repair_derived(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Recompute the derived columns of the contacts that drift (inside the caller's write
    transaction), from the same rules the write path uses; the contacts repaired."""
    from netcli.services.touch import refresh_contacts
    from netcli.store import derived

    drifting = derived_drift(conn)
    ids = [d["id"] for d in drifting]
    derived.recompute_tag_lists(conn, ids)
    refresh_contacts(conn, ids)
    return drifting
