"""Data commands: import, export, backup, db path, db check, config, demo."""

from __future__ import annotations

import io
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from netcli.cli._context import State, db_path, reading, writing, writing_sql
from netcli.cli._options import JsonOpt, TagsOpt, chosen_format
from netcli.errors import InputError, StorageError
from netcli.output import Column, Format, Output, color_enabled, to_json, utf8_stdout

app = typer.Typer()
db_app = typer.Typer(help="Look at the store file.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("path")
def db_path_cmd() -> None:
    """Print the path of the store in use."""
    Output().line(str(db_path()))


@db_app.command("check")
def db_check(
    repair: Annotated[
        bool,
        typer.Option("--repair", help="Recompute derived columns that drift from their sources."),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Check the store's integrity, references and derived columns (exit 4 when it fails)."""
    from netcli.services.maintenance import derived_drift, repair_derived
    from netcli.store.db import check

    with reading() as conn:
        problems = check(conn)
        drift = derived_drift(conn) if not problems else []
    repaired: list[dict[str, Any]] = []
    if drift and repair:
        with writing_sql() as conn:
            repaired = repair_derived(conn)
        drift = []
    out = Output(chosen_format(Format.table, json))
    lines = [*problems, *(_drift_line(d) for d in drift)]
    lines += [_drift_line(d, repaired=True) for d in repaired]
    result = {
        "path": str(db_path()),
        "ok": not problems and not drift,
        "problems": problems,
        "drift": drift,
        "repaired": repaired,
    }
    out.object(result, lambda: out.line("\n".join(lines) if lines else "ok"))
    if problems:
        raise StorageError(f"{db_path()} failed its check ({len(problems)} problems)")
    if drift:
        raise StorageError(
            f"{db_path()} failed its check ({len(drift)} contacts with derived columns that "
            "drift; net db check --repair recomputes them)"
        )


def _drift_line(item: dict[str, Any], repaired: bool = False) -> str:
    columns = item["columns"]
    if repaired:
        state = "repaired"
    else:
        state = "does not match its source" if len(columns) == 1 else "do not match their sources"
    return f"contact #{item['id']} {item['name']}: {', '.join(columns)} {state}"


class ImportFormat(StrEnum):
    """`net import --from`."""

    json = "json"
    csv = "csv"
    vcard = "vcard"
    linkedin = "linkedin"
    google = "google"


class ExportFormat(StrEnum):
    """`net export --to`."""

    json = "json"
    csv = "csv"
    vcard = "vcard"


def _progress_bar() -> Any:
    """A Rich progress line on a terminal's stderr, or None (pipes, cron, NO_COLOR)."""
    if not color_enabled(sys.stderr):
        return None
    from rich.progress import Progress, SpinnerColumn, TextColumn

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), transient=True)


@app.command("import")
def import_(
    file: Annotated[str, typer.Argument(help="The file to read, or - for standard input.")],
    source: Annotated[
        ImportFormat | None,
        typer.Option("--from", help="The file's format (default: detected).", case_sensitive=False),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    tag: TagsOpt = None,
    json: JsonOpt = False,
) -> None:
    """Import contacts from LinkedIn, Google, vCard, CSV or a netcli JSON export."""
    from netcli.formats.detect import detect_format, read_contacts
    from netcli.formats.records import FormatError
    from netcli.formats.text import open_input
    from netcli.services import importer
    from netcli.store.db import raw

    out = Output(chosen_format(Format.table, json))
    try:
        with open_input(file) as text:
            fmt = source.value if source else detect_format(text.filename, text.head)
            report = importer.ImportReport(format=fmt, source=text.name, dry_run=dry_run)
            with writing() as session:
                conn = raw(session)
                if fmt == "json":
                    doc = importer.read_document(io.StringIO("".join(text.lines)), text.name)
                    importer.import_document(conn, doc, report, tag or [])
                else:
                    bar = _progress_bar()
                    if bar is None:
                        importer.import_contacts(
                            conn, read_contacts(fmt, text.lines, text.name), report, tag or []
                        )
                    else:
                        with bar:
                            task = bar.add_task(f"Importing {text.name}")
                            importer.import_contacts(
                                conn,
                                read_contacts(fmt, text.lines, text.name),
                                report,
                                tag or [],
                                progress=lambda n: bar.update(
                                    task, description=f"Importing {text.name}: {n:,} rows"
                                ),
                            )
                if dry_run:
                    session.rollback()
    except FormatError as exc:
        raise InputError(str(exc)) from None
    out.object(report.as_json(), lambda: _print_report(out, report))


def _print_report(out: Output, report: Any) -> None:
    verb = "Would import" if report.dry_run else "Imported"
    out.line(
        f"{verb} {report.source} ({report.format}): {report.added:,} added, "
        f"{report.updated:,} updated, {report.unchanged:,} unchanged, {report.skipped:,} skipped"
    )
    records = {k: v for k, v in report.records.items() if v}
    if records:
        out.line("  also " + ", ".join(f"{v} {k}" for k, v in records.items()))
    for skip in report.skips[:20]:
        where = ", ".join(f"{k} {v}" for k, v in skip.items() if k != "reason")
        out.line(f"  skipped {where}: {skip['reason']}")
    if len(report.skips) > 20:
        out.line(f"  … and {len(report.skips) - 20} more skipped (see --json)")
    if report.dry_run:
        out.note("Dry run: nothing was written.")


@app.command()
def export(
    to: Annotated[
        ExportFormat,
        typer.Option(
            "--to", help="json (everything), csv or vcard (contacts).", case_sensitive=False
        ),
    ] = ExportFormat.json,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (0600, whole or not at all) instead of stdout.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Export the store: JSON is complete and lossless; CSV and vCard hold the contacts."""
    from pathlib import Path

    from netcli.services import export as exporter
    from netcli.services.maintenance import check_export_target, write_file

    dest = None if output is None else Path(output).expanduser()
    if dest is not None:  # refuse before reading: the store itself, or a file without --force
        check_export_target(dest, db_path(), force=force)
    with reading() as conn:
        if to is ExportFormat.json:
            text = to_json(exporter.document(conn)) + "\n"
        else:
            contacts = exporter.contacts_for_files(conn)
            if to is ExportFormat.csv:
                from netcli.formats.csvfile import write_csv

                text = write_csv(contacts)
            else:
                from netcli.formats.vcard import write_vcards

                text = write_vcards(contacts)
    if dest is None:
        utf8_stdout()  # a file for `net import`, whatever the locale
        sys.stdout.write(text)
        return
    write_file(dest, text.encode("utf-8"), db_path(), force=force)
    Output().note(f"Exported to {output}")


@app.command()
def backup(
    dest: Annotated[
        str | None,
        typer.Argument(
            help="File, or folder/ (default: backups/ beside the store); missing folders are "
            "created 0700."
        ),
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


_DEMO_NEXT = ("due", "show Giulia", "intros", "asks", "balance")


@app.command()
def demo(json: JsonOpt = False) -> None:
    """Fill an empty store with a sample referral network to try every view."""
    from dataclasses import asdict

    from netcli.services.demo import fill_demo

    with writing() as session:
        summary = fill_demo(session)
    net = "net"
    if State.db_option:  # the hint must lead back to this store, not to the default one
        import shlex

        net = f"net --db {shlex.quote(State.db_option)}"
    out = Output(chosen_format(Format.table, json))
    data = {"path": str(db_path()), **asdict(summary)}

    def show() -> None:
        out.line(
            f"Filled {db_path()} with a demo network: {summary.contacts} contacts, "
            f"{summary.intros} intros, {summary.asks} asks, {summary.gives} gives, "
            f"{summary.interactions} interactions, {summary.links} links, "
            f"{summary.reminders} reminders."
        )
        out.note("Next: " + ", ".join(f"{net} {c}" for c in _DEMO_NEXT))

    out.object(data, show)
