"""PostgreSQL as the store (spec §13): connections, the schema, transactions, errors.

Imported only when `--db`/`NET_DB` is a postgresql:// URL: psycopg costs 0.1-0.3 s to import,
which the SQLite path never pays (tests/test_startup.py).

The connection handed to the store's queries quacks like the sqlite3 one the SQLite side uses
(`execute`, `executemany`, `cursor`, rows readable by name and by position, `lastrowid`), so the
same store functions run on both; `Dialect` below is the one named place that rewrites what
is still SQLite-specific in them (`?` and `:name` parameters, group_concat, 0/1 for booleans,
INSERT OR IGNORE, substr(x, -n)). Transactions keep SQLite's guarantees: a write takes a
per-owner advisory lock at its start (as BEGIN IMMEDIATE takes SQLite's write lock), a read
runs in one REPEATABLE READ READ ONLY snapshot; lock and statement timeouts apply; failures
map by SQLSTATE to one `error:` line that never shows a password.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from netcli.errors import StorageError
from netcli.store import migrations

if TYPE_CHECKING:
    import psycopg

INSTALL = "PostgreSQL needs psycopg: pip install 'netcli[postgres]'"
# The advisory lock's first key: "NETC", as SQLite stores carry it in application_id.
LOCK_CLASS = 0x4E455443
STATEMENT_TIMEOUT_MS = 300_000


class NotOnPostgres(StorageError):
    """A command whose store code is not ported to PostgreSQL yet (exit 4)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} is not supported on PostgreSQL yet (use a SQLite store)")


# --- URLs -----------------------------------------------------------------------------------


def redact(url: str) -> str:
    """The URL without its password (in the user part or as a `password=` parameter)."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, _, hostinfo = netloc.rpartition("@")
            if ":" in userinfo:
                userinfo = userinfo.split(":", 1)[0] + ":***"
            netloc = f"{userinfo}@{hostinfo}"
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            if any(k == "password" for k, _ in pairs):
                pairs = [(k, "***" if k == "password" else v) for k, v in pairs]
                query = urlencode(pairs, safe="/:@*")
        # urlunsplit drops an empty host: postgresql:///net would come back as postgresql:/net
        text = f"{parts.scheme}://{netloc}{parts.path}"
        return (
            text + (f"?{query}" if query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        )
    except ValueError:
        return "postgresql://(unreadable URL)"


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StorageError(INSTALL) from None
    return psycopg


# --- errors ---------------------------------------------------------------------------------


def storage_error(exc: BaseException, url: str) -> StorageError:
    """One clear line for a server failure, by SQLSTATE; never the password."""
    where = redact(url)
    state = getattr(exc, "sqlstate", None) or ""
    detail = _first_line(exc, url)
    if state in ("28P01", "28000"):
        return StorageError(f"authentication failed for {where}: {detail}")
    if state == "3D000":
        return StorageError(f"no such database: {where}")
    if state == "25006":
        return StorageError(f"the store {where} is read-only (a read-only server or role)")
    if state == "42501":
        return StorageError(f"permission denied on {where}: {detail}")
    if state in ("55P03", "40P01"):
        return StorageError(f"store busy, try again ({where} is locked by another process)")
    if state == "57014":
        return StorageError(f"the server cancelled the command on {where} (statement timeout)")
    if state == "53100":
        return StorageError(f"cannot write {where}: the server's disk is full")
    if state.startswith("53"):
        return StorageError(f"the server at {where} is out of resources: {detail}")
    if state.startswith("08") or (not state and _is_connect_failure(exc)):
        return StorageError(f"cannot reach the PostgreSQL server for {where}: {detail}")
    if state.startswith("57P"):
        return StorageError(f"the PostgreSQL server for {where} is shutting down or restarting")
    return StorageError(f"storage error on {where}: {detail}")


def _is_connect_failure(exc: BaseException) -> bool:
    psycopg = _psycopg()
    return isinstance(exc, psycopg.OperationalError)


def _first_line(exc: BaseException, url: str) -> str:
    """The server's message, one line, with anything looking like the password taken out."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    secret = _password(url)
    if secret:
        text = text.replace(secret, "***")
    return text[:300]


def _password(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.password:
        return parts.password
    for key, value in parse_qsl(parts.query):
        if key == "password":
            return value
    return None


# --- the dialect shim -----------------------------------------------------------------------

_TOKENS = re.compile(
    r"""'(?:[^']|'')*'      # a string literal
      | "(?:[^"]|"")*"      # a quoted identifier
      | \?                  # a positional parameter
      | (?<!:):([A-Za-z_]\w*)  # a named parameter
      | %                   # a percent sign, doubled for psycopg
    """,
    re.VERBOSE,
)
_BOOL_LITERAL = re.compile(r"\b((?:\w+\.)?(?:archived|is_me))\s*(=|!=|<>)\s*([01])\b")
_GROUP_CONCAT = re.compile(r"group_concat\(", re.IGNORECASE)
_SUBSTR_TAIL = re.compile(r"substr\(([^(),]+),\s*-(\d+)\)", re.IGNORECASE)
_UNARY_PLUS = re.compile(
    r"(\b(?:WHERE|AND|OR|ON|NOT|BY)\s+|\()\+(?=\w)", re.IGNORECASE
)  # SQLite's "no index"
_WHERE_1 = re.compile(r"\bWHERE\s+1\b(?!\s*[-+*/=<>!])", re.IGNORECASE)
_ROWID_ORDER = re.compile(r"\bFROM\s+(\w+)\s+ORDER\s+BY\s+rowid\b", re.IGNORECASE)
# SQLite's insertion order (rowid), as PostgreSQL tables can give it: by primary key.
_KEY_ORDER = {"interaction_contact": "interaction_id, contact_id", "setting": "key"}
# SQLite sorts text byte-wise; PostgreSQL by the database's collation unless told.
_TAG_ORDER = re.compile(r"\bORDER\s+BY\s+tag\b(?!\s+COLLATE)", re.IGNORECASE)
_BINARY = re.compile(r"\bCOLLATE\s+BINARY\b", re.IGNORECASE)  # asked for by name
_JSON_ARRAY = re.compile(r"\bjson_group_array\(", re.IGNORECASE)
_TEMP_SCHEMA = re.compile(r"\btemp\.(?=\w)")
_IS_NOT = re.compile(r"\bIS\s+NOT\s+(?!NULL\b|TRUE\b|FALSE\b|DISTINCT\b)", re.IGNORECASE)
_IS = re.compile(r"\bIS\s+(?!NOT\b|NULL\b|TRUE\b|FALSE\b|DISTINCT\b)", re.IGNORECASE)
# derived.py's scratch table holds dates: as TEXT, PostgreSQL would not put them back in a
# DATE column without a cast.
_TOUCH_TABLE = "derived_touch (contact_id INTEGER PRIMARY KEY, d TEXT)"
_CHAR = re.compile(r"\bchar\(", re.IGNORECASE)
# SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's LIKE does not, its ILIKE does.
_LIKE = re.compile(r"(?<!\w)LIKE\b", re.IGNORECASE)
_SUBQUERY = re.compile(r"(?<!DISTINCT )\b(FROM|JOIN)\s*\(", re.IGNORECASE)
_NOT_ALIAS = frozenset(
    "where group order limit union except intersect join left inner cross on having window "
    "offset natural right full using".split()
)
_INSERT = re.compile(
    r"^\s*INSERT\s+(OR\s+(IGNORE|REPLACE)\s+)?INTO\s+([\w.]+)\s*(?:\(([^)]*)\))?", re.IGNORECASE
)
# INSERT OR REPLACE, as an upsert on the table's key.
_KEYS = {"setting": ("owner", "key")}  # schema 13: a setting's key is unique per owner
# Tables without an `id` primary key: an INSERT into them has no lastrowid to return.
_NO_ID = frozenset({"interaction_contact", "setting", "netcli_meta"})


@functools.lru_cache(maxsize=512)
def translate(sql: str, with_params: bool) -> tuple[str, bool]:
    """SQLite-flavoured SQL as PostgreSQL runs it; and whether it returns the new row's id."""
    sql = _BOOL_LITERAL.sub(lambda m: f"{m[1]} {m[2]} {'TRUE' if m[3] == '1' else 'FALSE'}", sql)
    sql = _SUBSTR_TAIL.sub(r"right(\1, \2)", sql)
    sql = _rewrite_group_concat(sql)
    sql = _UNARY_PLUS.sub(r"\1", sql)
    sql = _CHAR.sub("chr(", sql)
    sql = _LIKE.sub("ILIKE", sql)
    sql = _WHERE_1.sub("WHERE TRUE", sql)
    sql = _IS_NOT.sub("IS DISTINCT FROM ", sql)
    sql = _IS.sub("IS NOT DISTINCT FROM ", sql)
    sql = sql.replace(_TOUCH_TABLE, _TOUCH_TABLE.replace("d TEXT", "d DATE"))
    sql = _TEMP_SCHEMA.sub("pg_temp.", sql)
    sql = _TAG_ORDER.sub('ORDER BY tag COLLATE "C"', sql)
    sql = _BINARY.sub('COLLATE "C"', sql)
    sql = _JSON_ARRAY.sub("json_agg(", sql)
    sql = _ROWID_ORDER.sub(lambda m: f"FROM {m[1]} ORDER BY {_KEY_ORDER.get(m[1], 'id')}", sql)
    sql = _alias_subqueries(sql)
    if with_params:

        def swap(m: re.Match[str]) -> str:
            token = m[0]
            if token == "?":
                return "%s"
            if token == "%":
                return "%%"
            if m[1]:
                return f"%({m[1]})s"
            return token.replace("%", "%%")

        sql = _TOKENS.sub(swap, sql)
    returning = False
    insert = _INSERT.match(sql)
    if insert:
        if insert[2] and insert[2].upper() == "IGNORE":
            sql = sql[: insert.start(1)] + sql[insert.end(1) :]
            sql = sql.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
        elif insert[2] and insert[3] in _KEYS and insert[4]:  # INSERT OR REPLACE
            keys = _KEYS[insert[3]]
            others = [c.strip() for c in insert[4].split(",") if c.strip() not in keys]
            updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in others)
            sql = sql[: insert.start(1)] + sql[insert.end(1) :]
            sql = (
                sql.rstrip().rstrip(";")
                + f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
            )
        table = insert[3].lower()
        if table in _KEYS:  # ON CONFLICT on the key, which is unique per owner on a server
            sql = sql.replace("ON CONFLICT (key)", f"ON CONFLICT ({', '.join(_KEYS[table])})")
        if table not in _NO_ID and "." not in table and "returning" not in sql.lower():
            sql = sql.rstrip().rstrip(";") + " RETURNING id"
            returning = True
    return sql, returning


def _closing(sql: str, start: int) -> tuple[int, int]:
    """Just after the parenthesis that closes the one before `start`, and the last comma at
    that depth (-1 when none); string literals are skipped."""
    depth, i, comma = 1, start, -1
    while depth and i < len(sql):
        ch = sql[i]
        if ch == "'":
            i = sql.index("'", i + 1) if "'" in sql[i + 1 :] else len(sql)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 1:
            comma = i
        i += 1
    return i, comma


def _alias_subqueries(sql: str) -> str:
    """PostgreSQL 15 wants every subquery in FROM named: `FROM (SELECT …) AS _s1`."""
    out, pos, n = [], 0, 0
    for m in _SUBQUERY.finditer(sql):
        if m.start() < pos or not sql[m.end() :].lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        end, _ = _closing(sql, m.end())
        rest = sql[end:].lstrip()
        word = re.match(r"\w+", rest)
        if not rest.upper().startswith("AS ") and (not word or word[0].lower() in _NOT_ALIAS):
            n += 1
            out.append(sql[pos:end] + f" AS _s{n}")
            pos = end
    return "".join(out) + sql[pos:]


def _rewrite_group_concat(sql: str) -> str:
    """group_concat(x) / group_concat(x, sep) -> string_agg(CAST(x AS TEXT), sep)."""
    while (m := _GROUP_CONCAT.search(sql)) is not None:
        end, comma = _closing(sql, m.end())
        if comma == -1:
            arg, sep = sql[m.end() : end - 1], "','"
        else:
            arg, sep = sql[m.end() : comma], sql[comma + 1 : end - 1].strip()
        sql = sql[: m.start()] + f"string_agg(CAST({arg.strip()} AS TEXT), {sep})" + sql[end:]
    return sql


# --- rows and the sqlite3-like connection ---------------------------------------------------


class Row(tuple[Any, ...]):
    """A result row read by position or by column name, like sqlite3.Row."""

    __slots__ = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    names = [d.name for d in cursor.description or ()]
    kind = type("Row", (Row,), {"__slots__": (), "_index": {n: i for i, n in enumerate(names)}})
    return lambda values: kind(values)


class Cursor:
    """The part of sqlite3.Cursor the store uses."""

    row_factory: Any = None  # accepted and ignored: rows are always Row

    def __init__(self, conn: PgConnection) -> None:
        self._conn = conn
        self._cur = conn.raw.cursor(row_factory=_row_factory)
        self.lastrowid: int | None = None
        self._first: Row | None = None
        self._has_first = False

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        text, returning = translate(sql, bool(params))
        _trip()
        self._cur.execute(text, params or None)
        self._has_first = False
        if returning:
            self._first = self._cur.fetchone()
            self._has_first = True
            self.lastrowid = self._first[0] if self._first is not None else None
        return self

    def executemany(self, sql: str, seq: Any) -> Cursor:
        text, returning = translate(sql, True)
        if returning:
            text = text[: -len(" RETURNING id")]
        _trip()  # psycopg sends the rows in one pipeline
        self._cur.executemany(text, list(seq))
        return self

    def fetchone(self) -> Row | None:
        if self._has_first:
            self._has_first = False
            return self._first
        if self._cur.description is None:
            return None
        return self._cur.fetchone()

    def fetchall(self) -> list[Row]:
        first = [self._first] if self._has_first and self._first is not None else []
        self._has_first = False
        if self._cur.description is None:
            return first
        return first + self._cur.fetchall()

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())

    @property
    def rowcount(self) -> int:
        return int(self._cur.rowcount)

    @property
    def description(self) -> Any:
        return self._cur.description


class PgConnection:
    """A psycopg connection behind the sqlite3.Connection calls the store makes."""

    is_postgres = True
    row_factory: Any = None  # accepted and ignored: rows are always Row

    def __init__(self, raw: psycopg.Connection[Any], url: str) -> None:
        self.raw = raw
        self.url = url

    def cursor(self) -> Cursor:
        return Cursor(self)

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        return Cursor(self).execute(sql, params)

    def executemany(self, sql: str, seq: Any) -> Cursor:
        return Cursor(self).executemany(sql, seq)

    @property
    def in_transaction(self) -> bool:
        return bool(self.raw.info.transaction_status != 0)

    def close(self) -> None:
        self.raw.close()


def _adapt(conn: psycopg.Connection[Any]) -> None:
    """Values as the SQLite side sees them: dates as ISO text; integers sent untyped, so that
    0/1 land in boolean columns as they do in SQLite."""
    from psycopg.adapt import Dumper, Loader

    class IntAsUnknown(Dumper):
        oid = 0  # the server infers the type from where the value goes

        def dump(self, obj: Any) -> bytes:
            return str(int(obj)).encode()

    class DateAsText(Loader):
        def load(self, data: Any) -> str:
            return bytes(data).decode()

    conn.adapters.register_dumper(int, IntAsUnknown)
    conn.adapters.register_loader("date", DateAsText)


# Round trips to the server in this process (the connection, each BEGIN batch, statement and
# COMMIT): NET_PG_TRIPS=1 prints the count on stderr at exit (docs/performance.md).
TRIPS = [0]


def _trip() -> None:
    TRIPS[0] += 1


def _say_trips() -> None:
    import sys

    sys.stderr.write(f"net: {TRIPS[0]} round trips to the server\n")


def connect(url: str) -> PgConnection:
    """A connection in autocommit mode (we BEGIN ourselves), with the timeouts set."""
    psycopg = _psycopg()
    if os.environ.get("NET_PG_TRIPS") and not TRIPS[0]:
        import atexit

        atexit.register(_say_trips)
    _trip()
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise storage_error(exc, url) from None
    except Exception as exc:  # a malformed URL: psycopg.ProgrammingError or ValueError
        raise StorageError(f"cannot read the PostgreSQL URL {redact(url)}: {exc}") from None
    _adapt(raw)
    return PgConnection(raw, url)


def _timeouts() -> str:
    from netcli.store.db import busy_timeout_ms

    statement = os.environ.get("NET_STATEMENT_TIMEOUT", str(STATEMENT_TIMEOUT_MS))
    if not statement.isdigit():
        statement = str(STATEMENT_TIMEOUT_MS)
    return f"SET lock_timeout = {busy_timeout_ms()}; SET statement_timeout = {statement}; "


# --- the schema -----------------------------------------------------------------------------

META = "CREATE TABLE netcli_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)"

# PostgreSQL twins of the SQLite triggers (migrations.TRIGGERS): contact.tag_list follows the
# tag table whoever writes it. Tags sorted byte-wise, as SQLite sorts them.
TAG_LIST_FUNCTION = """
CREATE FUNCTION netcli_tag_list() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE contact SET tag_list = (SELECT string_agg(tag, ', ' ORDER BY tag COLLATE "C")
      FROM tag WHERE contact_id = OLD.contact_id) WHERE id = OLD.contact_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE contact SET tag_list = (SELECT string_agg(tag, ', ' ORDER BY tag COLLATE "C")
      FROM tag WHERE contact_id = NEW.contact_id) WHERE id = NEW.contact_id;
  END IF;
  RETURN NULL;
END $$
"""
TAG_LIST_TRIGGER = (
    "CREATE TRIGGER tag_list AFTER INSERT OR UPDATE OR DELETE ON tag "
    "FOR EACH ROW EXECUTE FUNCTION netcli_tag_list()"
)
# The twin of the Python fold() SQLite's queries call (text.fold): NFKD, marks and invisible
# characters dropped, apostrophes made straight, lower case, spaces collapsed. lower() is not
# casefold() in every script (ß stays ß); the stored search keys come from Python either way.
FOLD_FUNCTION = r"""
CREATE FUNCTION fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(btrim(regexp_replace(lower(regexp_replace(normalize(
    translate(t, E'\u2019\u2018\u201b\u02bc\u02bb\u02b9\u0060\u00b4\u2032\uff07',
              E'\'\'\'\'\'\'\'\'\'\''), NFKD),
    E'[\\u0300-\\u036f\\u00ad\\u200b-\\u200f\\u2060-\\u2064\\ufe00-\\ufe0f\\ufeff]', '', 'g')),
    E'\\s+', ' ', 'g')), '')
$$
"""


def schema_ddl() -> list[str]:
    """CREATE statements for the current models compiled for PostgreSQL, and the twins of
    what SQLite does its own way (triggers, the fold() function, expression indexes)."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from netcli.store import models  # noqa: F401  (registers the tables)

    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    ddl: list[str] = [META, FOLD_FUNCTION]
    for table in SQLModel.metadata.sorted_tables:
        ddl.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            statement = str(CreateIndex(index).compile(dialect=dialect)).strip()
            ddl.append(_SUBSTR_TAIL.sub(r"right(\1, \2)", statement))
    from netcli.store import pg_groups

    return [*ddl, TAG_LIST_FUNCTION, TAG_LIST_TRIGGER, *pg_groups.ddl()]  # the group's policies


def _group_policies(conn: PgConnection) -> None:
    """Schema 14: the group tables' sharing policies (store/pg_groups.py)."""
    from netcli.store import pg_groups

    pg_groups.apply(conn)


def model_table_names() -> list[str]:
    """The models' tables, in dependency order (store/pg_owners.py)."""
    from sqlmodel import SQLModel

    from netcli.store import models  # noqa: F401  (registers the tables)

    return [table.name for table in SQLModel.metadata.sorted_tables]


def _owners(conn: PgConnection) -> None:
    """Schema 13: an owner on every private row, row-level security (store/pg_owners.py)."""
    from netcli.store import pg_owners

    pg_owners.apply(conn)


def _term_index(conn: PgConnection) -> None:
    """Schema 12 (migrations._term_index): the term index, created from the model, filled."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from netcli.services.matching import index_rows
    from netcli.store import models, terms  # noqa: F401  (models registers the tables)

    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    table = SQLModel.metadata.tables["term"]
    conn.execute(str(CreateTable(table, if_not_exists=True).compile(dialect=dialect)))
    for index in table.indexes:
        conn.execute(str(CreateIndex(index, if_not_exists=True).compile(dialect=dialect)))
    terms.rebuild(conn, index_rows)  # type: ignore[arg-type]


def _report_sums(conn: PgConnection) -> None:
    """Schema 15: `net report`'s covering indexes (migrations.RESULT_INDEXES)."""
    for table, (name, columns) in migrations.RESULT_INDEXES.items():
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(columns)})")
    conn.execute(f"DROP INDEX IF EXISTS {migrations.REPLACED_INDEX}")
    from netcli.store import pg_owners

    pg_owners.apply(conn)  # the new indexes lead with the owner, as a new store's do


def _list_trust(conn: PgConnection) -> None:
    """Schema 17: the list index holds the trust too (migrations.LIST_INDEX_COLUMNS)."""
    conn.execute("DROP INDEX IF EXISTS ix_contact_list")
    columns = ", ".join(migrations.LIST_INDEX_COLUMNS)
    conn.execute(f"CREATE INDEX ix_contact_list ON contact ({columns})")
    from netcli.store import pg_owners

    pg_owners.apply(conn)  # the owner first, as a new store's


# PostgreSQL schema steps: version reached -> the step from the version before, over the open
# connection inside the migration's transaction. A PostgreSQL store is created at the latest
# version; each later schema change adds its PostgreSQL step here beside the SQLite one.
MIGRATIONS: dict[int, Callable[[PgConnection], None]] = {
    12: _term_index,
    13: _owners,
    14: _group_policies,
    15: _report_sums,
    17: _list_trust,
}


def _meta_version(conn: PgConnection) -> int | None:
    """The store's schema version, or None when the database holds no netcli store."""
    found = conn.execute("SELECT to_regclass('netcli_meta') IS NOT NULL").fetchone()
    if not found or not found[0]:
        return None
    row = conn.execute("SELECT value FROM netcli_meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def _no_store(url: str) -> StorageError:
    return StorageError(f"no netcli store in {redact(url)} (net db init creates one)")


def _newer(url: str, version: int) -> StorageError:
    return StorageError(
        f"{redact(url)} was written by a newer netcli (schema {version}; this one knows up "
        f"to {migrations.latest()}): upgrade netcli"
    )


def initialise(url: str) -> bool:
    """`net db init`: create the schema in the database; False when it is already there."""
    from netcli.dates import now

    conn = connect(url)
    try:
        with _transaction(conn, url, write=True, check=False):
            if _meta_version(conn) is not None:
                return False
            for statement in schema_ddl():
                conn.raw.execute(statement.encode())
            _owners(conn)  # the Me row below is the initialising role's
            stamp = now().isoformat()
            conn.execute(
                "INSERT INTO contact (name, search_key, trust, is_me, archived, created_at, "
                "updated_at) VALUES ('Me', 'me', 5, TRUE, FALSE, ?, ?)",
                (stamp, stamp),
            )
            conn.execute(
                "INSERT INTO netcli_meta (key, value) VALUES ('schema_version', ?)",
                (str(migrations.latest()),),
            )
        return True
    finally:
        conn.close()


def migrate(url: str) -> tuple[int, int]:
    """`net db migrate`: bring the schema to the latest version in one transaction, under the
    store's lock; (version before, version after)."""
    conn = connect(url)
    try:
        with _transaction(conn, url, write=True, check=False):
            version = _meta_version(conn)
            if version is None:
                raise _no_store(url)
            latest = migrations.latest()
            if version > latest:
                raise _newer(url, version)
            _run_steps(conn, url, version)
        return version, latest
    finally:
        conn.close()


def _run_steps(conn: PgConnection, url: str, version: int) -> None:
    # The steps see every role's rows: forced row-level security would show the schema's
    # owner its own rows only (ALTER TABLE is transactional: nobody sees it lifted).
    forced = [
        r[0]
        for r in conn.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
            "AND relkind = 'r' AND relforcerowsecurity ORDER BY relname"
        ).fetchall()
    ]
    for table in forced:
        conn.raw.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY'.encode())
    for target in range(version + 1, migrations.latest() + 1):
        step = MIGRATIONS.get(target)
        if step is None and target not in migrations.MIGRATIONS:
            continue  # a version that changes nothing on either backend
        if step is None:
            raise StorageError(
                f"{redact(url)} has schema {version}, which this netcli cannot migrate on "
                f"PostgreSQL (no step to schema {target})"
            )
        step(conn)
    for table in forced:
        conn.raw.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY'.encode())
    conn.execute(
        "UPDATE netcli_meta SET value = ? WHERE key = 'schema_version'",
        (str(migrations.latest()),),
    )


def _check_version(conn: PgConnection, url: str, write: bool, version: int | None) -> None:
    """§13: a newer schema is refused; an older one is migrated when this role owns the
    schema (inside this transaction, which already holds the lock) and refused otherwise."""
    latest = migrations.latest()
    if version is None:
        raise _no_store(url)
    if version == latest:
        return
    if version > latest:
        raise _newer(url, version)
    owns = conn.execute(
        "SELECT pg_get_userbyid(relowner) = current_user FROM pg_class "
        "WHERE oid = 'netcli_meta'::regclass"
    ).fetchone()
    if not owns or not owns[0]:
        raise StorageError(
            "the store's schema is older than this net: ask its owner to run net db migrate"
        )
    if not write:
        raise _Older  # a read-only snapshot cannot migrate: reading() migrates, then reads
    _run_steps(conn, url, version)


def _ensure_me(conn: PgConnection) -> None:
    """`me` is per role (spec §13): the first write of a role that has none creates it, in
    this transaction (under this role's lock)."""
    from netcli.dates import now

    stamp = now().isoformat()
    conn.execute(
        "INSERT INTO contact (name, search_key, trust, is_me, archived, created_at, "
        "updated_at) SELECT 'Me', 'me', 5, TRUE, FALSE, ?, ? "
        "WHERE NOT EXISTS (SELECT 1 FROM contact WHERE is_me = TRUE)",
        (stamp, stamp),
    )


class _Older(Exception):
    """The schema is older and this role may migrate it."""


# --- transactions ---------------------------------------------------------------------------


@contextlib.contextmanager
def _transaction(
    conn: PgConnection, url: str, *, write: bool, check: bool = True
) -> Iterator[PgConnection]:
    psycopg = _psycopg()
    if write:
        # The per-owner lock first, as SQLite's BEGIN IMMEDIATE: two writers never interleave
        # their read-modify-write, so none is lost (READ COMMITTED alone loses updates).
        begin = (
            _timeouts() + "BEGIN ISOLATION LEVEL READ COMMITTED; "
            f"SELECT pg_advisory_xact_lock({LOCK_CLASS}, hashtext(current_user::text))"
        )
    else:
        begin = _timeouts() + "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
    if check:  # the schema version in the same message: one round trip, not three
        begin += "; SELECT value FROM netcli_meta WHERE key = 'schema_version'"
    try:
        _trip()
        try:
            cursor = conn.raw.execute(begin.encode())
        except psycopg.errors.UndefinedTable:
            conn.raw.execute(b"ROLLBACK")
            raise _no_store(url) from None
        try:
            if check:
                while cursor.nextset():
                    pass
                row = cursor.fetchone()
                _check_version(conn, url, write, int(row[0]) if row else None)
                if write:
                    _ensure_me(conn)
            yield conn
            _trip()
            conn.raw.execute(b"COMMIT")
        except BaseException:
            if not conn.raw.closed:
                with contextlib.suppress(psycopg.Error):
                    conn.raw.execute(b"ROLLBACK")
            raise
    except psycopg.Error as exc:
        raise storage_error(exc, url) from None


@contextlib.contextmanager
def bulk_load(conn: PgConnection) -> Iterator[None]:
    """A restore into a new store (store/transfer.py): rows come with their ids, so each
    table's id sequence is moved past them afterwards; tag lists are set once at the end."""
    yield
    conn.execute(
        "UPDATE contact SET tag_list = (SELECT string_agg(tag, ', ' ORDER BY tag COLLATE \"C\") "
        "FROM tag WHERE contact_id = contact.id)"
    )
    move_sequences(conn)


def move_sequences(conn: PgConnection) -> None:
    """Rows written with their ids (a restore, `net demo`): each table's id sequence moves past
    them, so the next row the server numbers does not collide."""
    tables = conn.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND column_name = 'id' AND column_default LIKE 'nextval%'"
    ).fetchall()
    for (table,) in tables:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
        )


def discard(conn: PgConnection) -> None:
    """Undo the transaction and go on with an empty one holding the lock again (--dry-run)."""
    conn.raw.execute(b"ROLLBACK")
    conn.raw.execute(
        "BEGIN ISOLATION LEVEL READ COMMITTED; "
        f"SELECT pg_advisory_xact_lock({LOCK_CLASS}, hashtext(current_user::text))".encode()
    )


@contextlib.contextmanager
def reading(url: str) -> Iterator[PgConnection]:
    """A read: one snapshot of the store, read-only. An older schema that this role owns is
    migrated first (in its own write transaction), as a SQLite store is when opened."""
    conn = connect(url)
    try:
        try:
            with _transaction(conn, url, write=False):
                yield conn
                return
        except _Older:
            pass
        migrate(url)
        with _transaction(conn, url, write=False):
            yield conn
    finally:
        conn.close()


@contextlib.contextmanager
def writing(url: str) -> Iterator[PgConnection]:
    """One write transaction, holding the store's lock from its start; commit or roll back."""
    conn = connect(url)
    try:
        with _transaction(conn, url, write=True):
            yield conn
    finally:
        conn.close()
