"""Data commands: backup, db path, db check, config (import/export/demo join them later)."""

from __future__ import annotations

from typing import Annotated

import typer

from netcli.cli._context import db_path, reading, writing
from netcli.cli._options import JsonOpt, chosen_format
from netcli.errors import StorageError
from netcli.output import Column, Format, Output

app = typer.Typer()
db_app = typer.Typer(help="Look at the store file.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("path")
def db_path_cmd() -> None:
    """Print the path of the store in use."""
    Output().line(str(db_path()))


@db_app.command("check")
def db_check(json: JsonOpt = False) -> None:
    """Check the store's integrity and references (exit 4 when it fails)."""
    from netcli.store.db import check

    with reading() as conn:
        problems = check(conn)
    out = Output(chosen_format(Format.table, json))
    result = {"path": str(db_path()), "ok": not problems, "problems": problems}
    out.object(result, lambda: out.line("ok" if not problems else "\n".join(problems)))
    if problems:
        raise StorageError(f"{db_path()} failed its check ({len(problems)} problems)")


@app.command()
def backup(
    dest: Annotated[
        str | None, typer.Argument(help="File or folder (default: backups/ beside the store).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite DEST if it exists.")] = False,
) -> None:
    """Copy the store consistently (safe while other net commands run)."""
    from netcli.services.maintenance import backup as make_backup

    with reading() as conn:
        target = make_backup(conn, db_path(), dest, force=force)
    Output().line(f"Backed up to {target}")


@app.command()
def config(
    key: Annotated[str | None, typer.Argument(help="A setting, e.g. currency.")] = None,
    value: Annotated[str | None, typer.Argument(help="Its new value.")] = None,
    json: JsonOpt = False,
) -> None:
    """List settings, show one, or set one."""
    from netcli.services import settings

    out = Output(chosen_format(Format.table, json))
    if value is not None:
        with writing() as session:
            stored = settings.set_value(session, key or "", value)
        out.object({"key": key, "value": stored}, lambda: out.line(f"{key} = {stored}"))
        return
    with reading() as conn:
        current = settings.current(conn)
    if key is not None:
        settings.check_key(key)
        out.object({"key": key, "value": current[key]}, lambda: out.line(current[key]))
        return
    rows = [{"key": k, "value": v} for k, v in sorted(current.items())]
    if out.machine:
        out.object(dict(sorted(current.items())), lambda: None)
    else:
        out.rows(rows, [Column("key", "key"), Column("value", "value")])
