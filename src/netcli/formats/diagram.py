"""Graph pictures as text: Graphviz DOT and Mermaid, from plain nodes and edges. Stdlib only.

Node ids are `c12` (from the contact id, never from a name). Labels are quoted and escaped so
that no name can end a string or a statement: in DOT, `"` and `\\` are escaped inside a quoted
string; in Mermaid, every character but letters, digits, spaces and `.,'-_` is written as an
entity (`#34;`). Control characters are dropped in both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Edge", "Node", "dot_label", "mermaid_label", "to_dot", "to_mermaid"]

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    category: str | None = None
    me: bool = False


@dataclass(frozen=True)
class Edge:
    a: int
    b: int
    strength: int  # 1-5
    kinds: tuple[str, ...] = ()  # "link", "intro"


def _clean(text: str) -> str:
    return " ".join(_CONTROLS.sub(" ", text).split())


def dot_label(*lines: str) -> str:
    """A DOT quoted string: the lines joined by centred line breaks."""
    escaped = [_clean(line).replace("\\", "\\\\").replace('"', '\\"') for line in lines if line]
    return '"' + "\\n".join(escaped) + '"'


def to_dot(nodes: Sequence[Node], edges: Sequence[Edge]) -> str:
    """An undirected DOT graph: `net graph | dot -Tsvg > net.svg`."""
    out = [
        "graph net {",
        # A network has no top and bottom: the spring layout, whatever program reads the file.
        '  graph [layout=neato, overlap=false, splines=true, sep="+6", fontname="sans-serif"];',
        '  node [shape=box, style="rounded", fontname="sans-serif", fontsize=11];',
        '  edge [fontname="sans-serif", fontsize=9, color="#555555"];',
    ]
    for n in nodes:
        style = ', style="rounded,filled", fillcolor="#fff3c4"' if n.me else ""
        out.append(f"  c{n.id} [label={dot_label(n.name, n.category or '')}{style}];")
    for e in edges:
        dashed = ', style="dashed"' if "link" not in e.kinds else ""
        out.append(
            f"  c{e.a} -- c{e.b} [penwidth={0.5 + e.strength * 0.5:.1f}, weight={e.strength}, "
            f'tooltip="{"+".join(e.kinds)} {e.strength}"{dashed}];'
        )
    out.append("}")
    return "\n".join(out) + "\n"


def mermaid_label(*lines: str) -> str:
    """A Mermaid quoted label, every risky character as an entity, lines joined by <br/>."""

    def safe(text: str) -> str:
        return "".join(c if c.isalnum() or c in " .,'-_" else f"#{ord(c)};" for c in _clean(text))

    return '"' + "<br/>".join(safe(line) for line in lines if line) + '"'


def to_mermaid(nodes: Sequence[Node], edges: Sequence[Edge]) -> str:
    """A Mermaid flowchart: thick lines for strength 4-5, dotted for 1."""
    out = ["graph LR"]
    for n in nodes:
        out.append(f"  c{n.id}[{mermaid_label(n.name, n.category or '')}]")
    for e in edges:
        line = "===" if e.strength >= 4 else "-.-" if e.strength <= 1 else "---"
        out.append(f"  c{e.a} {line}|{e.strength}| c{e.b}")
    for n in nodes:
        if n.me:
            out.append(f"  style c{n.id} fill:#fff3c4")
    return "\n".join(out) + "\n"
