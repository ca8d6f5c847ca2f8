"""The results loop (spec §11): referral lifecycles, deadlines both ways, double opt-in
intros and credit, through the CLI. Today is 2026-11-27 (tests/conftest.py)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from netcli.services import credit

GIVE_KEYS = {
    "id", "giver_id", "giver", "receiver_id", "receiver", "text", "kind", "value", "date",
    "ask_id", "status", "status_on", "hot", "prospect_id", "prospect", "closed_value", "history",
}  # fmt: skip
CREDIT_KEYS = {"result", "date", "value", "direct_id", "direct", "chain", "origin_id", "origin"}


@pytest.fixture
def chain(net: Any) -> Any:
    """Luca #2 introduced me to Maria #3 (--via); Maria introduced me to Paolo #4 (an intro);
    Anna #5 is a prospect."""
    net("add", "Luca Bianchi")
    net("add", "Maria Rossi", "--via", "Luca", "--met-on", "2026-01-10")
    net("add", "Paolo Verdi")
    net("intro", "me", "Paolo", "--by", "Maria", "--date", "2026-02-01")
    net("add", "Anna Neri")
    return net


def referral_items(net: Any, *args: str) -> list[dict[str, Any]]:
    return [i for i in net.json("due", *args) if i["reason"] == "referral"]


def test_a_referral_that_closes_counts_once_everywhere(chain: Any) -> None:
    got = chain.json(
        "got", "Paolo", "office fit-out", "--prospect", "Anna", "--hot", "4", "--value", "5000"
    )
    assert GIVE_KEYS <= set(got)
    assert (got["status"], got["status_on"], got["hot"], got["prospect"]) == (
        "open",
        "2026-11-27",
        4,
        "Anna Neri",
    )
    assert got["history"] == [{"status": "open", "date": "2026-11-27", "value": None, "note": None}]
    # the expected value is not a result
    assert chain.json("balance", "Paolo")[0]["received_value"] == 0
    chain("outcome", "g1", "contacted")
    r = chain("outcome", "g1", "closed", "--value", "7.500", "-m", "signed")
    assert r.stdout.startswith("Referral g1 is now business (7,500.00 EUR)")
    g = chain.json("gives")[0]
    assert (g["status"], g["closed_value"], g["value"]) == ("business", 7500, 5000)
    assert [h["status"] for h in g["history"]] == ["open", "contacted", "business"]
    assert g["history"][-1] == {"status": "business", "date": "2026-11-27", "value": 7500,
                                "note": "signed"}  # fmt: skip
    row = chain.json("balance", "Paolo")[0]
    assert (row["received_count"], row["received_value"]) == (1, 7500)
    report = chain.json("report")
    assert report["business_value"] == 7500 and report["received_value"] == 7500
    assert (report["referrals_received"], report["referrals_closed"]) == (1, 1)
    assert report["referral_conversion"] == 1.0 and report["median_days_to_contact"] == 0
    assert report["top_origins"] == [
        {"contact_id": 2, "contact": "Luca Bianchi", "results": 1, "value": 7500}
    ]
    (c,) = chain.json("credit")
    assert set(c) == CREDIT_KEYS
    assert [p["name"] for p in c["chain"]] == ["Luca Bianchi", "Maria Rossi", "Paolo Verdi"]
    assert (c["result"], c["value"], c["origin"], c["direct"]) == (
        "g1",
        7500,
        "Luca Bianchi",
        "Paolo Verdi",
    )
    assert chain.json("credit", "--by-origin") == [
        {"origin_id": 2, "origin": "Luca Bianchi", "results": 1, "value": 7500}
    ]
    assert chain.json("show", "Paolo")["credit"] == {
        "direct_value": 7500,
        "downstream_value": 0,
        "results": 1,
    }
    assert chain.json("show", "Luca")["credit"]["downstream_value"] == 7500
    assert (
        "credit    1 result: 7,500.00 EUR through people they introduced"
        in chain("show", "Luca").stdout
    )
    assert chain("credit").stdout.splitlines()[1].split()[:2] == ["g1", "2026-11-27"]


def test_closed_then_reopened_and_a_corrected_value(chain: Any) -> None:
    chain("got", "Paolo", "a lead")
    chain("outcome", "g1", "business", "--value", "1000")
    chain("outcome", "g1", "business", "--value", "1200")  # a correction
    assert chain.json("balance", "Paolo")[0]["received_value"] == 1200
    assert chain.json("credit")[0]["value"] == 1200
    assert chain.json("report")["business_value"] == 1200
    chain("outcome", "g1", "met")  # reopened: no result any more
    assert chain.json("credit") == []
    assert chain.json("report")["business_value"] == 0
    g = chain.json("gives")[0]
    assert (g["status"], g["closed_value"]) == ("met", None)
    assert [(h["status"], h["value"]) for h in g["history"]] == [
        ("open", None),
        ("business", 1000),
        ("business", 1200),
        ("met", None),
    ]
    chain("outcome", "g1", "business")  # back to business keeps no lost value: none was kept
    assert chain.json("gives")[0]["closed_value"] is None


def test_received_referral_is_due_on_the_giver_and_declined_clears_it(chain: Any) -> None:
    chain("got", "Paolo", "a new client", "--prospect", "Anna", "--date", "2026-11-25")
    (item,) = referral_items(chain, "--days", "0")
    assert (item["contact"], item["due"], item["overdue_days"]) == ("Paolo Verdi", "2026-11-27", 0)
    assert "Anna Neri" in item["detail"] and item["ref"] == {"give": 1}
    assert item["command"] == "net outcome g1 contacted"
    chain("got", "Paolo", "yesterday's lead", "--date", "yesterday")
    assert [i["due"] for i in referral_items(chain, "--days", "1")] == ["2026-11-27", "2026-11-28"]
    chain("outcome", "g1", "no-sale")
    assert [i["ref"] for i in referral_items(chain, "--days", "1")] == [{"give": 2}]


def test_given_referral_is_checked_after_each_change_until_closed(chain: Any) -> None:
    chain("config", "due.intro_days", "7")
    chain("give", "Maria", "a lawyer for her", "--date", "2026-11-10")
    (item,) = referral_items(chain)
    assert (item["contact"], item["due"], item["command"]) == (
        "Maria Rossi",
        "2026-11-17",
        "net outcome g1 contacted",
    )
    chain("outcome", "g1", "contacted", "--date", "2026-11-25")
    (item,) = referral_items(chain)
    assert (item["due"], item["command"]) == ("2026-12-02", "net outcome g1 met")
    chain("outcome", "g1", "business", "--value", "300")
    assert referral_items(chain) == []
    # a referral between two other people is nobody's deadline of mine
    chain("give", "Paolo", "a lead", "--from", "Luca", "--date", "2026-11-01")
    assert referral_items(chain) == []


def test_proposed_intro_is_due_on_b_and_can_be_declined(chain: Any) -> None:
    r = chain("intro", "Paolo", "Anna", "--propose", "--date", "2026-11-20")
    assert "proposed" in r.stdout
    (item,) = [i for i in chain.json("due") if i["ref"] == {"intro": 3}]
    assert (item["contact"], item["due"], item["command"]) == (
        "Anna Neri",
        "2026-11-23",
        "net outcome i3 made",
    )
    assert chain.json("intros", "--status", "proposed")[0]["id"] == 3
    chain("outcome", "i3", "declined")
    assert [i for i in chain.json("due") if i["ref"] == {"intro": 3}] == []
    assert [h["status"] for h in chain.json("intros")[0]["history"]] == ["proposed", "declined"]


def test_proposed_intro_made_dates_from_consent(chain: Any) -> None:
    chain("intro", "Paolo", "Anna", "--propose", "--date", "2026-11-01")
    chain("outcome", "3", "made", "--date", "2026-11-26")
    i = chain.json("intros")[0]
    assert (i["status"], i["date"]) == ("made", "2026-11-26")
    assert [i["due"] for i in chain.json("due") if i["ref"] == {"intro": 3}] == ["2026-12-03"]


def test_credit_chain_with_a_cycle_and_an_archived_contact(chain: Any) -> None:
    # Paolo introduced me to Maria as well: Maria (via Luca) ... a cycle Maria ↔ Paolo
    chain("edit", "Maria", "--via", "Paolo")
    chain("got", "Paolo", "a job", "--kind", "business", "--value", "100")
    (c,) = chain.json("credit")
    assert [p["name"] for p in c["chain"]] == ["Maria Rossi", "Paolo Verdi"]
    chain("edit", "Maria", "--via", "Luca")
    chain("archive", "Luca")
    (c,) = chain.json("credit")
    assert c["origin"] == "Luca Bianchi"  # an archived contact still brought it
    assert chain.json("credit", "Luca Bianchi")[0]["result"] == "g1"
    assert chain.json("credit", "Anna") == []


def test_credit_since_boundaries(chain: Any) -> None:
    chain("got", "Paolo", "job", "--kind", "business", "--value", "10", "--date", "2026-11-20")
    chain("got", "Maria", "job", "--kind", "business", "--value", "20", "--date", "2026-11-21")
    assert [c["value"] for c in chain.json("credit", "--since", "2026-11-21")] == [20]
    assert [c["value"] for c in chain.json("credit", "--since", "2026-11-20")] == [20, 10]
    assert chain.json("credit", "--since", "2026-11-22") == []
    rows = chain.json("balance", "--since", "2026-11-21")
    assert [(r["contact"], r["received_value"]) for r in rows] == [("Maria Rossi", 20)]


def test_deleting_the_direct_person_deletes_their_results(chain: Any) -> None:
    chain("got", "Paolo", "job", "--kind", "business", "--value", "10")
    chain("rm", "Paolo", "--yes")
    assert chain.json("credit") == []
    assert chain.json("show", "Luca")["credit"]["results"] == 0
    # a deleted upstream person ends the chain one step lower
    chain("got", "Maria", "job", "--kind", "business", "--value", "5")
    chain("rm", "Luca", "--yes")
    (c,) = chain.json("credit")
    assert [p["name"] for p in c["chain"]] == ["Maria Rossi"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("g9", "met"), 3, "error: no give g9"),
        (("g1", "won"), 2, "error: invalid value for 'status'"),
        (("g1", "made"), 2, "error: a referral outcome is one of"),
        (("g2", "met"), 3, "error: g2 is a give of kind advice"),
        (("i1", "contacted"), 2, "error: an intro outcome is one of"),
        (("g1", "met", "--value", "5"), 2, "error: --value goes with the outcome 'business'"),
        (("g1", "met", "--date", "2026-01-01"), 3, "error: the outcome (2026-01-01) cannot"),
        (("a1", "met"), 3, "error: 'a1' is an ask id"),
    ],
)
def test_outcome_errors(chain: Any, args: tuple[str, ...], code: int, message: str) -> None:
    chain("got", "Paolo", "a lead")
    chain("got", "Paolo", "tips", "--kind", "advice")
    r = chain("outcome", *args, code=code)
    assert r.stderr.startswith(message), r.stderr


def test_give_option_errors(chain: Any) -> None:
    assert "--hot" in chain("give", "Paolo", "x", "--hot", "9", code=2).stderr
    r = chain("give", "Paolo", "x", "--kind", "advice", "--hot", "2", code=2)
    assert "go with referrals" in r.stderr
    assert "prospect" in chain("give", "Paolo", "x", "--prospect", "Paolo", code=3).stderr
    assert chain.json("gives") == []


def test_gives_and_referrals_listings(chain: Any) -> None:
    chain("got", "Paolo", "lead one", "--prospect", "Anna", "--date", "2026-11-20")
    chain("give", "Maria", "lead two")
    chain("give", "Maria", "tips", "--kind", "advice")
    chain("outcome", "g2", "declined")
    assert [g["id"] for g in chain.json("gives", "--kind", "referral")] == [2, 1]
    assert [g["id"] for g in chain.json("gives", "--status", "declined")] == [2]
    assert [g["id"] for g in chain.json("referrals", "--open")] == [1]
    assert [g["id"] for g in chain.json("referrals", "--given")] == [2]
    assert [g["id"] for g in chain.json("referrals", "--received")] == [1]
    assert [g["id"] for g in chain.json("referrals", "Anna")] == [1]
    assert chain.json("referrals", "--received")[0]["age_days"] == 7
    table = chain("referrals").stdout.splitlines()
    assert table[0].split()[:4] == ["ID", "DATE", "FROM", "TO"]
    assert table[1].split()[0] == "g2"
    assert "exclude" in chain("referrals", "--given", "--received", code=2).stderr


def test_json_round_trip_keeps_lifecycles(chain: Any, tmp_path: Path) -> None:
    chain("got", "Paolo", "lead", "--prospect", "Anna", "--hot", "5")
    chain("outcome", "g1", "business", "--value", "99,50", "-m", "grazie")
    chain("intro", "Paolo", "Anna", "--propose")
    first = chain("export").stdout
    os.environ["NET_DB"] = str(tmp_path / "copy.db")
    chain("import", "-", input=first)
    again, second = json.loads(first), json.loads(chain("export").stdout)
    for d in (again, second):
        d.pop("exported_at")
    assert second == again
    assert second["gives"][0]["history"][-1]["note"] == "grazie"


@pytest.mark.sqlite_only("rebuilds an old SQLite store file (PostgreSQL's: tests/store)")
def test_an_old_store_migrates_its_referrals(chain: Any, env: Path) -> None:
    chain("got", "Paolo", "lead", "--date", "2026-11-01")
    chain("intro", "Paolo", "Anna")
    chain("outcome", "i3", "met")
    conn = sqlite3.connect(env)
    # back to schema 5: give without its lifecycle, intro without `proposed`
    conn.execute("DROP TABLE status_change")
    columns = "id, giver_id, receiver_id, text, kind, value_cents, date, ask_id, created_at"
    conn.execute(
        "CREATE TABLE give_old (id INTEGER PRIMARY KEY, giver_id INTEGER, receiver_id INTEGER, "
        "text VARCHAR, kind VARCHAR, value_cents INTEGER, date DATE, ask_id INTEGER, "
        "created_at VARCHAR)"
    )
    conn.execute(f"INSERT INTO give_old SELECT {columns} FROM give")
    conn.execute("DROP TABLE give")
    conn.execute("ALTER TABLE give_old RENAME TO give")
    (intro_sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'intro'").fetchone()
    conn.execute("ALTER TABLE intro RENAME TO intro_new")
    conn.execute(intro_sql.replace("'proposed',", ""))
    conn.execute("INSERT INTO intro SELECT * FROM intro_new")
    conn.execute("DROP TABLE intro_new")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    g = chain.json("gives")[0]
    # open, with no status change recorded: never due (years of old referrals would be)
    assert (g["status"], g["status_on"], g["hot"]) == ("open", None, 3)
    assert [h["status"] for h in g["history"]] == ["open"]
    assert referral_items(chain) == []
    assert [h["status"] for h in chain.json("intros")[0]["history"]] == ["made", "met"]
    assert chain.json("intros")[0]["id"] == 3
    assert len(list(env.parent.glob("net.db.v5-*.bak"))) == 1
    chain("intro", "Luca", "Anna", "--propose")  # the rebuilt intro table takes `proposed`


@pytest.mark.sqlite_only("reads SQLite's query plans")
def test_due_reads_referrals_through_indexes(chain: Any, env: Path) -> None:
    from netcli.store import referrals

    conn = sqlite3.connect(env)
    plans = []
    for sql_of in (referrals.received_open, referrals.given_in_play):
        captured: list[str] = []
        conn.set_trace_callback(captured.append)
        sql_of(conn, 1, "2026-11-27")
        conn.set_trace_callback(None)
        plan = conn.execute("EXPLAIN QUERY PLAN " + captured[-1].split(";")[0]).fetchall()
        plans.append(" ".join(str(r[3]) for r in plan))
    conn.close()
    for plan in plans:
        assert "ix_give_status_on" in plan and "SCAN g " not in plan, plan


def test_chain_rule_is_pure() -> None:
    parents = {4: (3, "C"), 3: (2, "B"), 2: (4, "D")}  # a cycle 4 → 3 → 2 → 4
    assert credit.chain((4, "D"), 1, parents.get) == [(2, "B"), (3, "C"), (4, "D")]
    assert credit.chain((5, "E"), 1, {5: (1, "Me")}.get) == [(5, "E")]


def test_edit_corrects_a_referrals_hot_rating_and_prospect(net: Any) -> None:
    net("add", "Paolo Verdi")
    net("add", "Lucia Moretti")
    net("got", "Paolo", "a lead", "--hot", "2")
    g = net.json("edit", "g1", "--hot", "5", "--prospect", "Lucia")
    assert (g["hot"], g["prospect"]) == (5, "Lucia Moretti")
    assert net.json("edit", "g1", "--prospect", "")["prospect"] is None
    assert net("edit", "g1", "--hot", "9", code=2).exit_code == 2
    net("give", "Paolo", "a book", "--kind", "gift")
    refused = net("edit", "g2", "--hot", "4", code=3)
    assert refused.stderr == "error: --hot and --prospect go with a referral, not a gift give\n"
