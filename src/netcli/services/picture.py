"""`net graph`: my network, or one person's neighbourhood, as nodes and weighted edges.

Edges are the relationships recorded between people: `net link` (its strength), and for an
intro by X of A and B the pairs X–A, X–B and A–B (3, 4 once met, 5 once business; a declined
intro gives no A–B), and C–V when V introduced me to C — the edges of spec §9 but my own
trust in each contact and me to each person I introduced (both would join everyone to me and
hide the rest behind a star). Several relationships between one
pair are one edge with the strongest strength. Only people on an edge are drawn (plus the
one asked about); archived contacts are left out unless asked about.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from dataclasses import dataclass
from typing import Any

from netcli.formats.diagram import Edge, Node
from netcli.store import picture

DEFAULT_HOPS = 2


@dataclass
class Picture:
    nodes: list[Node]
    edges: list[Edge]

    def as_json(self) -> dict[str, Any]:
        return {
            "nodes": [
                {"id": n.id, "name": n.name, "category": n.category, "me": n.me} for n in self.nodes
            ],
            "edges": [
                {"a_id": e.a, "b_id": e.b, "strength": e.strength, "kinds": list(e.kinds)}
                for e in self.edges
            ],
        }


def merge_edges(
    raw: list[tuple[int, int, int, str]], allowed: set[int], me: int | None = None
) -> dict[tuple[int, int], Edge]:
    """One edge per pair (low id first), the strongest strength, every kind. My own intros
    join the two people, not me to each of them: I know everyone I introduce, and those
    edges would hide the rest of the picture behind a star."""
    strengths: dict[tuple[int, int], int] = {}
    kinds: dict[tuple[int, int], set[str]] = {}
    for a, b, strength, kind in raw:
        if a == b or a not in allowed or b not in allowed:
            continue
        if kind == "introducer":
            if a == me:
                continue
            kind = "intro"
        pair = (min(a, b), max(a, b))
        strengths[pair] = max(strengths.get(pair, 0), strength)
        kinds.setdefault(pair, set()).add(kind)
    return {
        pair: Edge(pair[0], pair[1], strengths[pair], tuple(sorted(kinds[pair])))
        for pair in sorted(strengths)
    }


def neighbourhood(edges: dict[tuple[int, int], Edge], start: int, hops: int) -> set[int]:
    """Everyone within `hops` edges of `start` (breadth first)."""
    adjacency: dict[int, list[int]] = {}
    for a, b in edges:
        adjacency.setdefault(a, []).append(b)
        adjacency.setdefault(b, []).append(a)
    seen = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if seen[node] == hops:
            continue
        for other in adjacency.get(node, []):
            if other not in seen:
                seen[other] = seen[node] + 1
                queue.append(other)
    return set(seen)


def build_picture(
    conn: sqlite3.Connection, center: int | None = None, hops: int = DEFAULT_HOPS
) -> Picture:
    """The whole network (center None), or `center`'s neighbourhood within `hops`."""
    rows = picture.people(conn)
    allowed = {r["id"] for r in rows if not r["archived"] or r["id"] == center}
    me = next((r["id"] for r in rows if r["is_me"]), None)
    edges = merge_edges(picture.relationship_edges(conn), allowed, me)
    if center is None:
        shown = {n for pair in edges for n in pair}
    else:
        shown = neighbourhood(edges, center, hops)
    nodes = [
        Node(r["id"], r["name"], r["category"], bool(r["is_me"]))
        for r in sorted(rows, key=lambda r: r["id"])
        if r["id"] in shown
    ]
    kept = [e for pair, e in edges.items() if pair[0] in shown and pair[1] in shown]
    return Picture(nodes, kept)
