"""Pictures of the network: `net graph` (DOT, Mermaid or JSON on stdout)."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from netcli.cli._context import reading
from netcli.cli._options import JsonOpt, complete_contact
from netcli.output import Output, to_json, utf8_stdout

app = typer.Typer()


class GraphFormat(StrEnum):
    """`net graph --format`."""

    dot = "dot"
    mermaid = "mermaid"
    json = "json"


@app.command()
def graph(
    ref: Annotated[
        str | None,
        typer.Argument(
            metavar="REF",
            help="Only this contact's neighbourhood (12, a name…; default: the whole network).",
            autocompletion=complete_contact,
        ),
    ] = None,
    hops: Annotated[
        int | None,
        typer.Option(
            "--hops",
            min=1,
            max=10,
            metavar="N",
            help="How far from REF (default 2; without REF: from you).",
        ),
    ] = None,
    fmt: Annotated[
        GraphFormat,
        typer.Option("--format", help="dot (Graphviz), mermaid or json.", case_sensitive=False),
    ] = GraphFormat.dot,
    json: JsonOpt = False,
) -> None:
    """Draw your network as a graph: net graph | dot -Tsvg > net.svg."""
    from netcli.formats.diagram import to_dot, to_mermaid
    from netcli.services import refs
    from netcli.services.picture import DEFAULT_HOPS, build_picture

    with reading() as conn:
        center = None
        if ref is not None:
            center = refs.resolve(conn, ref)["id"]
        elif hops is not None:
            center = refs.me_id(conn)
        found = build_picture(conn, center, hops or DEFAULT_HOPS)
    utf8_stdout()
    if json or fmt is GraphFormat.json:
        sys.stdout.write(to_json(found.as_json()) + "\n")
    elif fmt is GraphFormat.mermaid:
        sys.stdout.write(to_mermaid(found.nodes, found.edges))
    else:
        sys.stdout.write(to_dot(found.nodes, found.edges))
    if not found.edges:
        Output().note("no links or intros to draw yet (net link A B, net intro A B record them)")
