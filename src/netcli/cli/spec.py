"""The options of the fast-path commands (`net due`, `net list`, `net find`, `net match`),
declared once, as data.

Two parsers are built from this table: Typer's (cli/_options.py turns each `Opt` into a
`typer.Option` and each command's list into its signature) and the fast path's (cli/fast.py,
which runs the everyday lines without importing Typer). A new option is added here, and both
parsers know it. The model is httpie's `ParserSpec` (httpie/cli/definition.py).

This module imports only `typing`: cli/fast.py reads it on every run.
"""

from __future__ import annotations

from typing import Any

FLAG = "flag"  # a bool option that takes no value
TEXT = "text"  # any string, default None
MANY = "many"  # a string, repeatable: a list, default None
# Any other kind is an int range `(low, high or None)` or a tuple of choices (the first
# element of a range is an int, of choices a str).
FORMATS = ("table", "json", "jsonl", "csv", "tsv")  # output.Format
SORTS = ("name", "last", "due", "added")  # _options.Sort


class Opt:
    """One option: its names (`--quiet`, `-q`), the Python parameter it fills, its kind,
    default, help and metavar. `case_sensitive=False` lets Typer take `--format JSON` (the
    fast path takes exact lower-case choices only, and leaves the rest to Typer)."""

    __slots__ = ("names", "param", "kind", "default", "help", "metavar", "case_sensitive")

    def __init__(
        self,
        names: tuple[str, ...],
        param: str,
        kind: Any,
        help: str,  # noqa: A002 - typer.Option's own name for it
        *,
        default: Any = None,
        metavar: str | None = None,
        case_sensitive: bool = True,
    ) -> None:
        self.names, self.param, self.kind, self.help = names, param, kind, help
        self.default = False if kind == FLAG else default
        self.metavar, self.case_sensitive = metavar, case_sensitive

    def __repr__(self) -> str:
        return f"Opt({'/'.join(self.names)})"


# Shared with the other commands (cli/_options.py builds LimitOpt, QuietOpt, … from these).
LIMIT = Opt(("--limit",), "limit", (1, None), "Show at most N.", metavar="N")
QUIET = Opt(("--quiet", "-q"), "quiet", FLAG, "Print nothing; exit 1 when nothing matches.")
FORMAT = Opt(("--format",), "fmt", FORMATS, "Output format.", default="table", case_sensitive=False)
JSON = Opt(("--json",), "json", FLAG, "Print JSON on stdout.")
TAGS = Opt(("--tag",), "tag", MANY, "A tag (repeatable).", metavar="TAG")
DAYS = Opt(
    ("--days",),
    "days",
    (0, 3650),
    "Also show what falls due in the next N days.",
    default=7,
    metavar="N",
)

DUE_FORMAT = Opt(
    ("--format",),
    "fmt",
    (*FORMATS, "ics"),
    "Output format (ics: an iCalendar file).",
    default="table",
    case_sensitive=False,
)


class Arg:
    """One positional argument (a string): the Python parameter it fills, and its help. An
    optional one (`required=False`) is None when not given, and is shown as its metavar."""

    __slots__ = ("param", "help", "required", "metavar")

    def __init__(
        self,
        param: str,
        help: str,  # noqa: A002
        *,
        required: bool = True,
        metavar: str | None = None,
    ) -> None:
        self.param, self.help, self.required, self.metavar = param, help, required, metavar

    def __repr__(self) -> str:
        return f"Arg({self.param})"


# Each fast-path command's options, in the order --help shows them.
COMMANDS: dict[str, tuple[Opt, ...]] = {
    "due": (
        DAYS,
        Opt(("--on",), "on", TEXT, "Act as if today were DATE (e.g. next monday).", metavar="DATE"),
        LIMIT,
        QUIET,
        DUE_FORMAT,
        JSON,
    ),
    "list": (
        TAGS,
        Opt(("--category",), "category", TEXT, "Only this category.", metavar="TEXT"),
        Opt(("--company",), "company", TEXT, "Part of the company.", metavar="TEXT"),
        Opt(("--archived",), "archived", FLAG, "List archived contacts."),
        Opt(("--sort",), "sort", SORTS, "Order.", default="name"),
        LIMIT,
        QUIET,
        FORMAT,
        JSON,
    ),
    "find": (QUIET, FORMAT, JSON),
    "match": (LIMIT, FORMAT, JSON),
}
# Their positional arguments, in order (the required ones first).
ARGUMENTS: dict[str, tuple[Arg, ...]] = {
    "find": (Arg("text", "Words to look for (accents and case ignored)."),),
    "match": (
        Arg(
            "ask_id",
            "One ask, by id (default: every open ask).",
            required=False,
            metavar="[ASK_ID]",
        ),
    ),
}


def options(command: str) -> dict[str, Opt]:
    """A command's options by each of their names (`-q` and `--quiet` alike)."""
    return {name: opt for opt in COMMANDS[command] for name in opt.names}


def defaults(command: str) -> dict[str, Any]:
    """A command's parameters as they are when no option (and no optional argument) is given."""
    optional = {arg.param: None for arg in ARGUMENTS.get(command, ()) if not arg.required}
    return {**optional, **{opt.param: opt.default for opt in COMMANDS[command]}}
