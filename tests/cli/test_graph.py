"""`net graph` (spec §6): the network as DOT, Mermaid or JSON."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import pytest

HOSTILE = 'Evil "} ; c1 -- c2 [label="x"] \\ ]] --> \n<b>&#35;'


@pytest.fixture
def network(net: Any) -> None:
    net("add", "Maria Rossi", "--category", "commercialista")
    net("add", "Luca Bianchi", "--category", "avvocato")
    net("add", "Nicolò D'Angelo")
    net("add", "Anna Lontana")
    net("add", "Zoe Archiviata")
    net("link", "maria", "luca", "--strength", "5")
    net("intro", "nicolo", "maria", "--by", "luca")  # luca-nicolo, luca-maria, nicolo-maria
    net("link", "nicolo", "anna", "--strength", "1")
    net("link", "anna", "zoe")
    net("archive", "zoe")


def test_graph_json(net: Any, network: None):
    data = json.loads(net("graph", "--format", "json").stdout)
    names = {n["id"]: n["name"] for n in data["nodes"]}
    assert sorted(names.values()) == [
        "Anna Lontana",
        "Luca Bianchi",
        "Maria Rossi",
        "Nicolò D'Angelo",
    ]
    edges = {
        (names[e["a_id"]], names[e["b_id"]]): (e["strength"], e["kinds"]) for e in data["edges"]
    }
    assert edges == {
        ("Maria Rossi", "Luca Bianchi"): (5, ["intro", "link"]),
        ("Maria Rossi", "Nicolò D'Angelo"): (3, ["intro"]),
        ("Luca Bianchi", "Nicolò D'Angelo"): (3, ["intro"]),
        ("Nicolò D'Angelo", "Anna Lontana"): (1, ["link"]),
    }
    assert data == net.json("graph")
    assert (
        next(n for n in data["nodes"] if n["name"] == "Maria Rossi")["category"] == "commercialista"
    )


def test_neighbourhood(net: Any, network: None):
    one = net.json("graph", "anna", "--hops", "1")
    assert sorted(n["name"] for n in one["nodes"]) == ["Anna Lontana", "Nicolò D'Angelo"]
    two = net.json("graph", "anna")  # two hops by default
    assert len(two["nodes"]) == 4
    archived = net.json("graph", "6", "--hops", "1")  # asked about by id: drawn
    assert sorted(n["name"] for n in archived["nodes"]) == ["Anna Lontana", "Zoe Archiviata"]
    net("graph", "--hops", "0", code=2)


def test_empty_network_says_why(net: Any):
    net("add", "Maria Rossi")
    result = net("graph")
    assert result.stdout.startswith("graph net {") and "--" not in result.stdout
    assert "no links or intros to draw yet" in result.stderr


def test_hostile_names_cannot_break_mermaid(net: Any, network: None):
    net("add", HOSTILE, "--category", 'a]b"c')
    net("link", "maria", "evil", "--strength", "4")
    text = net("graph", "--format", "mermaid").stdout
    lines = text.splitlines()
    assert lines[0] == "graph LR"
    node = re.compile(r'  c\d+\["[^"\[\]\n<>]*(<br/>[^"\[\]\n<>]*)?"\]')
    edge = re.compile(r"  c\d+ (---|===|-\.-)\|[1-5]\| c\d+")
    for line in lines[1:]:
        assert node.fullmatch(line) or edge.fullmatch(line) or line.startswith("  style c"), line
    assert "Evil #34;#125; #59; c1 -- c2 #91;label#61;#34;x#34;#93; #92;" in text


def test_hostile_names_cannot_break_dot(net: Any, network: None):
    net("add", HOSTILE)
    net("link", "maria", "evil", "--strength", "4")
    text = net("graph").stdout
    assert 'label="Evil \\"} ; c1 -- c2 [label=\\"x\\"] \\\\ ]] --> <b>&#35;"' in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_dot_draws_it(net: Any, network: None):
    """`net graph | dot -Tsvg > net.svg`, with Debian's graphviz, hostile names and all."""
    net("add", HOSTILE, "--category", 'a]b"c')
    net("link", "maria", "evil", "--strength", "4")
    text = net("graph").stdout
    svg = subprocess.run(
        ["dot", "-Tsvg"], input=text, capture_output=True, text=True, check=True
    ).stdout
    assert svg.count('class="node"') == 5 and svg.count('class="edge"') == 5
    assert "Nicolò D&#39;Angelo" in svg or "Nicolò D'Angelo" in svg
    assert "Evil &quot;} ; c1 &#45;&#45; c2 [label=&quot;x&quot;] \\ ]] &#45;&#45;&gt;" in svg
