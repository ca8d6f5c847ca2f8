"""The Typer root: global options (--db, --version) and the one list of command modules."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from netcli import __version__
from netcli.cli import (
    PipeClosed,
    check_arguments,
    contacts,
    data,
    followups,
    groups,
    insights,
    pictures,
    records,
    relations,
    run_guarded,
)
from netcli.cli._context import State
from netcli.errors import Interrupted

COMMAND_MODULES = [contacts, relations, records, followups, insights, pictures, data, groups]
# A constant, so that `net --help` stays fast: the page itself is generated and tested.
REFERENCE_EPILOG = (
    "Every command and option, exit codes, dates, amounts and JSON keys: docs/reference.md "
    "in the netcli sources. Help on one command: net COMMAND --help."
)


def _version(value: bool) -> None:
    if value:
        print(f"net {__version__}")
        raise typer.Exit()


class NetGroup(TyperGroup):
    """Runs every command inside run_guarded, also under Typer's CliRunner.

    Commands are turned into Click commands lazily, only the one that runs: building all 39
    took ~16 ms of every invocation. `--help` lists them from their docstrings.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        lazy = [*LAZY, *LAZY_GROUPS]
        return [*lazy, *(name for name in super().list_commands(ctx) if name not in lazy)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in LAZY and cmd_name not in self.commands:
            from typer.main import get_command_from_info

            self.commands[cmd_name] = get_command_from_info(
                LAZY[cmd_name], pretty_exceptions_short=True, rich_markup_mode=None
            )
        if cmd_name in LAZY_GROUPS and cmd_name not in self.commands:
            # `net db …` and `net group …`: built only when used (the group's 15 commands
            # cost ~20 ms to build on every run otherwise)
            from typer.main import get_group_from_info

            self.commands[cmd_name] = get_group_from_info(
                LAZY_GROUPS[cmd_name],
                pretty_exceptions_short=True,
                suggest_commands=True,
                rich_markup_mode=None,
            )
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        from typer._click.utils import make_default_short_help

        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in LAZY_GROUPS:
                group = LAZY_GROUPS[name]
                doc = group.typer_instance.info.help if group.typer_instance else ""
                rows.append((name, make_default_short_help(str(doc or "").strip(), limit)))
            elif name in LAZY:
                info = LAZY[name]
                doc = info.help or (info.callback.__doc__ if info.callback else "") or ""
                rows.append((name, make_default_short_help(doc.strip(), limit)))
            else:
                rows.append((name, self.commands[name].get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        argv = kwargs.get("args", args[0] if args else None)
        argv = sys.argv[1:] if argv is None else list(argv)

        def run() -> Any:
            check_arguments(argv)  # also under CliRunner, which never calls main()
            return super(NetGroup, self).main(*args, **kwargs)

        sys.exit(run_guarded(run, argv))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # Typer would turn it into a silent exit 130
            raise Interrupted() from None
        except BrokenPipeError:  # Click would exit 1; run_guarded decides, as on the fast path
            raise PipeClosed() from None


app = typer.Typer(
    cls=NetGroup,
    name="net",
    help="Your referral network from the command line: contacts, intros, asks, gives, follow-ups.",
    epilog=REFERENCE_EPILOG,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,  # its tracebacks print local variables: personal data
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Store file or postgresql:// URL (default: $NET_DB or your data folder).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Your referral network from the command line: contacts, intros, asks, gives, follow-ups."""
    State.db_option = db


def _command_name(info: Any) -> str:
    name: str = info.name or info.callback.__name__.lower().replace("_", "-")
    return name


# Every command of every module, by name, built into a Click command only when used.
LAZY = {
    _command_name(info): info
    for module in COMMAND_MODULES
    for info in module.app.registered_commands
}
# Their sub-apps (`net db`, `net group`), by name, built into Click groups only when used.
LAZY_GROUPS = {
    str(info.name): info for module in COMMAND_MODULES for info in module.app.registered_groups
}
