"""Shared option aliases (Annotated) and enums used in command signatures. Light imports only."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from netcli.output import Format

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]
FormatOpt = Annotated[Format, typer.Option("--format", help="Output format.", case_sensitive=False)]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do it without asking.")]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing; exit 1 when nothing matches.")
]
LimitOpt = Annotated[int | None, typer.Option("--limit", min=1, help="Show at most N.")]
TagsOpt = Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")]
DateOpt = Annotated[
    str | None, typer.Option("--date", help="When: 2026-12-01, yesterday, 3 days ago…")
]
MessageOpt = Annotated[str | None, typer.Option("--message", "-m", help="A note.")]
TrustOpt = Annotated[
    int | None,
    typer.Option("--trust", min=0, max=5, help="0 = not met yet, 1-5 = how much you trust them."),
]
StrengthOpt = Annotated[
    int, typer.Option("--strength", min=1, max=5, help="How well they know each other, 1-5.")
]


class Sort(StrEnum):
    """`net list --sort`."""

    name = "name"
    last = "last"
    due = "due"
    added = "added"


def chosen_format(fmt: Format, json_flag: bool) -> Format:
    """`--json` is `--format json`."""
    return Format.json if json_flag else fmt
