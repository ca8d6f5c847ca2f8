"""The trust graph and its best paths, on hand-built graphs (spec §9)."""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import prod

from hypothesis import given, settings
from hypothesis import strategies as st

from netcli.services.graph import (
    TrustGraph,
    best_paths,
    build_graph,
    reach_within_two,
)

ME, ANNA, BRUNO, CARLA, DARIO, TARGET = 1, 2, 3, 4, 5, 9
NAMES = {ME: "Me", ANNA: "Anna", BRUNO: "Bruno", CARLA: "Carla", DARIO: "Dario", TARGET: "Tina"}


def graph(*edges: tuple[int, int, int]) -> TrustGraph:
    return build_graph(NAMES, edges)


def chains(found: list) -> list[tuple[int, ...]]:
    return [p.nodes for p in found]


def test_parallel_edges_keep_the_strongest_and_strangers_are_left_out() -> None:
    g = graph((ME, ANNA, 2), (ANNA, ME, 4), (ANNA, ME, 3), (ANNA, 77, 5), (BRUNO, BRUNO, 5))
    assert g.strength(ME, ANNA) == 4
    assert g.strength(ANNA, ME) == 4
    assert g.neighbours(ANNA) == {ME: 4}
    assert g.neighbours(BRUNO) == {}


def test_best_path_is_the_highest_product_of_strengths() -> None:
    g = graph((ME, ANNA, 5), (ANNA, TARGET, 4), (ME, BRUNO, 3), (BRUNO, TARGET, 5), (ME, TARGET, 1))
    found = best_paths(g, ME, TARGET)
    assert chains(found) == [(ME, ANNA, TARGET), (ME, BRUNO, TARGET), (ME, TARGET)]
    assert [round(p.score, 6) for p in found] == [0.8, 0.6, 0.2]
    assert [p.hops for p in found] == [2, 2, 1]
    assert found[0].strengths == (5, 4)
    assert found[0].first == ANNA
    assert found[2].first == TARGET  # direct: ask them yourself


def test_equal_scores_prefer_fewer_hops_then_names() -> None:
    g = graph(
        (ME, TARGET, 5),  # 1.0 in one hop
        (ME, BRUNO, 5), (BRUNO, TARGET, 5),  # 1.0 in two hops, via Bruno
        (ME, ANNA, 5), (ANNA, TARGET, 5),  # 1.0 in two hops, via Anna: Anna sorts first
    )  # fmt: skip
    assert chains(best_paths(g, ME, TARGET)) == [
        (ME, TARGET),
        (ME, ANNA, TARGET),
        (ME, BRUNO, TARGET),
    ]


def test_exact_ties_do_not_depend_on_the_order_of_factors() -> None:
    # 4/5 × 3/5 and 3/5 × 4/5 are the same score: the names decide, not float rounding.
    g = graph((ME, BRUNO, 4), (BRUNO, TARGET, 3), (ME, ANNA, 3), (ANNA, TARGET, 4))
    assert chains(best_paths(g, ME, TARGET)) == [(ME, ANNA, TARGET), (ME, BRUNO, TARGET)]


def test_hop_limit() -> None:
    g = graph((ME, ANNA, 5), (ANNA, BRUNO, 5), (BRUNO, CARLA, 5), (CARLA, TARGET, 5))
    assert best_paths(g, ME, TARGET, max_hops=3) == []
    found = best_paths(g, ME, TARGET, max_hops=4)
    assert chains(found) == [(ME, ANNA, BRUNO, CARLA, TARGET)]
    assert found[0].score == 1.0


def test_a_weaker_short_path_beats_nothing_and_limit_cuts() -> None:
    g = graph((ME, ANNA, 1), (ANNA, TARGET, 1), (ME, BRUNO, 2), (BRUNO, TARGET, 2))
    assert chains(best_paths(g, ME, TARGET, limit=1)) == [(ME, BRUNO, TARGET)]


def test_no_path_and_no_path_to_oneself() -> None:
    g = graph((ME, ANNA, 5), (BRUNO, TARGET, 5))
    assert best_paths(g, ME, TARGET) == []
    assert best_paths(g, ME, ME) == []


def test_paths_are_simple_and_never_return_to_me() -> None:
    g = graph((ME, ANNA, 5), (ANNA, BRUNO, 5), (BRUNO, ME, 5), (BRUNO, TARGET, 2))
    for path in best_paths(g, ME, TARGET, limit=10):
        assert len(set(path.nodes)) == len(path.nodes)


def test_reach_within_two_names_the_best_trusted_contact() -> None:
    g = graph(
        (ME, ANNA, 3), (ANNA, TARGET, 5),  # 15
        (ME, BRUNO, 5), (BRUNO, TARGET, 3),  # 15, Anna sorts first
        (ME, CARLA, 2), (CARLA, TARGET, 5),  # 10
        (TARGET, DARIO, 5),  # three hops away
    )  # fmt: skip
    reach = reach_within_two(g, ME)
    assert reach[TARGET].hops == 2
    assert reach[TARGET].via == ANNA
    assert round(reach[TARGET].score, 6) == 0.6
    assert reach[ANNA].hops == 1 and reach[ANNA].via is None
    assert DARIO not in reach and ME not in reach


def _brute_force(g: TrustGraph, source: int, target: int, max_hops: int) -> list[tuple]:
    """Every simple path, ranked by exact score, hops, then names: the definition itself."""
    found = []
    others = [n for n in g.names if n not in (source, target)]
    for size in range(max_hops):
        for middle in itertools.permutations(others, size):
            nodes = (source, *middle, target)
            strengths = [g.strength(a, b) for a, b in itertools.pairwise(nodes)]
            if all(strengths):
                score = prod(Fraction(s, 5) for s in strengths)  # type: ignore[arg-type]
                names = tuple(g.sort_key(n) for n in nodes)
                found.append((-score, len(strengths), names, nodes))
    return [f[3] for f in sorted(found)]


@settings(max_examples=150, deadline=None)
@given(
    edges=st.lists(
        st.tuples(st.sampled_from(list(NAMES)), st.sampled_from(list(NAMES)), st.integers(1, 5)),
        max_size=14,
    ),
    max_hops=st.integers(1, 5),
)
def test_best_paths_agree_with_brute_force(edges: list, max_hops: int) -> None:
    g = graph(*edges)
    expected = _brute_force(g, ME, TARGET, max_hops)
    assert chains(best_paths(g, ME, TARGET, max_hops=max_hops, limit=4)) == expected[:4]
