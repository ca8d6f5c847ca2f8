"""`net import` of a netcli JSON document: validation, defaults, me, merge, skips (issues 11.8,
12.3, 12.4, 12.10, 12.14)."""

from __future__ import annotations

import copy
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcli.errors import InputError
from netcli.services.document import check_document

NOW = "2026-11-27T09:00:00+00:00"


def doc(**tables: Any) -> dict[str, Any]:
    """A small valid document: me (1), Anna (2), Bruno (3)."""
    base: dict[str, Any] = {
        "format": "netcli",
        "version": 1,
        "me_id": 1,
        "contacts": [
            {"id": 1, "name": "Me"},
            {"id": 2, "name": "Anna Blu", "tags": ["bni"]},
            {"id": 3, "name": "Bruno Verdi"},
        ],
    }
    base.update(tables)
    return base


def imported(net, document: dict[str, Any], code: int = 0) -> Any:
    return net("import", "-", "--from", "json", "--json", input=json.dumps(document), code=code)


TABLES = ("contact", "intro", "ask", "give", "interaction", "link", "reminder", "tag")


def counts(env: Path) -> dict[str, int]:
    url = os.environ["NET_DB"]
    if url.startswith("postgres"):
        from netcli.store.pg import connect

        conn: Any = connect(url)
    elif not env.exists():  # a new store holds only me
        return {t: int(t == "contact") for t in TABLES}
    else:
        conn = sqlite3.connect(env)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


# issue 11.8: missing optional keys take defaults --------------------------------------------


def test_a_document_without_optional_keys_imports_with_defaults(net):
    document = doc(
        gives=[
            {"id": 1, "giver_id": 2, "receiver_id": 1, "text": "a client", "date": "2026-11-20"}
        ],
        interactions=[{"id": 1, "contact_ids": [3], "date": "2026-11-21"}],
        reminders=[{"id": 1, "contact_id": 3, "date": "2026-12-01"}],
    )
    report = json.loads(imported(net, document).stdout)
    assert report["added"] == 2 and report["skipped"] == 0
    anna = net.json("show", "anna")
    assert (
        anna["emails"] == [] and anna["trust"] == 3 and anna["created_at"].startswith("2026-11-27")
    )
    assert anna["last_contact"] == "2026-11-20"
    bruno = net.json("show", "bruno")
    assert bruno["last_contact"] == "2026-11-21" and bruno["next_due"] == "2026-12-01"
    assert bruno["interactions"][0]["kind"] == "meeting"


def test_missing_keys_merge_into_a_store_with_data_too(net):
    net("add", "Carla Neri")
    imported(net, doc())
    assert sorted(c["name"] for c in net.json("list")) == ["Anna Blu", "Bruno Verdi", "Carla Neri"]


# issue 12.10: every value through the command line's rules ----------------------------------

BAD = [
    ({"config": {"due.intro_days": "soon"}}, "config due.intro_days: "),
    ({"config": {"colour": "red"}}, "unknown setting 'colour'"),
    ({"contacts": [{"id": 1, "name": "Me"}, {"id": 2, "name": "Anna", "birthday": "02-30"}]},
     "contacts[1] (id 2): cannot read '02-30' as a birthday"),
    ({"contacts": [{"id": 1, "name": "Me"}, {"id": 2, "name": "12345"}]},
     "contacts[1] (id 2): '12345' looks like an id"),
    ({"contacts": [{"id": 1, "name": "Me"}, {"id": "2", "name": "Anna"}]},
     'contacts[1] (id "2"): id must be a positive whole number, not "2"'),
    ({"contacts": [{"id": 1, "name": "Me"}, {"id": 2, "name": "Anna", "trust": 9}]},
     "trust must be a whole number from 0 to 5"),
    ({"contacts": [{"id": 1, "name": "Me"}, {"id": 2, "name": "Anna", "every": "sometimes"}]},
     "contacts[1] (id 2)"),
    ({"contacts": [{"id": 1, "name": "Me"}, {"id": 2, "name": "Anna", "emails": ["nope"]}]},
     "'nope' is not an email address"),
    ({"contacts": [{"id": 1, "name": "Me"}, {"id": 2, "name": "Anna", "created_at": "ieri"}]},
     "created_at must be an ISO 8601 timestamp"),
    ({"gives": [{"id": 1, "giver_id": 2, "receiver_id": 1, "text": "x", "date": "soon"}]},
     "gives[0] (id 1): date must be a date YYYY-MM-DD, not \"soon\""),
    ({"gives": [{"id": 1, "giver_id": 2, "receiver_id": 1, "text": "x", "date": "2026-01-01",
                 "kind": "bribe"}]}, "kind is one of referral"),
    ({"gives": [{"id": 1, "giver_id": "3", "receiver_id": 1, "text": "x",
                 "date": "2026-01-01"}]}, 'giver_id must be a positive whole number, not "3"'),
    ({"gives": [{"id": 1, "giver_id": 2, "receiver_id": 1, "text": "x", "date": "2026-01-01",
                 "value": "lots"}]}, "cannot read 'lots' as an amount"),
    ({"links": [{"id": 1, "a_id": 2, "b_id": 3, "strength": 9}]},
     "links[0] (id 1): strength must be a whole number from 1 to 5, not 9"),
    ({"intros": [{"id": 1, "by_id": 1, "a_id": 2, "b_id": 3, "date": "2026-01-01",
                  "status": "maybe"}]}, "status is one of proposed, made"),
    ({"interactions": [{"id": 1, "contact_ids": [2], "date": "2026-01-01", "kind": "bribe"}]},
     "interactions[0] (id 1): kind is one of call"),
    ({"interactions": [{"id": 1, "contact_ids": "2", "date": "2026-01-01"}]},
     "contact_ids must be a list of ids"),
    ({"asks": [{"id": 1, "contact_id": 2, "text": " ", "created_on": "2026-01-01"}]},
     "asks[0] (id 1): an ask needs a text"),
    ({"reminders": [{"id": 1, "contact_id": 2, "date": "2026-02-30"}]},
     "reminders[0] (id 1): date must be a date"),
    ({"gives": ["not a record"]}, "gives[0]: a record must be an object"),
    ({"me_id": "1"}, "me_id must be the id of your own contact"),
    ({"me_id": 9, "contacts": [{"id": 2, "name": "Anna"}]}, "has no me contact"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "message"), BAD, ids=[m[:30] for _, m in BAD])
@pytest.mark.parametrize("store", ["empty", "with data"])
def test_a_bad_record_refuses_the_whole_document(net, env: Path, change, message, store):
    if store == "with data":
        net("add", "Carla Neri", "--tag", "vip")
    before = counts(env)
    result = imported(net, doc(**change), code=3)
    assert result.stderr.startswith("error: stdin") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert counts(env) == before
    net("due")  # the store still reads


def test_tags_are_cleaned_as_on_the_command_line(net):
    contacts = [{"id": 1, "name": "Me"}, {"id": 2, "name": "Anna Blu", "tags": [" VIP ", "vip"]}]
    imported(net, doc(contacts=contacts))
    assert net.json("show", "anna")["tags"] == ["vip"]
    net("edit", "anna", "--untag", "vip")
    assert net.json("show", "anna")["tags"] == []


@given(
    value=st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=12),
        st.lists(st.text(max_size=5), max_size=2), st.dictionaries(st.text(max_size=3), st.none()),
    ),
    key=st.sampled_from(
        ["id", "name", "emails", "phones", "tags", "birthday", "trust", "every", "via_id",
         "met_on", "archived", "created_at", "snoozed_until", "company"]
    ),
)  # fmt: skip
def test_any_value_is_taken_or_refused_as_input(value, key):
    document = doc()
    document["contacts"][1][key] = value
    try:
        checked = check_document(copy.deepcopy(document), "doc.json", NOW)
    except InputError as exc:
        assert exc.message.startswith("doc.json")
    else:
        anna = checked.contacts[1]
        assert all(tag == tag.strip().lower() for tag in anna["tags"])
        assert anna["trust"] in range(6) and not anna["name"].isdigit()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.one_of(st.integers(), st.text(max_size=6), st.none(), st.floats()))
def test_any_record_value_never_reaches_the_store_unchecked(net, env: Path, value):
    for path in env.parent.glob("net.db*"):
        path.unlink()
    give = {"id": 1, "giver_id": 2, "receiver_id": 1, "text": "x", "date": "2026-01-01",
            "value": value}  # fmt: skip
    result = net("import", "-", "--from", "json", input=json.dumps(doc(gives=[give])), code=None)
    assert result.exit_code in (0, 3), result.stderr


# issue 12.14: a deeply nested document --------------------------------------------------


def test_a_deeply_nested_document_is_exit_3(net):
    result = net("import", "-", "--from", "json", input="[" * 200_000 + "]" * 200_000, code=3)
    assert result.stderr == "error: cannot read stdin as JSON: nested too deeply\n"


# issue 12.3: my own profile ---------------------------------------------------------------


def test_an_edited_me_is_merged_not_wiped(net, env: Path):
    net("edit", "me", "--name", "Giulia Bianchi", "--company", "Studio GB")
    document = doc()
    document["contacts"][0].update(
        {"name": "Me", "company": "Other", "city": "Milano", "emails": ["giulia@gb.it"]}
    )
    report = json.loads(imported(net, document).stdout)
    assert report["added"] == 2 and report["updated"] == 1
    me = net.json("show", "me")
    assert (me["name"], me["company"], me["city"]) == ("Giulia Bianchi", "Studio GB", "Milano")
    assert me["emails"] == ["giulia@gb.it"]
    assert counts(env)["contact"] == 3


def test_a_new_store_is_restored_with_the_documents_me(net):
    document = doc()
    document["contacts"][0].update({"name": "Giulia Bianchi", "city": "Milano"})
    imported(net, document)
    me = net.json("show", "me")
    assert (me["name"], me["city"]) == ("Giulia Bianchi", "Milano")


# issue 12.4: merge keeps real records and reports every drop --------------------------------


def test_merge_keeps_records_that_differ_and_repeats(net, env: Path):
    net("add", "Carla Neri")  # a store with data: merge mode
    gives = [
        {"id": 1, "giver_id": 2, "receiver_id": 1, "text": "a client", "date": "2026-11-20",
         "value": 100, "created_at": NOW},
        {"id": 2, "giver_id": 2, "receiver_id": 1, "text": "a client", "date": "2026-11-20",
         "value": 250, "created_at": NOW},
    ]  # fmt: skip
    call = {"contact_ids": [3], "kind": "call", "date": "2026-11-21", "created_at": NOW}
    document = doc(gives=gives, interactions=[{"id": 1, **call}, {"id": 2, **call}])
    report = json.loads(imported(net, document).stdout)
    assert report["records"]["gives"] == 2 and report["records"]["interactions"] == 2
    assert [g["value"] for g in net.json("show", "anna")["gives"]] == [250, 100]
    again = json.loads(imported(net, document).stdout)
    assert again["records"]["gives"] == 0 and again["records_unchanged"]["gives"] == 2
    assert again["records_unchanged"]["interactions"] == 2 and again["skipped"] == 0
    assert counts(env)["give"] == 2 and counts(env)["interaction"] == 2
    text = net("import", "-", "--from", "json", input=json.dumps(document)).stdout
    assert "  already there: 2 gives, 2 interactions\n" in text


def test_records_pointing_at_unknown_ids_are_reported(net):
    net("add", "Carla Neri")
    document = doc(
        gives=[{"id": 7, "giver_id": 99, "receiver_id": 1, "text": "x", "date": "2026-11-20"}],
        interactions=[
            {"id": 4, "contact_ids": [98], "date": "2026-11-21"},
            {"id": 5, "contact_ids": [3, 97], "date": "2026-11-21"},
        ],
        links=[{"id": 1, "a_id": 2, "b_id": 96}],
    )
    report = json.loads(imported(net, document).stdout)
    assert report["skips"] == [
        {"record": "give 7", "reason": "giver_id 99 unknown; not imported"},
        {"record": "interaction 4", "reason": "contact ids 98 unknown; not imported"},
        {"record": "interaction 5", "reason": "contact ids 97 unknown"},
        {"record": "link 1", "reason": "b_id 96 unknown; not imported"},
    ]
    assert report["skipped"] == 4 and report["records"]["interactions"] == 1


def test_a_link_that_is_there_with_another_strength_is_reported(net):
    net("add", "Anna Blu")
    net("add", "Bruno Verdi")
    net("link", "anna", "bruno", "--strength", "2")
    report = json.loads(
        imported(net, doc(links=[{"id": 1, "a_id": 2, "b_id": 3, "strength": 5}])).stdout
    )
    assert (
        report["skips"][0]["record"] == "link 1"
        and "strength 2 kept" in report["skips"][0]["reason"]
    )


def test_restore_round_trip_of_a_store_with_every_record(net, tmp_path: Path):
    net("add", "Anna Blu", "--email", "anna@x.it", "--tag", "bni", "--every", "1m")
    net("add", "Bruno Verdi", "--via", "anna")
    net("give", "anna", "a client", "--value", "100")
    net("got", "bruno", "a lead")
    net("ask", "anna", "a notaio in Como")
    net("log", "anna", "bruno", "--kind", "call")
    net("remind", "bruno", "3d")
    first = net("export").stdout
    os.environ["NET_DB"] = str(tmp_path / "copy.db")
    report = json.loads(net("import", "-", "--json", input=first).stdout)
    assert report["added"] == 2 and report["skipped"] == 0
    again = json.loads(first)
    second = json.loads(net("export").stdout)
    for d in (again, second):
        d.pop("exported_at")
    assert second == again


def _schema(path: Path) -> set[tuple[str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return set(conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
    finally:
        conn.close()


@pytest.mark.sqlite_only("compares the SQLite schema of two store files")
def test_a_restore_leaves_the_schema_of_a_new_store(net, env: Path, tmp_path: Path):
    """A restore loads without indexes and triggers and builds them at the end."""
    net("add", "Anna Blu", "--tag", "vip", "--tag", "bni")
    net("add", "Bruno Verdi", "--tag", "bni")
    first = net("export").stdout
    os.environ["NET_DB"] = str(tmp_path / "copy.db")
    net("import", "-", input=first)
    assert _schema(tmp_path / "copy.db") == _schema(env)
    assert _listed_tags(net) == "bni, vip"
    net("edit", "anna", "--untag", "vip")  # the tag_list triggers are back
    assert net.json("show", "anna")["tags"] == ["bni"]
    assert _listed_tags(net) == "bni"


def _listed_tags(net: Any) -> str:
    """The tags column of `net list`'s first row (the table's own column)."""
    header, first = net("list", "--format", "tsv").stdout.splitlines()[:2]
    return str(first.split("\t")[header.split("\t").index("tags")])


# streaming restore (issue 20) ----------------------------------------------------------------


def _every_record_store(net) -> dict[str, Any]:
    net("add", "Anna Blu", "--email", "anna@x.it", "--tag", "bni", "--every", "1m")
    net("add", "Bruno Verdi", "--via", "anna", "--note", "perché sì")
    net("add", "Carla Neri", "--via", "bruno")
    net("ask", "anna", "a notaio in Como")
    net("give", "anna", "a client", "--value", "100", "--for", "1")
    net("got", "bruno", "a lead")
    net("intro", "anna", "bruno")
    net("link", "anna", "carla")
    net("log", "anna", "bruno", "--kind", "call")
    net("remind", "bruno", "3d")
    net("config", "currency", "CHF")
    document: dict[str, Any] = json.loads(net("export").stdout)
    return document


LAYOUTS = {
    "pretty": lambda d: json.dumps(d, indent=2, ensure_ascii=False).encode(),
    "minified": lambda d: json.dumps(d, separators=(",", ":")).encode(),
    "tabs, CRLF, BOM": lambda d: (
        b"\xef\xbb\xbf"
        + json.dumps(d, indent="\t", ensure_ascii=False).replace("\n", "\r\n").encode()
    ),
    "config first, lists backwards": lambda d: json.dumps(dict(reversed(d.items()))).encode(),
    "utf-16": lambda d: json.dumps(d, indent=2, ensure_ascii=False).encode("utf-16"),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_restore_gives_the_same_document_whatever_its_layout(net, tmp_path: Path, layout):
    """Streamed when the members come in export order, read whole otherwise: the same store."""
    document = _every_record_store(net)
    path = _write(tmp_path / "doc.json", LAYOUTS[layout](document))
    os.environ["NET_DB"] = str(tmp_path / "copy.db")
    net("import", str(path))
    again = json.loads(net("export").stdout)
    for d in (document, again):
        d.pop("exported_at")
    assert again == document


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_bad_record_after_whole_batches_were_inserted_writes_nothing(
    net, env: Path, monkeypatch: pytest.MonkeyPatch
):
    from netcli.services import importer

    monkeypatch.setattr(importer, "BATCH", 2)
    interactions = [
        {"id": k, "kind": "call", "date": "2026-01-05", "contact_ids": [2]} for k in range(1, 9)
    ]
    interactions[-1]["date"] = "2026-13-01"
    before = counts(env)
    result = imported(net, doc(interactions=interactions), code=3)
    assert "interactions[7] (id 8): date must be a date" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert counts(env) == before
    assert net.json("show", "me")["name"] == "Me"  # the store's own me is back


def test_a_restore_leaves_no_copy_of_its_input_behind(net, env: Path, tmp_path: Path):
    before = {p.name for p in tmp_path.iterdir()}
    imported(net, doc(interactions=[{"id": 1, "date": "2026-01-05", "contact_ids": [2, 3]}]))
    assert all(p.startswith("net.db") for p in {p.name for p in tmp_path.iterdir()} - before)


PEAK = """
import atexit, sys
from netcli.cli import main
from netcli.store import transfer

transfer.BULK_CACHE_KIB = 2048  # SQLite's page cache is not what is measured here

def peak():  # VmHWM: this process's own high-water mark (ru_maxrss counts the parent's too)
    status = open("/proc/self/status").read()
    sys.stderr.write("peak " + status.split("VmHWM:")[1].split()[0] + "\\n")

atexit.register(peak)
sys.argv = ["net", *sys.argv[1:]]
main()
"""


def _peak_mib(env: Path, document: Path) -> float:
    """Peak RSS of one `net import FILE` process into a new store."""
    for old in env.parent.glob("peak.db*"):
        old.unlink()
    args = ["--db", str(env.parent / "peak.db"), "import", str(document)]
    result = subprocess.run(
        [sys.executable, "-c", PEAK, *args], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return int(result.stderr.split("peak ")[1].split()[0]) / 1024


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_restores_memory_does_not_grow_with_the_document(env: Path, tmp_path: Path):
    """Issue 20: 100k contacts' restore within 300 MiB. Past SQLite's own page cache (64 MiB
    in a restore, 2 MiB here), a 25 MiB document (60,000 records) costs less memory than its
    own size more than a 3-record one: it is never whole in memory."""

    def document(records: int) -> Path:
        path = tmp_path / f"doc-{records}.json"
        with path.open("w") as out:
            out.write(json.dumps(doc(), indent=2)[:-2] + ',\n  "interactions": [\n')
            for k in range(1, records + 1):
                record = {"id": k, "kind": "call", "date": "2026-01-05", "created_at": NOW,
                          "note": f"{k} " + "n" * 300, "contact_ids": [2, 3]}  # fmt: skip
                out.write(("" if k == 1 else ",\n") + json.dumps(record, indent=2))
            out.write("\n  ]\n}\n")
        return path

    small, big = _peak_mib(env, document(3)), _peak_mib(env, document(60_000))
    size = (tmp_path / "doc-60000.json").stat().st_size / 2**20
    # read whole, it took 93 MiB more (the text, then its objects); streamed, 13
    assert big - small < size, f"{small:.0f} MiB, then {big:.0f} MiB for {size:.0f} MiB"


@pytest.mark.parametrize("store", ["empty", "with data"])
def test_a_dry_run_of_a_json_import_writes_nothing(net, env: Path, store):
    if store == "with data":
        net("add", "Carla Neri")
    before = counts(env)
    document = doc(interactions=[{"id": 1, "date": "2026-01-05", "contact_ids": [2, 3]}])
    text = json.dumps(document)
    report = json.loads(net("import", "-", "--dry-run", "--json", input=text).stdout)
    assert report["dry_run"] is True and report["added"] == 2
    assert report["records"]["interactions"] == 1
    assert counts(env) == before
    assert json.loads(net("import", "-", "--json", input=text).stdout)["added"] == 2


def test_a_full_disk_while_copying_the_input_is_exit_4(
    net, env: Path, monkeypatch: pytest.MonkeyPatch
):
    import errno
    import tempfile

    class Full(io.BytesIO):
        def write(self, data: Any) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    net("add", "Carla Neri")
    before = counts(env)
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda **_: Full())
    result = imported(net, doc(), code=4)
    assert (
        result.stderr == "error: cannot keep a copy of stdin to import: No space left on device\n"
    )
    assert counts(env) == before
