"""The trust graph of spec §9 and the best chains of trust through it.

Pure functions over plain data, plus one loader (`load_graph`) that reads every edge in
two queries. Edges (strength 1-5, the strongest kept when several join the same pair):
- me–C for every contact C with trust ≥ 1 (strength = trust);
- A–B for every `net link`;
- for an intro by X of A and B: X–A, X–B and A–B, strength 3, 4 once met, 5 once business
  (a declined intro keeps X–A and X–B at 3 but gives no A–B edge: they chose not to connect);
- C–V when V introduced me to C (contact.via_id), strength 3 like a fresh intro.
Archived contacts are out of the graph (neither on a path nor suggested), unless a command
names one explicitly as its target (`keep`).

A path's score is the product of strength/5 over its edges. Scores are compared exactly as
integers (product of strengths × 5^(max_hops − hops)), so equal scores tie exactly and the
order is deterministic: higher score, then fewer hops, then the (folded) names along the path.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from math import prod

from netcli.text import fold

MAX_STRENGTH = 5
DEFAULT_MAX_HOPS = 4
DEFAULT_PATHS = 3  # `net path` shows the best three chains


@dataclass(frozen=True)
class TrustGraph:
    """Undirected graph: people by id, and the strength of the strongest edge of each pair."""

    names: dict[int, str]
    adjacency: dict[int, dict[int, int]] = field(default_factory=dict)
    keys: dict[int, str] = field(default_factory=dict)  # folded names, for tie order

    def strength(self, a: int, b: int) -> int | None:
        return self.adjacency.get(a, {}).get(b)

    def neighbours(self, node: int) -> dict[int, int]:
        return self.adjacency.get(node, {})

    def sort_key(self, node: int) -> tuple[str, int]:
        """How names order ties: folded name, then id (two people may share a name)."""
        key = self.keys.get(node)
        return (fold(self.names.get(node, "")) if key is None else key, node)


def build_graph(
    names: Mapping[int, str],
    edges: Iterable[tuple[int, int, int]],
    keys: Mapping[int, str] | None = None,
) -> TrustGraph:
    """The graph of these people; edges touching anyone else (archived) are left out.
    `keys` are the folded names (the store keeps them); computed when not given."""
    adjacency: dict[int, dict[int, int]] = defaultdict(dict)
    for a, b, strength in edges:
        if a == b or a not in names or b not in names or strength < 1:
            continue
        strength = min(strength, MAX_STRENGTH)
        if adjacency[a].get(b, 0) < strength:
            adjacency[a][b] = strength
            adjacency[b][a] = strength
    folded = dict(keys) if keys is not None else {n: fold(name) for n, name in names.items()}
    return TrustGraph(dict(names), dict(adjacency), folded)


@dataclass(frozen=True)
class TrustPath:
    """A chain of people from the source to the target, with the strength of each link."""

    nodes: tuple[int, ...]
    strengths: tuple[int, ...]

    @property
    def hops(self) -> int:
        return len(self.strengths)

    @property
    def score(self) -> float:
        return prod(s / MAX_STRENGTH for s in self.strengths)

    @property
    def first(self) -> int:
        """The person to ask first: the second node (the target itself when direct)."""
        return self.nodes[1]


def completion_bounds(
    graph: TrustGraph, source: int, target: int, max_hops: int
) -> list[dict[int, int]]:
    """bounds[r][v]: the best score of any walk of at most r edges from v to the target that
    does not pass through the source (a path never comes back to it), as the integer
    Π strengths × 5^(r − edges), exact; a node missing from bounds[r] cannot reach the target
    in r hops. The source itself gets a value but lends it to no one: the hub that every
    direct contact touches would otherwise make every bound loose."""
    bounds = [{target: 1}]
    for _ in range(max_hops):
        prev = bounds[-1]
        current = {node: value * MAX_STRENGTH for node, value in prev.items()}
        for node, value in prev.items():
            if node == source:
                continue
            for nxt, strength in graph.neighbours(node).items():
                if strength * value > current.get(nxt, 0):
                    current[nxt] = strength * value
        bounds.append(current)
    return bounds


def best_paths(
    graph: TrustGraph,
    source: int,
    target: int,
    *,
    max_hops: int = DEFAULT_MAX_HOPS,
    limit: int = DEFAULT_PATHS,
) -> list[TrustPath]:
    """The `limit` best simple paths of at most `max_hops` edges, best first.

    Best-first search over partial paths (A*). A partial path's key is the best score any
    of its completions could reach (its strengths times the best walk still possible, from
    completion_bounds), then its hops, then its names; extending a path never improves its
    key, so complete paths come off the heap in the final order and the search stops after
    `limit` of them. Scores are integers on the scale 5^max_hops: exact, so ties are ties.
    """
    if source == target or max_hops < 1 or limit < 1:
        return []
    bounds = completion_bounds(graph, source, target, max_hops)
    if source not in bounds[max_hops]:
        return []

    def key(
        nodes: tuple[int, ...], strengths: tuple[int, ...]
    ) -> tuple[int, int, tuple[tuple[str, int], ...]]:
        hops = len(strengths)
        best = prod(strengths) * bounds[max_hops - hops][nodes[-1]]
        return (-best, hops, tuple(graph.sort_key(n) for n in nodes))

    start: tuple[tuple[int, ...], tuple[int, ...]] = ((source,), ())
    heap = [(key(*start), start)]
    found: list[TrustPath] = []
    while heap and len(found) < limit:
        _, (nodes, strengths) = heapq.heappop(heap)
        if nodes[-1] == target:
            found.append(TrustPath(nodes, strengths))
            continue
        reachable = bounds[max_hops - len(strengths) - 1]  # where the next step may go
        for nxt, strength in graph.neighbours(nodes[-1]).items():
            if nxt in reachable and nxt not in nodes:
                ext = (nodes + (nxt,), strengths + (strength,))
                heapq.heappush(heap, (key(*ext), ext))
    return found


@dataclass(frozen=True)
class Reach:
    """How I reach someone within two hops: directly, or through one trusted contact."""

    hops: int
    via: int | None
    strengths: tuple[int, ...]

    @property
    def score(self) -> float:
        return prod(s / MAX_STRENGTH for s in self.strengths)


def reach_within_two(graph: TrustGraph, source: int) -> dict[int, Reach]:
    """Everyone one or two hops from `source`; a two-hop person names the best middle person
    (highest product of strengths, then name). Direct neighbours are always hops 1."""
    found: dict[int, Reach] = {}
    direct = graph.neighbours(source)
    for node, strength in direct.items():
        found[node] = Reach(1, None, (strength,))
    best: dict[int, tuple[int, int, int]] = {}  # node -> (product, via, second strength)
    for via, first in direct.items():
        for node, second in graph.neighbours(via).items():
            if node == source or node in direct:
                continue
            held = best.get(node)
            product = first * second
            if (
                held is None
                or product > held[0]
                or (product == held[0] and graph.sort_key(via) < graph.sort_key(held[1]))
            ):
                best[node] = (product, via, second)
    for node, (_, via, second) in best.items():
        found[node] = Reach(2, via, (direct[via], second))
    return found


def load_graph(conn: sqlite3.Connection, *, keep: Iterable[int] = ()) -> TrustGraph:
    """The whole trust graph in two queries: active people (plus `keep`), and every edge."""
    from netcli.store import queries

    wanted = set(keep)
    people = [r for r in queries.graph_people(conn) if not r["archived"] or r["id"] in wanted]
    names = {r["id"]: r["name"] for r in people}
    keys = {r["id"]: r["search_key"] for r in people}
    return build_graph(names, queries.trust_edges(conn), keys)


def load_graph_towards(conn: sqlite3.Connection, me: int, target: int, max_hops: int) -> TrustGraph:
    """The part of the trust graph that chains of at most `max_hops` edges from me to the
    target can use, read level by level from the target through the indexes.

    A chain never comes back to me, so every person on it but me is within max_hops − 1
    edges of the target without passing through me: those people, the edges between them,
    and my edges with them (their trust, my links, intros and vias) are all a search needs.
    The target is kept even when archived (it was named)."""
    from netcli.store import insights

    seen = {target}
    frontier = [target]
    edges: list[tuple[int, int, int]] = []
    for _ in range(max_hops - 1):
        found = insights.edges_touching(conn, frontier)
        edges += found
        frontier = sorted({n for a, b, _ in found for n in (a, b)} - seen - {me})
        seen.update(frontier)
        if not frontier:
            break
    rows = insights.people(conn, sorted(seen | {me}))
    names = {r[0]: r[1] for r in rows if r[4] or r[0] in (me, target)}
    keys = {r[0]: r[2] for r in rows if r[0] in names}
    trust = [(me, r[0], r[3]) for r in rows if r[0] != me and r[0] in names and r[3] >= 1]
    mine = insights.edges_with(conn, me, sorted(names))
    return build_graph(names, [*trust, *mine, *edges], keys)


def reach_around(
    conn: sqlite3.Connection, me: int, ids: Iterable[int]
) -> tuple[dict[int, Reach], dict[int, str]]:
    """`reach_within_two` from me, exact for these people, reading only the graph around
    them; also the names it read.

    A person is direct when their trust is ≥ 1 or they share an edge with me (the strongest
    counts). For the others a two-hop way is me–V–T: the V–T edge touches T, and me–V is
    V's trust or an edge between me and V; so the edges of the far people, their
    neighbours' trust and my edges with those neighbours hold every way the whole graph has."""
    from netcli.store import insights

    wanted = sorted(set(ids) - {me})
    if not wanted:
        return {}, {}
    rows = insights.people(conn, [*wanted, me])
    mine = insights.edges_with(conn, me, wanted)
    touching_me = {a if b == me else b for a, b, _ in mine}
    far = [r[0] for r in rows if r[4] and r[3] < 1 and r[0] not in touching_me]
    around = insights.edges_touching(conn, far) if far else []
    neighbours = sorted({n for a, b, _ in around for n in (a, b)} - set(wanted) - {me})
    rows += insights.people(conn, neighbours)
    mine += insights.edges_with(conn, me, neighbours)
    names = {r[0]: r[1] for r in rows if r[4] or r[0] == me}
    keys = {r[0]: r[2] for r in rows if r[0] in names}
    trust = [(me, r[0], r[3]) for r in rows if r[4] and r[3] >= 1]
    graph = build_graph(names, [*trust, *mine, *around], keys)
    found = reach_within_two(graph, me)
    return {n: found[n] for n in wanted if n in found}, names
