"""Contact commands: add edit show list find archive unarchive rm merge link unlink."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from netcli.cli._context import (
    checkpoint,
    confirm,
    reading,
    reading_snapshot,
    writing_sql,
)
from netcli.cli._fields import ALL, with_field_options
from netcli.cli._options import (
    FormatOpt,
    JsonOpt,
    RefArg,
    StrengthOpt,
    TagsOpt,
    YesOpt,
    chosen_format,
    from_spec,
)
from netcli.cli.views import run
from netcli.errors import InputError, UsageError
from netcli.fields import BY_NAME
from netcli.output import Column, Format, Output

app = typer.Typer()

EmailOpt = Annotated[
    list[str] | None, typer.Option("--email", metavar="EMAIL", help="An email (repeatable).")
]
PhoneOpt = Annotated[
    list[str] | None, typer.Option("--phone", metavar="PHONE", help="A phone (repeatable).")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Add even if the name or email exists.")]
RecordDateOpt = Annotated[
    str | None, typer.Option("--date", metavar="DATE", help="A record's date (net edit ID).")
]

ByOpt = Annotated[str | None, typer.Option("--by", metavar="REF", help="An intro's introducer.")]
AOpt = Annotated[str | None, typer.Option("--a", metavar="REF", help="An intro's first person.")]
BOpt = Annotated[str | None, typer.Option("--b", metavar="REF", help="An intro's second person.")]
FromOpt = Annotated[str | None, typer.Option("--from", metavar="REF", help="A give's giver.")]
ToOpt = Annotated[str | None, typer.Option("--to", metavar="REF", help="A give's receiver.")]
EditHotOpt = Annotated[
    int | None,
    typer.Option("--hot", metavar="1-5", min=1, max=5, help="A referral's hot rating."),
]
EditProspectOpt = Annotated[
    str | None,
    typer.Option("--prospect", metavar="REF", help="A referral's prospect (--prospect '' clears)."),
]


Ref = RefArg


def _input(
    fields: dict[str, Any],
    emails: list[str] | None,
    phones: list[str] | None,
    tags: list[str] | None,
    add_notes: str | None = None,
) -> Any:
    from netcli.services.contacts import ContactInput

    return ContactInput(emails or [], phones or [], tags or [], fields, add_notes)


def _option(field: str) -> str:
    return BY_NAME[field].option or field


def _print_contact(out: Output, contact: dict[str, Any], verb: str) -> None:
    out.object(contact, lambda: out.line(f"{verb} #{contact['id']} {contact['name']}"))


def _contact_json(conn: Any, contact_id: int) -> dict[str, Any]:
    from netcli.services import directory

    return directory.contact(conn, contact_id)


@app.command()
@with_field_options("add", after={"tag": "category", "force": ALL})
def add(
    name: Annotated[str, typer.Argument(help="Full name, e.g. 'Maria Rossi'.")],
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    tag: TagsOpt = None,
    force: ForceOpt = False,
    json: JsonOpt = False,
    *,
    fields: dict[str, Any],
) -> None:
    """Add a contact."""
    from netcli.services.contacts import add_contact

    inp = _input(fields, email, phone, tag)
    with writing_sql() as conn:  # plain SQL: no SQLAlchemy import for the everyday write
        added = add_contact(conn, name, inp, force=force)
        contact = _contact_json(conn, added.id)
    out = Output(chosen_format(Format.table, json))
    _print_contact(out, contact, "Added")
    if added.intro_id is not None and added.met_on is not None:
        out.note(
            f"Introduced by #{added.via_id} {added.via_name}: logged intro i{added.intro_id} "
            f"(made, {added.met_on.isoformat()})"
        )


@app.command()
@with_field_options(
    "edit",
    after={"tag": "category", "untag": "category", "add_note": "notes", "no_every": "every",
           "force": ALL},
)  # fmt: skip
def edit(
    ref: Ref,
    name: Annotated[str | None, typer.Option("--name", metavar="NAME", help="A new name.")] = None,
    email: EmailOpt = None,
    remove_email: Annotated[
        list[str] | None,
        typer.Option("--remove-email", metavar="EMAIL", help="Remove this e-mail."),
    ] = None,
    phone: PhoneOpt = None,
    remove_phone: Annotated[
        list[str] | None, typer.Option("--remove-phone", metavar="PHONE", help="Remove this phone.")
    ] = None,
    tag: TagsOpt = None,
    untag: Annotated[
        list[str] | None, typer.Option("--untag", metavar="TAG", help="Remove a tag.")
    ] = None,
    add_note: Annotated[
        str | None,
        typer.Option("--add-note", metavar="TEXT", help="Add a line to the notes."),
    ] = None,
    no_every: Annotated[bool, typer.Option("--no-every", help="Stop the cadence.")] = False,
    force: ForceOpt = False,
    date: RecordDateOpt = None,
    by: ByOpt = None,
    a: AOpt = None,
    b: BOpt = None,
    value: Annotated[
        str | None,
        typer.Option("--value", metavar="AMOUNT", help="A give's or business intro's value."),
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", metavar="TEXT", help="An ask's or give's text.")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", metavar="KIND", help="A give's or interaction's kind."),
    ] = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    hot: EditHotOpt = None,
    prospect: EditProspectOpt = None,
    add: Annotated[
        list[str] | None,
        typer.Option("--add", metavar="REF", help="Add a person to an interaction."),
    ] = None,
    remove: Annotated[
        list[str] | None,
        typer.Option("--remove", metavar="REF", help="Remove a person from an interaction."),
    ] = None,
    json: JsonOpt = False,
    *,
    fields: dict[str, Any],
) -> None:
    """Change a contact (an empty value clears a field: --company ''), or correct a record (ID).

    With a typed id (i3 intro, a3 ask, g3 give, x3 interaction, r3 reminder) it corrects that
    record: intros --date --note --by --a --b --value; asks --text --tag --untag; gives --text
    --kind --value --date --from --to; interactions --date --kind --note --add --remove;
    reminders --date --note.
    """
    from netcli import records

    record_options = {
        "--date": date, "--by": by, "--a": a, "--b": b, "--value": value, "--text": text,
        "--kind": kind, "--from": from_, "--to": to, "--add": add, "--remove": remove,
        "--hot": hot, "--prospect": prospect,
    }  # fmt: skip
    if records.looks_typed(ref):
        contact_options = {
            "--name": name, "--email": email, "--remove-email": remove_email, "--phone": phone,
            "--remove-phone": remove_phone,
            # every field's option but --note, which records have too
            **{_option(k): v for k, v in fields.items() if k != "notes"},
            "--add-note": add_note, "--no-every": no_every or None, "--force": force or None,
        }  # fmt: skip
        wrong = next((k for k, v in contact_options.items() if v not in (None, [])), None)
        if wrong is not None:
            raise UsageError(f"{wrong} changes a contact, not a record ({ref.strip()})")
        from netcli.cli.records import edit_record
        from netcli.services.records import RecordEdit

        edit_record(
            ref,
            RecordEdit(
                date=date,
                note=fields.get("notes"),
                by=by,
                a=a,
                b=b,
                value=value,
                text=text,
                tags=tag or [],
                untags=untag or [],
                kind=kind,
                giver=from_,
                receiver=to,
                hot=hot,
                prospect=prospect,
                add=add or [],
                remove=remove or [],
            ),
            json,
        )
        return
    wrong = next((k for k, v in record_options.items() if v not in (None, [])), None)
    if wrong is not None:
        raise UsageError(
            f"{wrong} corrects a record: give its id (i3, a3, g3, x3, r3), not a contact"
        )
    from netcli.services.contacts import edit_contact

    inp = _input(fields, email, phone, tag, add_note)
    with writing_sql() as conn:  # plain SQL: no SQLAlchemy import
        contact_id, changes = edit_contact(
            conn,
            ref,
            inp,
            name=name,
            untag=untag or [],
            remove_emails=remove_email or [],
            remove_phones=remove_phone or [],
            no_every=no_every,
            force=force,
        )
        contact = _contact_json(conn, contact_id)
    out = Output(chosen_format(Format.table, json))
    who = f"#{contact['id']} {contact['name']}"
    out.object(
        contact,
        lambda: out.line(
            f"Updated {who}: {', '.join(changes)}" if changes else f"Nothing changed for {who}"
        ),
    )


@app.command()
def show(ref: Ref, json: JsonOpt = False) -> None:
    """Show a contact's profile, or one record with its history (ID: i3, a3, g3, x3, r3)."""
    from netcli import records

    if records.looks_typed(ref):
        from netcli.cli.records import show_record

        show_record(ref, json)
        return
    from netcli.cli.render import render_profile
    from netcli.services import credit, directory, refs, settings
    from netcli.services.groups import profile_of
    from netcli.services.touch import cadence_of

    with reading() as conn:
        row = refs.resolve(conn, ref)
        profile = directory.profile(conn, row["id"])
        profile.update(cadence_of(conn, profile))  # a tag's cadence when it has none
        profile["credit"] = credit.totals_of(conn, row["id"])
        profile["group"] = profile_of(conn, row["id"])
        currency = settings.value(conn, "currency")
    out = Output(chosen_format(Format.table, json))
    out.object(profile, lambda: render_profile(out, {**profile, "currency": currency}))


@app.command("list")
@from_spec("list")
def list_(**params: Any) -> None:
    """List contacts."""
    run("list", params)


@app.command()
@from_spec("find")
def find(**params: Any) -> None:
    """Find contacts by name, company, title, category, tags, notes, asks, gives, interactions."""
    run("find", params)


@app.command()
def archive(ref: Ref) -> None:
    """Archive a contact: hidden from lists and follow-ups, kept in history."""
    from netcli.services.contacts import set_archived

    with writing_sql() as conn:
        row, changed = set_archived(conn, ref, True)
    who = f"#{row['id']} {row['name']}"
    Output().line(f"Archived {who}" if changed else f"{who} is already archived; nothing changed")


@app.command()
def unarchive(ref: Ref) -> None:
    """Bring an archived contact back (REF may be any part of the name)."""
    from netcli.services.contacts import set_archived

    with writing_sql() as conn:
        row, changed = set_archived(conn, ref, False)
    who = f"#{row['id']} {row['name']}"
    Output().line(f"Unarchived {who}" if changed else f"{who} is not archived; nothing changed")


@app.command()
def rm(ref: Ref, yes: YesOpt = False) -> None:
    """Delete a contact and everything that is only theirs, or one record (ID: g3, x3…)."""
    from netcli import records

    if records.looks_typed(ref):
        from netcli.cli.records import remove_record

        remove_record(ref, yes)
        return
    from netcli.services import refs
    from netcli.services.contacts import (
        check_unchanged,
        contact_state,
        removal_plan,
        remove_contact,
    )

    out = Output()
    # Ask outside any write transaction: a person thinking must not hold the write lock
    # (another `net add` would wait, then fail); the write checks nothing changed meanwhile.
    with reading_snapshot() as conn:
        row = refs.resolve(conn, ref)
        if row["is_me"]:
            raise InputError("you cannot remove yourself")
        plan = removal_plan(conn, row["id"])
        shown = {row["id"]: contact_state(conn, row["id"])}
    shared = plan.pop("shared interactions", 0)
    parts = [f"{n} {kind if n != 1 else kind[:-1]}" for kind, n in plan.items()]
    message = f"This deletes #{row['id']} {row['name']}"
    message += f" with {', '.join(parts)}." if parts else "."
    if shared:
        many = shared != 1
        message += (
            f" {shared} shared interaction{'s' if many else ''} "
            f"{'keep' if many else 'keeps'} the other people."
        )
    if not confirm(f"Delete {row['name']}?", yes, f"deleting {row['name']}", message):
        out.note("Nothing deleted.")
        return
    with writing_sql() as conn:
        check_unchanged(conn, shown, "deleted")
        remove_contact(conn, row["id"])
    checkpoint()
    out.line(f"Deleted #{row['id']} {row['name']}")


@app.command()
def merge(
    keep: Annotated[str, typer.Argument(help="The contact to keep.")],
    other: Annotated[str, typer.Argument(help="The duplicate to fold into KEEP and delete.")],
    yes: YesOpt = False,
    json: JsonOpt = False,
) -> None:
    """Merge OTHER into KEEP: move its records, fill empty fields, delete OTHER."""
    from netcli.services import refs
    from netcli.services.contacts import check_unchanged, contact_state, merge_contacts

    out = Output(chosen_format(Format.table, json))
    with reading_snapshot() as conn:  # ask first, as `net rm` does
        kept, gone = refs.resolve(conn, keep), refs.resolve(conn, other)
        if kept["id"] == gone["id"]:
            raise InputError(f"'{keep}' and '{other}' are the same contact (#{kept['id']})")
        if gone["is_me"]:
            raise InputError("you cannot merge yourself into someone else; swap the two")
        shown = {c["id"]: contact_state(conn, c["id"]) for c in (kept, gone)}
    plan = (
        f"This moves everything of #{gone['id']} {gone['name']} onto "
        f"#{kept['id']} {kept['name']} and deletes #{gone['id']}."
    )
    question = f"Merge {gone['name']} into {kept['name']}?"
    if not confirm(question, yes, f"merging {gone['name']} into {kept['name']}", plan):
        out.note("Nothing merged.")
        return
    with writing_sql() as conn:
        check_unchanged(conn, shown, "merged")
        merge_contacts(conn, kept["id"], gone["id"])
        contact = _contact_json(conn, kept["id"])
    checkpoint()
    _print_contact(out, contact, f"Merged #{gone['id']} into")


@app.command()
def link(
    a: Ref,
    b: Ref,
    strength: StrengthOpt = 3,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="How they know each other.")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Record that A knows B."""
    from netcli.services.contacts import link as link_contacts

    with writing_sql() as conn:
        found = link_contacts(conn, a, b, strength, note)
    out = Output(chosen_format(Format.table, json))
    out.object(
        found,
        lambda: out.line(f"Linked {found['a']} and {found['b']} (strength {found['strength']})"),
    )


@app.command()
def unlink(a: Ref, b: Ref) -> None:
    """Forget that A knows B."""
    from netcli.services.contacts import unlink as unlink_contacts

    with writing_sql() as conn:
        a_name, b_name = unlink_contacts(conn, a, b)
    Output().line(f"Unlinked {a_name} and {b_name}")


@app.command()
def dupes(
    merge_safe: Annotated[
        bool,
        typer.Option(
            "--merge-safe",
            help="Merge the pairs with an identical email, phone or LinkedIn URL (asks first).",
        ),
    ] = False,
    yes: YesOpt = False,
    fmt: FormatOpt = Format.table,
    json: JsonOpt = False,
) -> None:
    """List likely duplicate contacts, each with the `net merge` command to run."""
    from netcli.services import dupes as rules

    columns = [
        Column("a", "contact"),
        Column("b", "likely the same as"),
        Column("reason", "why"),
        Column("command", "to merge"),
    ]
    out = Output(chosen_format(fmt, json))
    if not merge_safe:
        if yes:
            raise UsageError("--yes goes with --merge-safe")
        with reading() as conn:
            pairs = rules.find_dupes(rules.load_people(conn))
        rows = [_dupe_row(p.a, p.b, p.reason, rules.merge_command(p)) for p in pairs]
        out.rows(rows, columns, empty="no likely duplicates")
        return
    from netcli.services.contacts import merge_contacts

    with reading() as conn:  # the question is asked outside the write lock
        merges = rules.safe_merges(rules.find_dupes(rules.load_people(conn)))
    if merges:
        plan = "\n".join(
            f"{rules.merge_command(m)}  # {m.other.name} into {m.keep.name}: {m.reason}"
            for m in merges
        )
        count = f"{len(merges)} safe merge{'s' if len(merges) != 1 else ''}"
        if not confirm(f"Run the {count}?", yes, f"running {count}", plan):
            out.note("Nothing merged.")
            return
        with writing_sql() as conn:
            again = rules.safe_merges(rules.find_dupes(rules.load_people(conn)))
            if again != merges:
                raise InputError(
                    "the contacts changed meanwhile: nothing merged "
                    "(run net dupes --merge-safe again)"
                )
            for m in merges:
                merge_contacts(conn, m.keep.id, m.other.id)
        checkpoint()
    if not out.machine:
        for m in merges:
            out.line(
                f"Merged #{m.other.id} {m.other.name} into #{m.keep.id} {m.keep.name}: {m.reason}"
            )
        if not merges:
            out.note("no safe merges")
        return
    out.rows(
        [_dupe_row(m.keep, m.other, m.reason, rules.merge_command(m)) for m in merges], columns
    )


def _dupe_row(a: Any, b: Any, reason: str, command: str) -> dict[str, Any]:
    """A spec §10 dupes row."""
    return {
        "a_id": a.id,
        "a": a.name,
        "b_id": b.id,
        "b": b.name,
        "reason": reason,
        "command": command,
    }
