"""net path / who / match / report through the CLI, as a user sees them (spec §6, §8, §9, §10)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest


@pytest.fixture
def network(net: Any) -> Any:
    """A small Italian referral network, built with the commands a user would type."""
    net("add", "Luca Bianchi", "--trust", "5", "--category", "commercialista", "--city", "Milano")
    net("add", "Anna Verdi", "--trust", "2", "--category", "avvocato", "--tag", "contratti")
    net("add", "Maria Rossi", "--trust", "0", "--title", "Notaio")
    net("add", "Paolo Neri", "--trust", "4", "--category", "notaio")
    net("add", "Sara Conti", "--trust", "3", "--note", "Il fratello fa il commercialista")
    net("add", "Old Friend", "--trust", "5", "--category", "commercialista")
    net("archive", "Old Friend")
    net("link", "Luca", "Maria", "--strength", "4")
    net("link", "Anna", "Maria", "--strength", "5")
    return net


def test_path_shows_the_chain_and_who_to_ask_first(network: Any) -> None:
    result = network("path", "Maria")
    lines = result.stdout.splitlines()
    assert lines[1].split() == (
        "1 0.80 2 Me -(5)- Luca Bianchi -(4)- Maria Rossi Luca Bianchi".split()
    )
    assert "Me -(2)- Anna Verdi -(5)- Maria Rossi" in lines[2]


def test_path_json(network: Any) -> None:
    found = network.json("path", "Maria")
    assert found[0] == {
        "score": 0.8,
        "hops": 2,
        "path": [
            {"id": 1, "name": "Me"},
            {"id": 2, "name": "Luca Bianchi"},
            {"id": 4, "name": "Maria Rossi"},
        ],
    }
    assert [p["score"] for p in found] == [0.8, 0.4]


def test_path_max_hops_and_no_path_exit_1(network: Any) -> None:
    network("add", "Zoe Far", "--trust", "0")
    network("link", "Zoe", "Maria", "--strength", "5")
    assert network.json("path", "Zoe")[0]["hops"] == 3
    result = network("path", "Zoe", "--max-hops", "2", code=1)
    assert result.stdout == ""
    assert "no chain of trust from you to Zoe Far within 2 hops" in result.stderr
    result = network("path", "Zoe", "--max-hops", "2", "--json", code=1)
    assert json.loads(result.stdout) == []
    network("path", "Zoe", "--max-hops", "0", code=2)
    assert "that is you" in network("path", "me", code=3).stderr


def test_intros_make_edges_that_grow_with_the_outcome(network: Any) -> None:
    # Paolo introduced Maria to Sara: Paolo–Maria, Paolo–Sara, Maria–Sara at strength 3.
    network("intro", "Maria", "Sara", "--by", "Paolo")
    assert network.json("path", "Maria")[0]["path"][1]["name"] == "Luca Bianchi"
    direct = [p for p in network.json("path", "Sara") if p["hops"] == 1]
    assert direct[0]["score"] == 0.6
    via_paolo = [p for p in network.json("path", "Sara") if p["path"][1]["name"] == "Paolo Neri"]
    assert via_paolo[0]["score"] == pytest.approx(0.8 * 0.6)
    network("outcome", "1", "business", "--value", "1000")
    via_paolo = [p for p in network.json("path", "Sara") if p["path"][1]["name"] == "Paolo Neri"]
    assert via_paolo[0]["score"] == pytest.approx(0.8)


def test_archived_contacts_are_not_on_paths(network: Any) -> None:
    network("unarchive", "Old Friend")
    network("link", "Old Friend", "Maria", "--strength", "5")
    assert network.json("path", "Maria")[0]["path"][1]["name"] == "Old Friend"
    network("archive", "Old Friend")
    assert network.json("path", "Maria")[0]["path"][1]["name"] == "Luca Bianchi"


def test_who_ranks_direct_contacts_first_and_names_the_way(network: Any) -> None:
    rows = network.json("who", "notai")
    assert [(r["contact"], r["hops"], r["via"]) for r in rows] == [
        ("Paolo Neri", 1, None),
        ("Maria Rossi", 2, "Luca Bianchi"),
    ]
    assert set(rows[0]) >= {"contact_id", "contact", "score", "hops", "via_id", "via", "reason"}
    assert rows[0]["reason"] == "category: notaio"
    assert rows[1]["via_id"] == 2
    text = network("who", "notai").stdout
    assert "via Luca Bianchi" in text and "direct" in text


def test_who_reads_notes_and_gives_made_and_skips_archived(network: Any) -> None:
    rows = network.json("who", "commercialisti")
    assert [r["contact"] for r in rows] == ["Luca Bianchi", "Sara Conti"]
    assert rows[1]["reason"] == 'notes: "commercialista"'
    network("got", "Anna", "foto del matrimonio di mia cugina", "--kind", "favor")
    assert network.json("who", "foto")[0]["reason"] == 'give: "foto"'
    result = network("who", "idraulico")
    assert result.stdout == "" and "nobody in your network offers" in result.stderr
    assert network.json("who", "idraulico") == []


def test_match_suggests_candidates_with_the_intro_command(network: Any) -> None:
    network("ask", "Anna", "Cerco un commercialista a Milano", "--tag", "fisco")
    rows = network.json("match")
    assert [r["candidate"] for r in rows] == ["Luca Bianchi", "Sara Conti"]
    first = rows[0]
    assert first["ask_id"] == 1 and first["asker"] == "Anna Verdi" and first["asker_id"] == 3
    assert first["reason"] == "category: commercialista; city: Milano"
    assert first["command"] == 'net intro "Anna Verdi" "Luca Bianchi"'
    assert 0 < rows[1]["score"] < first["score"] <= 1
    text = network("match").stdout
    assert 'net intro "Anna Verdi" "Luca Bianchi"' in text


def test_match_never_suggests_the_asker_or_someone_already_introduced(network: Any) -> None:
    network("ask", "Luca", "un altro commercialista")
    assert [r["candidate"] for r in network.json("match", "1")] == ["Sara Conti"]
    network("intro", "Luca", "Sara")
    assert network.json("match", "1") == []
    assert "no candidates for ask #1" in network("match", "#1").stderr


def test_match_for_my_own_asks_names_who_to_ask(network: Any) -> None:
    network("ask", "me", "mi serve un notaio")
    commands = {r["candidate"]: r["command"] for r in network.json("match")}
    assert commands["Paolo Neri"] == 'net log "Paolo Neri" -m "ask #1"'
    assert commands["Maria Rossi"] == 'net intro me "Maria Rossi" --by "Luca Bianchi"'


def test_match_limit_and_errors(network: Any) -> None:
    network("ask", "Anna", "commercialista")
    assert len(network.json("match", "--limit", "1")) == 1
    assert "no ask #9" in network("match", "9", code=3).stderr
    assert "not an ask id" in network("match", "x", code=3).stderr
    network("resolve", "1")
    assert network.json("match") == []
    assert len(network.json("match", "1")) == 2  # one ask by id, whatever its status


def test_match_orders_equal_scores_by_name_and_ranks_an_ask_of_many_words(network: Any) -> None:
    for name in ("Zeno Bruno", "Àlfio Bruno", "Mario Bruno", "alberto bruno"):
        network("add", name, "--trust", "3", "--category", "idraulico")
    network("ask", "Anna", "un idraulico")
    rows = network.json("match", "--limit", "3")
    assert [r["candidate"] for r in rows] == ["alberto bruno", "Àlfio Bruno", "Mario Bruno"]
    assert len({r["score"] for r in rows}) == 1  # all equal: by folded name, accents aside
    # an ask written as an essay: more terms than the classes are walked for
    words = "idraulico commercialista notaio contratti milano fratello avvocato " + " ".join(
        f"parola{i}" for i in range(40)
    )
    network("add", "Gianni Parole", "--note", " ".join(f"parola{i}" for i in range(0, 40, 2)))
    network("ask", "Sara", words, "--tag", "fisco")
    essay = [r for r in network.json("match") if r["ask_id"] == 2]
    # Gianni holds 20 of its words (in his notes); Anna two fully (avvocato, contratti); Luca
    # one and a city
    assert [r["candidate"] for r in essay][:3] == ["Gianni Parole", "Anna Verdi", "Luca Bianchi"]
    assert all(r["candidate"] != "Sara Conti" for r in essay)


def test_report_json_has_exact_numbers(network: Any) -> None:
    network("intro", "Luca", "Anna", "--date", "2026-03-10")
    network("outcome", "1", "business", "--value", "1500.10", "--date", "2026-04-02")
    network("intro", "Paolo", "Sara", "--date", "2026-05-01")
    network("outcome", "2", "declined")
    network("intro", "me", "Maria", "--by", "Paolo", "--date", "2026-06-01")
    network("give", "Luca", "a tip", "--kind", "favor", "--value", "0.10", "--date", "2026-02-01")
    network("give", "Luca", "advice", "--kind", "advice", "--value", "0.20", "--date", "2026-02-02")
    network(
        "got", "Paolo", "a big job", "--kind", "business", "--value", "2000", "--date", "2026-07-01"
    )
    network("log", "Luca", "--kind", "one-to-one", "--date", "2026-08-01")
    network("log", "Luca", "--kind", "one-to-one", "--date", "2025-01-01")  # before the period
    r = network.json("report")
    assert (r["since"], r["until"]) == ("2025-12-01", "2026-11-27")
    assert r["intros_made"] == 2 and r["intros_received"] == 1
    assert (r["given_count"], r["given_value"]) == (2, 0.3)
    assert (r["received_count"], r["received_value"]) == (1, 2000)
    assert r["business_value"] == 3500.1
    assert r["one_to_ones"] == 1
    assert r["conversion_rate"] == 0.5
    assert r["top_givers"][0] == {
        "contact_id": 5,
        "contact": "Paolo Neri",
        "count": 2,
        "value": 2000,
    }
    assert r["top_receivers"][0]["contact"] == "Luca Bianchi"
    months = {m["month"]: m for m in r["months"]}
    assert len(months) == 12
    assert months["2026-04"]["business_value"] == 1500.1
    assert months["2026-02"]["given_count"] == 2
    only_feb = network.json("report", "--since", "2026-02-01", "--until", "2026-02-28")
    assert only_feb["given_count"] == 2 and only_feb["business_value"] == 0
    assert [m["month"] for m in only_feb["months"]] == ["2026-02"]


def test_report_text_in_a_pipe(network: Any) -> None:
    network("give", "Luca", "a gift", "--kind", "gift", "--value", "1250", "--date", "2026-02-01")
    out = network("report", "--since", "2026-01-01", "--until", "2026-03-31").stdout
    assert "Referral results 2026-01-01 to 2026-03-31" in out
    assert "worth 1,250.00 EUR" in out
    assert "\x1b[" not in out
    bars = [line for line in out.splitlines() if line.startswith("  2026-")]
    assert [b.split()[0] for b in bars] == ["2026-01", "2026-02", "2026-03"]
    assert "#" * 20 in bars[1]


def test_report_period_errors(network: Any) -> None:
    assert (
        "is after"
        in network("report", "--since", "2026-05-01", "--until", "2026-04-01", code=3).stderr
    )
    assert "cannot read" in network("report", "--since", "someday", code=3).stderr


@pytest.mark.parametrize(
    "args",
    [["path", "Maria"], ["who", "notaio"], ["match"], ["report"]],
)
def test_read_commands_do_not_import_sqlalchemy(network: Any, args: list[str]) -> None:
    network("ask", "Anna", "commercialista")
    code = (
        "import sys\n"
        "from netcli.cli import main\n"
        f"sys.argv = ['net', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print('LOADED' if 'sqlalchemy' in sys.modules else 'LIGHT', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ)
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "LIGHT"


def test_who_lists_who_offers_never_who_asked(network: Any) -> None:
    # The wrong answer of issue 15: people who asked for a notaio listed as notai.
    network("ask", "Sara", "Cerco un notaio per un rogito a Milano")
    network("edit", "Anna", "--goals", "trovare un notaio di fiducia")
    assert [r["contact"] for r in network.json("who", "notaio")] == ["Paolo Neri", "Maria Rossi"]
    needs = network.json("who", "notaio", "--needs")
    assert [(r["contact"], r["reason"]) for r in needs] == [
        ("Sara Conti", 'ask: "notaio"'),
        ("Anna Verdi", 'goals: "notaio"'),
    ]
    assert "nobody in your network looks for" in network("who", "idraulico", "--needs").stderr


def test_who_reads_skills_and_tags_as_offers(network: Any) -> None:
    network("edit", "Sara", "--skills", "successioni, compravendite")
    network("edit", "Anna", "--interests", "successioni")  # an interest is not an offer
    rows = network.json("who", "successione")
    assert [(r["contact"], r["reason"]) for r in rows] == [("Sara Conti", 'skills: "successioni"')]
    assert [r["contact"] for r in network.json("who", "contratti")] == ["Anna Verdi"]


def test_match_does_not_take_whom_an_ask_is_for_as_what_it_needs(network: Any) -> None:
    # The wrong answer of issue 15: "per un cliente" paired with the category `cliente`.
    network("add", "Carlo Bassi", "--category", "cliente", "--trust", "5")
    network("ask", "Anna", "Cerco un commercialista per un cliente")
    assert [r["candidate"] for r in network.json("match")] == ["Luca Bianchi", "Sara Conti"]
    network("ask", "Luca", "Cerco nuovi clienti a Milano")  # an ask about clients
    assert "Carlo Bassi" in [r["candidate"] for r in network.json("match", "2")]
