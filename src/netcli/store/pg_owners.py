"""Several people in one PostgreSQL database (spec §13): private rows, owners and grants.

Every private table (everything but the group tables of spec §12 and netcli_meta) carries an
`owner` column that the server fills (`DEFAULT current_user`; the client never names it), and
row-level security, enabled and forced (the schema's owner too), with one policy: a role sees,
changes and deletes only the rows whose owner it is. Its indexes lead with the owner; the one
unique key that was global (a setting's key) is unique per owner. The unique keys scoped by a
contact (a tag, an email, a link) stay as they are: a contact id belongs to one owner only.

Foreign keys do not see row-level security (PostgreSQL checks them past the policies), so a
role could otherwise point a row of its own at another role's contact. The policy's check
refuses that: each reference to a private table must name a row the role owns
(`netcli_owns_<table>(id)`, one small function per referenced table).

The same statements make a new store (pg.initialise) and migrate one of an older schema (the
PostgreSQL step 13), reading what to change from the catalog, so a migrated store equals a
fresh one. Imported only on PostgreSQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netcli.errors import InputError, StorageError
from netcli.store import migrations

if TYPE_CHECKING:
    from netcli.store.pg import PgConnection

# The shared ledger of a referral group (spec §12): its policies are store/pg_groups.py's.
GROUP_TABLES = frozenset(migrations.GROUP_TABLES)
META_TABLE = "netcli_meta"
POLICY = "netcli_owner"
OWNER_COLUMN = "owner name NOT NULL DEFAULT current_user"

# netcli_is_admin(): the schema's owner, or a role let in with `net db grant ROLE --admin`
# (privileges held WITH GRANT OPTION): who may let others in. The group policies may use it.
IS_ADMIN_FUNCTION = """
CREATE OR REPLACE FUNCTION netcli_is_admin() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT pg_get_userbyid(c.relowner) = current_user
      OR has_table_privilege(c.oid, 'SELECT WITH GRANT OPTION')
    FROM pg_class c WHERE c.oid = 'netcli_meta'::regclass
$$
"""


def _owns_function(table: str) -> str:
    # plpgsql, never inlined: contact's own policy calls netcli_owns_contact() (via_id), and a
    # policy that read its own table directly would recurse.
    return (
        f"CREATE OR REPLACE FUNCTION netcli_owns_{table}(ref integer) RETURNS boolean "
        f"LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN ref IS NULL OR EXISTS "
        f"(SELECT 1 FROM {table} WHERE id = ref AND owner = current_user); END $$"
    )


def model_tables() -> list[str]:
    """The store's tables as the models declare them (the group tables included)."""
    from netcli.store.pg import model_table_names

    return model_table_names()


def private_tables(conn: PgConnection) -> list[str]:
    """The private tables present in the store, in the models' order."""
    present = {
        r[0]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchall()
    }
    return [t for t in model_tables() if t in present and t not in GROUP_TABLES]


def apply(conn: PgConnection) -> None:
    """Owners, indexes, row-level security and policies on every private table; idempotent
    (PostgreSQL step 13, and the end of a new store's DDL)."""
    tables = private_tables(conn)
    for table in tables:
        conn.raw.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {OWNER_COLUMN}".encode())
        _owner_first(conn, table)
    references = _references(conn, tables)
    for target in sorted({t for refs in references.values() for _, t in refs}):
        conn.raw.execute(_owns_function(target).encode())
    conn.raw.execute(IS_ADMIN_FUNCTION.encode())
    for table in tables:
        checks = " AND ".join(
            ["owner = current_user"]
            + [
                f"({column} IS NULL OR netcli_owns_{target}({column}))"
                for column, target in references[table]
            ]
        )
        conn.raw.execute(
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY; "
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY; "
            f"DROP POLICY IF EXISTS {POLICY} ON {table}; "
            f"CREATE POLICY {POLICY} ON {table} USING (owner = current_user) "
            f"WITH CHECK ({checks})".encode()
        )


def _owner_first(conn: PgConnection, table: str) -> None:
    """Rebuild the table's indexes with the owner first; a global unique key (not the id, not
    scoped by a contact) becomes unique per owner."""
    indexes = conn.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), i.indisunique, "
        "i.indisprimary, con.conname, "
        "(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(i.indkey) "
        "WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = k.attnum) AS cols "
        "FROM pg_index i LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid "
        "AND con.conrelid = i.indrelid "
        "WHERE i.indrelid = ?::regclass ORDER BY 1",
        (table,),
    ).fetchall()
    for name, definition, unique, primary, constraint, cols in indexes:
        columns = (cols or "").split(",")
        if columns[0] == "owner":
            continue
        if unique and ("id" in columns or any(c.endswith("_id") for c in columns)):
            continue  # the id, or a key scoped by a contact or a record: one owner already
        keys = ", ".join(["owner", *columns])
        if primary:
            conn.raw.execute(
                f"ALTER TABLE {table} DROP CONSTRAINT {constraint}, "
                f"ADD PRIMARY KEY ({keys})".encode()
            )
        elif constraint:
            conn.raw.execute(
                f"ALTER TABLE {table} DROP CONSTRAINT {constraint}, "
                f"ADD CONSTRAINT {constraint} UNIQUE ({keys})".encode()
            )
        else:
            head, sep, tail = definition.partition(" USING btree (")
            if sep:
                conn.raw.execute(f"DROP INDEX {name}; {head}{sep}owner, {tail}".encode())


def _references(conn: PgConnection, tables: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Each private table's foreign-key columns that point at a private table: (column,
    table pointed at)."""
    found: dict[str, list[tuple[str, str]]] = {t: [] for t in tables}
    rows = conn.execute(
        "SELECT con.conrelid::regclass::text, a.attname, con.confrelid::regclass::text "
        "FROM pg_constraint con JOIN pg_attribute a ON a.attrelid = con.conrelid "
        "AND a.attnum = con.conkey[1] "
        "WHERE con.contype = 'f' AND array_length(con.conkey, 1) = 1 "
        "AND con.connamespace = current_schema()::regnamespace ORDER BY 1, 2"
    ).fetchall()
    for table, column, target in rows:
        if table in found and target in found:
            found[table].append((column, target))
    return found


def ids_taken_by_others(conn: PgConnection) -> bool:
    """Whether any id of a private table was handed out to a row this role cannot see (another
    role's, or one deleted since): a restore, which keeps a document's ids, could collide."""
    for table in private_tables(conn):
        sequence = _sequence(conn, table)
        if sequence is None:
            continue
        handed = conn.execute(
            f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}"
        ).fetchone()
        mine = conn.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {table}").fetchone()
        if handed and mine and not handed[0] == mine[0] == mine[1]:
            return True
    return False


def _sequence(conn: PgConnection, table: str) -> str | None:
    """The sequence of the table's `id` (None for a table without one, as setting)."""
    found = conn.execute(
        "SELECT pg_get_serial_sequence(table_name, 'id') FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'id'",
        (table,),
    ).fetchone()
    return str(found[0]) if found and found[0] else None


def next_free_id(conn: PgConnection, table: str) -> int:
    """The first id that no row has, seen or not: past the table's sequence (on a shared store
    other roles' rows hold ids this role cannot see)."""
    sequence = _sequence(conn, table)
    handed = (
        "0"
        if sequence is None
        else (f"(SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence})")
    )
    found = conn.execute(
        f"SELECT greatest(coalesce(max(id), 0), {handed}) + 1 FROM {table}"
    ).fetchone()
    return int(found[0]) if found else 1


def ids_taken(conn: PgConnection, table: str, highest: int) -> None:
    """Rows were written with their ids, up to `highest`: the sequence moves past them, so
    that the next row written without an id does not take one of theirs."""
    sequence = _sequence(conn, table)
    if sequence is not None:
        conn.execute(
            f"SELECT setval('{sequence}', greatest(?, (SELECT last_value FROM {sequence})))",
            (highest,),
        )


# --- net db grant ---------------------------------------------------------------------------


def grant(conn: PgConnection, role: str, *, admin: bool) -> None:
    """Let ROLE use the store (inside the caller's write transaction): the schema, every table
    (its own rows only, by the policies; the group tables by theirs), the id sequences; with
    `admin`, WITH GRANT OPTION, so that it may let others in too."""
    from psycopg import sql

    allowed = conn.execute("SELECT netcli_is_admin()").fetchone()
    if not allowed or not allowed[0]:
        raise StorageError(
            "only the owner of the store's schema (or a role granted with --admin) can run "
            "net db grant"
        )
    if not _exists(conn, role):
        raise InputError(
            f"no role '{role}' on the server (its administrator creates it: CREATE ROLE … LOGIN)"
        )
    who = sql.Identifier(role)
    option = sql.SQL(" WITH GRANT OPTION" if admin else "")
    schema = conn.execute("SELECT current_schema()").fetchone()
    statements = [
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}{}").format(
            sql.Identifier(str(schema[0] if schema else "public")), who, option
        ),
        sql.SQL("GRANT SELECT ON {} TO {}{}").format(sql.Identifier(META_TABLE), who, option),
    ]
    present = {
        r[0]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchall()
    }
    for table in model_tables():
        if table not in present:
            continue
        statements.append(
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}{}").format(
                sql.Identifier(table), who, option
            )
        )
        sequence = _sequence(conn, table)
        if sequence is not None:
            statements.append(
                sql.SQL("GRANT USAGE, SELECT, UPDATE ON SEQUENCE {} TO {}{}").format(
                    sql.SQL(sequence), who, option
                )
            )
    for statement in statements:
        conn.raw.execute(statement)


def _exists(conn: PgConnection, role: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = ?", (role,)).fetchone() is not None
