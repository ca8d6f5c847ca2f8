"""Backups of the store."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from netcli.errors import InputError
from netcli.store.db import backup_to


def backup_target(store: Path, dest: str | None, when: datetime) -> Path:
    """Where a backup goes: DEST, a file inside DEST when it is a folder, or backups/."""
    name = f"net-{when.strftime('%Y-%m-%d-%H%M%S')}.db"
    if dest is None:
        return store.parent / "backups" / name
    target = Path(dest).expanduser()
    if target.is_dir():
        return target / name
    return target


def backup(conn: sqlite3.Connection, store: Path, dest: str | None, *, force: bool) -> Path:
    """Copy the store through SQLite's backup API (consistent while others write)."""
    target = backup_target(store, dest, datetime.now())
    if target.resolve() == store.resolve():
        raise InputError("a backup cannot overwrite the store itself")
    if target.exists():
        if not force:
            raise InputError(f"{target} already exists (use --force to overwrite)")
        target.unlink()
    if not target.parent.exists() and dest is not None:
        raise InputError(f"folder {target.parent} does not exist")
    backup_to(conn, target)
    return target
