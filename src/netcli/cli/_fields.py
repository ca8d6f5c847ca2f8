"""The options of `net add` and `net edit` that set a contact's fields, built from netcli.fields.

A command declares its own parameters (the name, the lists, `--force`, `--json`…) and a
`fields` parameter; `with_field_options` gives Typer a signature with one option per field in
their place, and hands the command the values typed as `fields={name: value}` (None: not
given). So a new field in netcli.fields is a new option of both commands, with its help.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any

import typer

import netcli.fields
from netcli.fields import TRUST, Field

ALL = ""  # `after`: this parameter comes once every field option is placed


def field_option(f: Field, command: str) -> tuple[Any, Any]:
    """A field's Python type and typer.Option for `command` (`add` or `edit`)."""
    help_text = f.edit_help if command == "edit" and f.edit_help else f.help
    if f.kind == TRUST:
        option = typer.Option(f.option, min=0, max=5, metavar=f.metavar, help=help_text)
        return int | None, option
    return str | None, typer.Option(f.option, metavar=f.metavar, help=help_text)


def with_field_options(
    command: str, after: dict[str, str]
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give the decorated command an option per field with an option, in the fields' order.
    The command's own parameters keep theirs: one named in `after` comes right after that
    field's option (or after all of them: `ALL`), the others where they are."""

    def decorate(body: Callable[..., None]) -> Callable[..., None]:
        options = [f for f in netcli.fields.FIELDS if f.option]  # read now: tests add one
        names = {f.name for f in options}

        @wraps(body)
        def command_body(**params: Any) -> None:
            given = {k: params.pop(k) for k in list(params) if k in names}
            body(**params, fields=given)

        own = [
            p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
            for p in inspect.signature(body, eval_str=True).parameters.values()
            if p.name != "fields"
        ]
        pending = []
        for f in options:
            kind, option = field_option(f, command)
            pending.append(
                inspect.Parameter(
                    f.name,
                    inspect.Parameter.KEYWORD_ONLY,
                    default=None,
                    annotation=Annotated[kind, option],
                )
            )
        placed: list[inspect.Parameter] = []
        for p in own:
            anchor = after.get(p.name)
            if anchor is not None:  # the field options up to ANCHOR (all: ALL) first
                upto = len(pending) if anchor == ALL else names_upto(pending, anchor)
                placed += pending[:upto]
                pending = pending[upto:]
            placed.append(p)
        placed += pending
        command_body.__signature__ = inspect.Signature(placed)  # type: ignore[attr-defined]
        command_body.__annotations__ = {p.name: p.annotation for p in placed} | {"return": None}
        return command_body

    return decorate


def names_upto(pending: list[inspect.Parameter], anchor: str) -> int:
    """How many of the pending field options come up to ANCHOR's, included (0: placed)."""
    found = [p.name for p in pending]
    return found.index(anchor) + 1 if anchor in found else 0
