"""`net intro/intros/outcome/ask/asks/resolve/give/got/gives/log` through the CLI, and how
`net rm` / `net merge` keep the ledger and last touches coherent (issue 3)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

INTRO_KEYS = {"id", "by_id", "by", "a_id", "a", "b_id", "b", "date", "note", "status", "value"}
INTRO_KEYS |= {"outcome_on"}
ASK_KEYS = {"id", "contact_id", "contact", "text", "tags", "status", "created_on", "resolved_on"}
GIVE_KEYS = {"id", "giver_id", "giver", "receiver_id", "receiver", "text", "kind", "value"}
GIVE_KEYS |= {"date", "ask_id"}
INTERACTION_KEYS = {"id", "contact_ids", "contacts", "kind", "date", "note"}


@pytest.fixture
def people(net: Any) -> Any:
    """Maria #2, Paolo #3, Luca #4 (me is #1)."""
    for name in ("Maria Rossi", "Paolo Verdi", "Luca Bianchi"):
        net("add", name)
    return net


def last_contact(net: Any, ref: str) -> str | None:
    return net.json("show", ref)["last_contact"]  # type: ignore[no-any-return]


def counts(net: Any) -> tuple[int, int, int, int]:
    """How many intros, asks, gives, interactions the store holds."""
    return (
        len(net.json("intros")),
        len(net.json("asks", "--all")),
        len(net.json("gives")),
        sum(len(net.json("show", str(i))["interactions"]) for i in (2, 3, 4)),
    )


# intros -----------------------------------------------------------------------------------


def test_intro_prints_the_sentence_of_the_spec(people: Any) -> None:
    r = people("intro", "Maria", "Paolo", "--by", "Luca")
    assert r.stdout == "Intro #1: Luca Bianchi introduced Maria Rossi to Paolo Verdi\n"
    r = people("intro", "Maria", "Paolo")
    assert r.stdout == "Intro #2: you introduced Maria Rossi to Paolo Verdi\n"
    r = people("intro", "me", "Maria", "--by", "Luca")
    assert r.stdout == "Intro #3: Luca Bianchi introduced you to Maria Rossi\n"


def test_intro_json_is_the_intro_object(people: Any) -> None:
    found = people.json("intro", "Maria", "Paolo", "--date", "2026-11-20", "-m", "both in Milan")
    assert INTRO_KEYS <= set(found)
    assert found == found | {
        "id": 1,
        "by_id": 1,
        "by": "Me",
        "a_id": 2,
        "a": "Maria Rossi",
        "b_id": 3,
        "b": "Paolo Verdi",
        "date": "2026-11-20",
        "note": "both in Milan",
        "status": "made",
        "value": None,
        "outcome_on": None,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Maria", "maria rossi"), "error: an intro needs two different people"),
        (("Maria", "Paolo", "--by", "Paolo"), "error: Paolo Verdi cannot introduce themselves"),
        (("me", "Maria"), "error: Me cannot introduce themselves"),
        (("Maria", "Nobody"), "error: no contact matches 'Nobody'"),
        (("Maria", "Paolo", "--date", "someday"), "error: cannot read 'someday' as a date"),
    ],
)
def test_intro_refusals_exit_3_and_write_nothing(
    people: Any, args: tuple[str, ...], message: str
) -> None:
    r = people("intro", *args, code=3)
    assert r.stderr.startswith(message)
    assert r.stdout == ""
    assert people.json("intros") == []


def test_an_intro_involving_me_touches_the_other_parties(people: Any) -> None:
    people("intro", "Maria", "Paolo", "--by", "Luca", "--date", "2026-11-01")
    # I was not involved: nobody's last touch moves
    assert [last_contact(people, n) for n in ("Maria", "Paolo", "Luca")] == [None] * 3
    people("intro", "Maria", "Paolo", "--date", "2026-11-10")
    assert last_contact(people, "Maria") == last_contact(people, "Paolo") == "2026-11-10"
    people("intro", "me", "Luca", "--by", "Maria", "--date", "2026-11-15")
    assert last_contact(people, "Maria") == last_contact(people, "Luca") == "2026-11-15"
    assert last_contact(people, "Paolo") == "2026-11-10"


def test_add_via_logs_the_intro_that_brought_the_contact(people: Any) -> None:
    people("add", "Anna Neri", "--via", "Luca", "--met-on", "2026-10-05")
    (found,) = people.json("intros", "Anna")
    assert (found["by"], found["a"], found["b"], found["status"]) == (
        "Luca Bianchi",
        "Me",
        "Anna Neri",
        "made",
    )
    assert found["date"] == "2026-10-05"
    assert last_contact(people, "Luca") == last_contact(people, "Anna") == "2026-10-05"


def test_intros_filters_by_contact_and_status(people: Any) -> None:
    people("intro", "Maria", "Paolo", "--date", "2026-11-01")
    people("intro", "Luca", "Paolo", "--date", "2026-11-02")
    people("intro", "me", "Luca", "--by", "Maria", "--date", "2026-11-03")
    people("outcome", "2", "met")
    assert [i["id"] for i in people.json("intros")] == [3, 2, 1]  # newest first
    assert [i["id"] for i in people.json("intros", "Maria")] == [3, 1]  # as party or as by
    assert [i["id"] for i in people.json("intros", "--status", "met")] == [2]
    assert people.json("intros", "--status", "declined") == []
    r = people("intros", "--status", "declined")
    assert (r.stdout, r.stderr) == ("", "no intros\n")
    r = people("intros", "--status", "lost", code=2)
    assert "invalid value for '--status'" in r.stderr


def test_intros_table_and_csv(people: Any) -> None:
    people("intro", "Maria", "Paolo", "--date", "2026-11-01", "-m", "=cmd")
    people("outcome", "1", "business", "--value", "1500.50", "--date", "2026-11-20")
    table = people("intros").stdout.splitlines()
    assert table[0].split() == ["ID", "DATE", "BY", "INTRODUCED", "TO", "STATUS", "VALUE", "NOTE"]
    assert "business  1,500.50  =cmd" in table[1]
    csv = people("intros", "--format", "csv").stdout.splitlines()
    assert csv[1] == 'i1,2026-11-01,Me,Maria Rossi,Paolo Verdi,business,"1,500.50",\'=cmd'


# outcomes ---------------------------------------------------------------------------------


def test_outcome_lifecycle(people: Any) -> None:
    people("intro", "Maria", "Paolo", "--date", "2026-11-01")
    r = people("outcome", "1", "met", "--date", "2026-11-05", "-m", "coffee went well")
    assert r.stdout == "Intro #1 is now met: you introduced Maria Rossi to Paolo Verdi\n"
    r = people("outcome", "#1", "business", "--value", "1500.50")
    assert r.stdout == (
        "Intro #1 is now business (1,500.50 EUR): you introduced Maria Rossi to Paolo Verdi\n"
    )
    found = people.json("intros")[0]
    assert (found["status"], found["value"], found["outcome_on"]) == (
        "business",
        1500.5,
        "2026-11-27",
    )
    assert found["outcome_note"] == "coffee went well"
    found = people.json("outcome", "1", "declined")
    assert (found["status"], found["value"]) == ("declined", None)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("1", "won"), 2, "error: invalid value for 'status': 'won' is not one of"),
        (("1", "met", "--value", "10"), 2, "error: --value goes with the outcome 'business' only"),
        (("9", "met"), 3, "error: no intro i9"),
        (("x", "met"), 3, "error: 'x' is not a record id; expected i3 (intro), g3 (give)"),
        (("1", "business", "--value", "abc"), 3, "error: cannot read 'abc' as an amount"),
        (("1", "business", "--value", "-5"), 3, "error: an amount cannot be negative: '-5'"),
        (("1", "business", "--value", "1.2345"), 3, "error: cannot read '1.2345' as an amount"),
        (("1", "met", "--date", "soonish"), 3, "error: cannot read 'soonish' as a date"),
        (("1", "met", "--date", "2026-10-01"), 3, "error: the outcome (2026-10-01) cannot come"),
    ],
)
def test_outcome_errors(people: Any, args: tuple[str, ...], code: int, message: str) -> None:
    people("intro", "Maria", "Paolo", "--date", "2026-11-01")
    r = people("outcome", *args, code=code)
    assert r.stderr.startswith(message), r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    found = people.json("intros")[0]
    assert (found["status"], found["value"], found["outcome_on"]) == ("made", None, None)


# asks -------------------------------------------------------------------------------------


def test_ask_asks_and_resolve(people: Any) -> None:
    r = people("ask", "Maria", "a lawyer in Milan", "--tag", " Legal ", "--tag", "legal")
    assert r.stdout == "Ask #1: Maria Rossi needs a lawyer in Milan\n"
    assert people("ask", "me", "a designer").stdout == "Ask #2: you need a designer\n"
    found = people.json("ask", "Paolo", "new clients")
    assert ASK_KEYS <= set(found)
    assert found | {"created_on": None} == found | {
        "id": 3,
        "contact_id": 3,
        "contact": "Paolo Verdi",
        "text": "new clients",
        "tags": [],
        "status": "open",
        "created_on": None,
        "resolved_on": None,
    }
    assert people.json("asks", "Maria")[0]["tags"] == ["legal"]
    r = people("resolve", "1", "-m", "found Paolo")
    assert r.stdout == "Resolved ask #1: Maria Rossi needed a lawyer in Milan\n"
    people("resolve", "3", "--dropped")
    assert [a["id"] for a in people.json("asks")] == [2]
    every = {a["id"]: (a["status"], a["resolved_on"]) for a in people.json("asks", "--all")}
    assert every == {
        1: ("resolved", "2026-11-27"),
        2: ("open", None),
        3: ("dropped", "2026-11-27"),
    }
    table = people("asks", "--all").stdout.splitlines()
    assert table[0].split() == ["ID", "SINCE", "WHO", "NEEDS", "TAGS", "STATUS"]


def test_resolve_errors(people: Any) -> None:
    people("ask", "Maria", "a lawyer")
    people("resolve", "1")
    r = people("resolve", "1", code=3)
    assert r.stderr == "error: ask a1 is already resolved (on 2026-11-27)\n"
    r = people("resolve", "7", code=3)
    assert r.stderr == "error: no ask a7\n"
    r = people("ask", "Maria", "   ", code=3)
    assert r.stderr == "error: an ask needs a text\n"


def test_asks_empty_is_an_empty_array(people: Any) -> None:
    assert people.json("asks") == []
    r = people("asks")
    assert (r.stdout, r.stderr) == ("", "no open asks\n")


# gives ------------------------------------------------------------------------------------


def test_give_and_got(people: Any) -> None:
    r = people("give", "Maria", "Paolo as her lawyer", "--value", "200", "--date", "2026-11-20")
    expected = "Give #1: you → Maria Rossi, referral, 200.00 EUR expected: Paolo as her lawyer\n"
    assert r.stdout == expected
    r = people("got", "Luca", "tax advice", "--kind", "advice")
    assert r.stdout == "Give #2: Luca Bianchi → you, advice: tax advice\n"
    found = people.json("give", "Paolo", "a client", "--from", "Luca", "--value", "0.10")
    assert GIVE_KEYS <= set(found)
    assert found == found | {
        "id": 3,
        "giver_id": 4,
        "giver": "Luca Bianchi",
        "receiver_id": 3,
        "receiver": "Paolo Verdi",
        "text": "a client",
        "kind": "referral",
        "value": 0.1,
        "date": "2026-11-27",
        "ask_id": None,
    }
    found = people.json("got", "Maria", "a lead", "--to", "Paolo", "--kind", "gift")
    assert (found["giver"], found["receiver"], found["kind"]) == (
        "Maria Rossi",
        "Paolo Verdi",
        "gift",
    )
    assert [g["id"] for g in people.json("gives")] == [4, 3, 2, 1]
    assert [g["id"] for g in people.json("gives", "Paolo")] == [4, 3]
    assert [g["id"] for g in people.json("gives", "me")] == [2, 1]
    table = people("gives").stdout.splitlines()
    assert table[0].split() == ["ID", "DATE", "FROM", "TO", "KIND", "WHAT", "VALUE", "ASK"]


def test_gives_touch_only_when_i_am_involved(people: Any) -> None:
    people("give", "Paolo", "a client", "--from", "Luca", "--date", "2026-11-01")
    assert last_contact(people, "Paolo") is None
    people("got", "Paolo", "a client", "--date", "2026-11-02")
    assert last_contact(people, "Paolo") == "2026-11-02"
    people("give", "Luca", "a favour", "--kind", "favor", "--date", "2026-11-03")
    assert last_contact(people, "Luca") == "2026-11-03"


def test_give_for_an_ask_resolves_it(people: Any) -> None:
    people("ask", "Maria", "a lawyer")
    r = people("give", "Maria", "Paolo", "--for", "1")
    assert r.stderr == "Resolved ask #1.\n"
    assert people.json("gives")[0]["ask_id"] == 1
    ask = people.json("asks", "--all")[0]
    assert (ask["status"], ask["resolved_on"], ask["resolution_note"]) == (
        "resolved",
        "2026-11-27",
        "give #1",
    )
    r = people("give", "Maria", "another lawyer", "--for", "1")
    assert r.stderr == "note: ask a1 was already resolved; the give is linked to it\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("give", "Maria", "x", "--value", "abc"), 3, "error: cannot read 'abc' as an amount"),
        (("give", "Maria", "x", "--value", "-5"), 3, "error: an amount cannot be negative"),
        (("give", "Maria", "x", "--value", "1,2,3"), 3, "error: cannot read '1,2,3' as an amount"),
        (("give", "Maria", "x", "--kind", "bribe"), 2, "error: invalid value for '--kind'"),
        (("give", "Maria", "x", "--for", "9"), 3, "error: no ask a9"),
        (("give", "Maria", "x", "--date", "whenever"), 3, "error: cannot read 'whenever'"),
        (("give", "Maria", "x", "--from", "Maria"), 3, "error: Maria Rossi cannot give to"),
        (("give", "Nobody", "x"), 3, "error: no contact matches 'Nobody'"),
        (("got", "me", "x"), 3, "error: Me cannot give to themselves"),
        (("got", "Maria", "x", "--to", "Nobody"), 3, "error: no contact matches 'Nobody'"),
        (("give", "Maria", " "), 3, "error: a give needs a text"),
    ],
)
def test_give_errors_write_nothing(
    people: Any, args: tuple[str, ...], code: int, message: str
) -> None:
    people("ask", "Maria", "a lawyer")
    r = people(*args, code=code)
    assert r.stderr.startswith(message), r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert people.json("gives") == []
    assert people.json("asks")[0]["status"] == "open"
    assert last_contact(people, "Maria") is None


def test_values_add_up_exactly(people: Any) -> None:
    people("give", "Maria", "a", "--kind", "favor", "--value", "0.10")
    people("give", "Maria", "b", "--kind", "favor", "--value", "0.20")
    (row,) = people.json("balance")
    assert row["given_value"] == 0.3  # 0.1 + 0.2 in floats would print 0.30000000000000004
    assert '"given_value": 0.3,' in people("balance", "--json").stdout


# interactions -------------------------------------------------------------------------------


def test_log_one_and_many(people: Any) -> None:
    r = people("log", "Maria", "-m", "coffee", "--date", "2026-11-20")
    assert r.stdout == "Logged meeting #1 with Maria Rossi on 2026-11-20\n"
    found = people.json("log", "Paolo", "Luca", "maria", "--kind", "one-to-one", "-m", "lunch")
    assert INTERACTION_KEYS <= set(found)
    assert found == {
        "id": 2,
        "ref": "x2",
        "contact_ids": [4, 2, 3],  # ordered by name
        "contacts": ["Luca Bianchi", "Maria Rossi", "Paolo Verdi"],
        "kind": "one-to-one",
        "date": "2026-11-27",
        "note": "lunch",
    }
    assert {last_contact(people, n) for n in ("Maria", "Paolo", "Luca")} == {"2026-11-27"}
    r = people("log", "Maria", "Maria", "--kind", "call")
    assert r.stdout == "Logged call #3 with Maria Rossi on 2026-11-27\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("Maria", "--kind", "lunch"), 2, "error: invalid value for '--kind'"),
        ((), 2, "error: missing argument 'REF...'"),
        (("Maria", "--date", "later"), 3, "error: cannot read 'later' as a date"),
        (("Maria", "--date", ""), 3, "error: cannot read '' as a date"),
        (("Maria", "me"), 3, "error: you take part in every interaction; name only the others"),
        (("Maria", "Nobody"), 3, "error: no contact matches 'Nobody'"),
    ],
)
def test_log_errors_write_nothing(
    people: Any, args: tuple[str, ...], code: int, message: str
) -> None:
    r = people("log", *args, code=code)
    assert r.stderr.startswith(message), r.stderr
    assert people.json("show", "Maria")["interactions"] == []
    assert last_contact(people, "Maria") is None


# rm and merge keep the ledger coherent ------------------------------------------------------


def test_rm_takes_the_persons_records_and_moves_last_touches_back(people: Any) -> None:
    people("log", "Maria", "--date", "2026-11-01")
    people("log", "Maria", "Paolo", "--date", "2026-11-05")  # shared: survives for Maria
    people("intro", "Maria", "Paolo", "--date", "2026-11-20")  # Maria's latest touch
    people("give", "Paolo", "a client", "--date", "2026-11-22")
    people("got", "Paolo", "advice", "--to", "Luca", "--date", "2026-11-23")
    people("ask", "Paolo", "new clients")
    people("link", "Paolo", "Luca")
    assert last_contact(people, "Maria") == "2026-11-20"
    r = people("rm", "Paolo", "--yes")
    assert r.stderr.startswith(
        "This deletes #3 Paolo Verdi with 1 intro, 1 ask, 2 gives, 1 link. "
        "1 shared interaction keeps the other people."
    )
    assert r.stdout == "Deleted #3 Paolo Verdi\n"
    assert last_contact(people, "Maria") == "2026-11-05"
    assert people.json("intros") == [] and people.json("gives") == []
    assert people.json("asks", "--all") == []
    maria = people.json("show", "Maria")
    assert [(i["date"], i["contacts"]) for i in maria["interactions"]] == [
        ("2026-11-05", ["Maria Rossi"]),
        ("2026-11-01", ["Maria Rossi"]),
    ]
    assert people.json("show", "Luca")["links"] == []
    assert people.json("balance") == []  # the only ledger entries were with Paolo


def test_rm_of_the_introducer_moves_the_touch_back(people: Any) -> None:
    people("add", "Anna Neri", "--via", "Luca", "--met-on", "2026-11-20")
    people("log", "Anna", "--date", "2026-11-02")
    assert last_contact(people, "Anna") == "2026-11-20"
    people("rm", "Luca", "--yes")
    anna = people.json("show", "Anna")
    assert (anna["last_contact"], anna["via_id"], anna["intros"]) == ("2026-11-02", None, [])


def test_rm_refused_without_yes_deletes_nothing(people: Any) -> None:
    people("intro", "Maria", "Paolo")
    r = people("rm", "Paolo", code=2)
    assert "(use --yes)" in r.stderr
    assert len(people.json("intros")) == 1


def test_merge_moves_the_ledger_without_duplicates(people: Any) -> None:
    people("add", "P. Verdi", "--force")  # #5, a duplicate of Paolo
    people("log", "Paolo", "P. Verdi", "--date", "2026-11-01")  # both in one interaction
    people("log", "P. Verdi", "--date", "2026-11-10")
    people("intro", "Maria", "P. Verdi", "--date", "2026-11-12")
    people("intro", "Paolo", "P. Verdi", "--by", "Luca")  # becomes Paolo-to-Paolo: goes
    job = ("--kind", "business", "--value", "100", "--date", "2026-11-15")
    people("give", "P. Verdi", "job", *job)
    people("got", "P. Verdi", "a lead", "--to", "Paolo")  # a self-give after the merge: goes
    people("ask", "P. Verdi", "an accountant")
    people("link", "P. Verdi", "Luca", "--strength", "5")
    people("link", "Paolo", "Luca", "--strength", "2")
    assert last_contact(people, "Paolo") == "2026-11-01"
    people("merge", "Paolo", "P. Verdi", "--yes")
    paolo = people.json("show", "Paolo")
    assert paolo["last_contact"] == "2026-11-15"
    assert [(i["date"], i["contact_ids"]) for i in paolo["interactions"]] == [
        ("2026-11-10", [3]),
        ("2026-11-01", [3]),
    ]
    assert [(i["by_id"], i["a_id"], i["b_id"]) for i in paolo["intros"]] == [(1, 2, 3)]
    assert [(g["giver_id"], g["receiver_id"], g["value"]) for g in paolo["gives"]] == [(1, 3, 100)]
    assert [a["text"] for a in paolo["asks"]] == ["an accountant"]
    assert [(link["contact_id"], link["strength"]) for link in paolo["links"]] == [(4, 5)]
    assert people.json("show", "Maria")["last_contact"] == "2026-11-12"
    balance = {r["contact"]: (r["given_count"], r["given_value"]) for r in people.json("balance")}
    assert balance == {"Paolo Verdi": (2, 100), "Maria Rossi": (1, 0)}


def test_merge_drops_intros_the_kept_contact_would_make_of_themselves(people: Any) -> None:
    people("add", "L. Bianchi", "--force")  # #5, a duplicate of Luca
    people("intro", "Luca", "Maria", "--by", "L. Bianchi")  # after the merge: Luca by Luca
    people("intro", "me", "Maria", "--by", "L. Bianchi", "--date", "2026-11-03")
    people("merge", "Luca", "L. Bianchi", "--yes")
    found = people.json("intros")
    assert [(i["by"], i["a"], i["b"]) for i in found] == [("Luca Bianchi", "Me", "Maria Rossi")]
    assert last_contact(people, "Luca") == last_contact(people, "Maria") == "2026-11-03"


# the read path -----------------------------------------------------------------------------

PROBE = """
import sys
sys.argv = ["net", *sys.argv[1:]]
from netcli.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "pydantic"))
print("HEAVY:" + ",".join(loaded[:3]), file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize(
    "args",
    [
        ("intros",),
        ("intros", "Maria", "--json"),
        ("asks", "--all"),
        ("gives", "--format", "csv"),
        ("balance",),
        ("balance", "Maria", "--json"),
        ("show", "Maria"),
        ("show", "Maria", "--json"),
    ],
)
def test_reads_load_no_sqlalchemy(people: Any, env: Path, args: tuple[str, ...]) -> None:
    people("intro", "Maria", "Paolo")
    people("ask", "Maria", "a lawyer")
    people("give", "Maria", "a client", "--value", "10")
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[-1] == "HEAVY:"
    if "--json" in args:
        json.loads(proc.stdout)


# the profile (net show) ------------------------------------------------------------------


@pytest.fixture
def anna(people: Any) -> Any:
    """Anna #5 with intros both ways, asks, gives both ways, interactions and a link."""
    net = people
    net("add", "Anna Neri", "--company", "Studio Neri", "--every", "1m")
    net("intro", "Anna", "Paolo", "--date", "2026-11-01")  # #1 by me, for Anna
    net("outcome", "1", "business", "--value", "1500", "--date", "2026-11-20")
    net("intro", "Maria", "Luca", "--by", "Anna", "--date", "2026-11-02")  # #2 by Anna
    net("ask", "Anna", "a designer", "--tag", "design")
    net("ask", "Anna", "an office")
    net("resolve", "2")
    net("give", "Anna", "a client", "--value", "100", "--date", "2026-11-03")
    net("got", "Anna", "a lead", "--value", "50.50", "--date", "2026-11-04")
    net("give", "Maria", "advice", "--from", "Anna", "--kind", "advice", "--date", "2026-11-05")
    net("log", "Anna", "Maria", "-m", "lunch", "--date", "2026-11-25")
    net("link", "Anna", "Luca", "--strength", "4", "--note", "old friends")
    return net


def test_show_is_the_full_picture_in_a_pipe(anna: Any) -> None:
    r = anna("show", "Anna")
    assert r.stdout.splitlines() == [
        "Anna Neri (#5)",
        "  company   Studio Neri",
        "  trust     3/5",
        "  every     1m",
        "  in touch  last in touch 2 days ago (2026-11-25)",
        "  balance   they owe you 1 (you gave 2, received 1)",
        "  next due  2026-12-25",
        "",
        "Intros for Anna Neri:",
        "  i1  2026-11-01  you introduced Anna Neri to Paolo Verdi"
        " · business 1,500.00 EUR on 2026-11-20",
        "",
        "Intros by Anna Neri:",
        "  i2  2026-11-02  Anna Neri introduced Maria Rossi to Luca Bianchi · made",
        "",
        "Open asks:",
        "  a1  2026-11-27  a designer [design]",
        "      1 closed (see 'net asks 5 --all')",
        "",
        "Gives · from Anna Neri: 2 · to Anna Neri: 1:",
        "  g3  2026-11-05  Anna Neri → Maria Rossi: advice (advice)",
        "  g2  2026-11-04  Anna Neri → you: a lead (referral, 50.50 EUR)",
        "  g1  2026-11-03  you → Anna Neri: a client (referral, 100.00 EUR)",
        "",
        "Interactions:",
        "  x1  2026-11-25  meeting (with Maria Rossi): lunch",
        "",
        "Links:",
        "  #4  Luca Bianchi · strength 4 · old friends",
    ]
    assert "\x1b" not in r.stdout


def test_show_json_is_the_contact_with_its_lists(anna: Any) -> None:
    found = anna.json("show", "Anna")
    assert {"intros", "asks", "gives", "interactions", "links"} <= set(found)
    assert [i["id"] for i in found["intros"]] == [2, 1]
    assert [(a["id"], a["status"]) for a in found["asks"]] == [(1, "open"), (2, "resolved")]
    assert [g["id"] for g in found["gives"]] == [3, 2, 1]
    # referrals are worth their closed value only (spec §8): these are still open
    assert found["give_totals"] == {
        "gave_count": 2,
        "gave_value": 0,
        "got_count": 1,
        "got_value": 0,
    }
    assert INTRO_KEYS <= set(found["intros"][0]) and GIVE_KEYS <= set(found["gives"][0])
    assert INTERACTION_KEYS <= set(found["interactions"][0])


def test_show_says_who_owes_whom(people: Any) -> None:
    people("got", "Maria", "a lead")
    people("intro", "me", "Paolo", "--by", "Maria")
    assert "  balance   you owe them 2 (you gave 0, received 2)" in people("show", "Maria").stdout
    people("give", "Paolo", "a b c")
    assert "  balance   they owe you 1 (you gave 1, received 0)" in people("show", "Paolo").stdout
    assert "balance" not in people("show", "Luca").stdout  # nothing between us yet


def test_show_counts_older_interactions(people: Any) -> None:
    for day in range(1, 13):
        people("log", "Maria", "--date", f"2026-11-{day:02d}")
    out = people("show", "Maria").stdout
    assert "Interactions (latest 10 of 12):" in out
    assert "2026-11-03" in out and "2026-11-02" not in out


def test_show_with_rich_fits_80_columns(anna: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    anna("ask", "Anna", "a very long need " * 8)
    monkeypatch.setattr("netcli.output.is_terminal", lambda stream: True)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    out = anna("show", "Anna").stdout
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "\x1b[" in out
    assert all(len(line) <= 80 for line in plain.splitlines())
    for text in ("╭─ Anna Neri  #5", "Intros by Anna Neri", "Open asks", "old friends"):
        assert text in plain
    assert "a very long need a very long need" in plain  # wrapped, not cut


def test_show_me_names_me_as_you(people: Any) -> None:
    people("intro", "Maria", "Paolo")
    out = people("show", "me").stdout
    assert "  i1  2026-11-27  you introduced Maria Rossi to Paolo Verdi · made" in out
    assert "balance" not in out


def test_resolving_my_own_ask_says_you(people: Any) -> None:
    people("ask", "me", "a designer")
    r = people("resolve", "1", "--dropped", "-m", "did it myself")
    assert r.stdout == "Dropped ask #1: you needed a designer\n"
    ask = people.json("asks", "--all")[0]
    assert (ask["status"], ask["resolution_note"]) == ("dropped", "did it myself")
