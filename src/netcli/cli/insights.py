"""Insights commands (see STYLE.md for which commands live here)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from netcli import money
from netcli.cli._context import reading
from netcli.cli._options import (
    FormatOpt,
    JsonOpt,
    LimitOpt,
    SvgOpt,
    chosen_format,
    complete_contact,
    from_spec,
)
from netcli.cli.views import run
from netcli.errors import InputError
from netcli.output import Column, Format, Output

app = typer.Typer()


@app.command()
def balance(
    ref: Annotated[
        str | None,
        typer.Argument(
            metavar="REF",
            help="Only the balance with this contact (12, a name…).",
            autocompletion=complete_contact,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="Count only what is dated from this day."),
    ] = None,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """Show reciprocity: what you gave each contact and received from them."""
    from netcli.cli.render import render_balance
    from netcli.services import reciprocity, refs, settings

    with reading() as conn:
        me = refs.me_id(conn)
        contact_id = None
        if ref is not None:
            contact_id = int(refs.resolve(conn, ref)["id"])
            if contact_id == me:
                raise InputError("a balance is between you and someone else; name a contact")
        first = None
        if since is not None:
            from netcli import dates

            first = dates.parse_date(since, order=settings.value(conn, "dates.order")).isoformat()
        summary = reciprocity.load(conn, me, contact_id, first)
        currency = settings.value(conn, "currency")
    render_balance(Output(chosen_format(fmt, json)), summary, currency, single=ref is not None)


# referral engine: path, who, match, report (issue 6) -------------------------------------

MaxHopsOpt = Annotated[
    int, typer.Option("--max-hops", metavar="N", min=1, max=8, help="At most N links in a chain.")
]
SinceOpt = Annotated[
    str | None, typer.Option("--since", metavar="DATE", help="First day (default: 12 months).")
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", metavar="DATE", help="Last day (default: today).")
]


@app.command()
def path(
    ref: Annotated[
        str,
        typer.Argument(
            help="Who to reach: 12, a name or a unique prefix.", autocompletion=complete_contact
        ),
    ],
    max_hops: MaxHopsOpt = 4,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """Show the best chains of trust from you to a contact."""
    from netcli.services import refs
    from netcli.services.graph import best_paths, load_graph_towards

    with reading() as conn:
        target = refs.resolve(conn, ref)
        me = refs.me_id(conn)
        if target["id"] == me:
            raise InputError("that is you: name the person you want to reach")
        graph = load_graph_towards(conn, me, target["id"], max_hops)
        found = best_paths(graph, me, target["id"], max_hops=max_hops)
    out = Output(chosen_format(fmt, json))
    names = graph.names
    json_rows = [
        {
            "score": round(p.score, 4),
            "hops": p.hops,
            "path": [{"id": n, "name": names[n]} for n in p.nodes],
        }
        for p in found
    ]
    rows = [
        {
            "rank": i,
            "score": f"{p.score:.2f}",
            "hops": p.hops,
            "chain": names[p.nodes[0]]
            + "".join(
                f" -({s})- {names[n]}" for s, n in zip(p.strengths, p.nodes[1:], strict=True)
            ),
            "first": "(direct)" if p.hops == 1 else names[p.first],
        }
        for i, p in enumerate(found, 1)
    ]
    columns = [
        Column("rank", "#", justify="right"),
        Column("score", "score", justify="right"),
        Column("hops", "hops", justify="right"),
        Column("chain", "chain (strength of each link)"),
        Column("first", "ask first"),
    ]
    if not found:
        if out.machine:
            out.rows([], columns)
        out.note(
            f"no chain of trust from you to {target['name']} within {max_hops} hops "
            "(try a larger --max-hops, or record who knows them: net link A B)"
        )
        raise typer.Exit(1)
    out.rows(rows, columns, json_rows=json_rows)


@app.command()
def who(
    text: Annotated[str, typer.Argument(help="What to look for: lawyer, commercialista, Rossi…")],
    needs: Annotated[
        bool,
        typer.Option("--needs", help="Who is looking for TEXT (open asks, goals) instead."),
    ] = False,
    limit: LimitOpt = None,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """Find who in your network offers TEXT (or, with --needs, looks for it), closest first."""
    from netcli.services.matching import who_knows

    with reading() as conn:
        found = who_knows(conn, text, limit=limit, needs=needs)
    rows = [
        {
            **r,
            "score_text": f"{r['score']:.2f}",
            "reach": {1: "direct", 2: f"via {r['via']}"}.get(r["hops"] or 0, "not connected"),
        }
        for r in found
    ]
    columns = [
        Column("contact_id", "id", justify="right"),
        Column("contact", "name"),
        Column("score_text", "score", justify="right"),
        Column("reach", "reach"),
        Column("reason", "matched"),
    ]
    Output(chosen_format(fmt, json)).rows(
        rows,
        columns,
        json_rows=found,
        empty=f"nobody in your network {'looks for' if needs else 'offers'} '{text}'",
    )


class PrepFormat(StrEnum):
    """`net prep --format`."""

    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def prep(
    ref: Annotated[
        str,
        typer.Argument(
            help="Whom you are meeting: 12, a name or a unique prefix.",
            autocompletion=complete_contact,
        ),
    ],
    fmt: Annotated[
        PrepFormat,
        typer.Option("--format", help="text, markdown or json.", case_sensitive=False),
    ] = PrepFormat.text,
    json: JsonOpt = False,
) -> None:
    """Print a one-page sheet to read before a one-to-one with a contact."""
    import shutil
    import sys

    from netcli import dates
    from netcli.cli.render import prep_lines, prep_markdown
    from netcli.services import settings
    from netcli.services.prep import prep_sheet

    with reading() as conn:
        sheet = prep_sheet(conn, ref)
        currency = settings.value(conn, "currency")
    out = Output(Format.json if json or fmt is PrepFormat.json else Format.table)
    if out.machine:
        out.object(sheet, lambda: None)
    elif fmt is PrepFormat.markdown:
        out.line(prep_markdown(sheet, dates.today(), currency))
    else:
        width = shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 80
        out.line("\n".join(prep_lines(sheet, dates.today(), currency, width=min(width, 80))))


@app.command()
@from_spec("match")
def match(**params: Any) -> None:
    """Suggest who could fulfil open asks, with the intro command to run."""
    run("match", params)


@app.command()
def report(
    since: SinceOpt = None,
    until: UntilOpt = None,
    json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """Show your referral results over a period (default: the last 12 months)."""
    from netcli import dates
    from netcli.services import settings
    from netcli.services.report import default_period, load_report

    with reading() as conn:
        order = settings.value(conn, "dates.order")
        last = dates.parse_date(until, order=order) if until else dates.today()
        first = dates.parse_date(since, order=order) if since else default_period(last)[0]
        if first > last:
            raise InputError(f"--since {first} is after --until {last}")
        found = load_report(conn, first, last)
        currency = settings.value(conn, "currency")
    if svg is not None:
        _write_chart(svg, found, currency)
    out = Output(chosen_format(Format.table, json))
    out.object(found, lambda: _draw_report(out, found, currency))
    if svg is not None:
        out.note(f"Chart written to {svg}")


def _write_chart(file: str, found: dict[str, Any], currency: str) -> None:
    """The SVG, written whole or not at all (never over the store)."""
    from pathlib import Path

    from netcli.cli._context import db_path, store_url
    from netcli.services.chart import report_svg
    from netcli.services.maintenance import write_file

    store = None if store_url() else db_path()  # a server store has no file to protect
    write_file(Path(file).expanduser(), report_svg(found, currency), store, force=True)


CREDIT_COLUMNS = [
    Column("result", "result"),
    Column("date", "date"),
    Column("chain", "chain (origin → direct)", wrap=True),
    Column("value", "value", justify="right"),
]
ORIGIN_COLUMNS = [
    Column("origin", "origin"),
    Column("results", "results", justify="right"),
    Column("value", "value", justify="right"),
]


@app.command()
def credit(
    ref: Annotated[
        str | None,
        typer.Argument(
            metavar="REF",
            help="Only results whose chain holds this contact.",
            autocompletion=complete_contact,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="Only results from this day on."),
    ] = None,
    by_origin: Annotated[
        bool, typer.Option("--by-origin", help="Sum results and value per origin.")
    ] = False,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """Show who brought each result about: the chain from origin to direct person."""
    from netcli import dates
    from netcli.services import credit as credits
    from netcli.services import refs, settings

    with reading() as conn:
        order = settings.value(conn, "dates.order")
        first = dates.parse_date(since, order=order).isoformat() if since else None
        contact_id = None if ref is None else int(refs.resolve(conn, ref)["id"])
        found = credits.load(conn, first)
        currency = settings.value(conn, "currency")
    if contact_id is not None:
        found = credits.holding(found, contact_id)
    out = Output(chosen_format(fmt, json))
    if by_origin:
        out.rows(credits.by_origin(found), ORIGIN_COLUMNS, empty="no results")
        return
    rows = credits.public(found)
    shown = [{**r, "chain": " → ".join(p["name"] for p in r["chain"])} for r in rows]
    out.rows(shown, CREDIT_COLUMNS, json_rows=rows, empty="no results")
    if rows and not out.machine:
        total = sum(r["cents"] for r in found)
        out.note(f"{len(rows)} results worth {money.render(money.total(total), currency)}")


def _draw_report(out: Output, r: dict[str, Any], currency: str) -> None:
    def worth(value: Any) -> str:
        return money.render(value, currency)

    rate = r["conversion_rate"]
    lines = [
        f"Referral results {r['since']} to {r['until']}",
        "",
        f"  intros made       {r['intros_made']:>5}    intros received  {r['intros_received']:>5}",
        f"  gives given       {r['given_count']:>5}    worth {worth(r['given_value'])}",
        f"  gives received    {r['received_count']:>5}    worth {worth(r['received_value'])}",
        f"  business closed   {r['business_count']:>5}    worth {worth(r['business_value'])}",
        f"  one-to-ones       {r['one_to_ones']:>5}",
        "  conversion        "
        + (f"{rate:>5.0%}    of your intros with an outcome" if rate is not None else "    -"),
        f"  referrals given   {r['referrals_given']:>5}    received {r['referrals_received']:>5}"
        f"    closed {r['referrals_closed']}, declined {r['referrals_declined']}",
    ]
    r_rate, wait = r["referral_conversion"], r["median_days_to_contact"]
    lines.append(
        "  referral closing  "
        + (f"{r_rate:>5.0%}    of those closed or declined" if r_rate is not None else "    -")
    )
    if wait is not None:
        lines.append(f"  days to contact   {wait:>5}    median, for referrals you received")
    tops = [("Top givers to you", r["top_givers"]), ("Top receivers from you", r["top_receivers"])]
    for title, people in tops:
        lines += ["", title]
        lines += [
            f"  {p['count']:>3}  {p['contact']}"
            + (f"  ({worth(p['value'])})" if p["value"] else "")
            for p in people
        ] or ["  nobody yet"]
    lines += ["", "Top origins (net credit --by-origin)"]
    lines += [
        f"  {o['results']:>3}  {o['contact']}  ({worth(o['value'])})" for o in r["top_origins"]
    ] or ["  nobody yet"]
    lines += ["", "By month (gives given / received, business value)"]
    for text in lines:
        out.line(text)
    _draw_months(out, r["months"], currency)


def _draw_months(out: Output, months: list[dict[str, Any]], currency: str) -> None:
    """Per-month bars: Rich colours on a terminal, plain `#` bars in a pipe."""
    width = 20
    top = max([m["given_count"] for m in months] + [m["received_count"] for m in months] + [1])

    def bar(count: int) -> str:
        return "" if not count else max(1, round(count * width / top)) * "#"

    if out.rich:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
        table.add_column("month")
        table.add_column("given")
        table.add_column("received")
        table.add_column(f"business ({currency})", justify="right")
        for m in months:
            table.add_row(
                m["month"],
                Text(bar(m["given_count"]).replace("#", "█"), style="green")
                + Text(f" {m['given_count']}"),
                Text(bar(m["received_count"]).replace("#", "█"), style="cyan")
                + Text(f" {m['received_count']}"),
                money.render(m["business_value"]),
            )
        out.console().print(table)
        return
    money_width = max(
        [len(currency) + 11] + [len(money.render(m["business_value"])) for m in months]
    )
    business = f"business ({currency})"
    out.line(
        f"  {'month':<7}  {'given':<{width + 4}}  {'received':<{width + 4}}  "
        f"{business:>{money_width}}"
    )
    for m in months:
        out.line(
            f"  {m['month']}  {bar(m['given_count']):<{width}} {m['given_count']:>3}  "
            f"{bar(m['received_count']):<{width}} {m['received_count']:>3}  "
            f"{money.render(m['business_value']):>{money_width}}"
        )
