"""The fast path: `net due`, `net list`, `net find` and `net match` in their everyday forms,
run without Typer.

Importing Typer costs ~37 ms, five times the start of Python itself, and these two commands
are what cron jobs, shell prompts and scripts run all day (issue 7: `net due --json` and
`net list --format tsv` within 8x `python -c pass`; issue 15: `net match` over every open
ask within 1 s on 100k contacts). So `main()` first offers the command line to `parse()`
here. It accepts only a strict subset of what Typer would accept:

    net [--db PATH] due|list [OPTION]...      (the options of that command in cli/spec.py)
    net [--db PATH] find TEXT [OPTION]...     (TEXT not starting with `-`, anywhere in the line)
    net [--db PATH] match [ASK_ID] [OPTION]...
                                              (ASK_ID likewise; ask_number checks it, on both
                                              paths, so a bad id fails the same either way)
    net --help | -h                           (cli/_help.py, on a terminal of 80 columns or more)

with `--opt value` or `--opt=value`, and values Typer would take unchanged (plain ASCII
numbers in range, exact lower-case choices). Anything else, `--help`, a typo, a bad number,
shell completion, returns None and Typer parses the line as always, so every usage error
still comes from one place. The run itself is the same code either way: cli/views.py.

Both this parser and Typer's are built from cli/spec.py. tests/cli/test_fast.py checks that
Typer's commands have exactly those options, and that both paths print the same bytes and
exit with the same code.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from netcli.cli.spec import ARGUMENTS, COMMANDS, FLAG, MANY, TEXT, defaults, options


def parse(argv: list[str]) -> tuple[str | None, str, dict[str, Any]] | None:
    """(--db value, command, its parameters), or None when Typer must parse this line."""
    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return None  # shell completion is Typer's
    db: str | None = None
    at = 0
    while at < len(argv) and (argv[at] == "--db" or argv[at].startswith("--db=")):
        if argv[at] == "--db":
            if at + 1 >= len(argv) or argv[at + 1].startswith("-"):
                return None
            db, at = argv[at + 1], at + 2
        else:
            db, at = argv[at][len("--db=") :], at + 1
    if at >= len(argv) or argv[at] not in COMMANDS:
        return None
    command, known = argv[at], options(argv[at])
    params = defaults(command)
    positional = list(ARGUMENTS.get(command, ()))
    rest = argv[at + 1 :]
    while rest:
        word = rest.pop(0)
        if positional and not word.startswith("-"):
            params[positional.pop(0).param] = word
            continue
        name, eq, value = word.partition("=") if word.startswith("--") else (word, "", "")
        if name not in known:
            return None
        param, kind = known[name].param, known[name].kind
        if kind == FLAG:
            if eq:
                return None
            params[param] = True
            continue
        if not eq:
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        if kind == MANY:
            params[param] = [*(params[param] or []), value]
        elif kind == TEXT:
            params[param] = value
        elif isinstance(kind[0], int):
            if not (value.isascii() and value.isdigit()) or len(value) > 18:
                return None  # Typer's int() limits and messages apply to the rest
            number, (low, high) = int(value), kind
            if number < low or (high is not None and number > high):
                return None
            params[param] = number
        elif value in kind:
            params[param] = value
        else:
            return None
    if any(arg.required for arg in positional):  # an argument is missing: Typer says which
        return None
    return db, command, params


def run_fast(argv: list[str]) -> int | None:
    """Run `net due` / `net list` / `net find` / `net match` if `parse` takes the line, or
    print `net --help`; None means: ask Typer."""
    if argv in (["--help"], ["-h"]) and _full_width_help():
        from netcli.cli import run_guarded
        from netcli.cli._help import ROOT_HELP

        return run_guarded(lambda: print(ROOT_HELP, end=""))
    parsed = parse(argv)
    if parsed is None:
        return None
    from netcli.cli import run_guarded, views
    from netcli.cli._context import State

    db, command, params = parsed
    State.db_option = db
    return run_guarded(lambda: views.run(command, params))


def _full_width_help() -> bool:
    """Whether Click would draw `net --help` at its widest (78 columns), as cli/_help.py holds
    it: the width shutil.get_terminal_size() reports is 80 or more (a pipe counts as 80), and
    no shell completion is asking. Click's rule, without importing shutil or Click."""
    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return False
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # no stdout at all: AttributeError
            columns = 80
    return columns >= 80
