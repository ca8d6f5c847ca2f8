"""What every command needs: the store in use, a read connection, a write transaction, prompts.

The one module of cli/ that reaches into netcli.store (tests/test_layers.py): the connection
is opened, checkpointed and its failures described here; everything else goes through services.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from netcli.errors import StorageError, UsageError
from netcli.output import safe_text


class State:
    db_option: str | None = None
    # Set once a write transaction has committed: from then on a failure (Ctrl-C, a stdout
    # that cannot be written) must not be reported as "nothing was changed" (run_guarded).
    committed: bool = False
    created: Path | None = None  # the store this run created, said once it commits


def _announce(path: Path) -> None:
    State.created = path


def _committed() -> None:
    """After COMMIT: say where a store was created (only then: a write that fails prints its
    one `error:` line and nothing else)."""
    State.committed = True
    if State.created is not None:
        sys.stderr.write(f"Created a new store at {State.created}\n")
        State.created = None


def db_path() -> Path:
    from netcli.paths import db_path as resolve

    return resolve(State.db_option)


@contextlib.contextmanager
def reading(path: Path | None = None) -> Iterator[sqlite3.Connection]:
    """A read-only connection over stdlib sqlite3 (no SQLAlchemy import), to the store in use
    or the one at `path` (shell completion finds its own)."""
    from netcli.store.db import connect_read

    conn = connect_read(path or db_path())
    try:
        yield conn
    finally:
        conn.close()


@contextlib.contextmanager
def reading_snapshot() -> Iterator[sqlite3.Connection]:
    """A read transaction: every query inside sees one state of the store (what `net rm` and
    `net merge` show before asking, outside any write lock)."""
    from netcli.store.db import snapshot

    with reading() as conn, snapshot(conn):
        yield conn


def checkpoint() -> None:
    """After a delete: fold the WAL into the store, so deleted data leaves the -wal file too."""
    from netcli.store.db import checkpoint as fold_wal

    fold_wal(db_path())


def storage_error(exc: BaseException) -> StorageError:
    """A SQLite failure on the store in use, as one clear line (exit 4)."""
    from netcli.store.db import storage_error as describe

    return describe(exc, db_path())


@contextlib.contextmanager
def writing_sql() -> Iterator[sqlite3.Connection]:
    """The one write transaction (BEGIN IMMEDIATE, plain sqlite3): everything or nothing is
    stored; a missing store is created."""
    from netcli.store.db import write_connection

    with write_connection(db_path(), _announce) as conn:
        yield conn
    _committed()


def confirm(question: str, yes: bool, action: str, plan: str) -> bool:
    """Say what will happen (`plan`, on stderr) and ask; without a terminal, insist on --yes
    (exit 2) before saying anything, so a refused command prints one `error:` line only.

    `action` names the step in the error, e.g. "deleting Anna Blu".
    """
    stdin = sys.stdin  # None when the shell closed it (`net rm X <&-`)
    if not yes and not (stdin is not None and stdin.isatty()):
        raise UsageError(f"{action} needs confirmation (use --yes)")
    sys.stderr.write(safe_text(plan, keep_newlines=True) + "\n")
    if yes:
        return True
    import typer

    return typer.confirm(question, default=False, err=True)
