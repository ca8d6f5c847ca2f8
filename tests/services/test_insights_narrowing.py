"""The reads `net who`/`match`/`prep` narrow in SQL give what a whole-store read gives."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from netcli.services.graph import load_graph, reach_around, reach_within_two
from netcli.services.matching import ask_terms
from netcli.store import queries


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_reach_around_some_people_is_reach_in_the_whole_graph(
    net: Any, env: Path, seed: int
) -> None:
    rng = random.Random(seed)
    names = [f"Person {chr(65 + i)}{chr(65 + i)}" for i in range(12)]
    for name in names:
        net("add", name, "--trust", str(rng.choice([0, 0, 1, 3, 5])))
    for _ in range(10):
        a, b = rng.sample(names, 2)
        kind = rng.random()
        if kind < 0.4:
            net("link", a, b, "--strength", str(rng.randint(1, 5)), code=None)
        elif kind < 0.8:
            net("intro", a, b, "--by", rng.choice([*names, "me"]), code=None)
        else:
            net("intro", "me", a, "--by", b, code=None)
    net("archive", names[0])
    conn = _connect(env)
    me = queries.me_id(conn)
    whole = reach_within_two(load_graph(conn), me)
    ids = [r["id"] for r in conn.execute("SELECT id FROM contact WHERE NOT is_me")]
    some = rng.sample(ids, 5)
    for wanted in (ids, some):
        found, _ = reach_around(conn, me, wanted)
        assert found == {i: whole[i] for i in wanted if i in whole}


@pytest.mark.parametrize(
    ("ask", "expected"),
    [
        # the demo's asks (services/demo.py) and the essay's vocabulary
        ("a young commercialista for a start-up client", ["young", "commercialist", "start"]),
        ("Cerco un commercialista per un cliente", ["commercialist"]),
        ("un notaio per mia moglie", ["nota"]),
        ("an avvocato for a rental contract dispute", ["avvocat", "rental", "contract", "disput"]),
        ("introductions to HR managers in Bergamo", ["introduction", "hr", "manager", "bergam"]),
        ("nuovi clienti nel settore immobiliare", ["nuov", "client", "settor", "immobiliar"]),
        ("looking for clients in Monza", ["client", "monz"]),
        (
            "presentazioni ad aziende per la mia clientela target",
            ["presentazion", "aziend", "clientel", "target"],
        ),
    ],
)
def test_ask_terms_drop_function_words_and_whom_the_ask_is_for(
    ask: str, expected: list[str]
) -> None:
    assert ask_terms(ask) == expected


@pytest.mark.parametrize("seed", [4, 5])
def test_paths_in_the_graph_towards_the_target_are_the_whole_graphs(
    net: Any, env: Path, seed: int
) -> None:
    from netcli.services.graph import best_paths, load_graph_towards

    rng = random.Random(seed)
    names = [f"Person {chr(65 + i)}{chr(65 + i)}" for i in range(14)]
    for name in names:
        net("add", name, "--trust", str(rng.choice([0, 0, 0, 1, 2, 5])))
    for _ in range(18):
        a, b = rng.sample(names, 2)
        if rng.random() < 0.6:
            net("link", a, b, "--strength", str(rng.randint(1, 5)), code=None)
        else:
            net("intro", a, b, "--by", rng.choice([*names, "me"]), code=None)
    net("archive", names[1])
    conn = _connect(env)
    me = queries.me_id(conn)
    ids = [r["id"] for r in conn.execute("SELECT id FROM contact WHERE NOT is_me")]
    for target in ids:
        for hops in (1, 2, 3, 4):
            whole = best_paths(load_graph(conn, keep=[target]), me, target, max_hops=hops)
            near = best_paths(load_graph_towards(conn, me, target, hops), me, target, max_hops=hops)
            assert near == whole
