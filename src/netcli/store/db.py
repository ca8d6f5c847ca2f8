"""Connections, pragmas, write transactions, store creation and migration (spec §2).

Every connection gets WAL, foreign keys, a busy timeout, synchronous=NORMAL and secure_delete.
Reads and writes both use stdlib sqlite3: reads with `query_only`, writes in one transaction that
begins with BEGIN IMMEDIATE, so a read-modify-write never loses an update to another process.
SQLModel (store/models.py) is imported only to create a store.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from netcli.errors import StorageError
from netcli.store import migrations

APPLICATION_ID = 0x4E455443  # "NETC": marks a SQLite file as a netcli store
BUSY_TIMEOUT_MS = 5000


def busy_timeout_ms() -> int:
    """The lock wait; NET_BUSY_TIMEOUT (ms) shortens it for tests of contention."""
    try:
        return max(0, int(os.environ.get("NET_BUSY_TIMEOUT", BUSY_TIMEOUT_MS)))
    except ValueError:
        return BUSY_TIMEOUT_MS


def apply_pragmas(conn: sqlite3.Connection) -> None:
    """Per-connection settings (foreign keys are off by default in SQLite)."""
    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA journal_mode = WAL")


def storage_error(exc: BaseException, path: Path | str) -> StorageError:
    """Turn a SQLite failure into one clear line."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StorageError(f"store busy, try again ({path} is locked by another process)")
    if "readonly" in text or "read-only" in text:
        return StorageError(f"the store {path} is read-only")
    if "full" in text or "too large" in text:
        return StorageError(f"cannot write {path}: the disk is full")
    if "disk i/o" in text:  # also what a file-size limit (EFBIG) looks like
        return StorageError(f"cannot write {path}: the disk is full or failing (I/O error)")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError(f"{path} is corrupt or not a netcli store")
    if "unable to open" in text:
        return StorageError(f"cannot open the store {path}")
    return StorageError(f"storage error on {path}: {exc}")


def no_store(path: Path | str) -> StorageError:
    """What a read says on a path where no store exists (spec §2)."""
    return StorageError(f"no store at {path} (net add creates one; check --db / NET_DB)")


def _create_file(path: Path) -> None:
    """Create the store file 0600 ourselves where it really lands (through a dangling symlink
    too): SQLite would create it 0644, and its -wal/-shm copy the main file's mode. An empty
    regular file that is about to become the store is made 0600 as well."""
    real = Path(os.path.realpath(path))
    from netcli.files import make_private_folders  # tempfile: only when a store is made

    make_private_folders(real.parent)
    try:
        fd = os.open(real, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode) and info.st_size == 0 and info.st_uid == os.getuid():
                os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
        return
    try:
        os.fchmod(fd, 0o600)  # the umask may have taken bits away
    finally:
        os.close(fd)


def _missing(path: Path) -> bool:
    """No store at `path`: nothing there (a dangling symlink too), or an empty file."""
    try:
        return path.stat().st_size == 0
    except (FileNotFoundError, NotADirectoryError):
        return True


def _connect(path: Path) -> sqlite3.Connection:
    # An absolute path: sqlite3 reads `:memory:` (and "") as a database in memory, where a
    # store given as `--db :memory:` would silently vanish; here it is a file like any other.
    try:
        conn = sqlite3.connect(
            Path(path).absolute(), isolation_level=None, timeout=busy_timeout_ms() / 1000
        )
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from None
    return conn


def open_store(
    path: Path, *, create: bool, announce: Callable[[Path], None] | None = None
) -> sqlite3.Connection:
    """Open the store, migrating it first; raise StorageError if it is not ours.

    Only writes create a missing store (`create`); a read on a path with no store fails and
    creates nothing, so a mistyped path cannot pass for an empty store. `announce(path)` is
    called once by the process that created the store."""
    try:
        if _missing(path):
            if not create:
                raise no_store(path)
            _create_file(path)
        conn = _connect(path)
        try:
            created = _check_and_prepare(conn, path)
            apply_pragmas(conn)
        except BaseException:
            conn.close()
            raise
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from None
    except OSError as exc:
        raise StorageError(f"cannot open the store {path}: {exc.strerror or exc}") from None
    if created and announce is not None:
        announce(path)
    return conn


def _header(conn: sqlite3.Connection) -> tuple[int, int, int]:
    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return app_id, version, tables


def _check_and_prepare(conn: sqlite3.Connection, path: Path) -> bool:
    """Check the header before anything can write: a foreign or newer file is left untouched.
    True when this call created the store."""
    app_id, version, tables = _header(conn)
    latest = migrations.latest()
    if app_id == APPLICATION_ID and version == latest:
        return False
    if app_id == 0 and version == 0 and tables == 0:
        return _initialise(conn)
    if app_id != APPLICATION_ID:
        raise StorageError(f"{path} is a SQLite file of another program, not a netcli store")
    if version > latest:
        raise StorageError(
            f"{path} was written by a newer netcli (schema {version}; this one knows "
            f"up to {latest}): upgrade netcli"
        )
    _migrate(conn, path, version)
    return False


def _initialise(conn: sqlite3.Connection) -> bool:
    from netcli.dates import now

    # Compiled before the lock: importing SQLModel takes ~0.45 s (seconds on a busy machine),
    # and every other first run waits for this lock, up to the busy timeout.
    ddl = migrations.schema_ddl()
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have initialised it while we waited for the lock.
        if conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
            conn.execute("ROLLBACK")
            return False
        for statement in ddl:
            conn.execute(statement)
        stamp = now().isoformat()
        conn.execute(
            "INSERT INTO contact (name, search_key, trust, is_me, archived, created_at, "
            "updated_at) VALUES ('Me', 'me', 5, TRUE, FALSE, ?, ?)",
            (stamp, stamp),
        )
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {migrations.latest()}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return True


def backup_to(conn: sqlite3.Connection, dest: Path) -> None:
    """A consistent copy through SQLite's backup API, into the (new, empty, private) file
    `dest`; callers write it beside its destination and rename it there (files.py)."""
    target = sqlite3.connect(Path(dest).absolute(), isolation_level=None)  # never :memory:
    try:
        conn.backup(target)
        # one self-contained file: no -wal beside it to be forgotten when it is copied
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()


def _migrate(conn: sqlite3.Connection, path: Path, version: int) -> None:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    # whole or not at all: a migration killed here leaves no empty .bak beside the good one
    from netcli.files import replace_atomically

    replace_atomically(backup, lambda temp: backup_to(conn, temp))
    conn.execute("PRAGMA foreign_keys = OFF")  # steps may rebuild tables
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        for target, step in migrations.pending(current):
            step(conn)
            conn.execute(f"PRAGMA user_version = {target}")
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise StorageError(f"migrating {path} broke {len(problems)} references; restored")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("PRAGMA journal_mode = WAL")


def connect_read(path: Path) -> sqlite3.Connection:
    """A read connection: stdlib sqlite3, rows as sqlite3.Row, and no way to write."""
    conn = open_store(path, create=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA query_only = ON")
    return conn


@contextlib.contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A read transaction on a read connection: every query inside sees one state of the
    store (what `net rm` and `net merge` show before asking, outside any write lock).
    A PostgreSQL read is one snapshot already (store/pg.py)."""
    if getattr(conn, "is_postgres", False):
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


@contextlib.contextmanager
def write_connection(
    path: Path, announce: Callable[[Path], None] | None = None
) -> Iterator[sqlite3.Connection]:
    """The one write transaction: BEGIN IMMEDIATE on a plain sqlite3 connection (the write lock
    is taken before anything is read), then commit, or roll back on any failure. A missing
    store is created first (`announce` says so)."""
    # autocommit mode (isolation_level None): we BEGIN ourselves
    conn = open_store(path, create=True, announce=announce)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from None
    finally:
        conn.close()


def checkpoint(path: Path) -> None:
    """Fold the WAL into the store and truncate it, so deleted data leaves the -wal file too.

    Best effort, and it never waits: it runs after the change has committed, so waiting here
    for a reader (up to the busy timeout) would only open a window in which Ctrl-C reports a
    saved change as a failure. When a reader or a writer is active, the WAL is left as it is.
    """
    conn = _connect(path)
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass
    finally:
        conn.close()


def check(conn: sqlite3.Connection) -> list[str]:
    """integrity_check and foreign_key_check; the problems found, or [] when all is well."""
    if getattr(conn, "is_postgres", False):
        return []  # a server checks its pages and enforces references itself
    problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    for table, row_id, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"{table} row {row_id} points at a missing {parent}")
    return problems
