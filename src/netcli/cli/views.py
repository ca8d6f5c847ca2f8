"""The bodies of the hot read commands, `net due` and `net list`, with no Typer in sight.

The Typer commands call these, and so does the fast path (cli/fast.py), which runs them
without importing Typer at all: Typer costs ~37 ms of a `net due --json` that a cron job or
a shell prompt runs many times a day.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netcli.cli._context import reading
from netcli.dates import days_text
from netcli.errors import NothingMatched
from netcli.output import Column, Format, Output, Rows, render_plain_table

if TYPE_CHECKING:
    from netcli.services.followups import DueItem

GROUPS = (("overdue", "Overdue"), ("today", "Today"), ("upcoming", "Upcoming"))


def _ref_cell(ref: dict[str, int] | None) -> str:
    return "" if not ref else ",".join(f"{k}:{v}" for k, v in ref.items())


DUE_COLUMNS = [
    Column("contact_id", "contact_id"),
    Column("contact", "contact"),
    Column("reason", "reason"),
    Column("due", "due"),
    Column("overdue_days", "overdue_days"),
    Column("detail", "detail"),
    Column("ref", "ref", render=_ref_cell),
    Column("command", "command"),
]
VIEW_COLUMNS = [
    Column("due", "due"),
    Column("overdue_days", "when", render=days_text),
    Column("contact", "contact"),
    Column("reason", "reason"),
    Column("detail", "detail"),
    Column("command", "next"),
]
LIST_COLUMNS = [
    Column("id", "id", justify="right"),
    Column("name", "name"),
    Column("company", "company"),
    Column("tags", "tags"),
    Column("last_contact", "last"),
    Column("next_due", "due"),
]


def show_due(*, days: int, on: str | None, limit: int | None, quiet: bool, fmt: Format) -> None:
    """`net due`: what is due by today (or ON), then the next DAYS days."""
    from netcli import dates
    from netcli.services.followups import due_items
    from netcli.store import queries

    with reading() as conn:
        day = (
            dates.parse_date(on, order=queries.setting(conn, "dates.order"))
            if on
            else dates.today()
        )
        items = due_items(conn, day, days)
    if limit is not None:
        items = items[:limit]
    if quiet:
        if not items:
            raise NothingMatched()
        return
    out = Output(fmt)
    rows = [i.as_json() for i in items]
    if out.machine:
        out.rows(rows, DUE_COLUMNS)
    elif not items:
        out.note(f"Nothing due by {day} or in the next {days} days.")
    else:
        _render_due(out, items, rows)


def show_list(
    *,
    tags: Sequence[str],
    category: str | None,
    company: str | None,
    archived: bool,
    sort: str,
    limit: int | None,
    quiet: bool,
    fmt: Format,
) -> None:
    """`net list`: contacts, filtered and sorted."""
    from netcli.store import queries
    from netcli.text import clean_tag

    out = Output(fmt)
    brief = quiet or out.fmt in (Format.table, Format.csv, Format.tsv)
    with reading() as conn:
        found = queries.list_contacts(
            conn,
            tags=[clean_tag(t) for t in tags],
            category=category,
            company=company,
            archived=archived,
            sort=sort,
            limit=limit,
            brief=brief,
        )
        if quiet:
            if not found:
                raise NothingMatched()
            return
        # text formats take the rows as read; JSON gets whole contact objects
        contacts: Rows = found if brief else queries.contact_objects(conn, found)
    out.rows(contacts, LIST_COLUMNS, empty="no contacts")


def _render_due(out: Output, items: Sequence[DueItem], rows: list[dict[str, Any]]) -> None:
    """Overdue / today / upcoming, each row with its reason and the next command to run."""
    groups = [
        (title, [r for i, r in zip(items, rows, strict=True) if i.group == key])
        for key, title in GROUPS
    ]
    groups = [(title, found) for title, found in groups if found]
    if out.rich:
        _render_due_terminal(out, groups)
        return
    # Plain: one table (one set of column widths), with each group's title above its rows.
    lines = render_plain_table([r for _, found in groups for r in found], VIEW_COLUMNS)
    body = lines.splitlines()
    parts = [body[0]]
    at = 1
    for n, (title, found) in enumerate(groups):
        parts += [""] if n else []
        parts.append(f"{title} ({len(found)})")
        parts += body[at : at + len(found)]
        at += len(found)
    sys.stdout.write("\n".join(parts) + "\n")


def _render_due_terminal(out: Output, groups: list[tuple[str, list[dict[str, Any]]]]) -> None:
    """Three columns that fit 80: when, who, and why with the next command under it."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    styles = {"Overdue": "bold red", "Today": "bold yellow", "Upcoming": "bold cyan"}
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, expand=False)
    table.add_column("when", no_wrap=True)
    table.add_column("contact", overflow="fold", ratio=1)
    table.add_column("why, and what to do", overflow="fold", ratio=2)
    for n, (title, found) in enumerate(groups):
        table.add_row(Text(f"{title} ({len(found)})", style=styles[title]))
        for k, row in enumerate(found):
            detail = row["detail"]
            if not detail.startswith(row["reason"]):
                detail = f"{row['reason']}: {detail}"
            why = Text(detail)
            why.append(f"\n→ {row['command']}", style="green")
            table.add_row(
                Text(days_text(row["overdue_days"])),
                Text(row["contact"], style="bold"),
                why,
                end_section=k == len(found) - 1 and n < len(groups) - 1,
            )
    out.console().print(table)
