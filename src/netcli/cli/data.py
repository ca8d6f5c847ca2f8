"""Data commands: import, export, backup, db path, db check, config, demo."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, BinaryIO

import typer

from netcli.cli._context import (
    State,
    db_path,
    reading,
    store_name,
    store_url,
    writing_sql,
)
from netcli.cli._options import JsonOpt, TagsOpt, chosen_format
from netcli.errors import InputError, NothingMatched, StorageError, UsageError
from netcli.output import Column, Format, Output, color_enabled, safe_text, to_json, utf8_stdout

app = typer.Typer()
db_app = typer.Typer(
    help="Look at the store: its path, its integrity, its schema.", no_args_is_help=True
)
app.add_typer(db_app, name="db")


@db_app.command("path")
def db_path_cmd() -> None:
    """Print the path of the store in use (a PostgreSQL URL without its password)."""
    Output().line(store_name())


@db_app.command("init")
def db_init() -> None:
    """Create the store: its file, or its schema in an empty PostgreSQL database."""
    from netcli.cli._context import init_store

    init_store(_say)


@db_app.command("migrate")
def db_migrate() -> None:
    """Bring the store's schema to this net's version (PostgreSQL: as the schema's owner)."""
    from netcli.cli._context import migrate_store

    versions = migrate_store()
    if versions is None:
        _say(f"{store_name()} is at the current schema")
        return
    before, after = versions
    if before == after:
        _say(f"{store_name()} is at the current schema ({after})")
    else:
        _say(f"Migrated {store_name()} from schema {before} to {after}")


@db_app.command("grant")
def db_grant(
    role: Annotated[str, typer.Argument(help="An existing PostgreSQL login role.")],
    admin: Annotated[
        bool, typer.Option("--admin", help="The role may let others in too (net db grant).")
    ] = False,
) -> None:
    """Let a PostgreSQL role use the store: its own rows and the group's.

    Run by the owner of the store's schema, or by a role granted with --admin."""
    from netcli.cli._context import grant_role

    grant_role(role, admin=admin)
    who = safe_text(role)
    _say(f"{who} can now use {store_name()}" + (" and let others in" if admin else ""))


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")


@db_app.command("check")
def db_check(
    repair: Annotated[
        bool,
        typer.Option("--repair", help="Recompute derived columns that drift from their sources."),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Check the store's integrity, references and derived columns (exit 4 when it fails)."""
    from netcli.services.maintenance import derived_drift, integrity_problems, repair_derived

    with reading() as conn:
        problems = integrity_problems(conn)
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
        "path": str(store_name()),
        "ok": not problems and not drift,
        "problems": problems,
        "drift": drift,
        "repaired": repaired,
    }
    out.object(result, lambda: out.line("\n".join(lines) if lines else "ok"))
    if problems:
        raise StorageError(f"{store_name()} failed its check ({len(problems)} problems)")
    if drift:
        raise StorageError(
            f"{store_name()} failed its check ({len(drift)} contacts with derived columns that "
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
    eml = "eml"


class ExportFormat(StrEnum):
    """`net export --to`."""

    json = "json"
    csv = "csv"
    vcard = "vcard"
    ics = "ics"


def _progress_bar() -> Any:
    """A Rich progress bar (done/total, time left) on a terminal's stderr, or None (pipes, cron,
    NO_COLOR)."""
    if not color_enabled(sys.stderr):
        return None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )


class _DryRun(Exception):
    """Raised inside an import's transaction to roll it back after the report is made."""


def _import_rows(fmt: str, text: Any, report: Any, tags: list[str], trust: int | None) -> None:
    """Import a CSV, LinkedIn, Google or vCard file on a plain sqlite3 transaction: SQLAlchemy
    alone would take more memory than the budget of a small file (50 MiB)."""
    from netcli.cli._context import writing_sql
    from netcli.formats.detect import count_items, read_contacts
    from netcli.services import importer

    items = read_contacts(fmt, text.lines, text.name, text.data)
    if fmt == "vcard":
        # Cards are read before the lock is taken: scanning past a 67 MB photo takes seconds,
        # and a vCard's records are small beside its bytes.
        items = iter(list(items))
    bar = _progress_bar()
    try:
        with writing_sql() as conn:
            if bar is None:
                importer.import_contacts(conn, items, report, tags, trust=trust)
            else:
                with bar:
                    task = bar.add_task(f"Importing {text.name}", total=count_items(fmt, text.data))
                    importer.import_contacts(
                        conn,
                        items,
                        report,
                        tags,
                        progress=lambda n: bar.update(task, completed=n),
                        trust=trust,
                    )
            if report.dry_run:
                raise _DryRun
    except _DryRun:
        pass


class _Tape:
    """A binary input that keeps a copy of what is read through it until `kept` is None: the
    start that format detection reads, so a JSON document can be spooled byte for byte."""

    def __init__(self, stream: BinaryIO, name: str) -> None:
        self.stream = stream
        self.name = name  # what open_input labels it by ("<stdin>": stdin)
        self.label = "stdin" if name == "<stdin>" else name
        self.kept: list[bytes] | None = []

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        if self.kept is not None:
            self.kept.append(data)
        return data


@contextlib.contextmanager
def _taped(file: str) -> Iterator[_Tape]:
    if file == "-":
        yield _Tape(sys.stdin.buffer, "<stdin>")
        return
    from netcli.formats.records import FormatError

    try:
        stream = open(file, "rb")
    except OSError as exc:
        raise FormatError(f"cannot read {file}: {exc.strerror or exc}") from exc
    with stream:
        yield _Tape(stream, file)


def _spool(tape: _Tape) -> BinaryIO:
    """All of the input, byte for byte, in a private temporary file (0600, already unlinked)
    in the store's folder, else (or for a PostgreSQL store) in $TMPDIR."""
    import shutil
    import tempfile

    try:
        spool = tempfile.TemporaryFile(dir=None if store_url() else db_path().parent)
    except OSError:
        spool = tempfile.TemporaryFile()
    kept, tape.kept = tape.kept or [], None
    try:
        for data in kept:
            spool.write(data)
        shutil.copyfileobj(tape.stream, spool, 1 << 20)
        spool.seek(0)
    except OSError as exc:  # a full disk: the store would not take the document either
        spool.close()
        raise StorageError(
            f"cannot keep a copy of {tape.label} to import: {exc.strerror or exc}"
        ) from None
    return spool


_HEAD_BYTES = 64 * 1024  # what format detection reads


class _Replay:
    """The bytes already read from a tape, then the rest of its stream: one input again."""

    def __init__(self, start: bytes, tape: _Tape) -> None:
        self.start, self.tape, self.name = start, tape, tape.name

    def read(self, size: int = -1) -> bytes:
        if not self.start:
            return self.tape.stream.read(size)
        if size < 0:
            data, self.start = self.start + self.tape.stream.read(), b""
        else:  # a short read is fine: readers loop until an empty one
            data, self.start = self.start[:size], self.start[size:]
        return data


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
    trust: Annotated[
        int | None,
        typer.Option(
            "--trust",
            min=0,
            max=5,
            metavar="0-5",
            help="Trust for new contacts (default: 1 from LinkedIn, 3 otherwise).",
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Import contacts (LinkedIn, Google, vCard, CSV, a netcli JSON export) or log a mail."""
    from netcli.formats.detect import detect_format
    from netcli.formats.records import FormatError
    from netcli.formats.text import head_text, open_input
    from netcli.services import importer

    out = Output(chosen_format(Format.table, json))
    try:
        with _taped(file) as tape:
            # The start decides the format. All of the input is read before the write lock
            # is taken (a slow or stalled pipe must not keep other commands waiting): a JSON
            # document to a private temporary file, read back record by record under the
            # lock; any other file into memory, decoded line by line.
            start = tape.read(_HEAD_BYTES)
            filename = None if file == "-" else file
            fmt = source.value if source else detect_format(filename, head_text(start))
            if fmt in ("json", "eml") and trust is not None:
                raise UsageError(
                    "--trust applies to contact files"
                    + (
                        ", not to a mail"
                        if fmt == "eml"
                        else "; a netcli JSON export carries each contact's trust"
                    )
                )
            if fmt == "eml":
                tape.kept = None
                _import_mail(out, _mail_bytes(start, tape), tape.label, dry_run, tag)
                return
            if fmt == "json":
                report = importer.ImportReport(format=fmt, source=tape.label, dry_run=dry_run)
                with _spool(tape) as spool, writing_sql() as conn:  # plain SQL, no SQLAlchemy
                    importer.import_json(conn, spool, report, tag or [])
                    if dry_run:
                        importer.discard(conn)
            else:
                tape.kept = None
                with open_input(_Replay(start, tape)) as text:  # type: ignore[arg-type]
                    report = importer.ImportReport(format=fmt, source=text.name, dry_run=dry_run)
                    _import_rows(fmt, text, report, tag or [], trust)
    except FormatError as exc:
        raise InputError(str(exc)) from None
    out.object(report.as_json(), lambda: _print_report(out, report))


def _mail_bytes(start: bytes, tape: _Tape) -> bytes:
    """The mail's start, up to what its headers may take; the rest is read and dropped (a mail
    client writing into the pipe must not get SIGPIPE halfway through an attachment)."""
    from netcli.formats.eml import MAX_HEADER

    kept = [start]
    size = len(start)
    while data := tape.stream.read(1 << 16):
        if size <= MAX_HEADER + 8:
            kept.append(data)
            size += len(data)
    return b"".join(kept)


def _import_mail(
    out: Output, data: bytes, source: str, dry_run: bool, tags: list[str] | None
) -> None:
    """`net import --from eml`: log the mail as an `email` interaction."""
    from netcli.formats.eml import read_mail
    from netcli.services import importer
    from netcli.services.mail import capture_mail

    if tags:
        raise UsageError("--tag applies to contact files, not to a mail (it adds no contact)")
    mail = read_mail(data, source)
    logged = None
    try:
        with writing_sql() as conn:
            logged = capture_mail(conn, mail, source)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert logged is not None
    report = importer.ImportReport(format="eml", source=source, dry_run=dry_run)
    if not logged.already:
        report.records["interactions"] = 1
    else:
        report.records_unchanged["interactions"] = 1
    data_out = {
        **report.as_json(),
        "interaction": None if dry_run and not logged.already else logged.interaction(),
        "already_logged": logged.already,
        "unknown": logged.unknown,
        "notes": logged.notes,
    }

    def show() -> None:
        people = ", ".join(name for _, name in logged.contacts)
        subject = f": {logged.note}" if logged.note else ""
        if logged.already:
            ref = data_out["interaction"]["ref"]
            out.line(f"Already logged as {ref}: email on {logged.date} with {people}{subject}")
        elif dry_run:
            out.line(f"Would log an email on {logged.date} with {people}{subject}")
        else:
            ref = data_out["interaction"]["ref"]
            out.line(f"Logged email {ref} on {logged.date} with {people}{subject}")
        if logged.unknown:
            out.line("  not in your contacts (not added): " + ", ".join(logged.unknown))

    out.object(data_out, show)
    for note in logged.notes:
        out.note(note)
    if dry_run:
        out.note("Dry run: nothing was written.")


def _print_report(out: Output, report: Any) -> None:
    verb = "Would import" if report.dry_run else "Imported"
    out.line(
        f"{verb} {report.source} ({report.format}): {report.added:,} added, "
        f"{report.updated:,} updated, {report.unchanged:,} unchanged, {report.skipped:,} skipped"
    )
    records = {k: v for k, v in report.records.items() if v}
    if records:
        out.line("  also " + ", ".join(f"{v} {k}" for k, v in records.items()))
    there = report.records_unchanged
    if there:
        out.line("  already there: " + ", ".join(f"{v} {k}" for k, v in there.items()))
    for skip in report.skips[:20]:
        where = ", ".join(f"{k} {v}" for k, v in skip.items() if k != "reason")
        out.line(f"  skipped {where}: {skip['reason']}")
    if len(report.skips) > 20:
        out.line(f"  … and {len(report.skips) - 20} more skipped (see --json)")
    for warning in report.warnings[:20]:
        where = ", ".join(f"{k} {v}" for k, v in warning.items() if k != "reason")
        out.line(f"  note on {where}: {warning['reason']}")
    if len(report.warnings) > 20:
        out.line(f"  … and {len(report.warnings) - 20} more notes (see --json)")
    if report.dry_run:
        out.note("Dry run: nothing was written.")


@app.command()
def export(
    to: Annotated[
        ExportFormat,
        typer.Option(
            "--to",
            help="json (everything), csv or vcard (contacts), ics (follow-ups of the next 7 "
            "days and birthdays).",
            case_sensitive=False,
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

    from netcli import dates
    from netcli.services import export as exporter
    from netcli.services.maintenance import check_export_target, write_file

    dest = None if output is None else Path(output).expanduser()
    if dest is not None:  # refuse before reading: the store itself, or a file without --force
        check_export_target(dest, None if store_url() else db_path(), force=force)
    with reading() as conn:
        if to is ExportFormat.json:
            text = to_json(exporter.document(conn)) + "\n"
        elif to is ExportFormat.ics:
            from netcli.services.calendar import due_calendar

            text = due_calendar(conn, dates.today(), 7)
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
    write_file(dest, text.encode("utf-8"), None if store_url() else db_path(), force=force)
    Output().note(f"Exported to {output}")


@app.command()
def backup(
    dest: Annotated[
        str | None,
        typer.Argument(
            help="File, or folder/ (default: backups/ beside the store, or beside the default "
            "store for a server); missing folders are created 0700."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite DEST if it exists.")] = False,
) -> None:
    """Copy the store consistently (safe while other net commands run).

    On PostgreSQL: your own rows as a JSON export (the same document as net export)."""
    if store_url() is not None:
        from netcli.services import export as exporter
        from netcli.services.maintenance import export_backup_target, write_export_backup

        target = export_backup_target(dest, force=force)
        with reading() as conn:
            text = to_json(exporter.document(conn)) + "\n"
        write_export_backup(target, text.encode("utf-8"))
        Output().line(f"Backed up to {target}")
        return
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
        with writing_sql() as conn:
            stored = settings.set_value(conn, key or "", value)
        key = settings.canonical_key(key or "")
        said = f"{key} = {stored}" if stored is not None else f"{key} removed"
        out.object({"key": key, "value": stored}, lambda: out.line(said))
        return
    with reading() as conn:
        current = settings.current(conn)
    if key is not None:
        settings.check_key(key)
        key = settings.canonical_key(key)
        if key not in current:  # a tag without a cadence: nothing to print, exit 1
            out.note(f"{key} is not set")
            raise NothingMatched()
        out.object({"key": key, "value": current[key]}, lambda: out.line(current[key]))
        return
    rows = [{"key": k, "value": v} for k, v in sorted(current.items())]
    if out.machine:
        out.object(dict(sorted(current.items())), lambda: None)
    else:
        out.rows(rows, [Column("key", "key"), Column("value", "value")])


_DEMO_NEXT_GROUP = ("group report", "group scorecard", "group gaps", "group slips")
_DEMO_NEXT = ("due", "show Giulia", "intros", "referrals", "credit", "balance")


@app.command()
def demo(
    group: Annotated[
        bool, typer.Option("--group", help="Also a referral group: members, meetings, slips.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Fill an empty store with a sample referral network to try every view."""
    from dataclasses import asdict

    from netcli import dates
    from netcli.services.demo import fill_demo

    chapter = None
    with writing_sql() as conn:
        summary = fill_demo(conn)
        if group:
            from netcli.services.group_demo import fill_group_demo

            chapter = fill_group_demo(conn, dates.today())
    net = "net"
    if State.db_option:  # the hint must lead back to this store, not to the default one
        import shlex

        net = f"net --db {shlex.quote(State.db_option)}"
    out = Output(chosen_format(Format.table, json))
    data = {"path": store_name(), **asdict(summary)}
    if chapter is not None:
        data["group"] = asdict(chapter)

    def show() -> None:
        out.line(
            f"Filled {store_name()} with a demo network: {summary.contacts} contacts, "
            f"{summary.intros} intros, {summary.asks} asks, {summary.gives} gives, "
            f"{summary.interactions} interactions, {summary.links} links, "
            f"{summary.reminders} reminders."
        )
        if chapter is not None:
            out.line(
                f"And a referral group: {chapter.members} members, {chapter.meetings} "
                f"meetings, {chapter.slips} slips, {chapter.thanks} thanks, "
                f"{chapter.one_to_ones} one-to-ones, {chapter.visitors} visitors."
            )
        hints = _DEMO_NEXT_GROUP if chapter is not None else _DEMO_NEXT
        out.note("Next: " + ", ".join(f"{net} {c}" for c in hints))

    out.object(data, show)
