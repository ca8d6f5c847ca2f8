"""`net import`, `net export`, `net dupes` through the CLI."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DATA = Path(__file__).parent.parent / "data"


def by_name(net) -> dict[str, dict]:
    return {c["name"]: c for c in net.json("list")}


def test_import_linkedin_current(net):
    report = net.json("import", str(DATA / "linkedin_current.csv"))
    assert (report["added"], report["updated"], report["unchanged"], report["skipped"]) == (
        5,
        0,
        0,
        1,
    )
    assert report["skips"] == [{"line": 9, "reason": "no name"}]
    assert report["dry_run"] is False
    people = by_name(net)
    nicolo = people["Nicolò Bianchi"]
    assert nicolo["company"] == "Bianchi, Verdi & Associati"
    assert nicolo["title"] == "Partner"
    assert nicolo["emails"] == []
    assert nicolo["url"] == "https://www.linkedin.com/in/nicolò-bianchi-4a1b2c3"
    assert nicolo["met_on"] == "2024-10-09"
    lucia = people["Lucía Fernández"]  # the trailing space is gone
    assert lucia["emails"] == ["lucia.fernandez@example.es"]
    assert lucia["title"] == "Head of Product, EMEA"
    assert people["Zoë 🚀 Moretti"]["company"] == "Moretti Labs, Inc."
    assert people["Marco Rossi"]["met_on"] == "2019-12-31"


def test_import_linkedin_old_form(net):
    report = net.json("import", str(DATA / "linkedin_old.csv"))
    assert report["format"] == "linkedin"
    assert report["added"] >= 1
    assert all(c["met_on"] for c in net.json("list"))


def test_import_vcard_21_from_a_phone(net):
    report = net.json("import", str(DATA / "vcard21_phone.vcf"))
    # the card with only a number is named after it, as the phone showed it
    assert (report["added"], report["skipped"]) == (4, 0)
    assert report["warnings"] == [{"record": 4, "reason": "no name: named after its phone number"}]
    people = by_name(net)
    assert people["+39 345 000 0000"]["phones"] == ["+39 345 000 0000"]
    nicolo = people["Nicolò Bianchi"]
    assert nicolo["phones"] == ["+39 333 123 4567", "02 8765 4321"]
    assert nicolo["emails"] == ["nicolo@example.it"]
    assert nicolo["company"] == "Bianchi, Verdi & Associati"
    assert nicolo["birthday"] == "1985-03-14"
    assert (
        nicolo["notes"]
        == "Conosciuto al Salone del Mobile, a\nMilano. Appassionato di vela e caffè."
    )
    assert people["Lucía Fernández"]["city"] == "Málaga"
    zoe = people["Zoë 🌸 Colombo"]
    assert zoe["notes"] == "Città natale: Como"  # ISO-8859-1 quoted-printable
    assert zoe["birthday"] == "1992-02-29"


def test_import_generic_csv_with_formula_cells(net):
    net("import", str(DATA / "contacts.csv"))
    people = by_name(net)
    nicolo = people["Nicolò Bianchi"]
    assert nicolo["emails"] == ["nicolo@example.it", "n.bianchi@studio-bv.example.com"]
    assert nicolo["tags"] == ["clienti", "milano", "vela"]
    assert nicolo["notes"] == "Conosciuto al Salone del Mobile.\nRichiamare a settembre."
    assert nicolo["category"] == "cliente"
    zoe = people["Zoë Colombo 🌸"]
    assert zoe["phones"] == ["+39 340 987 6543"]
    assert zoe["notes"] == "=dice sempre di sì"
    assert zoe["birthday"] == "07-22"
    assert people["لينا حداد"]["city"] == "Dubai"


@pytest.mark.parametrize(
    "name", ["contacts_bom.csv", "contacts_utf16le.csv", "contacts_utf16be.csv"]
)
def test_encodings_give_the_same_contacts(net, name, tmp_path: Path):
    net("import", str(DATA / "contacts.csv"))
    plain = [(c["name"], c["emails"], c["notes"]) for c in net.json("list")]
    os.environ["NET_DB"] = str(tmp_path / "other.db")
    net("import", str(DATA / name))
    assert [(c["name"], c["emails"], c["notes"]) for c in net.json("list")] == plain


def test_undecodable_file_is_exit_3_with_the_line(net, store, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"Name,City\nAnna,Roma\nPaolo,Citt\x81\xff\n")
    result = net("import", str(path), code=3)
    assert result.stderr.startswith("error: cannot decode ")
    assert "line 3" in result.stderr
    assert net.json("list") == []


def test_a_spreadsheet_resaved_csv_imports_as_windows_1252(net):
    net("import", str(DATA / "undecodable.csv"))
    assert [c["city"] for c in net.json("list", "--sort", "name")] == [
        "Torino",
        "Città di Castello",
    ]


def test_file_with_nothing_valid_is_exit_3(net, store):
    assert net("import", str(DATA / "vcard_all_bad.vcf"), code=3).stderr.startswith(
        "error: no readable vCard"
    )


def test_missing_file_and_unknown_format(net, tmp_path: Path):
    assert "cannot read" in net("import", str(tmp_path / "nope.csv"), code=3).stderr
    odd = tmp_path / "odd.txt"
    odd.write_text("hello world\n")
    assert "cannot tell the format" in net("import", str(odd), code=3).stderr
    net("import", str(odd), "--from", "excel", code=2)


def test_reimport_changes_nothing_and_fills_only_empty_fields(net):
    net("add", "Nicolò Bianchi", "--company", "Mio Studio")
    first = net.json("import", str(DATA / "linkedin_current.csv"))
    assert (first["added"], first["updated"]) == (4, 1)
    nicolo = net.json("show", "nicolo")
    assert nicolo["company"] == "Mio Studio"  # never overwritten
    assert nicolo["title"] == "Partner"  # empty, so filled
    before = net("export").stdout
    again = net.json("import", str(DATA / "linkedin_current.csv"))
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 5)
    assert _without_stamp(net("export").stdout) == _without_stamp(before)


def test_dry_run_writes_nothing(net):
    result = net("import", str(DATA / "google_current.csv"), "--dry-run")
    assert result.stdout.startswith("Would import ")
    assert "Dry run: nothing was written." in result.stderr
    assert net.json("list") == []


def test_stdin_and_tags(net):
    text = (DATA / "contacts.csv").read_text(encoding="utf-8")
    result = net("import", "-", "--tag", "Evento 2026", "--json", input=text)
    report = json.loads(result.stdout)
    # the row with only an e-mail is named after it, and says so
    assert report["source"] == "stdin" and report["added"] == 5
    assert report["warnings"] == [{"line": 6, "reason": "no name: named after its e-mail"}]
    assert all("evento 2026" in c["tags"] for c in net.json("list"))


def _without_stamp(text: str) -> str:
    doc = json.loads(text)
    doc.pop("exported_at")
    return json.dumps(doc, sort_keys=True)


def test_export_import_export_is_the_same_document(net, tmp_path: Path):
    net(
        "add",
        "Maria Rossi",
        "--email",
        "maria@x.it",
        "--tag",
        "bni",
        "--every",
        "1m",
        "--birthday",
        "02-29",
        "--note",
        "riga 1\nriga 2",
    )
    net("add", "Luca Verdi", "--via", "maria", "--trust", "5")
    net("link", "maria", "luca", "--strength", "4")
    net("archive", "luca")
    net("config", "currency", "CHF")
    first = net("export").stdout
    doc = json.loads(first)
    assert doc["format"] == "netcli" and doc["me_id"] == 1
    assert [c["name"] for c in doc["contacts"]] == ["Me", "Maria Rossi", "Luca Verdi"]
    assert len(doc["intros"]) == 1 and len(doc["links"]) == 1
    assert doc["config"]["currency"] == "CHF"
    os.environ["NET_DB"] = str(tmp_path / "copy.db")
    net("import", "-", input=first)
    assert _without_stamp(net("export").stdout) == _without_stamp(first)


def test_export_files_are_private_and_reimportable(net, tmp_path: Path):
    net("import", str(DATA / "contacts.csv"))
    for to in ("json", "csv", "vcard"):
        target = tmp_path / f"out.{to}"
        old = os.umask(0o022)
        try:
            net("export", "--to", to, "-o", str(target))
        finally:
            os.umask(old)
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    original = {c["name"]: c for c in net.json("list")}
    for to, ext in (("csv", "csv"), ("vcard", "vcard")):
        os.environ["NET_DB"] = str(tmp_path / f"{to}.db")
        net("import", str(tmp_path / f"out.{ext}"))
        copy = {c["name"]: c for c in net.json("list")}
        assert set(copy) == set(original)
        for name, c in original.items():
            for key in (
                "emails",
                "phones",
                "company",
                "title",
                "city",
                "tags",
                "birthday",
                "notes",
            ):
                assert copy[name][key] == c[key], (to, name, key)


def test_export_csv_is_formula_safe(net):
    net("add", "Anna Blu", "--company", '=HYPERLINK("http://evil")')
    out = net("export", "--to", "csv").stdout
    assert "'=HYPERLINK" in out


def test_dupes(net):
    net("add", "Maria Rossi", "--company", "Studio Rossi", "--email", "maria@x.it")
    net("add", "M. Rossi", "--company", "Studio Rossi")
    net("add", "Mary Rossi", "--email", "MARIA@x.it", "--force")
    net("add", "Luca Verdi")
    rows = net.json("dupes")
    assert [(r["a"], r["b"], r["reason"], r["command"]) for r in rows] == [
        ("Maria Rossi", "M. Rossi", "close names at Studio Rossi", "net merge 2 3"),
        ("Maria Rossi", "Mary Rossi", "same email maria@x.it", "net merge 2 4"),
    ]
    net("merge", "2", "3", "--yes")
    assert len(net.json("dupes")) == 1


NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(
    lambda s: s.strip() and s.strip().casefold() != "me" and not s.strip().lstrip("#").isdigit()
)
NOTES = st.one_of(
    st.none(),
    st.text(max_size=200),
    st.just("x" * 1_000_000 + "\nfine"),
    st.just("שלום עולם\nمرحبا 🌸\r\nend"),
)


@pytest.mark.slow  # a long property test: left out of `pytest -m "not slow"`
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=st.lists(
        st.tuples(NAMES, NOTES, st.sampled_from(["", "bni", "עברית", "🚀"])), min_size=1, max_size=4
    )
)
def test_json_round_trip_of_odd_data(net, tmp_path_factory, people):
    folder = tmp_path_factory.mktemp("rt")
    os.environ["NET_DB"] = str(folder / "a.db")
    for name, note, tag in people:
        args = ["add", "--force", "--every", "2w", "--birthday", "02-29"]
        if note is not None:
            args += ["--note", note]
        if tag:
            args += ["--tag", tag]
        result = net(*args, "--", name, code=None)
        assert result.exit_code in (0, 3), result.stderr
    ids = [c["id"] for c in net.json("list")]
    if ids:  # every kind of record, with the odd texts as notes
        text = people[0][0]
        a = f"#{ids[0]}"
        net("log", a, "--kind", "call", "-m", text)
        net("ask", a, "--tag", "x", "--", text)
        net("give", a, "--value", "1234.56", "--kind", "advice", "--", text)
        net("got", a, "--value", "0.10", "--", text)
        net("remind", a, "2026-12-24", "-m", text)
        if len(ids) > 1:
            b = f"#{ids[1]}"
            net("intro", "me", a, "--by", b, "-m", text)
            net("intro", a, b, "--date", "2026-10-01")
            net("outcome", "2", "business", "--value", "99.99")
            net("link", a, b, "--strength", "5", "--note", text)
            net("log", a, b, "-m", "both")
            net("give", b, "for the ask", "--for", "1")
    first = net("export").stdout
    os.environ["NET_DB"] = str(folder / "b.db")
    net("import", "-", input=first)
    assert _without_stamp(net("export").stdout) == _without_stamp(first)
