"""`net demo`: a sample network that gives every view something to show (spec §6 Data)."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def demo(net: Any) -> Any:
    result = net("demo")
    assert result.stdout.startswith("Filled ")
    return net


def test_demo_fills_an_empty_store(net: Any, env: Path) -> None:
    summary = net.json("demo")
    assert summary["path"] == os.environ["NET_DB"]
    assert summary["contacts"] == 40
    assert summary["intros"] >= 30 and summary["asks"] >= 10 and summary["gives"] >= 40
    assert summary["interactions"] >= 100 and summary["links"] >= 20 and summary["reminders"] >= 3


def test_demo_refuses_a_store_that_is_not_empty(net: Any) -> None:
    net("add", "Maria Rossi")
    err = net("demo", code=3).stderr
    assert err.startswith("error: the store is not empty")
    assert [c["name"] for c in net.json("list")] == ["Maria Rossi"]
    net("rm", "Maria", "--yes")
    net("demo")
    net("demo", code=3)


def test_one_member_per_profession_with_italian_names(demo: Any) -> None:
    contacts = demo.json("list")
    assert len(contacts) == 40
    assert len({c["category"] for c in contacts}) == 40
    names = {c["name"] for c in contacts}
    assert {"Nicolò Ferrari", "Ludovica Cantù", "Camilla Ferrè", "Giosuè Bertolè"} <= names
    assert {"commercialista", "avvocato", "notaio", "architetto"} <= {
        c["category"] for c in contacts
    }
    assert all(c["emails"] and c["phones"] and "bni" in c["tags"] for c in contacts)


def test_every_reason_is_due_in_the_demo(demo: Any) -> None:
    items = demo.json("due")
    assert {i["reason"] for i in items} == {
        "reminder", "cadence", "intro", "referral", "ask", "birthday"
    }  # fmt: skip
    groups = {("overdue" if i["overdue_days"] > 0 else "today" if i["overdue_days"] == 0 else "up")
              for i in items}  # fmt: skip
    assert groups == {"overdue", "today", "up"}


@pytest.mark.parametrize(
    "command",
    [["due"], ["balance"], ["intros"], ["asks"], ["gives"], ["show", "Giulia"], ["digest"]],
)
def test_every_view_has_something_to_show(demo: Any, command: list[str]) -> None:
    result = demo(*command)
    assert len(result.stdout.splitlines()) >= 3, result.stdout


def test_demo_has_outcomes_values_and_both_directions(demo: Any) -> None:
    intros = demo.json("intros")
    assert {"made", "met", "business", "declined"} <= {i["status"] for i in intros}
    assert any(i["value"] for i in intros if i["status"] == "business")
    gives = demo.json("gives")
    me = 1
    assert any(g["giver_id"] == me for g in gives) and any(g["receiver_id"] == me for g in gives)
    assert any(g["ask_id"] for g in gives)
    asks = demo.json("asks", "--all")
    assert {"open", "resolved", "dropped"} <= {a["status"] for a in asks}
    assert demo.json("balance")


def test_demo_is_the_same_network_every_time(net: Any, tmp_path: Path) -> None:
    first = tmp_path / "a.db"
    second = tmp_path / "b.db"
    net("--db", str(first), "demo")
    net("--db", str(second), "demo")
    for view in (["due"], ["intros"], ["gives"], ["balance"]):
        assert net("--db", str(first), *view, "--json").stdout == (
            net("--db", str(second), *view, "--json").stdout
        )


def test_stored_dates_agree_with_the_source_tables(demo: Any, store_sql: Any) -> None:
    """last_contact and next_due, kept by the write path, match a from-scratch computation."""
    from netcli.services.followups import due_items

    with store_sql() as conn:
        me = 1
        for c in conn.execute("SELECT id, last_contact, next_due FROM contact WHERE is_me = 0"):
            touch = conn.execute(
                """SELECT max(d) FROM (
                     SELECT i.date AS d FROM interaction i JOIN interaction_contact ic
                       ON ic.interaction_id = i.id WHERE ic.contact_id = :c
                     UNION ALL SELECT date FROM give WHERE (giver_id = :me AND receiver_id = :c)
                       OR (giver_id = :c AND receiver_id = :me)
                     UNION ALL SELECT date FROM intro WHERE :me IN (by_id, a_id, b_id)
                       AND :c IN (by_id, a_id, b_id))""",
                {"c": c["id"], "me": me},
            ).fetchone()[0]
            assert c["last_contact"] == touch
            items = due_items(conn, date(2026, 11, 27), 3650, c["id"])
            dated = [i.due for i in items if i.reason in ("cadence", "reminder")]
            expected = min(dated).isoformat() if dated else None
            assert c["next_due"] == expected, (c["id"], items)


def test_demo_on_a_named_store_then_due(net_proc: Any, tmp_path: Path) -> None:
    """The README's first command, as real processes."""
    db = str(tmp_path / "demo.db")
    made = net_proc("--db", db, "demo")
    assert made.returncode == 0, made.stderr
    shown = net_proc("--db", db, "due", "--json")
    assert shown.returncode == 0 and json.loads(shown.stdout)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 41
    conn.close()


def test_demo_tells_the_results_story(demo: Any) -> None:
    referrals = demo.json("referrals")
    assert {"open", "contacted", "met", "business", "declined"} <= {g["status"] for g in referrals}
    assert all(g["kind"] == "referral" for g in referrals)
    today = [i for i in demo.json("due", "--days", "0") if i["reason"] == "referral"]
    assert any(i["overdue_days"] == 0 and "contacted" in i["command"] for i in today)
    assert any(g["date"] == "2026-11-26" and g["status"] == "open" for g in referrals)
    assert demo.json("intros", "--status", "proposed")
    chains = [len(c["chain"]) for c in demo.json("credit")]
    assert max(chains) >= 3
    # each kind of give says something that fits it
    gives = demo.json("gives")
    assert not [g for g in gives if g["kind"] == "business" and "ticket" in g["text"]]
    assert len({i["note"] for i in demo.json("intros") if i["note"]}) >= 10


def test_show_credit_agrees_with_net_credit(demo: Any) -> None:
    """`net show` finds a contact's credit from their side; `net credit` from every result."""
    from netcli.services.credit import totals_for

    rows = [{**r, "cents": round(r["value"] * 100)} for r in demo.json("credit")]
    for name in ("Giulia Bianchi", "Luca Fumagalli", "Alessia Romano", "Davide Ricci"):
        shown = demo.json("show", name)
        expected = totals_for(rows, shown["id"])
        assert shown["credit"] == json.loads(json.dumps(expected, default=float))


def test_the_next_contact_after_the_demo_takes_the_next_id(demo: Any) -> None:
    """The demo's rows carry their ids: the store numbers the next one after them (on
    PostgreSQL, its id sequences moved past them)."""
    assert demo("add", "Zeno Verdi").stdout == "Added #42 Zeno Verdi\n"
    demo("log", "Zeno", "-m", "primo caffè")
    assert demo.json("show", "Zeno")["id"] == 42
