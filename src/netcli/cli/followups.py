"""Follow-up commands: due remind snooze done digest (spec §6 Follow-ups, §7)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netcli import money
from netcli.cli import spec
from netcli.cli._context import reading, writing_sql
from netcli.cli._options import (
    InteractionKind,
    JsonOpt,
    MessageOpt,
    chosen_format,
    complete_contact,
    from_spec,
    kind_option,
    typer_option,
)
from netcli.cli.views import GROUPS, run
from netcli.dates import days_text
from netcli.output import Format, Output

if TYPE_CHECKING:
    from datetime import date

    from netcli.services.followups import Digest, DueItem

app = typer.Typer()

Ref = Annotated[
    str,
    typer.Argument(
        help="A contact: 12, a name or a unique prefix.", autocompletion=complete_contact
    ),
]
DaysOpt = Annotated[int, typer_option(spec.DAYS)]
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class DigestFormat(StrEnum):
    """`net digest --format`."""

    text = "text"
    markdown = "markdown"


@app.command()
@from_spec("due")
def due(**params: Any) -> None:
    """Show who to contact and why: what is due by today, then the next N days."""
    run("due", params)


@app.command()
def remind(
    ref: Ref,
    when: Annotated[str, typer.Argument(metavar="DATE", help="When: 2026-12-01, friday, 2w…")],
    message: MessageOpt = None,
    json: JsonOpt = False,
) -> None:
    """Set an explicit follow-up date for a contact."""
    from netcli.services.followups import remind as add_reminder

    with writing_sql() as conn:
        found = add_reminder(conn, ref, when, message)
    out = Output(chosen_format(Format.table, json))

    def show() -> None:
        note = f": {found['note']}" if found["note"] else ""
        day = f"{found['date']} ({WEEKDAYS[found['date'].weekday()]})"
        out.line(f"Reminder #{found['id']}: {found['contact']} on {day}{note}")

    out.object(found, show)
    if found["archived"]:
        out.note(f"{found['contact']} is archived: archived contacts never appear in net due.")


@app.command()
def snooze(
    ref: Ref,
    until: Annotated[
        str, typer.Argument(metavar="DATE", help="Until when: monday, 2w, 2026-12-01…")
    ],
    json: JsonOpt = False,
) -> None:
    """Move whatever of a contact is due to a later day."""
    from netcli.services.followups import snooze as snooze_contact

    with writing_sql() as conn:
        result = snooze_contact(conn, ref, until)
    out = Output(chosen_format(Format.table, json))
    data = {
        "contact_id": result.contact_id,
        "contact": result.contact,
        "until": result.until,
        "moved": [i.as_json() for i in result.moved],
    }

    def show() -> None:
        if not result.moved:
            out.line(f"Snoozed {result.contact} until {result.until} (nothing was due before then)")
            return
        moved = [
            i.reason + "".join(f" {_typed(kind, number)}" for kind, number in (i.ref or {}).items())
            for i in result.moved
            if i.reason != "birthday"
        ]
        parts = [f"moved {', '.join(moved)}"] if moved else []
        if any(i.reason == "birthday" for i in result.moved):
            parts.append("skipped the birthday this year")
        out.line(f"Snoozed {result.contact} until {result.until}: {'; '.join(parts)}")

    out.object(data, show)


def _typed(kind: str, number: int) -> str:
    """A due item's record as its typed id (`i3`), or `#3` for a kind without one."""
    from netcli import records

    prefix = records.PREFIX.get(kind)  # type: ignore[call-overload]
    return f"{prefix}{number}" if prefix else f"#{number}"


@app.command()
def done(
    refs: Annotated[
        list[str],
        typer.Argument(
            metavar="REF...",
            help="Who you were in touch with (several after a meeting).",
            autocompletion=complete_contact,
        ),
    ],
    message: MessageOpt = None,
    kind: Annotated[
        str, kind_option("What kind of contact it was.")
    ] = InteractionKind.message.value,
    json: JsonOpt = False,
) -> None:
    """Log that you were in touch today and clear the contacts' reminders due by today."""
    from netcli.services.followups import done_with

    with writing_sql() as conn:
        results = done_with(conn, refs, kind, message)
    out = Output(chosen_format(Format.table, json))
    first = results[0]
    data = {
        "contact_id": first.contact_id,
        "contact": first.contact,
        "interaction_id": first.interaction_id,
        "kind": first.kind,
        "date": first.on,
        "cleared_reminders": [i for r in results for i in r.cleared],
        "next_due": first.next_due,
        "contacts": [
            {
                "contact_id": r.contact_id,
                "contact": r.contact,
                "cleared_reminders": r.cleared,
                "next_due": r.next_due,
            }
            for r in results
        ],
    }

    def outcome(r: Any) -> str:
        parts = []
        if r.cleared:
            n = len(r.cleared)
            parts.append(f"cleared {n} reminder{'s' if n != 1 else ''}")
        parts.append(f"next due {r.next_due}" if r.next_due else "nothing scheduled")
        return "; ".join(parts)

    def show() -> None:
        if len(results) == 1:
            out.line(f"Logged a {first.kind} with {first.contact}; {outcome(first)}")
            return
        names = [r.contact for r in results]
        out.line(f"Logged a {first.kind} with {', '.join(names[:-1])} and {names[-1]}")
        for r in results:
            out.line(f"  {r.contact}: {outcome(r)}")

    out.object(data, show)


@app.command()
def digest(
    days: DaysOpt = 7,
    fmt: Annotated[
        DigestFormat, typer.Option("--format", help="text or markdown.", case_sensitive=False)
    ] = DigestFormat.text,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Print nothing and exit 1 when nothing is due, no ask is open and nothing "
            "happened in the last 7 days.",
        ),
    ] = False,
) -> None:
    """Print a plain summary for a cron job's mail: due items, open asks, last week's activity."""
    from netcli import dates
    from netcli.errors import NothingMatched
    from netcli.services import settings
    from netcli.services.followups import digest as read_digest

    with reading() as conn:
        found = read_digest(conn, dates.today(), days)
        currency = settings.value(conn, "currency")
    if quiet and not (found.items or found.asks or any(found.activity.values())):
        raise NothingMatched()  # `d=$(net digest -q) && … | mail` sends no empty mail
    text = render_digest(found, markdown=fmt is DigestFormat.markdown, currency=currency)
    Output().line(text.rstrip("\n"))


# the digest, as text or Markdown ------------------------------------------------------

DIGEST_ITEMS = 15
DIGEST_ACTIVITY = 20


def _due_phrase(overdue_days: int) -> str:
    """`12 days overdue`, `due today`, `in 3 days`."""
    if overdue_days > 0:
        return f"{overdue_days} day{'s' if overdue_days != 1 else ''} overdue"
    return "due today" if overdue_days == 0 else days_text(overdue_days)


def _long_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.isoformat()}"


def _due_summary(items: Sequence[DueItem], days: int) -> str:
    counts = {key: sum(1 for i in items if i.group == key) for key, _ in GROUPS}
    return (
        f"{counts['overdue']} overdue, {counts['today']} today, "
        f"{counts['upcoming']} in the next {days} days"
    )


def _activity_lines(
    activity: dict[str, Any], me: int, currency: str | None
) -> list[tuple[str, str]]:
    def name(contact_id: int, contact: str) -> str:
        return "you" if contact_id == me else contact

    found: list[tuple[str, str]] = []
    for i in activity["interactions"]:
        others = [n for cid, n in zip(i["contact_ids"], i["contacts"], strict=True) if cid != me]
        note = f": {i['note']}" if i["note"] else ""
        found.append((i["date"], f"{i['kind']} with {', '.join(others)}{note}"))
    for i in activity["intros"]:
        found.append(
            (
                i["date"],
                f"intro i{i['id']}: {name(i['by_id'], i['by'])} introduced "
                f"{name(i['a_id'], i['a'])} to {name(i['b_id'], i['b'])}",
            )
        )
    for i in activity["outcomes"]:
        value = f" ({money.render(i['value'], currency)})" if i["value"] is not None else ""
        found.append((i["outcome_on"], f"intro i{i['id']} → {i['status']}{value}"))
    for g in activity["gives"]:
        value = f" ({money.render(g['value'], currency)})" if g["value"] is not None else ""
        found.append(
            (
                g["date"],
                f"{name(g['giver_id'], g['giver'])} → {name(g['receiver_id'], g['receiver'])}: "
                f"{g['kind']}, {g['text']}{value}",
            )
        )
    for a in activity["asks"]:
        found.append(
            (
                a["created_on"],
                f"ask a{a['id']} by {name(a['contact_id'], a['contact'])}: {a['text']}",
            )
        )
    return sorted(found, key=lambda pair: pair[0], reverse=True)


def render_digest(d: Digest, *, markdown: bool, currency: str | None = None) -> str:
    """The digest body: stable, colourless, short lines (read on a phone)."""
    lines: list[str] = []

    def heading(label: str, summary: str) -> None:
        lines.append("")
        lines.append(f"## {label}: {summary}" if markdown else f"{label.upper()}: {summary}")

    def code(text: str) -> str:
        return f"`{text}`" if markdown else text

    lines.append(
        f"# Follow-ups for {_long_date(d.on)}" if markdown else f"Follow-ups for {_long_date(d.on)}"
    )
    heading("Due", _due_summary(d.items, d.days))
    if not d.items:
        lines.append("Nothing due.")
    for item in d.items[:DIGEST_ITEMS]:
        who = f"**{item.contact}**" if markdown else item.contact
        lines.append(f"- {who}: {item.reason}, {_due_phrase(item.overdue_days)}")
        lines.append(f"  {item.detail}")
        lines.append(f"  {code(item.command)}")
    if len(d.items) > DIGEST_ITEMS:
        lines.append(f"- … and {len(d.items) - DIGEST_ITEMS} more: {code('net due')}")

    heading("Open asks", str(len(d.asks)))
    if not d.asks:
        lines.append("No open asks.")
    for entry in d.asks[:DIGEST_ITEMS]:
        a = entry.ask
        who = "you" if a["contact_id"] == d.me_id else a["contact"]
        lines.append(f"- a{a['id']} {who} (since {a['created_on']}): {a['text']}")
        for m in entry.matches:
            lines.append(f"  match: {m['candidate']} ({m['reason']}) {code(m['command'])}")
    if len(d.asks) > DIGEST_ITEMS:
        lines.append(f"- … and {len(d.asks) - DIGEST_ITEMS} more: {code('net asks')}")

    activity = _activity_lines(d.activity, d.me_id, currency)
    heading("Last 7 days", f"{len(activity)} event{'s' if len(activity) != 1 else ''}")
    if not activity:
        lines.append("Nothing logged.")
    for day, text in activity[:DIGEST_ACTIVITY]:
        lines.append(f"- {day} {text}")
    if len(activity) > DIGEST_ACTIVITY:
        lines.append(f"- … and {len(activity) - DIGEST_ACTIVITY} more")
    return "\n".join(lines) + "\n"
