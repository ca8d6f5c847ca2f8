"""Human views of one object (the profile), drawn with Rich on a terminal, plain in a pipe."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

from netcli import money
from netcli.dates import days_text, today
from netcli.fields import FIELDS, GAINS
from netcli.output import Column, Output, plain, render_plain_table, safe_text


def in_touch(profile: dict[str, Any], today: date) -> str:
    """`last in touch 12 days ago (2026-11-15)`, or `never in touch`."""
    last = profile.get("last_contact")
    if not last:
        return "never in touch"
    return f"last in touch {days_text((today - date.fromisoformat(last)).days)} ({last})"


# the fields _details shows in their own way and place (via by name, trust as 3/5…)
_BY_HAND = (
    "company", "title", "category", "city", "birthday", "url", "trust", "every", "via_id",
    "met_on", "notes",
)  # fmt: skip


def _details(p: dict[str, Any], today: date) -> list[tuple[str, str]]:
    pairs = [
        ("company", p["company"]),
        ("title", p["title"]),
        ("category", p["category"]),
        ("emails", plain(p["emails"])),
        ("phones", plain(p["phones"])),
        ("city", p["city"]),
        ("tags", plain(p["tags"])),
        ("birthday", p["birthday"]),
        ("url", p.get("url")),
        (
            "trust",
            None
            if p["is_me"]
            else f"{p['trust']}/5" + (" (not met yet)" if p["trust"] == 0 else ""),
        ),
        (
            "every",
            p["every"]
            or (f"{p['cadence']} (tag {p['cadence_tag']})" if p.get("cadence_tag") else None),
        ),
        ("via", p.get("via")),
        ("met on", p.get("met_on")),
        # a field added to netcli.fields since, as it is
        *((f.shown, p.get(f.name)) for f in FIELDS if not f.group and f.name not in _BY_HAND),
        ("in touch", None if p["is_me"] else in_touch(p, today)),
        ("next due", p["next_due"]),
        ("snoozed", p.get("snoozed_until")),
        ("archived", "yes" if p["archived"] else None),
        ("notes", p["notes"]),
        *((f.shown, (p.get(f.group) or {}).get(f.name)) for f in FIELDS if f.group),
    ]
    if p["is_me"]:  # trust and touch describe others; you are just "you"
        pairs.insert(0, ("you", "this is you (rename with: net edit me --name …)"))
    return [(k, str(v)) for k, v in pairs if v not in (None, "", [])]


def _who(p: dict[str, Any], contact_id: int, name: str) -> str:
    """A name in a profile sentence: `you` for me."""
    return "you" if contact_id == p.get("me_id") else name


def profile_credit(p: dict[str, Any]) -> str | None:
    """`2 results: 7,500.00 EUR directly, 1,200.00 EUR through people they introduced`."""
    c = p.get("credit")
    if not c or not c["results"]:
        return None
    currency = p.get("currency")
    parts = []
    if c["direct_value"]:
        parts.append(f"{money.render(c['direct_value'], currency)} directly")
    if c["downstream_value"]:
        parts.append(
            f"{money.render(c['downstream_value'], currency)} through people they introduced"
        )
    count = f"{c['results']} result" + ("s" if c["results"] != 1 else "")
    return count + (": " + ", ".join(parts) if parts else "")


def profile_balance(p: dict[str, Any]) -> str | None:
    """`you owe them 1 (you gave 1, received 2)` from the profile's own gives and intros."""
    from netcli.services.reciprocity import GiveFact, IntroFact, ledger

    me = p.get("me_id")
    if me is None or p["id"] == me:
        return None
    gives = [
        GiveFact(g["giver_id"], g["receiver_id"], money.to_cents(g["value"])) for g in p["gives"]
    ]
    intros = [
        IntroFact(i["by_id"], i["a_id"], i["b_id"], money.to_cents(i["value"])) for i in p["intros"]
    ]
    row = next((r for r in ledger(me, gives, intros, {}) if r.contact_id == p["id"]), None)
    if row is None:
        return None
    if row.balance > 0:
        state = f"you owe them {row.balance}"
    elif row.balance < 0:
        state = f"they owe you {-row.balance}"
    else:
        state = "even"
    return f"{state} (you gave {row.given_count}, received {row.received_count})"


def _status(i: dict[str, Any], currency: str | None) -> str:
    text: str = i["status"]
    if i["value"] is not None:
        text += f" {money.render(i['value'], currency)}"
    if i["outcome_on"]:
        text += f" on {i['outcome_on']}"
    return text


def _sections(p: dict[str, Any]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The profile's sections: a title and rows of (#id, date, text)."""
    me = p["id"]
    name = p["name"]

    def intro_row(i: dict[str, Any]) -> tuple[str, str, str]:
        text = (
            f"{_who(p, i['by_id'], i['by'])} introduced {_who(p, i['a_id'], i['a'])} "
            f"to {_who(p, i['b_id'], i['b'])} · {_status(i, p.get('currency'))}"
        )
        if i["note"]:
            text += f" · {i['note']}"
        return f"i{i['id']}", str(i["date"]), text

    for_them = [intro_row(i) for i in p["intros"] if me in (i["a_id"], i["b_id"])]
    by_them = [intro_row(i) for i in p["intros"] if i["by_id"] == me]
    open_asks = [a for a in p["asks"] if a["status"] == "open"]
    asks = [
        (
            f"a{a['id']}",
            str(a["created_on"]),
            a["text"] + (f" [{', '.join(a['tags'])}]" if a["tags"] else ""),
        )
        for a in open_asks
    ]
    closed = len(p["asks"]) - len(open_asks)
    if closed:
        none = "" if open_asks else "none open; "
        asks.append(("", "", f"{none}{closed} closed (see 'net asks {p['id']} --all')"))
    gives = []
    for g in p["gives"]:
        value = f", {money.render(g['value'], p.get('currency'))}" if g["value"] is not None else ""
        ask = f", for ask a{g['ask_id']}" if g["ask_id"] is not None else ""
        giver, receiver = (
            _who(p, g["giver_id"], g["giver"]),
            _who(p, g["receiver_id"], g["receiver"]),
        )
        arrow = f"{giver} → {receiver}"
        gives.append(
            (f"g{g['id']}", str(g["date"]), f"{arrow}: {g['text']} ({g['kind']}{value}{ask})")
        )
    interactions = []
    for i in p["interactions"]:
        others = [n for cid, n in zip(i["contact_ids"], i["contacts"], strict=True) if cid != me]
        extra = f" (with {', '.join(others)})" if others else ""
        note = f": {i['note']}" if i["note"] else ""
        interactions.append((f"x{i['id']}", str(i["date"]), f"{i['kind']}{extra}{note}"))
    count = p.get("interaction_count", len(p["interactions"]))
    links = [
        (
            f"#{link['contact_id']}",
            "",
            f"{link['contact']} · strength {link['strength']}"
            + (f" · {link['note']}" if link["note"] else ""),
        )
        for link in p["links"]
    ]
    totals = p.get("give_totals")
    gives_title = "Gives"
    if totals and gives:
        gave = f"{totals['gave_count']}" + (
            f" ({money.render(totals['gave_value'], p.get('currency'))})"
            if totals["gave_value"]
            else ""
        )
        got = f"{totals['got_count']}" + (
            f" ({money.render(totals['got_value'], p.get('currency'))})"
            if totals["got_value"]
            else ""
        )
        gives_title = f"Gives · from {name}: {gave} · to {name}: {got}"
    shown = len(p["interactions"])
    group_title, group_rows = _group_section(p)
    reminders = [
        (f"r{r['id']}", str(r["date"]), r["note"] or "reminder") for r in p.get("reminders", [])
    ]
    return [
        ("Pending reminders", reminders),
        (f"Intros for {name}", for_them),
        (f"Intros by {name}", by_them),
        ("Open asks", asks),
        (gives_title, gives),
        (
            "Interactions" + (f" (latest {shown} of {count})" if count > shown else ""),
            interactions,
        ),
        ("Links", links),
        (group_title, group_rows),
    ]


def _group_section(p: dict[str, Any]) -> tuple[str, list[tuple[str, str, str]]]:
    """A member of my group: their category, latest slips and thanks (spec §12)."""
    group = p.get("group")
    if not group:
        return "Group", []
    m = group["member"]
    title = f"Group member · {m['category']} · since {m['since']}"
    if m["left_on"]:
        title += f" · left {m['left_on']}"
    found = []
    for s in group["slips"]:
        worth = (
            f", {money.render(s['closed_value'], p.get('currency'))}"
            if s["closed_value"] is not None
            else ""
        )
        found.append(
            (
                s["id"],
                str(s["date"]),
                f"slip {s['from']} → {s['to']}: {s['text']} ({s['status']}{worth})",
            )
        )
    for t in group["thanks"]:
        found.append(
            (
                "",
                str(t["date"]),
                f"thanks {t['from']} → {t['to']}: {money.render(t['value'], p.get('currency'))}",
            )
        )
    return title, found or [("", "", "no slips or thanks yet")]


def render_profile(out: Output, p: dict[str, Any]) -> None:
    """Draw `net show`: a Rich layout on a terminal, clean aligned text in a pipe."""
    details = _details(p, today())
    balance = profile_balance(p)
    if balance:
        at = next((n for n, (k, _) in enumerate(details) if k == "in touch"), len(details) - 1)
        details.insert(at + 1, ("balance", balance))
    credit = profile_credit(p)
    if credit:
        at = next((n for n, (k, _) in enumerate(details) if k in ("balance", "in touch")), -2)
        details.insert(at + 1 if at >= 0 else len(details), ("credit", credit))
    sections = [(title, lines) for title, lines in _sections(p) if lines]
    if not out.rich:
        out.line(f"{p['name']} (#{p['id']})")
        width = max((len(k) for k, _ in details), default=0)
        for key, value in details:
            out.line(
                f"  {key.ljust(width)}  {' '.join(value.split()) if key != 'notes' else value}"
            )
        for title, lines in sections:
            out.line("")
            out.line(f"{title}:")
            id_width = max(len(i) for i, _, _ in lines)
            for ident, day, text in lines:
                cells = [ident.rjust(id_width), day, " ".join(text.split())]
                out.line("  " + "  ".join(c for c in cells if c))
        return
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in details:
        grid.add_row(key, Text(safe_text(value, keep_newlines=key == "notes")))
    console = out.console()
    console.print(
        Panel(
            grid,
            title=Text(f"{safe_text(p['name'])}  #{p['id']}", style="bold"),
            title_align="left",
            expand=False,
        )
    )
    for title, lines in sections:
        dated = any(day for _, day, _ in lines)
        table = Table.grid(padding=(0, 2))
        table.add_column(style="dim", justify="right", no_wrap=True)
        if dated:
            table.add_column(no_wrap=True)
        table.add_column(overflow="fold")
        for ident, day, text in lines:
            row_cells: tuple[str, ...] = (ident, day, text) if dated else (ident, text)
            table.add_row(*(Text(safe_text(c)) for c in row_cells))
        console.print(Text(safe_text(title), style="bold"))
        console.print(Padding(table, (0, 0, 0, 2)))


# net balance ---------------------------------------------------------------------------

BALANCE_COLUMNS = [
    Column("contact_id", "contact_id", justify="right"),
    Column("contact", "contact"),
    Column("given_count", "given_count", justify="right"),
    Column("given_value", "given_value", justify="right", render=money.plain),
    Column("received_count", "received_count", justify="right"),
    Column("received_value", "received_value", justify="right", render=money.plain),
    Column("balance", "balance", justify="right"),
]
BAR_WIDTH = 8
RICH_BAR_WIDTH = 5  # on a terminal the bar shares its cell with the words, within 80 columns
# Left of the line: they owe me; right: I owe them. The "|" sits above the bars' centre line.
BAR_HEADER = f"{'owes you':>{BAR_WIDTH}}|{'you owe':<{BAR_WIDTH}}"


def _count_value(count: int, cents: int) -> str:
    """`3 (1,500.00)`: a count with its exact value, or just the count."""
    return f"{count} ({money.render(money.total(cents))})" if cents else str(count)


def owe_words(balance: int) -> str:
    """`you owe 2`, `owes you 1`, `even`: the sign of a balance in words."""
    if balance > 0:
        return f"you owe {balance}"
    if balance < 0:
        return f"owes you {-balance}"
    return "even"


def balance_summary(summary: Any, currency: str, single: bool) -> str:
    """The line under `net balance`: totals, how many I owe, who gave most with nothing back."""

    def worth(cents: int) -> str:
        return f" worth {money.render(money.total(cents), currency)}" if cents else ""

    if single:
        row = summary.rows[0]
        if row.balance > 0:
            state = f"You owe {row.contact} {row.balance}."
        elif row.balance < 0:
            state = f"{row.contact} owes you {-row.balance}."
        else:
            state = f"You and {row.contact} are even."
        return (
            f"{state} Given {row.given_count}{worth(row.given_cents)}, "
            f"received {row.received_count}{worth(row.received_cents)}."
        )
    parts = [
        f"Given {summary.given_count}{worth(summary.given_cents)}",
        f"received {summary.received_count}{worth(summary.received_cents)}",
        f"you owe {summary.i_owe} of {summary.contacts} contact"
        + ("s" if summary.contacts != 1 else ""),
    ]
    if summary.top_unreturned is not None:
        top = summary.top_unreturned
        parts.append(f"gave most with nothing back: {top.contact} ({top.received_count})")
    return " · ".join(parts) + "."


def on_terminal() -> bool:
    """Is stdout a terminal (with or without colour)?"""
    return sys.stdout.isatty()


def render_balance(out: Output, summary: Any, currency: str, *, single: bool = False) -> None:
    """Draw `net balance`: machine formats get the §8 rows, people a table with a bar."""
    from netcli.services.reciprocity import diverging_bar

    rows = summary.rows
    json_rows = [r.as_json() for r in rows]
    if out.machine:
        out.rows(json_rows, BALANCE_COLUMNS)
        return
    if not rows:
        out.note("nothing given or received yet (see 'net give', 'net got', 'net intro')")
        return
    largest = max(abs(r.balance) for r in rows)
    table = [
        {
            "id": r.contact_id,
            "contact": r.contact,
            "given": _count_value(r.given_count, r.given_cents),
            "received": _count_value(r.received_count, r.received_cents),
            "balance": owe_words(r.balance),
            "bar": diverging_bar(r.balance, largest, BAR_WIDTH),
            "short_bar": diverging_bar(r.balance, largest, RICH_BAR_WIDTH),
        }
        for r in rows
    ]
    columns = [
        Column("id", "id", justify="right"),
        Column("contact", "contact"),
        Column("given", "given", justify="right"),
        Column("received", "received", justify="right"),
        Column("balance", "balance"),
    ]
    # The bar is for eyes on a terminal; a pipe gets the plain columns only.
    bar = on_terminal()
    line = balance_summary(summary, currency, single)
    if out.rich:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        t = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
        shown = [c for c in columns if c.key != "balance"]
        for c in shown:  # names stay on one line at 80 columns; money folds first
            t.add_column(
                c.header,
                justify=c.justify,  # type: ignore[arg-type]
                overflow="fold",
                no_wrap=c.key in ("id", "contact"),
            )
        t.add_column("balance", no_wrap=True)  # the bar and the words in one cell
        for row in table:
            left, right = row["short_bar"]
            drawn = Text()
            drawn.append(left, style="green")
            drawn.append("│", style="dim")
            drawn.append(right, style="red")
            drawn.append(f" {row['balance']}")
            t.add_row(*(Text(safe_text(c.cell(row))) for c in shown), drawn)
        console = out.console()
        console.print(t)
        console.print(Text(safe_text(line)))
        return
    lines = render_plain_table(table, columns).splitlines()
    if bar:  # appended by hand: the table would collapse the bar's leading blanks
        width = max(len(text) for text in lines)
        bars = [BAR_HEADER.upper()] + ["{}|{}".format(*row["bar"]) for row in table]
        lines = [
            f"{text.ljust(width)}  {drawn}".rstrip()
            for text, drawn in zip(lines, bars, strict=True)
        ]
    for text in lines:
        out.line(text)
    out.line(line)


# net prep: the sheet before a one-to-one ----------------------------------------------


def prep_lines(sheet: dict[str, Any], today: date, currency: str, width: int = 80) -> list[str]:
    """The prep sheet as plain lines, wrapped to `width` (terminal controls neutralised)."""
    import textwrap

    c = sheet["contact"]
    lines: list[str] = []

    def put(text: str, indent: str = "", hang: str = "    ") -> None:
        lines.extend(
            textwrap.wrap(
                safe_text(text),
                width,
                initial_indent=indent,
                subsequent_indent=indent + hang,
                break_on_hyphens=False,
            )
            or [indent]
        )

    def section(title: str, items: list[str], empty: str | None = None) -> None:
        if not items and empty is None:
            return
        lines.append("")
        lines.append(title)
        for item in items or [str(empty)]:
            put(item, "  ")

    what = ", ".join(x for x in (c["category"], c["title"], c["company"], c["city"]) if x)
    put(f"{c['name']} (#{c['id']})" + (f" - {what}" if what else ""), hang="  ")
    touch = [f"trust {c['trust']}/5", in_touch(c, today)]
    if c["next_due"]:
        touch.append(f"next due {c['next_due']}")
    put(" · ".join(touch), "  ")
    gains = [
        f"{f.name}: {c[GAINS][f.name]}" for f in FIELDS if f.group == GAINS and c[GAINS][f.name]
    ]
    section("GAINS", gains, "(none yet: net edit REF --goals/--skills/… TEXT)")
    section("Offers", sheet["offers"], "(nothing recorded)")
    section("Needs", sheet["needs"], "(nothing recorded)")
    asks = []
    for ask in sheet["their_asks"]:
        asks.append(f"a{ask['id']} {ask['text']} (since {ask['created_on']})")
        for m in ask["matches"]:
            asks += [
                f"  -> {m['candidate']} ({m['score']:.2f}: {m['reason']})",
                f"     {m['command']}",
            ]
    section("Their open asks", asks)
    section(
        "My open asks they could help with",
        [f"a{a['id']} {a['text']} ({a['reason']})" for a in sheet["my_asks"]],
    )
    section(
        "Open referrals",
        [
            f"g{g['id']} {g['date']} "
            + ("you -> them" if g["receiver_id"] == c["id"] else "them -> you")
            + f": {g['text']}"
            for g in sheet["referrals"]
        ],
    )
    section(
        "Reminders",
        [
            f"r{r['id']} {r['date']}" + (f" {r['note']}" if r["note"] else "")
            for r in sheet["reminders"]
        ],
    )
    b = sheet["balance"]
    if b["balance"] > 0:
        state = f"you owe them {b['balance']}"
    elif b["balance"] < 0:
        state = f"they owe you {-b['balance']}"
    else:
        state = "even"
    given = money.render(b["given_value"], currency) if b["given_value"] else ""
    received = money.render(b["received_value"], currency) if b["received_value"] else ""
    section(
        "Balance",
        [
            f"{state}: you gave {b['given_count']}{f' ({given})' if given else ''}, "
            f"received {b['received_count']}{f' ({received})' if received else ''}"
        ],
    )
    section(
        "Last interactions",
        [
            f"{i['date']} {i['kind']}" + (f": {i['note']}" if i["note"] else "")
            for i in sheet["interactions"]
        ],
        "(none yet)",
    )
    section(
        "Introduce them to",
        [f"{r['contact']} (#{r['contact_id']}): {r['reason']}" for r in sheet["introduce_to"]],
    )
    if sheet.get("group"):  # a member of my group: their latest slips and thanks
        title, found = _group_section({"group": sheet["group"], "currency": currency})
        section(title, [" ".join(x for x in row if x) for row in found])
    return lines


def prep_markdown(sheet: dict[str, Any], today: date, currency: str) -> str:
    """The prep sheet as Markdown: `# Name`, a `## ` heading per section, `- ` items."""
    text = prep_lines(sheet, today, currency, width=10_000)
    out = [f"# {text[0]}", "", text[1].strip()]
    for line in text[2:]:
        if not line:
            out.append("")
        elif line.startswith("    -> "):  # a match candidate under its ask, then its command
            out.append(f"  - {line[7:]}")
        elif line.startswith("       "):
            out[-1] += f": `{line.strip()}`"
        elif line.startswith("  "):
            out.append(f"- {line[2:]}")
        else:
            out.append(f"## {line}")
            out.append("")
    return "\n".join(out)
