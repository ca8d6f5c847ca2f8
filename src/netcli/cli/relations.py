"""Relationship commands: intro intros outcome ask asks resolve give got gives log."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netcli import money
from netcli.cli._context import reading, writing_sql
from netcli.cli._options import (
    DateOpt,
    FormatOpt,
    InteractionKind,
    JsonOpt,
    LimitOpt,
    MessageOpt,
    TagsOpt,
    chosen_format,
    complete_contact,
    kind_option,
)
from netcli.output import Column, Format, Output, Rows, glued

if TYPE_CHECKING:
    import sqlite3

app = typer.Typer()


class IntroStatus(StrEnum):
    """`net intros --status`."""

    proposed = "proposed"
    made = "made"
    met = "met"
    business = "business"
    declined = "declined"


class Outcome(StrEnum):
    """`net outcome ID STATUS`: intros made/met/business/declined; referrals
    open/contacted/met/business/declined (closed and no-sale: the BNI names)."""

    made = "made"
    open = "open"
    contacted = "contacted"
    met = "met"
    business = "business"
    closed = "closed"
    declined = "declined"
    no_sale = "no-sale"


class ReferralStatus(StrEnum):
    """`net gives --status`: a referral's status."""

    open = "open"
    contacted = "contacted"
    met = "met"
    business = "business"
    declined = "declined"


class GiveKind(StrEnum):
    """`net give/got --kind`."""

    referral = "referral"
    intro = "intro"
    advice = "advice"
    business = "business"
    favor = "favor"
    gift = "gift"
    other = "other"


Ref = Annotated[
    str,
    typer.Argument(
        help="A contact: me, 12, #12, a name or a unique prefix.", autocompletion=complete_contact
    ),
]
OptionalRef = Annotated[
    str | None,
    typer.Argument(
        metavar="REF",
        help="Only those of this contact (me, 12, a name…).",
        autocompletion=complete_contact,
    ),
]
ValueOpt = Annotated[
    str | None,
    typer.Option(
        "--value", metavar="AMOUNT", help="What it was worth: 1.200, 1.200,50 or 1,200.50 (exact)."
    ),
]
KindOpt = Annotated[GiveKind, typer.Option("--kind", help="What kind of give.")]
ForOpt = Annotated[
    str | None,
    typer.Option("--for", metavar="ASK_ID", help="The ask this fulfils, a3 (resolves it)."),
]
HotOpt = Annotated[
    int | None,
    typer.Option(
        "--hot", metavar="1-5", min=1, max=5, help="A referral: how warm the lead is (default 3)."
    ),
]
ProspectOpt = Annotated[
    str | None,
    typer.Option(
        "--prospect",
        metavar="REF",
        help="A referral: the contact it is about.",
        autocompletion=complete_contact,
    ),
]


def ask_label(ask_id: int | None) -> str:
    """The ask a give fulfils, as its typed id (`a3`)."""
    return "" if ask_id is None else f"a{ask_id}"


INTRO_COLUMNS = [
    Column("ref", "id", justify="right"),
    Column("date", "date"),
    Column("by", "by"),
    Column("a", "introduced"),
    Column("b", "to"),
    Column("status", "status"),
    Column("value", "value", justify="right"),
    Column("note", "note", wrap=True),
]
ASK_COLUMNS = [
    Column("ref", "id", justify="right"),
    Column("created_on", "since"),
    Column("contact", "who"),
    Column("text", "needs", wrap=True),
    Column("tags", "tags", wrap=True),
    Column("status", "status"),
]
# On a terminal the people of an intro or a give share one cell that folds between names,
# never inside one, so that the note keeps room at 80 columns.
INTRO_TERMINAL = [
    Column("ref", "id", justify="right"),
    Column("date", "date"),
    Column("who", "intro", wrap=True),
    Column("status", "status"),
    Column("value", "value", justify="right"),
    Column("note", "note", wrap=True),
]
GIVE_TERMINAL = [
    Column("ref", "id", justify="right"),
    Column("date", "date"),
    Column("who", "from → to", wrap=True),
    Column("kind", "kind"),
    Column("text", "what", wrap=True),
    Column("value", "value", justify="right"),
    Column("ask_id", "ask", justify="right", render=ask_label),
]
GIVE_COLUMNS = [
    Column("ref", "id", justify="right"),
    Column("date", "date"),
    Column("giver", "from"),
    Column("receiver", "to"),
    Column("kind", "kind"),
    Column("text", "what", wrap=True),
    Column("value", "value", justify="right"),
    Column("ask_id", "ask", justify="right", render=ask_label),
]


def _intro_cells(conn: sqlite3.Connection, found: list[dict[str, Any]]) -> Rows:
    """Intros for a terminal: `A → B (by X)`, the `by` left out when it is me."""
    from netcli.services.refs import me_id

    me = me_id(conn)
    return [
        {
            **i,
            "who": f"{glued(i['a'])} →\u00a0{glued(i['b'])}"
            + ("" if i["by_id"] == me else f" (by\u00a0{glued(i['by'])})"),
        }
        for i in found
    ]


def _give_cells(found: list[dict[str, Any]]) -> Rows:
    """Gives for a terminal: `giver → receiver` in one cell."""
    return [{**g, "who": f"{glued(g['giver'])} →\u00a0{glued(g['receiver'])}"} for g in found]


def _name(conn: sqlite3.Connection, contact_id: int, name: str) -> str:
    """How a sentence names a contact: `you` for me."""
    from netcli.services.refs import me_id

    return "you" if contact_id == me_id(conn) else name


def _money(conn: sqlite3.Connection, value: Any) -> str:
    from netcli.services import settings

    return money.render(value, settings.value(conn, "currency"))


def _intro_line(conn: sqlite3.Connection, i: dict[str, Any]) -> str:
    return (
        f"{_name(conn, i['by_id'], i['by'])} introduced {_name(conn, i['a_id'], i['a'])} "
        f"to {_name(conn, i['b_id'], i['b'])}"
    )


def _contact_id(conn: sqlite3.Connection, ref: str | None) -> int | None:
    from netcli.services import refs

    return None if ref is None else int(refs.resolve(conn, ref)["id"])


# intros --------------------------------------------------------------------------------


@app.command()
def intro(
    a: Ref,
    b: Ref,
    by: Annotated[
        str, typer.Option("--by", metavar="REF", help="Who made the intro (default: me).")
    ] = "me",
    date: DateOpt = None,
    message: MessageOpt = None,
    propose: Annotated[
        bool,
        typer.Option(
            "--propose", help="Double opt-in: B was asked to agree; `net outcome ID made` later."
        ),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Record that BY (default: you) introduced A to B."""
    from netcli.services import relations as service
    from netcli.services.relations import make_intro

    with writing_sql() as conn:
        intro_id = make_intro(conn, a, b, by, date, message, propose=propose)
        found = service.intro(conn, intro_id)
        if propose:
            text = (
                f"Intro #{intro_id} proposed: {_name(conn, found['a_id'], found['a'])} to "
                f"{_name(conn, found['b_id'], found['b'])}, waiting for "
                f"{_name(conn, found['b_id'], found['b'])} to agree "
                f"(net outcome i{intro_id} made)"
            )
        else:
            text = f"Intro #{intro_id}: {_intro_line(conn, found)}"
    out = Output(chosen_format(Format.table, json))
    out.object(found, lambda: out.line(text))


@app.command()
def intros(
    ref: OptionalRef = None,
    status: Annotated[
        IntroStatus | None, typer.Option("--status", help="Only intros in this status.")
    ] = None,
    limit: LimitOpt = None,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """List intros, newest first."""
    from netcli.services import relations as service

    out = Output(chosen_format(fmt, json))
    with reading() as conn:
        found = service.intros(conn, _contact_id(conn, ref), status.value if status else None)
        found = found[:limit] if limit else found
        terminal = (_intro_cells(conn, found), INTRO_TERMINAL) if out.rich else None
    out.rows(found, INTRO_COLUMNS, empty="no intros", terminal=terminal)


@app.command()
def outcome(
    record: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="An intro (3 or i3) or a referral (g12).", show_default=False
        ),
    ],
    status: Annotated[Outcome, typer.Argument(help="What came of it.", case_sensitive=False)],
    value: ValueOpt = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="When it happened (default: today)."),
    ] = None,
    message: MessageOpt = None,
    json: JsonOpt = False,
) -> None:
    """Record what came of an intro or a referral (business takes --value)."""
    from netcli.services import relations as service
    from netcli.services.referrals import record_outcome

    with writing_sql() as conn:
        kind, number = record_outcome(conn, record, status.value, value, date, message)
        if kind == "intro":
            found = service.intro(conn, number)
            worth = f" ({_money(conn, found['value'])})" if found["value"] is not None else ""
            text = f"Intro #{number} is now {found['status']}{worth}: {_intro_line(conn, found)}"
        else:
            found = service.give(conn, number)
            value_ = found["closed_value"]
            worth = f" ({_money(conn, value_)})" if value_ is not None else ""
            text = (
                f"Referral g{number} is now {found['status']}{worth}: "
                f"{_name(conn, found['giver_id'], found['giver'])} → "
                f"{_name(conn, found['receiver_id'], found['receiver'])}: {found['text']}"
            )
    out = Output(chosen_format(Format.table, json))
    out.object(found, lambda: out.line(text))


# asks ---------------------------------------------------------------------------------


@app.command()
def ask(
    ref: Ref,
    text: Annotated[str, typer.Argument(help="What they need, e.g. 'a lawyer in Milan'.")],
    tag: TagsOpt = None,
    json: JsonOpt = False,
) -> None:
    """Record that REF needs something (`net ask me …` for your own needs)."""
    from netcli.services import relations as service
    from netcli.services.relations import add_ask

    with writing_sql() as conn:
        ask_id = add_ask(conn, ref, text, tag or [])
        found = service.ask(conn, ask_id)
        who = _name(conn, found["contact_id"], found["contact"])
    verb = "need" if who == "you" else "needs"
    out = Output(chosen_format(Format.table, json))
    out.object(found, lambda: out.line(f"Ask #{ask_id}: {who} {verb} {found['text']}"))


@app.command()
def asks(
    ref: OptionalRef = None,
    all_: Annotated[bool, typer.Option("--all", help="Include resolved and dropped asks.")] = False,
    limit: LimitOpt = None,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """List open asks, oldest first (--all: every ask)."""
    from netcli.services import relations as service

    with reading() as conn:
        found = service.asks(conn, _contact_id(conn, ref), open_only=not all_)
    out = Output(chosen_format(fmt, json))
    # without --all every status is `open`: the table leaves that column out (data keeps it)
    columns = ASK_COLUMNS if all_ or out.machine else ASK_COLUMNS[:-1]
    found = found[:limit] if limit else found
    out.rows(found, columns, empty="no asks" if all_ else "no open asks")


@app.command()
def resolve(
    ask_id: Annotated[str, typer.Argument(metavar="ASK_ID", help="The ask: a3 (or 3).")],
    dropped: Annotated[
        bool, typer.Option("--dropped", help="It was dropped, not fulfilled.")
    ] = False,
    message: MessageOpt = None,
    json: JsonOpt = False,
) -> None:
    """Close an open ask as resolved (or --dropped)."""
    from netcli.services import relations as service
    from netcli.services.relations import resolve_ask

    with writing_sql() as conn:
        number = resolve_ask(conn, ask_id, dropped=dropped, note=message)
        found = service.ask(conn, number)
        who = _name(conn, found["contact_id"], found["contact"])
    verb = "Dropped" if dropped else "Resolved"
    out = Output(chosen_format(Format.table, json))
    out.object(found, lambda: out.line(f"{verb} ask #{number}: {who} needed {found['text']}"))


# gives --------------------------------------------------------------------------------


def _give(
    giver: str,
    receiver: str,
    text: str,
    kind: GiveKind,
    value: str | None,
    date: str | None,
    for_: str | None,
    json: bool,
    hot: int | None = None,
    prospect: str | None = None,
) -> None:
    from netcli.services import relations as service
    from netcli.services.relations import HOT_DEFAULT, add_give

    with writing_sql() as conn:
        give_id, remark = add_give(
            conn,
            giver,
            receiver,
            text,
            kind=kind.value,
            value=value,
            on=date,
            for_ask=for_,
            hot=hot,
            prospect=prospect,
        )
        g = service.give(conn, give_id)
        worth = f", {_money(conn, g['value'])}" if g["value"] is not None else ""
        if g["kind"] == "referral":
            worth += " expected" if worth else ""
            worth += f", hot {g['hot']}" if g["hot"] != HOT_DEFAULT else ""
            if g["prospect"]:
                worth += f", about {g['prospect']}"
        line = (
            f"Give #{give_id}: {_name(conn, g['giver_id'], g['giver'])} → "
            f"{_name(conn, g['receiver_id'], g['receiver'])}, {g['kind']}{worth}: {g['text']}"
        )
    out = Output(chosen_format(Format.table, json))
    out.object(g, lambda: out.line(line))
    if remark:
        out.note(f"note: {remark}")
    elif g["ask_id"] is not None:
        out.note(f"Resolved ask #{g['ask_id']}.")


@app.command()
def give(
    ref: Annotated[str, typer.Argument(help="Who received it.", autocompletion=complete_contact)],
    text: Annotated[str, typer.Argument(help="What was given.")],
    from_: Annotated[
        str,
        typer.Option(
            "--from", metavar="REF", help="Who gave it (default: me).", show_default=False
        ),
    ] = "me",
    kind: KindOpt = GiveKind.referral,
    value: ValueOpt = None,
    date: DateOpt = None,
    for_: ForOpt = None,
    hot: HotOpt = None,
    prospect: ProspectOpt = None,
    json: JsonOpt = False,
) -> None:
    """Record that you (or --from) gave REF something."""
    _give(from_, ref, text, kind, value, date, for_, json, hot, prospect)


@app.command()
def got(
    ref: Annotated[str, typer.Argument(help="Who gave it.", autocompletion=complete_contact)],
    text: Annotated[str, typer.Argument(help="What was given.")],
    to: Annotated[
        str,
        typer.Option(
            "--to", metavar="REF", help="Who received it (default: me).", show_default=False
        ),
    ] = "me",
    kind: KindOpt = GiveKind.referral,
    value: ValueOpt = None,
    date: DateOpt = None,
    for_: ForOpt = None,
    hot: HotOpt = None,
    prospect: ProspectOpt = None,
    json: JsonOpt = False,
) -> None:
    """Record that REF gave you (or --to) something."""
    _give(ref, to, text, kind, value, date, for_, json, hot, prospect)


@app.command()
def gives(
    ref: OptionalRef = None,
    kind: Annotated[
        GiveKind | None, typer.Option("--kind", help="Only gives of this kind.")
    ] = None,
    status: Annotated[
        ReferralStatus | None, typer.Option("--status", help="Only referrals in this status.")
    ] = None,
    limit: LimitOpt = None,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """List gives, newest first."""
    from netcli.services import relations as service

    with reading() as conn:
        found = service.gives(
            conn,
            _contact_id(conn, ref),
            kind.value if kind else None,
            status.value if status else None,
        )
    found = found[:limit] if limit else found
    out = Output(chosen_format(fmt, json))
    terminal = (_give_cells(found), GIVE_TERMINAL) if out.rich else None
    out.rows(found, GIVE_COLUMNS, empty="no gives", terminal=terminal)


REFERRAL_COLUMNS = [
    Column("ref", "id", justify="right"),
    Column("date", "date"),
    Column("giver", "from"),
    Column("receiver", "to"),
    Column("prospect", "about"),
    Column("hot", "hot", justify="right"),
    Column("status", "status"),
    Column("age_days", "age", justify="right"),
    Column("closed_value", "closed", justify="right"),
    Column("text", "what", wrap=True),
]
REFERRAL_TERMINAL = [
    Column("ref", "id", justify="right"),
    Column("date", "date"),
    Column("who", "from → to", wrap=True),
    Column("prospect", "about", wrap=True),
    Column("hot", "hot", justify="right"),
    Column("status", "status"),
    Column("closed_value", "closed", justify="right"),
    Column("text", "what", wrap=True),
]


@app.command()
def referrals(
    ref: OptionalRef = None,
    given: Annotated[bool, typer.Option("--given", help="Only referrals you gave.")] = False,
    received: Annotated[
        bool, typer.Option("--received", help="Only referrals you received.")
    ] = False,
    open_: Annotated[
        bool, typer.Option("--open", help="Only those not yet business or declined.")
    ] = False,
    limit: LimitOpt = None,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """List referrals with their status, age and hot rating, newest first."""
    from netcli.errors import UsageError
    from netcli.services.referrals import list_referrals

    if given and received:
        raise UsageError("--given and --received exclude each other; leave both out for all")
    side = "given" if given else "received" if received else None
    out = Output(chosen_format(fmt, json))
    history = out.fmt in (Format.json, Format.jsonl)  # the only formats that show it
    with reading() as conn:
        contact_id = _contact_id(conn, ref)
        found = list_referrals(conn, contact_id, side, open_, history=history, limit=limit)
    for g in found:
        g["ref"] = f"g{g['id']}"
    terminal = (_give_cells(found), REFERRAL_TERMINAL) if out.rich else None
    empty = "no open referrals" if open_ else "no referrals"
    out.rows(found, REFERRAL_COLUMNS, empty=empty, terminal=terminal)


# interactions -----------------------------------------------------------------------------


@app.command()
def log(
    refs: Annotated[
        list[str],
        typer.Argument(
            metavar="REF...", help="Who you were in touch with.", autocompletion=complete_contact
        ),
    ],
    message: MessageOpt = None,
    kind: Annotated[str, kind_option("What kind of contact.")] = InteractionKind.meeting.value,
    date: DateOpt = None,
    json: JsonOpt = False,
) -> None:
    """Log a call, meeting, email… with one or more contacts."""
    from netcli.services import relations as service
    from netcli.services.interactions import log_with

    with writing_sql() as conn:  # plain SQL: no SQLAlchemy import for the everyday write
        interaction_id = log_with(conn, refs, kind, date, message)
        found = service.interaction(conn, interaction_id)
    names = found["contacts"]
    people = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    out = Output(chosen_format(Format.table, json))
    out.object(
        found,
        lambda: out.line(
            f"Logged {found['kind']} #{interaction_id} with {people} on {found['date']}"
        ),
    )
