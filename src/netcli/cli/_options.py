"""Shared option aliases (Annotated) and enums used in command signatures. Light imports only."""

from __future__ import annotations

import os
from enum import StrEnum
from typing import Annotated, Any

import typer

from netcli.output import Format
from netcli.text import fold

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]
FormatOpt = Annotated[Format, typer.Option("--format", help="Output format.", case_sensitive=False)]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do it without asking.")]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing; exit 1 when nothing matches.")
]
LimitOpt = Annotated[
    int | None, typer.Option("--limit", min=1, metavar="N", help="Show at most N.")
]
TagsOpt = Annotated[
    list[str] | None, typer.Option("--tag", metavar="TAG", help="A tag (repeatable).")
]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help="When: 2026-12-01, yesterday, 3 days ago…"),
]
MessageOpt = Annotated[str | None, typer.Option("--message", "-m", metavar="TEXT", help="A note.")]
TrustOpt = Annotated[
    int | None,
    typer.Option(
        "--trust",
        min=0,
        max=5,
        metavar="0-5",
        help="0 = not met yet, 1-5 = how much you trust them.",
    ),
]
StrengthOpt = Annotated[
    int,
    typer.Option(
        "--strength", min=1, max=5, metavar="1-5", help="How well they know each other, 1-5."
    ),
]


class Sort(StrEnum):
    """`net list --sort`."""

    name = "name"
    last = "last"
    due = "due"
    added = "added"


class InteractionKind(StrEnum):
    """`net log --kind`, `net done --kind` (spec §6)."""

    call = "call"
    meeting = "meeting"
    one_to_one = "one-to-one"
    email = "email"
    message = "message"
    event = "event"
    other = "other"


KIND_METAVAR = "[" + "|".join(InteractionKind) + "]"


def interaction_kind(value: str) -> str:
    """`--kind`: a canonical interaction kind, also from the words people use for it (`121`,
    `1-2-1`, `one2one` are `one-to-one`; `phone` is `call`). --help and completion show only
    the canonical kinds, which are what is stored and shown."""
    from netcli.services.interactions import canonical_kind

    found = canonical_kind(value)
    if found is None:
        choices = ", ".join(f"'{k}'" for k in InteractionKind)
        raise typer.BadParameter(f"'{value}' is not one of {choices}")
    return found


def complete_kind(incomplete: str) -> list[str]:
    return [k.value for k in InteractionKind if k.startswith(incomplete.lower())]


def kind_option(help_text: str) -> Any:
    """The `--kind` option of `net log` and `net done`."""
    return typer.Option(
        "--kind",
        metavar=KIND_METAVAR,
        help=f"{help_text.rstrip('.')} (121, 1-2-1, one2one = one-to-one; phone = call).",
        callback=interaction_kind,
        autocompletion=complete_kind,
    )


def chosen_format(fmt: Format, json_flag: bool) -> Format:
    """`--json` is `--format json`."""
    return Format.json if json_flag else fmt


def complete_contact(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of contact names, from the plain-SQL read path (never the ORM)."""
    try:
        from netcli.paths import db_path

        path = db_path(ctx.find_root().params.get("db"))
        if not path.exists():
            return []  # completion never creates a store
        from netcli.cli._context import reading
        from netcli.services import directory

        with reading(path) as conn:
            # the stored folded key narrows it in SQL; only candidates reach Python
            names = directory.names_starting(conn, incomplete)
    except Exception:  # completion must never print a traceback into the shell
        return []
    return [_escape(item) for item in complete_names(names, incomplete)]


def complete_names(names: list[str], incomplete: str) -> list[str]:
    """Completions that keep what was typed (the shell requires it): whole names whose start
    matches ignoring case and accents, then single words of names (`bian` -> `bianchi`)."""
    key, n = fold(incomplete), len(incomplete)
    found = [incomplete + name[n:] for name in names if fold(name[:n]) == key]
    for name in names:
        for word in name.split()[1:]:
            item = incomplete + word[n:]
            if fold(word[:n]) == key and item not in found:
                found.append(item)
    return found


def _escape(item: str) -> str:
    fish = any("fish" in v for k, v in os.environ.items() if k.endswith("_COMPLETE"))
    return item if fish else item.replace(" ", "\\ ")


RefArg = Annotated[
    str,
    typer.Argument(
        help="A contact: me, 12, #12, a name or a unique prefix.",
        autocompletion=complete_contact,
    ),
]
