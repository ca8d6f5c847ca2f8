"""Every write command runs on one plain sqlite3 transaction; what it stores must be in the
schema's forms (store/models.py): dates as ISO text, booleans 0/1, stamps with their offset,
the declared defaults where a command leaves a column out."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}")


def _everything(net: Any) -> None:
    """Every write command a user types, on one store."""
    net("add", "Vittoria Guidi")
    net(
        "add", "Anna Blu", "--email", "Anna@Blu.it", "--email", "a2@blu.it",
        "--phone", "+39 333  1", "--tag", "VIP", "--tag", "bni", "--company", "ACME",
        "--title", "CEO", "--category", "avvocato", "--city", "Città di Castello",
        "--birthday", "03-04", "--note", "n", "--url", "https://a.it", "--trust", "4",
        "--every", "2w", "--via", "Vittoria", "--met-on", "2026-11-01",
    )  # fmt: skip
    net("add", "Bare Minimum")
    net("add", "Bruno Neri", "--email", "b@neri.it")
    net("add", "Bruno Nero", "--email", "B@Neri.it", "--force")
    net("edit", "Anna", "--city", "Roma", "--tag", "new", "--untag", "vip", "--add-note", "x")
    net("log", "Anna", "Vittoria", "--kind", "call", "--date", "2026-11-20", "-m", " coffee ")
    net("remind", "Anna", "2026-11-25", "-m", "call back")
    net("snooze", "Anna", "2026-12-01")
    net("remind", "Bare", "today")
    net("done", "Bare", "--kind", "call")
    net("intro", "Anna", "Bare", "-m", "caffè")
    net("outcome", "2", "business", "--value", "1200.50")
    net("intro", "Anna", "Vittoria", "--by", "Bare", "--date", "2026-11-20")
    net("ask", "Anna", "a notaio", "--tag", "legal")
    net("ask", "Bare", "a printer")
    net("resolve", "2", "--dropped")
    net("give", "Anna", "a client", "--value", "100", "--for", "1")
    net("got", "Bare", "a tip")
    net("link", "Anna", "Bare", "--strength", "4", "--note", "same gym")
    net("link", "Vittoria", "Bare")
    net("unlink", "Vittoria", "Bare")
    net("archive", "Vittoria")
    net("unarchive", "Vittoria")
    net("config", "currency", "chf")
    net("merge", "Bruno Neri", "Bruno Nero", "--yes")
    net("rm", "Vittoria", "--yes")


def test_every_write_stores_the_schema_forms(net: Any, env: Path) -> None:
    _everything(net)
    conn = sqlite3.connect(env)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    checked = 0
    for table in tables:
        columns = conn.execute(f"PRAGMA table_info({table})").fetchall()
        for _, column, kind, _, _, _ in columns:
            values = [r[0] for r in conn.execute(f"SELECT {column} FROM {table}")]
            for value in values:
                checked += 1
                where = f"{table}.{column} = {value!r}"
                if kind == "DATE":
                    assert value is None or ISO_DATE.fullmatch(value), where
                elif kind == "BOOLEAN":
                    assert value in (0, 1), where
                elif column in ("created_at", "updated_at"):
                    assert STAMP.fullmatch(value), where
                elif kind == "INTEGER":
                    assert value is None or type(value) is int, where
    assert checked > 150


def test_commands_leave_the_declared_defaults(net: Any, env: Path) -> None:
    _everything(net)
    conn = sqlite3.connect(env)
    conn.row_factory = sqlite3.Row
    bare = conn.execute("SELECT * FROM contact WHERE name = 'Bare Minimum'").fetchone()
    assert (bare["trust"], bare["is_me"], bare["archived"], bare["via_id"]) == (3, 0, 0, None)
    assert bare["created_at"] == bare["updated_at"]
    anna = conn.execute("SELECT * FROM contact WHERE name = 'Anna Blu'").fetchone()
    assert (anna["met_on"], anna["snoozed_until"], anna["city"]) == (
        "2026-11-01",
        "2026-12-01",
        "Roma",
    )
    emails = conn.execute(
        "SELECT email, email_key, position FROM email WHERE contact_id = ? ORDER BY position",
        (anna["id"],),
    )
    assert [tuple(r) for r in emails] == [
        ("Anna@Blu.it", "anna@blu.it", 0),
        ("a2@blu.it", "a2@blu.it", 1),
    ]
    intros = conn.execute("SELECT status, value_cents, note FROM intro ORDER BY id").fetchall()
    # the intro of net add --via and the one to Vittoria went with her (net rm)
    assert [tuple(r) for r in intros] == [("business", 120050, "caffè")]
    asks = conn.execute("SELECT text, tags, status FROM ask ORDER BY id").fetchall()
    assert [tuple(r) for r in asks] == [
        ("a notaio", '["legal"]', "resolved"),  # the give for it resolved it
        ("a printer", "[]", "dropped"),
    ]
    gives = conn.execute("SELECT text, kind, value_cents, ask_id FROM give ORDER BY id")
    assert [tuple(r) for r in gives] == [
        ("a client", "referral", 10000, 1),
        ("a tip", "referral", None, None),
    ]
    links = conn.execute("SELECT strength, note FROM link").fetchall()
    assert [tuple(r) for r in links] == [(4, "same gym")]
    reminders = conn.execute("SELECT date, note, done_on FROM reminder ORDER BY id").fetchall()
    assert [tuple(r) for r in reminders] == [
        ("2026-12-01", "call back", None),  # snoozed with the contact
        ("2026-11-27", None, "2026-11-27"),  # cleared by done
    ]
    assert conn.execute("SELECT value FROM setting WHERE key = 'currency'").fetchone()[0] == "CHF"
    bruno = conn.execute("SELECT id FROM contact WHERE name LIKE 'Bruno%'").fetchall()
    assert len(bruno) == 1  # merged


def test_a_failing_add_writes_nothing(net: Any, store: Any) -> None:
    """The contact row goes in before its phones are checked: one transaction undoes it."""
    result = net("add", "Zeno Rossi", "--phone", "no digits", code=3)
    assert result.stderr == "error: 'no digits' is not a phone number\n"
    assert net.json("list") == []


def test_emails_and_phones_keep_the_order_they_were_added_in(net: Any) -> None:
    net("add", "Ann Bee", "--email", "a@x.it", "--email", "b@x.it", "--email", "c@x.it",
        "--email", "d@x.it", "--phone", "111", "--phone", "222")  # fmt: skip
    net("edit", "ann", "--remove-email", "a@x.it", "--remove-email", "b@x.it", "--email", "e@x.it")
    net("edit", "ann", "--phone", "111", "--phone", "222", "--phone", "333")  # two known
    net("edit", "ann", "--phone", "444")
    ann = net.json("show", "ann")
    assert ann["emails"] == ["c@x.it", "d@x.it", "e@x.it"]
    assert ann["phones"] == ["111", "222", "333", "444"]
    result = net("edit", "ann", "--remove-email", "nope@x.it", "--name", "Zed Q", code=3)
    assert result.stderr == "error: Ann Bee has no email 'nope@x.it'\n"


def test_rm_deletes_what_is_only_theirs(net: Any, env: Path) -> None:
    """Foreign keys cascade, a shared interaction keeps the other person, the other people's
    derived dates are refreshed."""
    net("add", "Anna Blu", "--email", "a@blu.it")
    net("add", "Bruno Neri")
    net("ask", "Anna", "x")
    net("give", "Anna", "y")
    net("log", "Anna", "--date", "2026-11-20")
    net("log", "Anna", "Bruno", "--date", "2026-11-25")
    net("rm", "Anna", "--yes")
    conn = sqlite3.connect(env)
    people = conn.execute("SELECT id, name, last_contact FROM contact ORDER BY id").fetchall()
    assert [p[1:] for p in people] == [("Me", None), ("Bruno Neri", "2026-11-25")]
    for table in ("email", "ask", "give"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert conn.execute("SELECT date FROM interaction").fetchall() == [("2026-11-25",)]
    assert conn.execute("SELECT contact_id FROM interaction_contact").fetchall() == [
        (people[1][0],)
    ]


def test_merge_keeps_the_stronger_link_and_the_first_note(net: Any) -> None:
    for name in ("Anna Blu", "Anna Blu2", "Carla Rossi", "Dario Verdi"):
        net("add", name, "--force")
    net("link", "Anna Blu", "Carla", "--strength", "2")
    net("link", "Anna Blu2", "Carla", "--strength", "5", "--note", "old friends")
    net("link", "Anna Blu2", "Anna Blu", "--strength", "4")  # becomes a self-link: dropped
    net("link", "Anna Blu2", "Dario", "--note", "gym")
    net("merge", "Anna Blu", "Anna Blu2", "--yes")
    links = {
        (x["contact"], x["strength"], x["note"]) for x in net.json("show", "Anna Blu")["links"]
    }
    assert links == {("Carla Rossi", 5, "old friends"), ("Dario Verdi", 3, "gym")}
