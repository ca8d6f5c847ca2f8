"""The term index (schema 12, store/terms.py): kept by every write, and the candidates it
finds rank exactly as scoring every contact does."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcli.services import matching, ranking
from netcli.services.matching import (
    MatchIndex,
    index_rows,
    lookups,
    profiles_from_rows,
    suggest_matches,
    who_knows,
)
from netcli.services.ranking import trust_factor
from netcli.store import insights, terms


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def stale_terms(path: Path) -> tuple[set[Any], set[Any]]:
    """(rows missing from the index, rows it holds that its sources no longer give)."""
    conn = sqlite3.connect(path)
    try:
        stored = terms.all_rows(conn)
        expected = index_rows(terms.all_sources(conn))
        return expected - stored, stored - expected
    finally:
        conn.close()


def test_every_write_command_keeps_the_term_index(net: Any, env: Path, tmp_path: Path) -> None:
    net("add", "Nicolò D’Àngelo", "--company", "Caffè D’Angelo", "--category", "Commercialista",
        "--city", "Forlì", "--note", "Ama l'opera", "--tag", "caffè")  # fmt: skip
    net("add", "Bruno Verdi", "--company", "ACME")
    net("ask", "bruno", "Un notaio a Cesena", "--tag", "rogito")
    net("give", "nicolo", "Presentato al notaio Zoë")
    net("give", "nicolo", "Un commercialista per la srl", "--from", "bruno", "--kind", "business")
    net("got", "bruno", "Cliente per l'enoteca")
    net("intro", "nicolo", "bruno", "-m", "Due professionisti di Forlì")
    assert stale_terms(env) == (set(), set())
    net("edit", "nicolo", "--company", "Società Ùno", "--title", "Designer", "--tag", "Perù")
    net("edit", "nicolo", "--untag", "caffè", "--goals", "nuovi clienti", "--skills", "bilanci")
    net("edit", "a1", "--text", "Un avvocato a Rimini")
    net("resolve", "a1")
    net("add", "Carla Neri", "--note", "Ciao", "--category", "Fotografa")
    net("give", "carla", "Un set fotografico")
    net("merge", "bruno", "carla", "--yes")
    net("rm", "g1", "--yes")
    assert stale_terms(env) == (set(), set())
    net("add", "Dario Blu", "--category", "Notaio")
    net("rm", "dario", "--yes")
    csv = tmp_path / "in.csv"
    csv.write_text("Name,Company,Notes\nElena Bì,Ditta Èrre,Nòte\n", encoding="utf-8")
    net("import", str(csv), "--tag", "Importàto")
    assert stale_terms(env) == (set(), set())
    dump = tmp_path / "dump.json"
    net("export", "-o", str(dump))
    other = tmp_path / "other.db"
    net("--db", str(other), "import", str(dump))
    assert stale_terms(other) == (set(), set())
    assert terms.all_rows(sqlite3.connect(other)) == terms.all_rows(sqlite3.connect(env))


def test_the_demo_fills_the_term_index(net: Any, env: Path) -> None:
    net("demo")
    missing, extra = stale_terms(env)
    assert (missing, extra) == (set(), set())
    assert len(terms.all_rows(sqlite3.connect(env))) > 100


@given(st.text(alphabet="abcdeilmnoprstuvyz019", min_size=1, max_size=8))
def test_a_prefix_range_holds_exactly_the_terms_starting_with_it(prefix: str) -> None:
    """Terms are [0-9a-z]+: the range [prefix, _after(prefix)) is every term that starts
    with the prefix and no other, compared as the database compares (byte order)."""
    words = ["", "0", "9", "a", "z", "zz", "zzz"] + [prefix + s for s in ("", "a", "z", "0", "9")]
    words += [prefix[:-1] + c for c in "09az"] + [prefix[:-1]]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (v VARCHAR PRIMARY KEY)")
    conn.executemany("INSERT INTO t VALUES (?) ON CONFLICT DO NOTHING", [(w,) for w in words])
    _, [(low, high)] = lookups([prefix + "xxxx"[: max(0, 4 - len(prefix))]])
    if high is None:
        found = [r[0] for r in conn.execute("SELECT v FROM t WHERE v >= ?", (low,))]
    else:
        found = [r[0] for r in conn.execute("SELECT v FROM t WHERE v >= ? AND v < ?", (low, high))]
    assert sorted(found) == sorted(w for w in set(words) if w.startswith(low))


# differential: the term index against scoring every contact -------------------------------

CATEGORIES = ["Commercialista", "commercialisti", "Notaio", "Avvocato", "Designer", "Design",
              "Fotografo", "Wedding planner", "Università", "Broker assicurativo", ""]  # fmt: skip
CITIES = ["Forlì", "Pavia", "Lecco", "Bergamo", "Monza", ""]
WORDS = ["cliente", "per", "un", "notai", "design", "avvocati", "bilancio", "bilanci", "the",
         "lawyer", "lawyers", "companies", "PERCHÉ", "fotografia", "nuovi", "clienti"]  # fmt: skip


def _random_store(net: Any, seed: int) -> None:
    rng = random.Random(seed)
    names = [f"Person {chr(65 + i)}{chr(66 + i)}" for i in range(14)]
    for name in names:
        args = ["add", name, "--trust", str(rng.randint(0, 5))]
        for option, pool in (("--category", CATEGORIES), ("--city", CITIES),
                             ("--title", CATEGORIES), ("--company", WORDS)):  # fmt: skip
            value = rng.choice(pool)
            if value and rng.random() < 0.6:
                args += [option, value]
        if rng.random() < 0.4:
            args += ["--note", " ".join(rng.sample(WORDS, 3))]
        if rng.random() < 0.3:
            args += ["--tag", rng.choice(["design", "bni", "notai", "commercialista"])]
        net(*args)
    for _ in range(8):
        a, b = rng.sample([*names, "me"], 2)
        net("give", a, b if b != "me" else names[0], " ".join(rng.sample(WORDS, 2)), code=None)
    for _ in range(8):
        who = rng.choice([*names, "me", "me"])
        text = " ".join(rng.sample(WORDS + CATEGORIES[:-1] + CITIES[:-1], rng.randint(1, 4)))
        net("ask", who, text)
    for _ in range(4):
        a, b = rng.sample(names, 2)
        net("intro", a, b, "--by", "me", code=None)
    net("archive", names[1])
    net("resolve", "a1")


def _everyone(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM contact WHERE NOT archived AND NOT is_me")]


def _whole_index(conn: sqlite3.Connection, wanted: Any) -> MatchIndex:
    """What `net match` ranked on before the term index: every active contact's profile."""
    rows = insights.profiles_by_id(conn, _everyone(conn))
    return MatchIndex(profiles_from_rows(rows), wanted, insights.active_count(conn))


def _whole_bits(conn: sqlite3.Connection, wanted: Any) -> Any:
    """The bit sets `net match` ranks on, from every active contact's profile."""
    index = _whole_index(conn, wanted)
    return index.people(), {q: t for q in wanted if (t := index.bits(q)) is not None}


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_term_index_candidates_rank_as_scoring_everyone(
    net: Any, env: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    _random_store(net, seed)
    conn = _connect(env)
    queries = ["commercialista", "notaio per un cliente", "design", "the", "lawyers pavia",
               "bilancio", "fotograf", "Università", "broker assicurativi a Lecco"]  # fmt: skip
    narrowed = {
        "who": [who_knows(conn, q) for q in queries],
        "needs": [who_knows(conn, q, needs=True) for q in queries],
        "match": suggest_matches(conn),
        "one": [suggest_matches(conn, ask_id=n, limit=3) for n in range(1, 9)],
    }
    assert any(narrowed["who"]) and narrowed["match"]
    # the same, every active contact a candidate and every profile read whole
    everyone = dict.fromkeys(_everyone(conn), set(matching.WHO_FIELDS + matching.NEED_FIELDS))
    monkeypatch.setattr(terms, "holders", lambda conn, *a: everyone)
    monkeypatch.setattr(matching, "bit_index", _whole_bits)
    whole = {
        "who": [who_knows(conn, q) for q in queries],
        "needs": [who_knows(conn, q, needs=True) for q in queries],
        "match": suggest_matches(conn),
        "one": [suggest_matches(conn, ask_id=n, limit=3) for n in range(1, 9)],
    }
    assert json.dumps(narrowed, sort_keys=True) == json.dumps(whole, sort_keys=True)


# rank_candidates prunes; the brute force scores every holder ------------------------------

VOCABULARY = ["notaio", "notai", "avvocato", "design", "designer", "pavia", "lecco", "foto"]


def _brute(ask: matching.Ask, index: MatchIndex, excluded: set[int], limit: int) -> list[Any]:
    """Every holder scored: points = rarity × weight × trust factor, added term by term (the
    terms in the order of their highest points), best first, ties by folded name and id."""
    terms = [t for t in (index.term(q) for q in matching.ask_terms(ask.text, ask.tags)) if t]
    if not terms:
        return []
    total = sum(t.rarity for t in terms)
    points = [
        {
            pid: t.rarity * hit.weight * trust_factor(index.profiles[pid].trust)
            for pid, hit in t.hits.items()
        }
        for t in terms
    ]
    points.sort(key=lambda held: max(held.values()))
    sums = dict.fromkeys(set().union(*points) - excluded - {ask.contact_id}, 0.0)
    for held in points:
        for pid in sums:
            sums[pid] += held.get(pid, 0.0)
    top = sorted((-v, index.profiles[pid].key, pid) for pid, v in sums.items())[:limit]
    return [(pid, -neg / total) for neg, _, pid in top]


@given(
    st.lists(
        st.tuples(
            st.lists(
                st.tuples(
                    st.lists(st.sampled_from(VOCABULARY), max_size=3),
                    st.sampled_from(["category", "title", "city", "tag", "notes", "skills"]),
                ),
                min_size=1,
                max_size=3,
            ),
            st.integers(0, 5),
        ),
        min_size=1,
        max_size=40,
    ),
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=5),
    st.integers(1, 6),
    st.sets(st.integers(1, 40), max_size=5),
)
def test_pruned_ranking_is_the_brute_force_ranking(
    people: list[Any], ask_words: list[str], limit: int, excluded: set[int]
) -> None:
    """Many equal scores (six trust levels, few words, a word in several fields, prefixes):
    walking the classes of equal scores must keep exactly the brute force's top `limit`,
    ties by name, and so must scoring one by one."""
    profiles = [
        matching.Profile(
            i,
            f"P{i % 7}",
            f"p{i % 7}",
            tuple(matching.Field(label, " ".join(said)) for said, label in fields),
            trust,
        )
        for i, (fields, trust) in enumerate(people, start=1)
    ]
    index = MatchIndex(profiles)
    ask = matching.Ask(1, 0, " ".join(ask_words))
    expected = _brute(ask, index, excluded, limit)
    steps, walk = ranking.MAX_STEPS, ranking.WALK_TERMS
    try:
        # walking the classes; cut short, then scoring one by one; too many terms to walk
        for ranking.MAX_STEPS, ranking.WALK_TERMS in ((steps, walk), (3, walk), (steps, 0)):
            found = matching.rank_candidates(ask, index, excluded=excluded, limit=limit)
            assert [(c.id, c.score) for c in found] == expected
    finally:
        ranking.MAX_STEPS, ranking.WALK_TERMS = steps, walk
