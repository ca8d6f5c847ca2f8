"""Human views of one object (the profile), drawn with Rich on a terminal, plain in a pipe."""

from __future__ import annotations

from datetime import date
from typing import Any

from netcli.output import Output, format_money, plain


def in_touch(profile: dict[str, Any], today: date) -> str:
    """`last in touch 12 days ago (2026-11-15)`, or `never in touch`."""
    last = profile.get("last_contact")
    if not last:
        return "never in touch"
    days = (today - date.fromisoformat(last)).days
    ago = "today" if days == 0 else ("yesterday" if days == 1 else f"{days} days ago")
    if days < 0:
        ago = f"in {-days} days"
    return f"last in touch {ago} ({last})"


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
        ("trust", f"{p['trust']}/5" + (" (not met yet)" if p["trust"] == 0 else "")),
        ("every", p["every"]),
        ("via", p.get("via")),
        ("met on", p.get("met_on")),
        ("in touch", in_touch(p, today)),
        ("next due", p["next_due"]),
        ("snoozed", p.get("snoozed_until")),
        ("archived", "yes" if p["archived"] else None),
        ("notes", p["notes"]),
    ]
    return [(k, str(v)) for k, v in pairs if v not in (None, "", [])]


def _sections(p: dict[str, Any]) -> list[tuple[str, list[str]]]:
    me = p["id"]
    intros = []
    for i in p["intros"]:
        line = f"#{i['id']} {i['date']}  {i['by']} introduced {i['a']} to {i['b']} · {i['status']}"
        if i["value"] is not None:
            line += f" {format_money(i['value'])}"
        intros.append(line)
    asks = [f"#{a['id']} {a['created_on']}  {a['text']} · {a['status']}" for a in p["asks"]]
    gives = []
    for g in p["gives"]:
        arrow = f"{g['giver']} → {g['receiver']}"
        value = f" {format_money(g['value'])}" if g["value"] is not None else ""
        gives.append(f"#{g['id']} {g['date']}  {arrow}: {g['text']} ({g['kind']}{value})")
    interactions = []
    for i in p["interactions"]:
        others = [n for cid, n in zip(i["contact_ids"], i["contacts"], strict=True) if cid != me]
        extra = f" (with {', '.join(others)})" if others else ""
        note = f": {i['note']}" if i["note"] else ""
        interactions.append(f"{i['date']}  {i['kind']}{extra}{note}")
    if p.get("interaction_count", 0) > len(p["interactions"]):
        interactions.append(f"… {p['interaction_count'] - len(p['interactions'])} older")
    links = [
        f"{link['contact']} (#{link['contact_id']}) · strength {link['strength']}"
        + (f" · {link['note']}" if link["note"] else "")
        for link in p["links"]
    ]
    return [
        ("Intros", intros),
        ("Asks", asks),
        ("Gives", gives),
        ("Interactions", interactions),
        ("Links", links),
    ]


def render_profile(out: Output, p: dict[str, Any]) -> None:
    """Draw `net show`."""
    from netcli.dates import today

    details = _details(p, today())
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
            for line in lines:
                out.line(f"  {line}")
        return
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in details:
        grid.add_row(key, value)
    console = out.console()
    console.print(
        Panel(
            grid,
            title=Text(f"{p['name']}  #{p['id']}", style="bold"),
            title_align="left",
            expand=False,
        )
    )
    for title, lines in sections:
        console.print(Text(title, style="bold"))
        for line in lines:
            console.print(Text("  " + line, overflow="fold"))
