"""Records you can correct (issue 14 items 4-6): typed ids in listings, `net show ID`,
`net edit ID`, `net rm ID`, `net history`, and `net done` clearing a birthday."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from netcli.store import migrations


@pytest.fixture
def people(net: Any) -> Any:
    """Maria #2, Paolo #3, Luca #4 (me is #1)."""
    for name in ("Maria Rossi", "Paolo Verdi", "Luca Bianchi"):
        net("add", name)
    return net


def show(net: Any, ref: str) -> Any:
    return net.json("show", ref)


# typed ids in listings ------------------------------------------------------------------


def test_listings_show_typed_ids_and_json_keeps_both(people: Any) -> None:
    people("intro", "Maria", "Paolo")
    people("ask", "Maria", "a lawyer")
    people("give", "Maria", "a client", "--for", "a1")
    people("log", "Paolo", "-m", "coffee")
    assert people("intros").stdout.splitlines()[1].split()[0] == "i1"
    assert people("asks", "--all").stdout.splitlines()[1].split()[0] == "a1"
    row = people("gives").stdout.splitlines()[1].split()
    assert row[0] == "g1" and row[-1] == "a1"  # the ask it fulfilled, typed too
    for command, ref in (("intros", "i1"), ("asks", "a1"), ("gives", "g1")):
        found = people.json(command, *(["--all"] if command == "asks" else []))[0]
        assert (found["id"], found["ref"]) == (1, ref)
    got = next(csv.DictReader(io.StringIO(people("intros", "--format", "csv").stdout)))
    assert got["ref"] == "i1"
    assert people.json("log", "Luca")["ref"] == "x2"


def test_single_kind_commands_take_the_bare_or_the_typed_id(people: Any) -> None:
    people("ask", "Maria", "a lawyer")
    people("ask", "Paolo", "a notary")
    people("intro", "Maria", "Paolo")
    assert people.json("resolve", "1")["status"] == "resolved"
    assert people.json("resolve", "a2")["status"] == "resolved"
    assert people.json("outcome", "i1", "met")["status"] == "met"
    r = people("outcome", "a1", "met", code=3)  # outcome takes intros and referrals only
    assert r.stderr.startswith("error: 'a1' is an ask id")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "i3"), "error: no intro i3\n"),
        (("show", "a9"), "error: no ask a9\n"),
        (("edit", "g3", "--text", "x"), "error: no give g3\n"),
        (("rm", "x3", "--yes"), "error: no interaction x3\n"),
        (("show", "r3"), "error: no reminder r3\n"),
        (("resolve", "5"), "error: no ask a5\n"),
        (("outcome", "i3", "met"), "error: no intro i3\n"),
    ],
)
def test_an_unknown_id_is_exit_3_naming_it(people: Any, args: tuple[str, ...], message: str):
    assert people(*args, code=3).stderr == message


def test_a_contact_named_like_a_typed_id_is_reached_by_its_number(net: Any) -> None:
    net("add", "G3")
    assert net("show", "g3", code=3).stderr == "error: no give g3\n"
    assert net.json("show", "#2")["name"] == "G3"
    net("edit", "#2", "--company", "Acme")
    assert net.json("show", "#2")["company"] == "Acme"


# net show ID ------------------------------------------------------------------------------


def test_show_one_record_of_each_kind_with_its_history(people: Any) -> None:
    people("intro", "Maria", "Paolo", "--by", "Luca", "--date", "2026-11-01", "-m", "lawyer")
    people("outcome", "1", "business", "--value", "1.200", "--date", "2026-11-20", "-m", "won")
    intro = show(people, "i1")
    assert intro["type"] == "intro" and intro["ref"] == "i1" and intro["status"] == "business"
    assert [(h["status"], h["date"]) for h in intro["history"]] == [
        ("made", "2026-11-01"),
        ("business", "2026-11-20"),
    ]
    text = people("show", "i1").stdout
    assert text.startswith("Intro i1: Luca Bianchi introduced Maria Rossi to Paolo Verdi\n")
    assert "History:\n  2026-11-01  made" in text
    assert "  2026-11-20  business  1,200.00 EUR · won" in text
    people("log", "Maria", "Paolo", "--kind", "call", "-m", "intro call")
    interaction = show(people, "x1")
    assert interaction["contacts"] == ["Maria Rossi", "Paolo Verdi"]
    assert interaction["history"] == []
    people("remind", "Maria", "2026-12-01", "-m", "send the offer")
    reminder = show(people, "R1")
    assert (reminder["ref"], reminder["date"], reminder["done"]) == ("r1", "2026-12-01", False)
    assert people("show", "r1").stdout.startswith("Reminder r1: Maria Rossi on 2026-12-01\n")


def test_show_a_contact_lists_pending_reminders(people: Any) -> None:
    people("remind", "Maria", "2026-12-01", "-m", "send the offer")
    people("remind", "Maria", "2026-11-20", "-m", "already past")
    people("done", "Maria")  # clears the one due by today
    profile = show(people, "Maria")
    assert [(r["ref"], r["note"]) for r in profile["reminders"]] == [("r1", "send the offer")]
    text = people("show", "Maria").stdout
    assert "Pending reminders:\n  r1  2026-12-01  send the offer\n" in text
    assert "x1  2026-11-27  message" in text  # interactions show typed ids too


# net edit ID ------------------------------------------------------------------------------


def test_editing_an_interactions_date_moves_last_touch_and_next_due(people: Any) -> None:
    people("edit", "Maria", "--every", "30d")
    people("log", "Maria", "--date", "2026-11-01")
    assert (show(people, "Maria")["last_contact"], show(people, "Maria")["next_due"]) == (
        "2026-11-01",
        "2026-12-01",
    )
    r = people("edit", "x1", "--date", "2026-11-20", "--note", "coffee", "--kind", "call")
    assert r.stdout == "Updated x1 (kind, date, note): call with Maria Rossi on 2026-11-20\n"
    maria = show(people, "Maria")
    assert (maria["last_contact"], maria["next_due"]) == ("2026-11-20", "2026-12-20")
    people("edit", "x1", "--date", "tomorrow", code=3)


def test_deleting_the_only_interaction_clears_last_touch(people: Any) -> None:
    people("edit", "Maria", "--every", "30d")
    people("log", "Maria", "--date", "2026-11-01")
    r = people("rm", "x1", "--yes")
    assert r.stdout.startswith("Deleted interaction x1: meeting with Maria Rossi")
    assert "This deletes interaction x1" in r.stderr
    maria = show(people, "Maria")
    assert maria["last_contact"] is None
    assert maria["next_due"] == "2026-12-27"  # the cadence counts from the added date again
    assert maria["interactions"] == []


def test_moving_people_of_an_interaction_moves_both_last_touches(people: Any) -> None:
    people("log", "Maria", "--date", "2026-11-10")
    people("edit", "x1", "--add", "Paolo", "--remove", "Maria")
    assert show(people, "Maria")["last_contact"] is None
    assert show(people, "Paolo")["last_contact"] == "2026-11-10"
    r = people("edit", "x1", "--remove", "Paolo", code=3)
    assert "nobody left" in r.stderr
    people("edit", "x1", "--add", "me", code=3)


def test_correcting_an_intro(people: Any) -> None:
    people("intro", "Maria", "Paolo", "--date", "2026-11-01")
    assert show(people, "Luca")["last_contact"] is None
    found = people.json("edit", "i1", "--b", "Luca", "--date", "2026-11-05", "--note", "tax")
    assert (found["b"], found["date"], found["note"]) == ("Luca Bianchi", "2026-11-05", "tax")
    assert show(people, "Paolo")["last_contact"] is None  # no longer in it
    assert show(people, "Luca")["last_contact"] == "2026-11-05"
    assert "two different people" in people("edit", "i1", "--a", "Luca", code=3).stderr
    assert "only a business intro" in people("edit", "i1", "--value", "100", code=3).stderr
    people("outcome", "i1", "business", "--value", "1000", "--date", "2026-11-20")
    assert people.json("edit", "i1", "--value", "1.500,50")["value"] == 1500.5
    assert people.json("balance", "Luca")[0]["given_count"] == 1
    assert "after its outcome" in people("edit", "i1", "--date", "2026-11-25", code=3).stderr


def test_correcting_a_give_moves_the_balance(people: Any) -> None:
    people("give", "Maria", "a client", "--value", "100")
    assert people.json("balance", "Maria")[0]["given_count"] == 1
    found = people.json("edit", "g1", "--to", "Paolo", "--kind", "advice", "--value", "250")
    assert (found["receiver"], found["kind"], found["value"]) == ("Paolo Verdi", "advice", 250)
    assert [r["contact"] for r in people.json("balance")] == ["Paolo Verdi"]
    assert show(people, "Maria")["last_contact"] is None
    people("edit", "g1", "--kind", "bribe", code=2)
    people("edit", "g1", "--from", "Paolo", code=3)  # to themselves


def test_correcting_an_ask_and_a_reminder(people: Any) -> None:
    people("ask", "Maria", "a lawyr", "--tag", "legal")
    found = people.json("edit", "a1", "--text", "a lawyer", "--tag", "Milano", "--untag", "legal")
    assert (found["text"], found["tags"]) == ("a lawyer", ["milano"])
    people("remind", "Maria", "2026-12-10")
    assert show(people, "Maria")["next_due"] == "2026-12-10"
    people("edit", "r1", "--date", "2026-12-03", "--note", "call back")
    maria = show(people, "Maria")
    assert maria["next_due"] == "2026-12-03"
    assert maria["reminders"][0]["note"] == "call back"


def test_an_option_of_another_kind_is_a_usage_error(people: Any) -> None:
    people("ask", "Maria", "a lawyer")
    r = people("edit", "a1", "--date", "today", code=2)
    assert r.stderr == "error: --date does not apply to an ask (it takes --text, --tag, --untag)\n"
    r = people("edit", "a1", "--company", "Acme", code=2)
    assert r.stderr == "error: --company changes a contact, not a record (a1)\n"
    r = people("edit", "Maria", "--text", "x", code=2)
    assert "--text corrects a record" in r.stderr


@pytest.mark.parametrize("option", ["--goals", "--skills", "--met-on", "--via"])
def test_every_contact_field_option_is_refused_on_a_record(people: Any, option: str) -> None:
    """The GAINS options were left out of the list of contact options and silently ignored
    on a record (`Nothing changed for a1`): the list is now netcli.fields'."""
    people("ask", "Maria", "a lawyer")
    r = people("edit", "a1", option, "x", code=2)
    assert r.stderr == f"error: {option} changes a contact, not a record (a1)\n"


def test_nothing_to_change_says_so(people: Any) -> None:
    people("ask", "Maria", "a lawyer")
    assert people("edit", "a1", "--text", "a lawyer").stdout == "Nothing changed for a1\n"


# net rm ID --------------------------------------------------------------------------------


def test_rm_a_record_needs_yes_without_a_terminal(people: Any) -> None:
    people("give", "Maria", "a client")
    r = people("rm", "g1", code=2)
    assert r.stderr == "error: deleting g1 needs confirmation (use --yes)\n"
    assert len(people.json("gives")) == 1


def test_rm_a_give_reopens_the_ask_it_resolved_and_moves_touch(people: Any) -> None:
    people("ask", "Maria", "a lawyer")
    people("give", "Maria", "Avv. Neri", "--for", "1", "--date", "2026-11-20")
    assert people.json("asks") == []
    r = people("rm", "g1", "--yes")
    assert "Ask a1 is open again" in r.stderr
    assert [a["ref"] for a in people.json("asks")] == ["a1"]
    assert show(people, "Maria")["last_contact"] is None


def test_rm_an_ask_keeps_the_give_that_fulfilled_it(people: Any) -> None:
    people("ask", "Maria", "a lawyer")
    people("give", "Maria", "Avv. Neri", "--for", "a1")
    people("rm", "a1", "--yes")
    assert people.json("gives")[0]["ask_id"] is None
    assert people("db", "check").exit_code == 0


# net history ------------------------------------------------------------------------------


@pytest.fixture
def timeline(people: Any) -> Any:
    people("log", "Maria", "--kind", "call", "--date", "2026-11-01", "-m", "first call")
    people("intro", "Maria", "Paolo", "--date", "2026-11-05", "-m", "lawyer")
    people("ask", "Paolo", "a notary")  # today
    people("give", "Luca", "a client", "--date", "2026-11-10", "--value", "300")
    people("remind", "Maria", "2026-11-20", "-m", "follow up")
    return people


def test_history_is_newest_first_with_typed_ids(timeline: Any) -> None:
    rows = timeline.json("history")
    assert [(r["id"], r["type"], r["date"]) for r in rows] == [
        ("a1", "ask", "2026-11-27"),
        ("r1", "reminder", "2026-11-20"),
        ("g1", "give", "2026-11-10"),
        ("i1", "intro", "2026-11-05"),
        ("x1", "interaction", "2026-11-01"),
    ]
    assert set(rows[0]) >= {"type", "id", "date", "contact_ids", "contacts", "kind", "text"}
    assert rows[2]["text"] == "a client (300.00 EUR)"
    assert rows[3]["contacts"] == ["Me", "Maria Rossi", "Paolo Verdi"]
    assert rows[4]["contact_ids"] == [2]


def test_history_filters(timeline: Any) -> None:
    def ids(*args: str) -> list[str]:
        return [r["id"] for r in timeline.json("history", *args)]

    assert ids("Maria") == ["r1", "i1", "x1"]
    assert ids("--type", "intro", "--type", "give") == ["g1", "i1"]
    assert ids("--kind", "call") == ["x1"]
    assert ids("--kind", "telefonata") == ["x1"]  # the interaction kinds' aliases
    assert ids("--kind", "referral") == ["g1"]
    assert ids("--since", "2026-11-05", "--until", "2026-11-20") == ["r1", "g1", "i1"]
    assert ids("--limit", "2") == ["a1", "r1"]
    assert ids("Luca", "--type", "ask") == []
    timeline("history", "--type", "contact", code=2)
    assert "--kind is one of call, meeting" in timeline("history", "--kind", "coffe", code=2).stderr
    timeline("history", "--since", "someday", code=3)


def test_history_formats(timeline: Any) -> None:
    table = timeline("history").stdout.splitlines()
    assert table[0].split() == ["ID", "DATE", "TYPE", "KIND", "WHO", "TEXT"]
    assert table[3].split()[:6] == ["g1", "2026-11-10", "give", "referral", "you", "→"]
    rows = list(csv.DictReader(io.StringIO(timeline("history", "--format", "csv").stdout)))
    assert rows[0]["id"] == "a1"
    jsonl = timeline("history", "--format", "jsonl").stdout.splitlines()
    assert len(jsonl) == 5
    assert "\t" in timeline("history", "--format", "tsv").stdout
    assert timeline("history", "--since", "2030-01-01").stderr == "nothing recorded\n"
    assert timeline.json("history", "--since", "2030-01-01") == []


# net done and birthdays -------------------------------------------------------------------


def birthdays(net: Any, *args: str) -> list[tuple[str, str]]:
    return [(i["contact"], i["due"]) for i in net.json("due", *args) if i["reason"] == "birthday"]


def test_done_clears_a_birthday_today_and_within_the_window(net: Any) -> None:
    net("add", "Anna", "--birthday", "1980-11-27")  # today
    net("add", "Bruno", "--birthday", "11-30")  # in 3 days: shown by net due
    net("add", "Carla", "--birthday", "12-10")  # in 13 days: beyond net due's window
    assert birthdays(net, "--days", "14") == [
        ("Anna", "2026-11-27"),
        ("Bruno", "2026-11-30"),
        ("Carla", "2026-12-10"),
    ]
    net("done", "Anna", "-m", "birthday wishes")
    net("done", "Bruno", "Carla", "-m", "birthday wishes")
    assert birthdays(net, "--days", "14") == [("Carla", "2026-12-10")]
    # on the day itself, and next year's birthday is due again
    assert birthdays(net, "--on", "2026-11-30", "--days", "0") == []
    assert birthdays(net, "--on", "2027-11-27", "--days", "3") == [
        ("Anna", "2027-11-27"),
        ("Bruno", "2027-11-30"),
    ]


def test_done_before_the_window_leaves_the_birthday(net: Any) -> None:
    net("add", "Anna", "--birthday", "12-05")  # in 8 days
    net("done", "Anna")
    assert birthdays(net, "--days", "10") == [("Anna", "2026-12-05")]


@pytest.mark.sqlite_only("rebuilds an old SQLite store file (PostgreSQL's: tests/store)")
def test_a_store_without_the_birthday_column_migrates_to_a_fresh_one(net: Any, env: Path) -> None:
    net("add", "Anna", "--birthday", "11-28")
    conn = sqlite3.connect(env)
    fresh = conn.execute("PRAGMA table_info(contact)").fetchall()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    fresh_indexes = conn.execute(indexes).fetchall()
    conn.execute("ALTER TABLE contact DROP COLUMN birthday_done_for")
    for column in migrations.GAINS_COLUMNS:  # schema 9's come after it
        conn.execute(f"ALTER TABLE contact DROP COLUMN {column}")
    conn.execute("DROP INDEX ix_intro_date")
    conn.execute("DROP INDEX ix_ask_created_on")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    net("done", "Anna")
    conn = sqlite3.connect(env)
    assert conn.execute("PRAGMA table_info(contact)").fetchall() == fresh
    assert conn.execute(indexes).fetchall() == fresh_indexes
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    conn.close()
    assert birthdays(net) == []
