"""The group's sharing rules on PostgreSQL (spec §12-13), enforced by the database.

A member is a row of `member` whose `role` is the PostgreSQL role running the command
(`current_user`), not yet left; an admin is such a member with `admin` set. Every group table
has row-level security, enabled and forced, and these policies:

- every member reads the roster and the whole ledger; a role sees nothing of it otherwise
  (it sees its own roster row; the schema's owner reads the roster, which the policy
  functions below need, and could lift the policies anyway);
- a member inserts slips, thanks and one-to-ones only as their `from` side (`a_id` for a
  one-to-one), an admin for anyone (paper slips);
- a slip's status changes only by its receiver (or an admin), and a receiver changes nothing
  else of it (the trigger `netcli_slip_guard`); a slip's history is written by its receiver,
  its giver only as the slip's opening line;
- only admins change the roster, meetings, attendance, visitors and the group itself; the
  first member is the role that makes the group (`net group init`), as its admin.

The two functions that decide membership read `member` as the schema's owner (SECURITY
DEFINER): a policy on `member` that read `member` itself would recurse. Nothing here relies on
anything but table privileges (`net db grant`) and these policies.

The same idempotent statements end a new store's DDL (pg.schema_ddl) and make the PostgreSQL
step 14 for an existing store. Writes to the group tables take one group-wide advisory lock
(`lock`), besides the per-owner lock every write takes, so two members' writes never
interleave their checks. Imported only on PostgreSQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netcli.store import migrations

if TYPE_CHECKING:
    from netcli.store.pg import PgConnection

# One bigint key: a space apart from the per-owner locks' two-int keys. "NETCGRUP".
GROUP_LOCK = 0x4E45544347525550

TABLES = migrations.GROUP_TABLES  # the group's shared ledger

FUNCTIONS = (
    # The active member that role `who` is, or NULL.
    """CREATE OR REPLACE FUNCTION netcli_group_member(who text) RETURNS integer
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT id FROM member WHERE role = who AND left_on IS NULL ORDER BY id LIMIT 1
$$""",
    """CREATE OR REPLACE FUNCTION netcli_group_admin(who text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT EXISTS (SELECT 1 FROM member WHERE role = who AND left_on IS NULL AND admin)
$$""",
    # Whether the roster has anyone yet (the first member makes themself admin).
    """CREATE OR REPLACE FUNCTION netcli_group_started() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT EXISTS (SELECT 1 FROM member)
$$""",
    # A receiver moves a slip; only an admin changes who, what or when.
    """CREATE OR REPLACE FUNCTION netcli_slip_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.from_id, NEW.to_id, NEW.text, NEW.hot, NEW.prospect, NEW.date, NEW.created_at)
     IS DISTINCT FROM
     (OLD.from_id, OLD.to_id, OLD.text, OLD.hot, OLD.prospect, OLD.date, OLD.created_at)
     AND NOT netcli_group_admin(current_user::text) THEN
    RAISE EXCEPTION 'only a group admin can change a slip other than its status'
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$""",
)

ME = "(SELECT netcli_group_member(current_user::text))"
ADMIN = "(SELECT netcli_group_admin(current_user::text))"
IS_MEMBER = f"{ME} IS NOT NULL"
OWNER = (
    "current_user = (SELECT pg_get_userbyid(relowner) FROM pg_catalog.pg_class "
    "WHERE oid = 'member'::regclass)"
)

# table -> (policy name, command, USING, WITH CHECK); every table also gets read and admin.
WRITES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "member": [
        (
            "netcli_group_first",
            "INSERT",
            None,
            "role = current_user::text AND admin AND NOT (SELECT netcli_group_started())",
        )
    ],
    "slip": [
        ("netcli_group_giver", "INSERT", None, f"from_id = {ME}"),
        ("netcli_group_receiver", "UPDATE", f"to_id = {ME}", f"to_id = {ME}"),
    ],
    "slip_history": [
        (
            "netcli_group_slip_side",
            "INSERT",
            None,
            f"EXISTS (SELECT 1 FROM slip AS s WHERE s.id = slip_history.slip_id "
            f"AND (s.to_id = {ME} OR (s.from_id = {ME} AND slip_history.status = 'open')))",
        )
    ],
    "thanks": [("netcli_group_giver", "INSERT", None, f"from_id = {ME}")],
    "one_to_one": [("netcli_group_giver", "INSERT", None, f"a_id = {ME}")],
}


def ddl() -> list[str]:
    """Functions, row-level security and policies of the group tables; idempotent."""
    out = list(FUNCTIONS)
    out.append("DROP TRIGGER IF EXISTS netcli_slip_guard ON slip")
    out.append(
        "CREATE TRIGGER netcli_slip_guard BEFORE UPDATE ON slip "
        "FOR EACH ROW EXECUTE FUNCTION netcli_slip_guard()"
    )
    for table in TABLES:
        read = IS_MEMBER
        if table == "member":  # the owner first: the functions read it as the owner
            read = f"{OWNER} OR role = current_user::text OR {IS_MEMBER}"
        policies = [
            ("netcli_group_read", "SELECT", read, None),
            ("netcli_group_admins", "ALL", ADMIN, ADMIN),
            *WRITES.get(table, []),
        ]
        out.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        out.append(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        for name, command, using, check in policies:
            out.append(f"DROP POLICY IF EXISTS {name} ON {table}")
            text = f"CREATE POLICY {name} ON {table} FOR {command}"
            if using is not None:
                text += f" USING ({using})"
            if check is not None:
                text += f" WITH CHECK ({check})"
            out.append(text)
    return out


def apply(conn: PgConnection) -> None:
    """The PostgreSQL step 14: the group tables' policies on an existing store."""
    for statement in ddl():
        conn.raw.execute(statement.encode())


def current_role(conn: PgConnection) -> str:
    row = conn.execute("SELECT current_user").fetchone()
    assert row is not None
    return str(row[0])


def role_exists(conn: PgConnection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = ?", (name,)).fetchone() is not None


def lock(conn: PgConnection) -> None:
    """The group-wide write lock, held to the end of the transaction."""
    conn.execute(f"SELECT pg_advisory_xact_lock({GROUP_LOCK})")
