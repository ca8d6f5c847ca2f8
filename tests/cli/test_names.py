"""Names as Italians write them, and references to them, through the CLI."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Anna D'Amico", "Anna D’Amico"),  # straight, then curly (a phone's keyboard)
        ("Anna D’Amico", "anna d`amico"),
        ("Maria Rossi", "Maria\u200b Rossi"),  # a zero-width space pasted from a chat
        ("Maria Rossi", "\ufeffMaria Ros\u00adsi"),  # a BOM and a soft hyphen
    ],
)
def test_add_refuses_a_name_that_differs_only_by_apostrophe_or_invisible_text(net, first, second):
    net("add", first)
    result = net("add", second, code=3)
    assert result.stderr.startswith(f"error: #2 {first} already has this name")


def test_dupes_pairs_names_that_differ_only_by_apostrophe(net):
    net("add", "Anna D'Amico")
    net("add", "Anna D’Amico", "--force")
    net("add", "Anna\u200d D'Amico", "--force")
    rows = net.json("dupes")
    assert {(r["a_id"], r["b_id"], r["reason"]) for r in rows} == {
        (2, 3, "same name"),
        (2, 4, "same name"),
        (3, 4, "same name"),
    }


def test_import_updates_the_contact_whatever_the_apostrophe(net, tmp_path: Path):
    net("add", "Anna D'Amico")
    csv = tmp_path / "people.csv"
    csv.write_text("Name,Email\nAnna D’Amico,anna@damico.it\n", encoding="utf-8")
    net("import", str(csv))
    [contact] = net.json("list")
    assert contact["emails"] == ["anna@damico.it"]


@pytest.mark.parametrize(
    "ref",
    ["angelo", "Angelo", "d'angelo", "D’Angelo", "d’ang", "d'angelo filippo", "angelo fil"],
)
def test_the_part_after_an_apostrophe_starts_a_word(net, ref):
    net("add", "Filippo D'Angelo")
    net("add", "Angela Neri")
    assert net.json("show", ref)["name"] == "Filippo D'Angelo"


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("Bianchi Maria", "Maria Bianchi"),  # whole words: not Maria Bianchini
        ("BIANCHI  MARIA", "Maria Bianchi"),
        ("bianchini m", "Maria Bianchini"),
        ("rossi mar", "Mario Rossi"),
        ("Rossi Màrio", "Mario Rossi"),
    ],
)
def test_surname_first_resolves(net, ref, name):
    net("add", "Maria Bianchi")
    net("add", "Maria Bianchini")
    net("add", "Mario Rossi")
    assert net.json("show", ref)["name"] == name
    assert net("log", ref, "-m", "coffee").stdout.startswith("Logged")


def test_surname_first_that_fits_two_is_ambiguous(net):
    net("add", "Maria Bianchi")
    net("add", "Marta Bianchi")
    result = net("show", "bianchi mar", code=3)
    assert result.stderr.splitlines()[0] == "error: 'bianchi mar' matches 2 contacts:"


def test_unarchive_finds_an_archived_contact_by_any_form_of_ref(net):
    net("add", "Luca Neri")
    net("add", "Lucia Verdi")
    net("archive", "luca")
    assert net("unarchive", "luca").stdout == "Unarchived #2 Luca Neri\n"
    net("archive", "luca")
    assert net("unarchive", "neri").stdout == "Unarchived #2 Luca Neri\n"
    assert net("unarchive", "neri").stdout == "#2 Luca Neri is not archived; nothing changed\n"
    assert net("archive", "2").stdout == "Archived #2 Luca Neri\n"
    assert net("archive", "2").stdout == "#2 Luca Neri is already archived; nothing changed\n"


@pytest.mark.parametrize(
    "args",
    [["show", "luca"], ["log", "neri", "-m", "hi"], ["edit", "luca n", "--city", "Roma"]],
)
def test_a_ref_matching_only_an_archived_contact_names_the_unarchive_command(net, args):
    net("add", "Luca Neri")
    net("archive", "Luca Neri")
    result = net(*args, code=3)
    ref = args[1]
    assert result.stderr == (
        f"error: no active contact matches '{ref}' (Luca Neri is archived: net unarchive 2)\n"
    )
    assert net.json("show", "Luca Neri")["city"] is None  # exact name still reaches it


def test_unknown_ref_with_no_archived_match_still_suggests(net):
    net("add", "Luca Neri")
    net("archive", "Luca Neri")
    result = net("show", "Paolo", code=3)
    assert result.stderr == "error: no contact matches 'Paolo'\n"


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["show", "maria"], "use the id: net show 2"),
        (["log", "maria", "-m", "caffè con maria"], 'use the id: net log 2 -m "caffè con maria"'),
        (["add", "Paolo Verdi", "--via", "maria"], 'use the id: net add "Paolo Verdi" --via 2'),
        (["add", "Paolo Verdi", "--via=maria"], 'use the id: net add "Paolo Verdi" --via=2'),
        (["edit", " maria", "--note", "$5"], "use the id: net edit 2 --note '$5'"),
    ],
)
def test_an_ambiguous_ref_ends_with_the_command_to_run_with_an_id(net, args, hint):
    net("add", "Maria Rossi", "--company", "Studio Rossi")
    net("add", "Maria Bianchi")
    result = net(*args, code=3)
    assert result.stderr.splitlines() == [
        "error: 'maria' matches 2 contacts:",
        "  #2  Maria Rossi  (Studio Rossi)",
        "  #3  Maria Bianchi",
        hint,
    ]


def test_the_id_hint_keeps_the_global_options(net_proc):
    net_proc("add", "Maria Rossi")
    net_proc("add", "Maria Bianchi")
    db = os.environ["NET_DB"]
    result = net_proc("--db", db, "show", "mar")
    assert result.returncode == 3
    quoted = db if db == shlex.quote(db) else f'"{db}"'  # a URL's ? and & are quoted
    assert result.stderr.splitlines()[-1] == f"use the id: net --db {quoted} show 2"


def test_add_via_names_whom_it_picked_and_the_intro_it_logged(net):
    net("add", "Luca Verdi")
    result = net("add", "Paolo Neri", "--via", "verdi", "--met-on", "2026-11-20")
    assert result.stdout == "Added #3 Paolo Neri\n"
    assert result.stderr == "Introduced by #2 Luca Verdi: logged intro i1 (made, 2026-11-20)\n"
    assert net("add", "Anna Blu", "--via", "me").stderr == ""  # nobody to log an intro with


def test_edit_says_what_changed(net):
    net("add", "Paolo Neri", "--email", "old@neri.it", "--tag", "vip")
    net("add", "Luca Verdi")
    steps = [
        (
            [
                "--city",
                "Roma",
                "--tag",
                "BNI",
                "--email",
                "p@neri.it",
                "--remove-email",
                "old@neri.it",
            ],
            "Updated #2 Paolo Neri: city Roma, +email p@neri.it, -email old@neri.it, +tag bni",
        ),
        (
            ["--city", "Milano", "--untag", "vip"],
            "Updated #2 Paolo Neri: city Roma → Milano, -tag vip",
        ),
        (["--note", "Commercialista"], "Updated #2 Paolo Neri: notes set"),
        (["--add-note", "Ha due figli"], "Updated #2 Paolo Neri: +note Ha due figli"),
        (["--note", "Revisore"], "Updated #2 Paolo Neri: notes replaced"),
        (["--note", ""], "Updated #2 Paolo Neri: notes cleared"),
        (["--city", ""], "Updated #2 Paolo Neri: city Milano cleared"),
        (
            ["--name", "Paolo Neri Bassi", "--trust", "5", "--via", "luca"],
            "Updated #2 Paolo Neri Bassi: name Paolo Neri → Paolo Neri Bassi, trust 3 → 5, "
            "via #3 Luca Verdi",
        ),
        (
            ["--trust", "5", "--untag", "nope", "--tag", "bni"],
            "Nothing changed for #2 Paolo Neri Bassi",
        ),
    ]
    for args, line in steps:
        assert net("edit", "paolo", *args).stdout == line + "\n", args


def test_edit_that_changes_nothing_writes_nothing(net, store_sql):
    net("add", "Paolo Neri", "--city", "Roma")
    with store_sql() as conn:
        conn.execute("UPDATE contact SET updated_at = '2026-01-01T09:00:00+00:00' WHERE id = 2")
    net("edit", "paolo", "--city", "Roma")
    assert net.json("show", "paolo")["updated_at"] == "2026-01-01T09:00:00+00:00"
    net("edit", "paolo", "--city", "Bari")
    assert net.json("show", "paolo")["updated_at"] != "2026-01-01T09:00:00+00:00"


def test_edit_add_note_appends_and_note_replaces(net):
    net("add", "Paolo Neri", "--note", "Commercialista a Bergamo")
    net("edit", "paolo", "--add-note", "Ha due figli")
    assert net.json("show", "paolo")["notes"] == "Commercialista a Bergamo\nHa due figli"
    net("edit", "paolo", "--note", "Revisore")
    assert net.json("show", "paolo")["notes"] == "Revisore"
    result = net("edit", "paolo", "--note", "a", "--add-note", "b", code=2)
    assert result.stderr == (
        "error: --note replaces the notes and --add-note adds to them: use one\n"
    )
    assert net.json("show", "paolo")["notes"] == "Revisore"


def test_a_misspelt_surname_after_an_apostrophe_is_suggested(net):
    net("add", "Giulia Dall’Orto")
    result = net("show", "orot", code=3)
    assert result.stderr.splitlines() == [
        "error: no contact matches 'orot'",
        "did you mean: Giulia Dall’Orto?",
    ]
