"""What every command needs: the store in use, a read connection, a write transaction, prompts.

The one module of cli/ that reaches into netcli.store (tests/test_layers.py): the connection
is opened, checkpointed and its failures described here; everything else goes through services.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import cast

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
def reading(path: Path | None = None, url: str | None = None) -> Iterator[sqlite3.Connection]:
    """A read-only connection over stdlib sqlite3 (no SQLAlchemy import), to the store in use
    or the one at `path` or `url` (shell completion finds its own); on PostgreSQL, one
    read-only snapshot on a connection that answers the same calls (store/pg.py)."""
    if url is None and path is None:
        url = store_url()
    if url is not None:
        from netcli.store import pg

        with pg.reading(url) as pg_conn:
            yield cast(sqlite3.Connection, pg_conn)
        return
    from netcli.store.db import connect_read

    conn = connect_read(path or db_path())
    try:
        yield conn
    finally:
        conn.close()


@contextlib.contextmanager
def reading_snapshot() -> Iterator[sqlite3.Connection]:
    """A read transaction: every query inside sees one state of the store (what `net rm` and
    `net merge` show before asking, outside any write lock). A PostgreSQL read is one
    snapshot already."""
    if store_url() is not None:
        with reading() as pg_conn:
            yield pg_conn
        return
    from netcli.store.db import snapshot

    with reading() as conn, snapshot(conn):
        yield conn


def checkpoint() -> None:
    """After a delete: fold the WAL into the store, so deleted data leaves the -wal file too
    (on a server that is the administrator's: docs/privacy.md)."""
    after_delete()


def storage_error(exc: BaseException) -> StorageError:
    """A SQLite or PostgreSQL failure on the store in use, as one clear line (exit 4; never
    the password)."""
    url = store_url()
    if url is not None:
        from netcli.store.pg import storage_error as pg_error

        return pg_error(exc, url)
    from netcli.store.db import storage_error as describe

    return describe(exc, db_path())


def init_store(announce: Callable[[str], None]) -> None:
    """`net db init`: create the store file, or the schema in an empty PostgreSQL database."""
    url = store_url()
    if url is None:
        from netcli.store.db import open_store

        open_store(
            db_path(), create=True, announce=lambda p: announce(f"Created a new store at {p}")
        ).close()
        return
    from netcli.store import pg

    if pg.initialise(url):
        announce(f"Created a new store in {store_name()}")
    else:
        announce(f"{store_name()} already holds a netcli store")


def migrate_store() -> tuple[int, int] | None:
    """`net db migrate`: (version before, after) on PostgreSQL; None for a SQLite store,
    which migrates whenever it is opened (it is opened here)."""
    url = store_url()
    if url is None:
        from netcli.store.db import open_store

        open_store(db_path(), create=False).close()
        return None
    from netcli.store import pg

    return pg.migrate(url)


def grant_role(role: str, *, admin: bool) -> None:
    """`net db grant ROLE`: let a PostgreSQL role use the store (its own rows only)."""
    url = store_url()
    if url is None:
        raise StorageError("net db grant needs a PostgreSQL store (a SQLite file has no roles)")
    from netcli.store import pg, pg_owners

    with pg.writing(url) as conn:
        pg_owners.grant(conn, role, admin=admin)


@contextlib.contextmanager
def writing_sql() -> Iterator[sqlite3.Connection]:
    """The one write transaction (BEGIN IMMEDIATE, plain sqlite3): everything or nothing is
    stored; a missing store is created. On PostgreSQL, the same transaction holding the
    store's advisory lock from its start (store/pg.py)."""
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
