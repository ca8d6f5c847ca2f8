"""`net group …`: the referral chapter (spec §12) — roster, slips, thanks, one-to-ones,
meetings, visitors, and the report, gaps and scorecard views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from netcli import money
from netcli.cli._context import reading, writing_sql
from netcli.cli._options import (
    DateOpt,
    FormatOpt,
    JsonOpt,
    LimitOpt,
    MessageOpt,
    SvgOpt,
    chosen_format,
)
from netcli.output import Column, Format, Output, glued

if TYPE_CHECKING:
    import sqlite3
    from datetime import date

app = typer.Typer()
group_app = typer.Typer(
    help="Your referral group (chapter): roster, slips, thanks, meetings, reports.",
    no_args_is_help=True,
)
app.add_typer(group_app, name="group")


@group_app.callback()
def _group(ctx: typer.Context) -> None:
    """Your referral group (chapter): roster, slips, thanks, meetings, reports."""


MemberArg = Annotated[
    str, typer.Argument(metavar="MEMBER", help="A member: id, name or the start of one, or me.")
]
FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from", metavar="MEMBER", help="Record it for another member (admins: paper slips)."
    ),
]
SinceOpt = Annotated[
    str | None, typer.Option("--since", metavar="DATE", help="From this day (default: 6 months).")
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", metavar="DATE", help="Up to this day (default: today).")
]


def _day(conn: sqlite3.Connection, text: str | None, *, past: bool = True) -> date:
    from netcli import dates
    from netcli.services.contacts import parse_date

    return dates.today() if text is None else parse_date(conn, text, past=past)


def _money(conn: sqlite3.Connection, value: Any) -> str:
    from netcli.services import settings

    return money.render(value, settings.value(conn, "currency"))


# roster ------------------------------------------------------------------------------------

MEMBER_COLUMNS = [
    Column("id", "id", justify="right"),
    Column("name", "name"),
    Column("category", "category"),
    Column("company", "company", wrap=True),
    Column("admin", "admin", render=lambda v: "admin" if v else ""),
    Column("since", "since"),
]


@group_app.command("init")
def group_init(
    name: Annotated[str, typer.Argument(help="The group's name, e.g. 'BNI Leonardo'.")],
    category: Annotated[
        str | None,
        typer.Option("--category", metavar="C", help="Your category (default: your own)."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="When you joined (default: today)."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Make this store's group; you are its first member and its admin."""
    from netcli.services import groups

    with writing_sql() as conn:
        member_id = groups.init(conn, name, category, _day(conn, since))
        found = groups.member_record(conn, member_id)
        title = groups.chapter(conn)["name"]
    out = Output(chosen_format(Format.table, json))
    out.object(
        {"group": title, "member": found},
        lambda: out.line(f"Group {title}: you are member #{member_id} and its admin."),
    )


@group_app.command("add")
def group_add(
    ref: Annotated[
        str,
        typer.Argument(
            metavar="REF|ROLE", help="A contact of yours (id or name), or a PostgreSQL role."
        ),
    ],
    category: Annotated[
        str | None,
        typer.Option("--category", metavar="C", help="Their category (default: the contact's)."),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help="Name on the roster.")
    ] = None,
    admin: Annotated[bool, typer.Option("--admin", help="Make them an admin.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Add them even if their category is taken.")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="When they joined (default: today)."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Add a member: a contact of yours, or on PostgreSQL a role (one member per category)."""
    from netcli.services import groups

    with writing_sql() as conn:
        member_id = groups.add_member(
            conn,
            ref,
            category=category,
            name=name,
            admin=admin,
            force=force,
            today=_day(conn, since),
        )
        found = groups.member_record(conn, member_id)
    out = Output(chosen_format(Format.table, json))
    role = ", admin" if found["admin"] else ""
    out.object(
        found,
        lambda: out.line(f"Member #{member_id}: {found['name']} ({found['category']}{role})"),
    )


@group_app.command("rm")
def group_rm(member: MemberArg, json: JsonOpt = False) -> None:
    """Take a member off the roster; their slips, thanks and attendance stay in the ledger."""
    from netcli import dates
    from netcli.services import groups

    with writing_sql() as conn:
        gone = groups.remove_member(conn, member, dates.today())
        found = groups.member_record(conn, gone["id"])
    out = Output(chosen_format(Format.table, json))
    out.object(found, lambda: out.line(f"{found['name']} left the group on {found['left_on']}."))


@group_app.command("members")
def group_members(
    every: Annotated[bool, typer.Option("--all", help="Also members who left.")] = False,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """List the group's members."""
    from netcli.services import groups

    out = Output(chosen_format(fmt, json))
    with reading() as conn:
        found = groups.roster(conn, with_left=every)
    columns = [*MEMBER_COLUMNS, Column("left_on", "left")] if every else MEMBER_COLUMNS
    out.rows(found, columns, empty="no members")


# slips -------------------------------------------------------------------------------------

SLIP_COLUMNS = [
    Column("id", "id", justify="right"),
    Column("date", "date"),
    Column("from", "from"),
    Column("to", "to"),
    Column("text", "referral", wrap=True),
    Column("prospect", "prospect"),
    Column("hot", "hot", justify="right"),
    Column("status", "status"),
    Column("closed_value", "closed", justify="right", render=money.plain),
]


SLIP_TERMINAL = [
    Column("id", "id", justify="right"),
    Column("date", "date"),
    Column("who", "from → to", wrap=True),
    Column("state", "status"),
    Column("what", "referral", wrap=True),
]


def _slip_cells(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Slips for a terminal: `giver → receiver` in one cell, the prospect with the text."""
    return [
        {
            **s,
            "who": f"{glued(s['from'])} →\u00a0{glued(s['to'])}",
            "state": s["status"]
            + (f" {money.render(s['closed_value'])}" if s["closed_value"] is not None else "")
            + (f" hot\u00a0{s['hot']}" if s["hot"] else ""),
            "what": s["text"] + (f" (prospect: {s['prospect']})" if s["prospect"] else ""),
        }
        for s in found
    ]


def _slip_line(conn: sqlite3.Connection, slip: dict[str, Any]) -> str:
    hot = f", hot {slip['hot']}" if slip["hot"] else ""
    prospect = f" (prospect: {slip['prospect']})" if slip["prospect"] else ""
    worth = f", {_money(conn, slip['closed_value'])}" if slip["closed_value"] is not None else ""
    return (
        f"Slip {slip['id']}: {slip['from']} → {slip['to']}: {slip['text']}{prospect} "
        f"[{slip['status']}{worth}{hot}]"
    )


@group_app.command("refer")
def group_refer(
    member: MemberArg,
    text: Annotated[str, typer.Argument(help="The referral: who needs what.")],
    hot: Annotated[
        int | None,
        typer.Option("--hot", min=1, max=5, metavar="1-5", help="How hot the lead is."),
    ] = None,
    prospect: Annotated[
        str | None, typer.Option("--prospect", metavar="NAME", help="Who the lead is.")
    ] = None,
    from_: FromOpt = None,
    date: DateOpt = None,
    json: JsonOpt = False,
) -> None:
    """Pass a referral slip to a member."""
    from netcli.services import groups

    with writing_sql() as conn:
        number = groups.refer(
            conn, member, text, hot=hot, prospect=prospect, from_text=from_, on=_day(conn, date)
        )
        found = groups.slip_object(conn, number)
        line = _slip_line(conn, found)
    out = Output(chosen_format(Format.table, json))
    out.object(found, lambda: out.line(line))


@group_app.command("outcome")
def group_outcome(
    slip_id: Annotated[str, typer.Argument(metavar="SLIP_ID", help="The slip: s3 or 3.")],
    status: Annotated[
        str,
        typer.Argument(
            metavar="STATUS",
            help="open, contacted, met, business (closed) or declined (no-sale).",
        ),
    ],
    value: Annotated[
        str | None,
        typer.Option("--value", metavar="AMOUNT", help="The closed value (with business)."),
    ] = None,
    date: DateOpt = None,
    message: MessageOpt = None,
    json: JsonOpt = False,
) -> None:
    """Move a slip you received along: contacted, met, business or declined."""
    from netcli.services import groups

    with writing_sql() as conn:
        number = groups.slip_outcome(
            conn, slip_id, status, value=value, note=message, on=_day(conn, date)
        )
        found = groups.slip_object(conn, number)
        line = _slip_line(conn, found)
    out = Output(chosen_format(Format.table, json))
    out.object(found, lambda: out.line(line))


@group_app.command("slips")
def group_slips(
    member: Annotated[
        str | None, typer.Argument(metavar="[MEMBER]", help="Only this member's slips.")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", metavar="STATUS", help="Only slips in this status.")
    ] = None,
    limit: LimitOpt = None,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """List the group's referral slips, newest first."""
    from netcli.services import groups

    out = Output(chosen_format(fmt, json))
    with reading() as conn:
        found = groups.list_slips(conn, member, status)
    found = found[:limit] if limit else found
    terminal = (_slip_cells(found), SLIP_TERMINAL) if out.rich else None
    out.rows(found, SLIP_COLUMNS, empty="no slips", terminal=terminal)


@group_app.command("thanks")
def group_thanks(
    member: MemberArg,
    amount: Annotated[str, typer.Argument(metavar="AMOUNT", help="The business you closed.")],
    for_slip: Annotated[
        str | None,
        typer.Option("--for", metavar="SLIP_ID", help="The slip it closes (s3)."),
    ] = None,
    message: MessageOpt = None,
    from_: FromOpt = None,
    date: DateOpt = None,
    json: JsonOpt = False,
) -> None:
    """Thank a member for closed business (and close their slip with --for)."""
    from netcli.services import groups

    with writing_sql() as conn:
        thanks_id = groups.thank(
            conn,
            member,
            amount,
            for_slip=for_slip,
            note=message,
            from_text=from_,
            on=_day(conn, date),
        )
        found = groups.thanks_record(conn, thanks_id)
        worth = _money(conn, found["value"])
    closes = f" (closes slip {found['slip_id']})" if found["slip_id"] else ""
    out = Output(chosen_format(Format.table, json))
    out.object(
        found,
        lambda: out.line(f"Thanks #{thanks_id}: {found['from']} → {found['to']}: {worth}{closes}"),
    )


@group_app.command("one-to-one")
def group_one_to_one(
    member: MemberArg,
    date: DateOpt = None,
    message: MessageOpt = None,
    from_: FromOpt = None,
    json: JsonOpt = False,
) -> None:
    """Record a one-to-one with a member."""
    from netcli.services import groups

    with writing_sql() as conn:
        when = _day(conn, date)
        a, b = groups.one_to_one(conn, member, note=message, from_text=from_, on=when)
    out = Output(chosen_format(Format.table, json))
    data = {"a_id": a["id"], "a": a["name"], "b_id": b["id"], "b": b["name"]}
    data |= {"date": when.isoformat(), "note": message}
    out.object(data, lambda: out.line(f"One-to-one: {a['name']} and {b['name']} on {when}"))


# meetings and visitors -------------------------------------------------------------------


@group_app.command("meeting")
def group_meeting(
    date: DateOpt = None,
    absent: Annotated[
        list[str] | None, typer.Option("--absent", metavar="MEMBER", help="Absent (repeatable).")
    ] = None,
    late: Annotated[
        list[str] | None, typer.Option("--late", metavar="MEMBER", help="Late (repeatable).")
    ] = None,
    substitute: Annotated[
        list[str] | None,
        typer.Option("--substitute", metavar="MEMBER=NAME", help="Sent a substitute (repeatable)."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Record that day's attendance again.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Record a chapter meeting: everyone on the roster is present but those you name."""
    from dataclasses import asdict

    from netcli.services import groups

    with writing_sql() as conn:
        summary = groups.meeting(
            conn,
            _day(conn, date),
            absent=absent or [],
            late=late or [],
            substitutes=substitute or [],
            replace=replace,
        )
    out = Output(chosen_format(Format.table, json))
    data = asdict(summary)
    data["substitutes"] = [{"member": m, "substitute": s} for m, s in summary.substitutes]

    def show() -> None:
        again = " (recorded again)" if summary.replaced else ""
        out.line(
            f"Meeting of {summary.date}{again}: {len(summary.present) + len(summary.late)} "
            f"present ({len(summary.late)} late), {len(summary.absent)} absent, "
            f"{len(summary.substitutes)} substituted."
        )
        if summary.absent:
            out.line("Absent: " + ", ".join(summary.absent))

    out.object(data, show)


@group_app.command("visitor")
def group_visitor(
    name: Annotated[str, typer.Argument(help="The visitor's name.")],
    category: Annotated[
        str | None, typer.Option("--category", metavar="C", help="Their category.")
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", metavar="MEMBER", help="The member who invited them.")
    ] = None,
    date: DateOpt = None,
    json: JsonOpt = False,
) -> None:
    """Record a visitor at a meeting."""
    from netcli.services import groups

    with writing_sql() as conn:
        when = _day(conn, date)
        visitor_id = groups.visitor(conn, name, category=category, by_text=by, on=when)
        inviter = groups.member(conn, by)["name"] if by else None
    out = Output(chosen_format(Format.table, json))
    data = {"id": visitor_id, "name": name.strip(), "category": category, "by": inviter}
    data |= {"date": when.isoformat()}
    invited = f", invited by {inviter}" if inviter else ""
    out.object(data, lambda: out.line(f"Visitor #{visitor_id}: {data['name']}{invited}"))


# views -------------------------------------------------------------------------------------

REPORT_COLUMNS = [
    Column("member", "member"),
    Column("category", "category"),
    Column("present", "pres", justify="right"),
    Column("absent", "abs", justify="right"),
    Column("late", "late", justify="right"),
    Column("substitutes", "subs", justify="right"),
    Column("slips_given", "slips given", justify="right"),
    Column("slips_received", "slips recv", justify="right"),
    Column("thanks_given", "thanks given", justify="right", render=money.plain),
    Column("thanks_received", "thanks recv", justify="right", render=money.plain),
    Column("one_to_ones", "1-2-1", justify="right"),
    Column("visitors", "visitors", justify="right"),
]

# On a terminal: the columns that fit 80, money for people; late arrivals and substitutes
# are in the title's totals and in every machine format.
REPORT_TERMINAL = [
    Column("member", "member", wrap=True),
    Column("present", "pres", justify="right"),
    Column("absent", "abs", justify="right"),
    Column("slips_given", "slips out", justify="right"),
    Column("slips_received", "in", justify="right"),
    Column("thanks_given", "thanks out", justify="right", render=money.render),
    Column("thanks_received", "in", justify="right", render=money.render),
    Column("one_to_ones", "1-2-1", justify="right"),
    Column("visitors", "vis", justify="right"),
]


@group_app.command("report")
def group_report(
    since: SinceOpt = None,
    until: UntilOpt = None,
    svg: SvgOpt = None,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """Per member and chapter totals: attendance, slips, thanks, one-to-ones, visitors."""
    from netcli import dates
    from netcli.services import groups, settings

    out = Output(chosen_format(fmt, json))
    with reading() as conn:
        start, end = groups.period(
            _day(conn, since) if since else None,
            _day(conn, until) if until else None,
            dates.today(),
        )
        data = groups.report(conn, start, end)
        chapter = groups.chapter(conn)["name"]
        currency = settings.value(conn, "currency")
    if svg is not None:
        from pathlib import Path

        from netcli.cli._context import db_path, store_url
        from netcli.services.chart import group_svg
        from netcli.services.maintenance import write_file

        picture = group_svg(data, chapter, currency)
        store = None if store_url() else db_path()  # never overwrite the store file itself
        write_file(Path(svg).expanduser(), picture, store, force=True)
        out.note(f"Chart written to {svg}")
    if out.fmt is Format.json:
        out.object(data, lambda: None)
        return
    total = {"member": "Chapter total", "category": None, **data["totals"]}
    shown = [*data["members"], total]
    if not out.machine:
        t = data["totals"]
        out.line(
            f"Group report {data['since']} – {data['until']}: "
            f"{data['meetings']} meeting{'' if data['meetings'] == 1 else 's'}, "
            f"{t['late']} late, {t['substitutes']} substitutes"
        )
    terminal = (shown, REPORT_TERMINAL) if out.rich else None
    out.rows(shown, REPORT_COLUMNS, json_rows=data["members"], terminal=terminal)


GAPS_COLUMNS = [
    Column("sphere", "sphere"),
    Column("category", "category"),
    Column("covered_by", "member"),
    Column(
        "candidates",
        "you could invite",
        wrap=True,
        render=lambda v: ", ".join(c["contact"] for c in v) if v else "",
    ),
]


@group_app.command("gaps")
def group_gaps(
    spheres: Annotated[
        str | None,
        typer.Option("--spheres", metavar="FILE", help="A TOML file of sphere = [categories]."),
    ] = None,
    missing: Annotated[
        bool, typer.Option("--missing", help="Only the categories nobody covers.")
    ] = False,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """Contact spheres: which categories the group lacks, and whom you could invite."""
    from pathlib import Path

    from netcli.services import groups

    chosen = groups.load_spheres(Path(spheres)) if spheres else groups.SPHERES
    out = Output(chosen_format(fmt, json))
    with reading() as conn:
        found = groups.gaps(conn, chosen)
    if missing:
        found = [r for r in found if r["covered_by"] is None]
    out.rows(found, GAPS_COLUMNS, empty="no gaps")


SCORE_COLUMNS = [
    Column("member", "member"),
    Column("attendance", "attendance"),
    Column("slips", "slips"),
    Column("one_to_ones", "1-2-1"),
    Column("visitors", "visitors"),
    Column("thanks", "thanks"),
    Column("overall", "overall"),
]


@group_app.command("scorecard")
def group_scorecard(
    member: Annotated[
        str | None, typer.Argument(metavar="[MEMBER]", help="Only this member.")
    ] = None,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """Green / yellow / red per member over the last 6 months, against group.goal.*."""
    from netcli import dates
    from netcli.services import groups, settings

    out = Output(chosen_format(fmt, json))
    with reading() as conn:
        found = groups.scorecard(conn, member, dates.today(), settings.current(conn))
    out.rows(found, SCORE_COLUMNS, empty="no members")
