"""One list of contact fields (netcli.fields, issue 13 item 5): every declared field is in the
JSON object, the CSV export, `net add`/`net edit` and the schema, and survives each export and
import that carries it; and a field added to the list reaches the outputs with no other edit."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from netcli import fields
from netcli.fields import (
    BIRTHDAY,
    CONTACT,
    DATE,
    FIELDS,
    GAINS,
    INTERVAL,
    NOTES,
    TEXT,
    TRUST,
    Field,
)

TYPED = {  # what a user types for a field of each kind (accents: users are often Italian)
    TEXT: "Forlì è bella",
    NOTES: "riga uno, sì\nriga due; ancora",
    BIRTHDAY: "1980-03-14",
    DATE: "2025-06-01",
    TRUST: "4",
    INTERVAL: "2w",
    CONTACT: "Bruno Neri",
}


def value(contact: dict[str, Any], f: Field) -> Any:
    return contact[f.group][f.name] if f.group else contact[f.name]


@pytest.fixture
def everything(net: Any) -> Any:
    """A contact with every field set through its `net add` option."""
    net("add", "Bruno Neri")
    options = [arg for f in FIELDS if f.option for arg in (f.option, TYPED[f.kind])]
    net("add", "Anna Blu", "--email", "anna@blu.it", *options)
    return net


def test_the_declaration_is_well_formed() -> None:
    names = [f.name for f in FIELDS]
    assert len(set(names)) == len(names)
    options = [f.option for f in FIELDS if f.option]
    assert len(set(options)) == len(options)
    assert {f.kind for f in FIELDS} <= set(TYPED)
    assert {f.merge for f in FIELDS} <= {fields.FILL, fields.KEEP}
    assert all(f.csv_after in names for f in FIELDS if f.csv_after)
    # grouped fields come last, after every plain one: their JSON object closes the contact
    grouped = [f.group is not None for f in FIELDS]
    assert grouped == sorted(grouped)


def test_every_field_is_a_column_of_the_schema() -> None:
    from netcli.store import models

    assert set(fields.names()) <= set(models.Contact.__table__.columns.keys())  # type: ignore[attr-defined]


def test_every_field_is_in_the_json_object_as_typed(everything: Any) -> None:
    anna = everything.json("show", "anna")
    for f in FIELDS:
        assert value(anna, f) is not None, f.name
    assert anna["city"] == TYPED[TEXT]
    assert anna["notes"] == TYPED[NOTES]
    assert anna["trust"] == 4
    assert anna["via_id"] == everything.json("show", "bruno")["id"]
    assert anna[GAINS]["skills"] == TYPED[NOTES]


def test_every_field_with_an_option_is_in_add_and_edit_help(net: Any) -> None:
    for command in ("add", "edit"):
        shown = net(command, "--help").stdout
        for f in FIELDS:
            if f.option:
                assert f"{f.option} " in shown, (command, f.option)


def test_every_field_is_shown(everything: Any) -> None:
    shown = everything("show", "anna").stdout
    for f in FIELDS:
        assert f"{f.shown} " in shown, f.name


def test_every_field_files_carry_is_a_csv_column_with_its_value(everything: Any) -> None:
    anna = everything.json("show", "anna")
    rows = list(csv.DictReader(io.StringIO(everything("export", "--to", "csv").stdout)))
    (row,) = [r for r in rows if r["name"] == "Anna Blu"]
    for f in FIELDS:
        if f.files:
            assert row[f.name] == str(value(anna, f)), f.name
        else:
            assert f.name not in row


def test_every_field_with_a_property_is_in_the_vcard(everything: Any) -> None:
    card = everything("export", "--to", "vcard").stdout.split("END:VCARD")[0]
    for f in FIELDS:
        if f.vcard:
            assert f"\n{f.vcard}:" in card, f.name


@pytest.mark.parametrize("fmt", ["json", "csv", "vcard"])
def test_every_field_survives_export_and_import(
    everything: Any, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = everything.json("show", "anna")
    exported = everything("export", "--to", fmt).stdout
    monkeypatch.setenv("NET_DB", str(tmp_path / "other.db"))
    everything("import", "-", "--from", fmt, input=exported)
    after = everything.json("show", "anna")
    carried = [f for f in FIELDS if fmt == "json" or (f.files and (fmt == "csv" or f.vcard))]
    assert len(carried) >= 15
    for f in carried:
        if f.kind == CONTACT:
            # the document keeps ids; the new store names the same person
            assert everything.json("show", str(value(after, f)))["name"] == "Bruno Neri"
        else:
            assert value(after, f) == value(before, f), f.name


def test_the_file_record_has_every_field_files_carry() -> None:
    from netcli.formats.records import ContactRecord

    record = ContactRecord(name="Anna Blu")
    assert all(hasattr(record, f.name) for f in FIELDS if f.files)


def test_merge_fills_the_empty_fields_and_keeps_trust(net: Any) -> None:
    net("add", "Bruno Neri")
    net("add", "Anna Blu", "--trust", "2")
    options = [arg for f in FIELDS if f.option for arg in (f.option, TYPED[f.kind])]
    net("add", "Anna Bianca", *options)
    other = net.json("show", "anna bianca")
    net("merge", "anna blu", "anna bianca", "--yes")
    kept = net.json("show", "anna blu")
    for f in FIELDS:
        expected = value(other, f) if f.merge == fields.FILL else 2
        assert value(kept, f) == expected, f.name


# A field added to the list reaches the outputs without another edit -----------------------

NICKNAME = Field(
    "nickname", TEXT, "--nickname", "TEXT", "What friends call them.", vcard="X-NETCLI-NICKNAME"
)


@pytest.fixture
def with_nickname(monkeypatch: pytest.MonkeyPatch) -> None:
    """The list with one more field, as a new field would be declared (no column behind it:
    the outputs are tested on a row that has one)."""
    monkeypatch.setattr(fields, "FIELDS", (*FIELDS[:11], NICKNAME, *FIELDS[11:]))
    monkeypatch.setattr(fields, "BY_NAME", {f.name: f for f in fields.FIELDS})


@pytest.fixture
def anna_row(net: Any) -> tuple[sqlite3.Connection, dict[str, Any]]:
    """A contact's row as the store has it, and as it would be with a nickname column."""
    from netcli.store import queries

    net("add", "Anna Blu", "--city", "Forlì")
    conn = sqlite3.connect(os.environ["NET_DB"])
    conn.row_factory = sqlite3.Row
    row = queries.contact_row(conn, 2)
    assert row is not None
    return conn, {**dict(row), "nickname": "Annina"}


def test_a_new_field_is_in_the_json_object_csv_and_vcard(
    anna_row: tuple[sqlite3.Connection, dict[str, Any]], with_nickname: None
) -> None:
    from netcli.formats.csvfile import iter_csv
    from netcli.formats.vcard import vcard_for
    from netcli.store import queries

    conn, row = anna_row
    (anna,) = queries.contact_objects(conn, [row])  # type: ignore[list-item]
    keys = list(anna)
    assert keys.index("met_on") < keys.index("nickname") < keys.index("last_contact")
    assert anna["nickname"] == "Annina"
    assert "nickname" in queries.contact_columns()  # the SELECT list reads its column
    header, line = list(csv.reader(io.StringIO("".join(iter_csv([anna])))))
    assert header[-6:] == [
        "nickname",
        "goals",
        "accomplishments",
        "interests",
        "networks",
        "skills",
    ]
    assert line[header.index("nickname")] == "Annina"
    assert "\r\nX-NETCLI-NICKNAME:Annina\r\n" in vcard_for(anna)


def test_a_new_field_is_an_option_of_add_and_edit(with_nickname: None) -> None:
    from netcli.cli._fields import ALL, with_field_options

    got: dict[str, Any] = {}

    @with_field_options("add", after={"json": ALL})
    def add(name: str, json: bool = False, *, fields: dict[str, Any]) -> None:
        got.update(fields)

    app = typer.Typer()
    app.command()(add)
    app.command("other")(lambda: None)  # two commands: `add` is a subcommand as in net
    result = CliRunner().invoke(app, ["add", "--help"])
    assert "--nickname" in result.stdout and "What friends call them." in result.stdout
    CliRunner().invoke(app, ["add", "Anna", "--nickname", "Annina"], catch_exceptions=False)
    assert got["nickname"] == "Annina"
