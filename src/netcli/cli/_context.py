"""What every command needs: the store in use, a read connection, a write session, prompts."""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, cast

from netcli.errors import UsageError
from netcli.output import safe_text

if TYPE_CHECKING:
    from sqlmodel import Session


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


def store_url() -> str | None:
    """The PostgreSQL URL in use (spec §13), or None for a SQLite file."""
    from netcli.paths import chosen_url

    return chosen_url(State.db_option)


def store_name() -> str:
    """The store in use as it may be shown: a path, or a URL without its password."""
    url = store_url()
    if url is None:
        return str(db_path())
    from netcli.store.pg import redact

    return redact(url)


def _command() -> str:
    """`net X Y`, the command running (for "… is not supported on PostgreSQL yet")."""
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    return f"`{ctx.command_path}`" if ctx is not None else "this command"


def not_on_postgres() -> None:
    """Refuse (exit 4) a command not ported to PostgreSQL yet, before it touches anything."""
    if store_url() is not None:
        from netcli.store.pg import NotOnPostgres

        raise NotOnPostgres(_command())


def db_path() -> Path:
    """The SQLite file in use; a command that needs the file itself (a backup copy, the WAL
    checkpoint) is not supported on a PostgreSQL store yet."""
    not_on_postgres()
    from netcli.paths import db_path as resolve

    return resolve(State.db_option)


def after_delete() -> None:
    """Deleted data leaves the SQLite WAL file too (on a server: the administrator's, see
    docs/privacy.md)."""
    if store_url() is None:
        from netcli.store.db import checkpoint

        checkpoint(db_path())


@contextlib.contextmanager
def reading() -> Iterator[sqlite3.Connection]:
    """A read-only connection over stdlib sqlite3 (no SQLAlchemy import); on PostgreSQL, one
    read-only snapshot on a connection that answers the same calls (store/pg.py)."""
    url = store_url()
    if url is not None:
        from netcli.store import pg

        with pg.reading(url) as pg_conn:
            yield cast(sqlite3.Connection, pg_conn)
        return
    from netcli.store.db import connect_read

    conn = connect_read(db_path())
    try:
        yield conn
    finally:
        conn.close()


@contextlib.contextmanager
def writing() -> Iterator[Session]:
    """One write transaction; everything or nothing is stored."""
    not_on_postgres()  # the SQLModel-session writes are not ported yet
    from netcli.store.db import write_session

    with write_session(db_path(), _announce) as session:
        yield session
    _committed()


@contextlib.contextmanager
def writing_sql() -> Iterator[sqlite3.Connection]:
    """One write transaction on a plain sqlite3 connection (no SQLAlchemy import): for the
    hot writes whose services take a connection. On PostgreSQL, the same transaction holding
    the store's advisory lock from its start (store/pg.py)."""
    url = store_url()
    if url is not None:
        from netcli.store import pg

        with pg.writing(url) as pg_conn:
            yield cast(sqlite3.Connection, pg_conn)
        _committed()
        return
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
