"""Shared option aliases (Annotated) and enums used in command signatures. Light imports only."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from enum import Enum, StrEnum
from functools import wraps
from typing import Annotated, Any

import typer

from netcli.cli import spec
from netcli.output import Format
from netcli.text import fold


def typer_option(opt: spec.Opt) -> Any:
    """The typer.Option declared by a cli/spec.py entry."""
    low, high = opt.kind if _is_range(opt.kind) else (None, None)
    return typer.Option(
        *opt.names,
        help=opt.help,
        metavar=opt.metavar,
        min=low,
        max=high,
        case_sensitive=opt.case_sensitive,
    )


def _is_range(kind: Any) -> bool:
    return isinstance(kind, tuple) and isinstance(kind[0], int)


# Options shared by many commands; those of the fast-path commands are declared in spec.py.
JsonOpt = Annotated[bool, typer_option(spec.JSON)]
FormatOpt = Annotated[Format, typer_option(spec.FORMAT)]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do it without asking.")]
QuietOpt = Annotated[bool, typer_option(spec.QUIET)]
LimitOpt = Annotated[int | None, typer_option(spec.LIMIT)]
TagsOpt = Annotated[list[str] | None, typer_option(spec.TAGS)]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help="When: 2026-12-01, yesterday, 3 days ago…"),
]
SvgOpt = Annotated[
    str | None,
    typer.Option(
        "--svg",
        metavar="FILE",
        help="Also write the per-month chart to FILE as an SVG image (replaced whole).",
    ),
]
MessageOpt = Annotated[str | None, typer.Option("--message", "-m", metavar="TEXT", help="A note.")]
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


CHOICES: dict[Any, type[StrEnum]] = {spec.FORMATS: Format, spec.SORTS: Sort}


class InteractionKind(StrEnum):
    """`net log --kind`, `net done --kind` (spec §6)."""

    call = "call"
    meeting = "meeting"
    one_to_one = "one-to-one"
    email = "email"
    message = "message"
    event = "event"
    other = "other"


def _python_type(opt: spec.Opt) -> Any:
    """The annotation Typer reads to convert the option's value."""
    if opt.kind == spec.FLAG:
        return bool
    if opt.kind == spec.TEXT:
        return str | None
    if opt.kind == spec.MANY:
        return list[str] | None
    if _is_range(opt.kind):
        return int if opt.default is not None else int | None
    return CHOICES.get(opt.kind) or StrEnum(opt.param.title(), [(v, v) for v in opt.kind])


def from_spec(command: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a Typer command the options that cli/spec.py declares for `command`: the
    decorated function takes them as keyword arguments, choices as plain strings (as the fast
    path gives them)."""

    def decorate(body: Callable[..., None]) -> Callable[..., None]:
        @wraps(body)
        def command_body(**params: Any) -> None:
            body(**{k: v.value if isinstance(v, Enum) else v for k, v in params.items()})

        annotations: dict[str, Any] = {}
        parameters = []
        for arg in spec.ARGUMENTS.get(command, ()):
            argument = typer.Argument(metavar=arg.metavar, help=arg.help)
            if arg.required:
                annotations[arg.param] = Annotated[str, argument]
                optional = {}
            else:
                annotations[arg.param] = Annotated[str | None, argument]
                optional = {"default": None}
            parameters.append(
                inspect.Parameter(
                    arg.param,
                    inspect.Parameter.KEYWORD_ONLY,
                    annotation=annotations[arg.param],
                    **optional,
                )
            )
        for opt in spec.COMMANDS[command]:
            kind = _python_type(opt)
            annotation = Annotated[kind, typer_option(opt)]  # type: ignore[valid-type]
            default = (
                kind(opt.default)
                if isinstance(kind, type) and issubclass(kind, Enum)
                else opt.default
            )
            annotations[opt.param] = annotation
            parameters.append(
                inspect.Parameter(
                    opt.param,
                    inspect.Parameter.KEYWORD_ONLY,
                    default=default,
                    annotation=annotation,
                )
            )
        command_body.__annotations__ = {**annotations, "return": None}
        command_body.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        return command_body

    return decorate


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
        from netcli.paths import chosen_url, db_path

        option = ctx.find_root().params.get("db")
        url = chosen_url(option)  # a server store: no file to look for
        path = None if url else db_path(option)
        if path is not None and not path.exists():
            return []  # completion never creates a store
        from netcli.cli._context import reading
        from netcli.services import directory

        with reading(path, url) as conn:
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
