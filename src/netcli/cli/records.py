"""Records by typed id (`net show g7`, `net edit x4 --date …`, `net rm i3`) and `net history`.

`net show`, `net edit` and `net rm` live in cli/contacts.py and hand a typed id here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netcli import money
from netcli.cli._context import confirm, reading, writing_sql
from netcli.cli._options import (
    FormatOpt,
    JsonOpt,
    LimitOpt,
    chosen_format,
    complete_contact,
)
from netcli.output import Column, Format, Output

if TYPE_CHECKING:
    from netcli.services.records import RecordEdit

app = typer.Typer()


class RecordType(StrEnum):
    """`net history --type`."""

    interaction = "interaction"
    intro = "intro"
    ask = "ask"
    give = "give"
    reminder = "reminder"


HISTORY_COLUMNS = [
    Column("id", "id", justify="right"),
    Column("date", "date"),
    Column("type", "type"),
    Column("kind", "kind"),
    Column("who", "who"),
    Column("text", "text", wrap=True),
]
HISTORY_TERMINAL = [
    Column("id", "id", justify="right"),
    Column("date", "date"),
    Column("kind", "kind"),
    Column("who", "who", wrap=True),
    Column("text", "text", wrap=True),
]


@app.command()
def history(
    ref: Annotated[
        str | None,
        typer.Argument(
            metavar="REF",
            help="Only the records of this contact (me, 12, a name…).",
            autocompletion=complete_contact,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            help="Only this kind: an interaction or give kind (call, referral…) or a status "
            "(made, business, open…).",
        ),
    ] = None,
    type_: Annotated[
        list[RecordType] | None,
        typer.Option("--type", help="Only records of this type (repeatable).", show_default=False),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="From this day on.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help="Up to this day.")
    ] = None,
    limit: LimitOpt = None,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """Show the timeline of interactions, intros, asks, gives and reminders, newest first."""
    from netcli.services import refs
    from netcli.services.contacts import parse_date
    from netcli.services.records import KINDS
    from netcli.services.records import history as read_history

    out = Output(chosen_format(fmt, json))
    with reading() as conn:
        contact_id = None if ref is None else int(refs.resolve(conn, ref)["id"])
        first = None if since is None else parse_date(conn, since)
        last = None if until is None else parse_date(conn, until)
        types = tuple(t.value for t in type_) if type_ else KINDS
        found = read_history(
            conn,
            contact_id=contact_id,
            kind=kind,
            types=[t for t in KINDS if t in types],
            since=first,
            until=last,
            limit=limit,
        )
    terminal = (found, HISTORY_TERMINAL) if out.rich else None
    out.rows(found, HISTORY_COLUMNS, empty="nothing recorded", terminal=terminal)


# one record ---------------------------------------------------------------------------


def _name(me: int, contact_id: int, name: str) -> str:
    return "you" if contact_id == me else name


def describe(obj: dict[str, Any], me: int, currency: str) -> tuple[str, list[tuple[str, str]]]:
    """A record's title line and its details, as `net show ID` and `net rm ID` print them."""
    t, ref = obj["type"], obj["ref"]

    def worth(value: Any) -> str | None:
        return None if value is None else money.render(value, currency)

    pairs: list[tuple[str, Any]]
    if t == "intro":
        title = (
            f"Intro {ref}: {_name(me, obj['by_id'], obj['by'])} introduced "
            f"{_name(me, obj['a_id'], obj['a'])} to {_name(me, obj['b_id'], obj['b'])}"
        )
        pairs = [
            ("date", obj["date"]),
            ("by", f"{obj['by']} (#{obj['by_id']})"),
            ("a", f"{obj['a']} (#{obj['a_id']})"),
            ("b", f"{obj['b']} (#{obj['b_id']})"),
            ("status", obj["status"]),
            ("value", worth(obj["value"])),
            ("outcome on", obj["outcome_on"]),
            ("note", obj["note"]),
        ]
    elif t == "ask":
        title = f"Ask {ref}: {_name(me, obj['contact_id'], obj['contact'])} — {obj['text']}"
        pairs = [
            ("who", f"{obj['contact']} (#{obj['contact_id']})"),
            ("since", obj["created_on"]),
            ("text", obj["text"]),
            ("tags", ", ".join(obj["tags"])),
            ("status", obj["status"]),
            ("closed on", obj["resolved_on"]),
        ]
    elif t == "give":
        title = (
            f"Give {ref}: {_name(me, obj['giver_id'], obj['giver'])} → "
            f"{_name(me, obj['receiver_id'], obj['receiver'])}, {obj['kind']}: {obj['text']}"
        )
        pairs = [
            ("date", obj["date"]),
            ("from", f"{obj['giver']} (#{obj['giver_id']})"),
            ("to", f"{obj['receiver']} (#{obj['receiver_id']})"),
            ("kind", obj["kind"]),
            ("text", obj["text"]),
            ("value", worth(obj["value"])),
            ("for ask", None if obj["ask_id"] is None else f"a{obj['ask_id']}"),
        ]
        for key in ("status", "hot", "prospect"):  # the referral lifecycle's, where kept
            if obj.get(key) is not None:
                pairs.append((key, obj[key]))
    elif t == "interaction":
        people = ", ".join(obj["contacts"])
        title = f"Interaction {ref}: {obj['kind']} with {people} on {obj['date']}"
        pairs = [
            ("date", obj["date"]),
            ("kind", obj["kind"]),
            (
                "with",
                ", ".join(
                    f"{n} (#{i})" for i, n in zip(obj["contact_ids"], obj["contacts"], strict=True)
                ),
            ),
            ("note", obj["note"]),
        ]
    else:
        title = f"Reminder {ref}: {obj['contact']} on {obj['date']}"
        pairs = [
            ("who", f"{obj['contact']} (#{obj['contact_id']})"),
            ("date", obj["date"]),
            ("note", obj["note"]),
            ("done on", obj.get("done_on")),
        ]
    return title, [(k, str(v)) for k, v in pairs if v not in (None, "")]


def history_lines(obj: dict[str, Any], currency: str) -> list[str]:
    """The record's history, one line per step: `2026-02-09  business  7,000.00 EUR · note`."""
    lines = []
    for step in obj.get("history") or []:
        parts = [str(step.get("date") or ""), str(step.get("status") or "")]
        extra = []
        if step.get("value") is not None:
            extra.append(money.render(step["value"], currency))
        if step.get("note"):
            extra.append(str(step["note"]))
        lines.append("  ".join(p for p in parts if p) + (f"  {' · '.join(extra)}" if extra else ""))
    return lines


def print_record(out: Output, obj: dict[str, Any], me: int, currency: str) -> None:
    """`net show ID` for people: the title, the details, the history."""
    title, pairs = describe(obj, me, currency)
    out.line(title)
    width = max((len(k) for k, _ in pairs), default=0)
    for key, value in pairs:
        out.line(f"  {key.ljust(width)}  {' '.join(value.split())}")
    lines = history_lines(obj, currency)
    if lines:
        out.line("")
        out.line("History:")
        for line in lines:
            out.line(f"  {line}")


def show_record(ref: str, json: bool) -> None:
    from netcli.services import refs, settings
    from netcli.services.records import parse_id, record_object

    with reading() as conn:
        kind, number = parse_id(ref)
        obj = record_object(conn, kind, number)
        me, currency = refs.me_id(conn), settings.value(conn, "currency")
    out = Output(chosen_format(Format.table, json))
    out.object(obj, lambda: print_record(out, obj, me, currency))


def edit_record(ref: str, edit: RecordEdit, json: bool) -> None:
    from netcli.services import refs, settings
    from netcli.services.records import edit_record as correct
    from netcli.services.records import parse_id

    with writing_sql() as conn:
        kind, number = parse_id(ref)
        obj, changes = correct(conn, kind, number, edit)
        me, currency = refs.me_id(conn), settings.value(conn, "currency")
    out = Output(chosen_format(Format.table, json))

    def show() -> None:
        title, _ = describe(obj, me, currency)
        if changes:
            out.line(f"Updated {obj['ref']} ({', '.join(changes)}): {title.split(': ', 1)[1]}")
        else:
            out.line(f"Nothing changed for {obj['ref']}")

    out.object(obj, show)


def remove_record(ref: str, yes: bool) -> None:
    from netcli.services import refs, settings
    from netcli.services.records import parse_id, record_object
    from netcli.services.records import remove_record as delete

    out = Output()
    with reading() as conn:
        kind, number = parse_id(ref)
        obj = record_object(conn, kind, number)
        me, currency = refs.me_id(conn), settings.value(conn, "currency")
    title, pairs = describe(obj, me, currency)
    plan = "\n".join(
        [f"This deletes {title[0].lower()}{title[1:]}"] + [f"  {k}: {v}" for k, v in pairs]
    )
    if not confirm(f"Delete {obj['ref']}?", yes, f"deleting {obj['ref']}", plan):
        out.note("Nothing deleted.")
        return
    with writing_sql() as conn:
        gone = delete(conn, kind, number)
    out.line(f"Deleted {title[0].lower()}{title[1:]}")
    if gone.get("reopened_ask"):
        out.note(f"Ask a{gone['reopened_ask']} is open again (this give had resolved it).")
