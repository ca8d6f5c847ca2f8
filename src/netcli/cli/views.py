"""The bodies of the hot read commands, `net due`, `net list`, `net find` and `net match`,
with no Typer in sight.

The Typer commands call these, and so does the fast path (cli/fast.py), which runs them
without importing Typer at all: Typer costs ~37 ms of a `net due --json` that a cron job or
a shell prompt runs many times a day.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netcli.cli._context import reading
from netcli.dates import days_text
from netcli.errors import NothingMatched
from netcli.output import Column, Format, Output, Rows, render_plain_table, safe_text

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
    Column("company", "company", wrap=True),
    Column("category", "category", wrap=True),
    Column("tags", "tags", wrap=True),
    Column("last_contact", "last"),
    Column("next_due", "due"),
]


def run(command: str, params: dict[str, Any]) -> None:
    """Run a fast-path command (cli/spec.py) on its parameters, as either parser read them:
    the fast path (cli/fast.py) and the Typer commands both call this."""
    params = dict(params)
    json, chosen = params.pop("json"), params.pop("fmt")
    if command == "due" and chosen == "ics" and not json:
        show_due_ics(**params)
        return
    fmt = Format.json if json else Format(chosen)
    if command == "due":
        show_due(fmt=fmt, **params)
    elif command == "find":
        show_find(fmt=fmt, **params)
    elif command == "match":
        show_match(fmt=fmt, **params)
    else:
        show_list(fmt=fmt, tags=params.pop("tag") or [], **params)


def show_due(*, days: int, on: str | None, limit: int | None, quiet: bool, fmt: Format) -> None:
    """`net due`: what is due by today (or ON), then the next DAYS days."""
    from netcli import dates
    from netcli.services import settings
    from netcli.services.followups import due_items

    with reading() as conn:
        day = (
            dates.parse_date(on, order=settings.value(conn, "dates.order")) if on else dates.today()
        )
        items = due_items(conn, day, days)
    if quiet:
        if not items:
            raise NothingMatched()
        return
    out = Output(fmt)
    if out.rich and items:  # a terminal: the first N of its own order (due_sections)
        _render_due_terminal(out, [i.as_json() for i in items], limit)
        return
    if limit is not None:
        items = items[:limit]
    rows = [i.as_json() for i in items]
    if out.machine:
        out.rows(rows, DUE_COLUMNS)
    elif not items:
        out.note(f"Nothing due by {day} or in the next {days} days.")
    else:
        _render_due(out, items, rows)


def show_due_ics(*, days: int, on: str | None, limit: int | None, quiet: bool) -> None:
    """`net due --format ics`: the queue and every birthday as an iCalendar file."""
    from netcli import dates
    from netcli.output import utf8_stdout
    from netcli.services import settings
    from netcli.services.calendar import due_calendar
    from netcli.services.followups import due_items

    with reading() as conn:
        day = (
            dates.parse_date(on, order=settings.value(conn, "dates.order")) if on else dates.today()
        )
        if quiet:
            if not due_items(conn, day, days):
                raise NothingMatched()
            return
        text = due_calendar(conn, day, days, limit)
    utf8_stdout()  # a file for a calendar app, whatever the locale
    sys.stdout.write(text)


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
    from netcli.services import directory
    from netcli.text import clean_tag

    out = Output(fmt)
    brief = quiet or out.fmt in (Format.table, Format.csv, Format.tsv)
    with reading() as conn:
        found = directory.list_contacts(
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
        contacts: Rows = found if brief else directory.objects(conn, found)
    out.rows(contacts, LIST_COLUMNS, empty="no contacts")


FIND_COLUMNS = [*LIST_COLUMNS[:3], Column("matched", "matched in")]


def show_find(*, text: str, quiet: bool, fmt: Format) -> None:
    """`net find TEXT`: contacts with TEXT in any field, each with where it matched first."""
    from netcli.services import directory

    out = Output(fmt)
    brief = quiet or out.fmt in (Format.table, Format.csv, Format.tsv)
    with reading() as conn:
        found = directory.find(conn, text, brief=brief)
        if quiet:
            if not found:
                raise NothingMatched()
            return
        # text formats show the id, name and company; JSON gets whole contact objects
        contacts = (
            [{"id": r["id"], "name": r["name"], "company": r["company"]} for r, _ in found]
            if brief
            else directory.objects(conn, [r for r, _ in found])
        )
    for contact, (_, where) in zip(contacts, found, strict=True):
        contact["matched"] = where
    out.rows(contacts, FIND_COLUMNS, empty=f"nothing matches '{text}'")


MATCH_COLUMNS = [
    Column("ask_ref", "ask", justify="right"),
    Column("asker", "asker"),
    Column("candidate", "candidate"),
    Column("score_text", "score", justify="right"),
    Column("reason", "why"),
    Column("command", "to introduce them"),
]


def show_match(*, ask_id: str | None, limit: int | None, fmt: Format) -> None:
    """`net match [ASK_ID]`: who could fulfil each open ask (or that one), best first, with
    the intro command to run."""
    from netcli.services.matching import DEFAULT_MATCHES, ask_number, suggest_matches

    number = ask_number(ask_id) if ask_id is not None else None
    with reading() as conn:
        found = suggest_matches(conn, number, limit=limit or DEFAULT_MATCHES)
    rows = [{**r, "ask_ref": f"#{r['ask_id']}", "score_text": f"{r['score']:.2f}"} for r in found]
    empty = (
        f"no candidates for ask #{number}"
        if number
        else "no candidates for open asks (they match on category, tags, title, company and "
        "notes; record asks with: net ask REF TEXT)"
    )
    out = Output(fmt)
    if out.rich and rows:
        _render_matches_terminal(out, rows)
        return
    out.rows(
        rows,
        MATCH_COLUMNS,
        json_rows=[{k: r[k] for k in r if k != "ask"} for r in found],
        empty=empty,
    )


def _render_matches_terminal(out: Output, rows: list[dict[str, Any]]) -> None:
    """Per ask, its candidates best first, each with the reason and the command under it."""
    from rich.text import Text

    console = out.console()
    current = None
    for r in rows:
        if r["ask_id"] != current:
            current = r["ask_id"]
            heading = Text(f"\nAsk #{r['ask_id']} · {safe_text(r['asker'])}", style="bold")
            if r.get("ask"):
                heading.append(f": {safe_text(r['ask'])}", style="bold")
            console.print(heading)
        line = Text(f"  {r['score']:.2f}  ")
        line.append(safe_text(r["candidate"]), style="bold")
        line.append(f"  {safe_text(r['reason'])}")
        console.print(line)
        console.print(Text(f"        → {safe_text(r['command'])}", style="green"))


def _render_due(out: Output, items: Sequence[DueItem], rows: list[dict[str, Any]]) -> None:
    """Overdue / today / upcoming, each row with its reason and the next command to run."""
    groups = [
        (title, [r for i, r in zip(items, rows, strict=True) if i.group == key])
        for key, title in GROUPS
    ]
    groups = [(title, found) for title, found in groups if found]
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


TERMINAL_DUE = [
    Column("when", "when"),
    Column("contact", "contact"),
    Column("why", "why", wrap=True),
]


def due_sections(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The terminal's order for the first screen: what is due today (explicit reminders
    first, as in spec §7), then what is overdue for a reason you gave it (reminders, intros,
    referrals, asks, birthdays), then the stale cadences, then what comes next. Each keeps
    spec §7's order within; JSON, CSV and the pipe keep that order throughout."""
    today = [r for r in rows if r["overdue_days"] == 0]
    late = [r for r in rows if r["overdue_days"] > 0]
    groups = [
        ("Today", today),
        ("Overdue", [r for r in late if r["reason"] != "cadence"]),
        ("Keep in touch", [r for r in late if r["reason"] == "cadence"]),
        ("Upcoming", [r for r in rows if r["overdue_days"] < 0]),
    ]
    return [(title, found) for title, found in groups if found]


def due_summary(rows: list[dict[str, Any]]) -> str:
    """`2 due today, 5 overdue, 12 to keep in touch with, 3 coming up`."""
    counts = {title: len(found) for title, found in due_sections(rows)}
    parts = [
        f"{counts['Today']} due today" if "Today" in counts else "",
        f"{counts['Overdue']} overdue" if "Overdue" in counts else "",
        f"{counts['Keep in touch']} to keep in touch with" if "Keep in touch" in counts else "",
        f"{counts['Upcoming']} coming up" if "Upcoming" in counts else "",
    ]
    return ", ".join(p for p in parts if p) + "."


# Runs of capitalised words ("Davide Ricci", "Nicolò D'Angelo") in a detail are names, most
# likely: the terminal folds the text around them, not inside them. (Compiled on first use,
# by re's cache: compiling it took ~1 ms of every `net list`.)
_NAME_RUN = r"[A-ZÀ-Þ][\w'’.-]*(?: [A-ZÀ-Þ][\w'’.-]*)+"


def _glue_names(text: str, contact: str) -> str:
    from netcli.output import glued

    text = text.replace(contact, glued(contact))
    return re.sub(_NAME_RUN, lambda m: glued(m[0]), text)


def _render_due_terminal(out: Output, rows: list[dict[str, Any]], limit: int | None) -> None:
    """Fits the terminal: when, who and why, with the next command under it, never folded.
    The summary counts everything; `limit` keeps the first N items in the order shown."""
    from netcli.output import BOLD, Section, color_enabled, render_terminal_table, terminal_width

    colour = color_enabled(sys.stdout)
    styles = {"Today": "\x1b[1;33m", "Overdue": "\x1b[1;31m", "Upcoming": "\x1b[1;36m"}
    sections, shown = [], []
    left = len(rows) if limit is None else limit
    for title, found in due_sections(rows):
        found = found[:left]
        left -= len(found)
        if not found:
            continue
        sections.append(
            Section(
                f"{title} ({len(found)})", len(found), styles.get(title, BOLD) if colour else BOLD
            )
        )
        for row in found:
            detail = row["detail"]
            if not detail.startswith(row["reason"]):
                detail = f"{row['reason']}: {detail}"
            detail = _glue_names(detail, row["contact"])
            shown.append(
                {
                    "when": days_text(row["overdue_days"]),
                    "contact": row["contact"],
                    "why": detail,
                    "command": row["command"],
                }
            )
    after = [(f"→ {r['command']}", "\x1b[32m" if colour else "") for r in shown]
    summary = due_summary(rows)
    if len(shown) < len(rows):
        summary += f" Showing {len(shown)} of {len(rows)}."
    sys.stdout.write(summary + "\n\n")
    sys.stdout.write(
        render_terminal_table(shown, TERMINAL_DUE, terminal_width(), sections=sections, after=after)
    )
