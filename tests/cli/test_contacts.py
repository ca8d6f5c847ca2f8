"""Contact commands through the CLI, as a user sees them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_add_prints_id_and_name(net):
    result = net("add", "Maria Rossi")
    assert result.stdout == "Added #2 Maria Rossi\n"


def test_add_json_is_the_contact_object(net):
    contact = net.json(
        "add",
        "Maria Rossi",
        "--email",
        "maria@studio.it",
        "--email",
        "m.rossi@gmail.com",
        "--phone",
        "+39 333 1234567",
        "--company",
        "Studio Rossi",
        "--title",
        "Partner",
        "--category",
        "avvocato",
        "--tag",
        " Lawyer ",
        "--tag",
        "BNI",
        "--city",
        "Milano",
        "--birthday",
        "1980-03-14",
        "--note",
        "Met at the Tuesday breakfast",
        "--trust",
        "4",
        "--every",
        "monthly",
        "--met-on",
        "2026-11-01",
    )
    assert contact["id"] == 2
    assert contact["name"] == "Maria Rossi"
    assert contact["emails"] == ["maria@studio.it", "m.rossi@gmail.com"]
    assert contact["phones"] == ["+39 333 1234567"]
    assert contact["tags"] == ["bni", "lawyer"]
    assert contact["birthday"] == "1980-03-14"
    assert contact["trust"] == 4
    assert contact["every"] == "1m"
    assert contact["last_contact"] is None
    assert contact["next_due"] == "2026-12-27"  # added today + 1 month
    assert contact["archived"] is False
    assert contact["via_id"] is None
    assert contact["created_at"].startswith("2026-11-27T")
    assert contact["created_at"][-6] in "+-"  # an offset, per spec §5
    for key in ("company", "title", "category", "city", "notes", "updated_at"):
        assert key in contact


def test_add_defaults(net):
    contact = net.json("add", "Luca Bianchi")
    assert contact["trust"] == 3
    assert contact["emails"] == [] and contact["phones"] == [] and contact["tags"] == []
    assert contact["every"] is None and contact["next_due"] is None


def test_add_refuses_same_name_ignoring_case_and_accents(net):
    net("add", "Nicolò Bianchi")
    result = net("add", "nicolo  BIANCHI", code=3)
    assert result.stderr.startswith("error: #2 Nicolò Bianchi already has this name")
    assert "--force" in result.stderr
    net("add", "nicolo bianchi", "--force")
    assert len(net.json("list")) == 2


def test_add_refuses_same_email(net):
    net("add", "Maria Rossi", "--email", "Maria@Studio.it")
    result = net("add", "M. Rossi", "--email", "maria@studio.IT", code=3)
    assert "#2 Maria Rossi already has the email Maria@Studio.it" in result.stderr


def test_add_via_logs_the_intro_and_touches_both(net):
    net("add", "Luca Verdi")
    contact = net.json("add", "Paolo Neri", "--via", "luca", "--met-on", "2026-11-20")
    assert contact["via_id"] == 2
    assert contact["met_on"] == "2026-11-20"
    assert contact["last_contact"] == "2026-11-20"
    profile = net.json("show", "Paolo")
    [intro] = profile["intros"]
    assert (intro["by"], intro["a"], intro["b"], intro["status"]) == (
        "Luca Verdi",
        "Me",
        "Paolo Neri",
        "made",
    )
    assert intro["date"] == "2026-11-20"
    assert net.json("show", "luca")["last_contact"] == "2026-11-20"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--trust", "9"], 2, "error: invalid value for '--trust'"),
        (["--every", "sometimes"], 3, "error: cannot read 'sometimes' as an interval"),
        (["--birthday", "31-02"], 3, "error: cannot read '31-02' as a birthday"),
        (["--met-on", "someday"], 3, "error: cannot read 'someday' as a date"),
        (["--email", "not-an-email"], 3, "error: 'not-an-email' is not an email address"),
        (["--via", "Nobody"], 3, "error: no contact matches 'Nobody'"),
        (["--bogus"], 2, "error: no such option: --bogus"),
    ],
)
def test_add_bad_input_is_one_line_and_writes_nothing(net, env: Path, args, code, message):
    net("add", "Anna Gialli")
    before = net("list", "--json").stdout
    result = net("add", "Carla Blu", *args, code=code)
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert net("list", "--json").stdout == before


def test_add_me_is_reserved(net):
    assert "reserved" in net("add", "me", code=3).stderr


def test_edit_changes_and_clears_fields(net):
    net(
        "add",
        "Maria Rossi",
        "--company",
        "Studio Rossi",
        "--tag",
        "lawyer",
        "--tag",
        "bni",
        "--email",
        "a@x.it",
        "--every",
        "2w",
    )
    contact = net.json(
        "edit",
        "maria",
        "--name",
        "Maria Rossi-Bianchi",
        "--company",
        "",
        "--untag",
        "BNI",
        "--tag",
        "notaio",
        "--email",
        "b@x.it",
        "--remove-email",
        "A@x.it",
        "--no-every",
        "--trust",
        "5",
    )
    assert contact["name"] == "Maria Rossi-Bianchi"
    assert contact["company"] is None
    assert contact["tags"] == ["lawyer", "notaio"]
    assert contact["emails"] == ["b@x.it"]
    assert contact["every"] is None and contact["next_due"] is None
    assert contact["trust"] == 5


def test_edit_refuses_a_name_taken_by_another(net):
    net("add", "Maria Rossi")
    net("add", "Luca Verdi")
    assert "already has this name" in net("edit", "luca", "--name", "maria rossi", code=3).stderr


def test_edit_unknown_email_to_remove(net):
    net("add", "Maria Rossi")
    assert "has no email" in net("edit", "maria", "--remove-email", "x@y.z", code=3).stderr


def test_me_can_be_renamed_and_still_is_me(net):
    net("edit", "me", "--name", "Giulia Bianchi")
    assert net.json("show", "me")["name"] == "Giulia Bianchi"
    assert net.json("list") == []  # me is hidden from net list


def test_show_by_id_hash_name_prefix_word(net):
    net("add", "Nicolò D'Àngelo", "--company", "Studio Legale")
    for ref in ("2", "#2", "Nicolò D'Àngelo", "nicolo d'angelo", "nic", "d'ang"):
        assert net.json("show", ref)["id"] == 2, ref


def test_show_human_view(net):
    net("add", "Maria Rossi", "--company", "Studio Rossi", "--tag", "lawyer", "--every", "1m")
    out = net("show", "maria").stdout
    assert out.splitlines()[0] == "Maria Rossi (#2)"
    assert "company   Studio Rossi" in out
    assert "never in touch" in out
    assert "next due  2026-12-27" in out
    assert "\x1b[" not in out


def test_ambiguous_reference_lists_candidates(net):
    net("add", "Maria Rossi", "--company", "Studio Rossi")
    net("add", "Maria Bianchi")
    result = net("show", "maria", code=3)
    lines = result.stderr.splitlines()
    assert lines[0] == "error: 'maria' matches 2 contacts:"
    assert "#2  Maria Rossi  (Studio Rossi)" in lines[1]
    assert "#3  Maria Bianchi" in lines[2]


def test_unknown_reference_suggests_close_names(net):
    net("add", "Maria Rossi")
    result = net("show", "Mario Rosi", code=3)
    assert result.stderr.splitlines() == [
        "error: no contact matches 'Mario Rosi'",
        "did you mean: Maria Rossi?",
    ]


def test_unknown_id(net, store):
    assert net("show", "#99", code=3).stderr == "error: no contact #99\n"


def test_list_filters_and_sorts(net):
    net("add", "Zoë Verdi", "--tag", "bni", "--category", "Architetto", "--company", "Studio Z")
    net("add", "Anna Blu", "--tag", "bni", "--tag", "vip", "--company", "Blu Srl")
    net("add", "Carlo Neri", "--category", "avvocato")
    names = lambda *a: [c["name"] for c in net.json("list", *a)]  # noqa: E731
    assert names() == ["Anna Blu", "Carlo Neri", "Zoë Verdi"]
    assert names("--tag", "BNI") == ["Anna Blu", "Zoë Verdi"]
    assert names("--tag", "bni", "--tag", "vip") == ["Anna Blu"]
    assert names("--category", "architetto") == ["Zoë Verdi"]
    assert names("--company", "studio") == ["Zoë Verdi"]
    assert names("--sort", "added") == ["Zoë Verdi", "Anna Blu", "Carlo Neri"]
    assert names("--limit", "1") == ["Anna Blu"]


def test_list_sort_by_last_and_due(net):
    net("add", "Anna Blu", "--every", "3m")
    net("add", "Carlo Neri", "--every", "1w")
    net("add", "Dario Rosa")
    assert [c["name"] for c in net.json("list", "--sort", "due")] == [
        "Carlo Neri",
        "Anna Blu",
        "Dario Rosa",
    ]


def test_list_quiet_exit_codes(net, store):
    result = net("list", "-q", code=1)
    assert result.stdout == "" and result.stderr == ""
    net("add", "Anna Blu")
    assert net("list", "-q").stdout == ""


def test_list_empty_json_is_empty_array(net, store):
    assert net("list", "--json").stdout.strip() == "[]"
    assert net("list", "--format", "jsonl").stdout == ""


def test_list_formats(net):
    net("add", "Anna Blu", "--company", '=HYPERLINK("x")', "--tag", "b", "--tag", "a")
    csv_out = net("list", "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "id,name,company,category,tags,last_contact,next_due"
    assert csv_out[1] == '2,Anna Blu,"\'=HYPERLINK(""x"")",,"a, b",,'
    tsv_out = net("list", "--format", "tsv").stdout.splitlines()
    assert tsv_out[1].split("\t")[:2] == ["2", "Anna Blu"]
    jsonl = net("list", "--format", "jsonl").stdout.splitlines()
    assert json.loads(jsonl[0])["name"] == "Anna Blu"
    table = net("list").stdout
    assert table.splitlines()[0].split() == [
        "ID", "NAME", "COMPANY", "CATEGORY", "TAGS", "LAST", "DUE"
    ]  # fmt: skip


def test_list_in_a_pipe_is_not_truncated(net):
    long_company = "Studio Associato di Consulenza Fiscale e Tributaria " * 3
    net("add", "Anna Blu", "--company", long_company)
    assert " ".join(long_company.split()) in net("list").stdout


def test_archive_hides_and_unarchive_brings_back(net):
    net("add", "Anna Blu")
    assert net("archive", "anna").stdout == "Archived #2 Anna Blu\n"
    assert net.json("list") == []
    assert [c["name"] for c in net.json("list", "--archived")] == ["Anna Blu"]
    net("show", "anna", code=3)  # a prefix does not reach archived contacts
    assert net.json("show", "Anna Blu")["archived"] is True  # the exact name does
    net("unarchive", "#2")
    assert [c["name"] for c in net.json("list")] == ["Anna Blu"]


def test_find_searches_everywhere_ignoring_accents(net):
    net("add", "Anna Blu", "--note", "Esperta di perizie giudiziarie")
    net("add", "Carlo Neri", "--title", "Commercialista", "--company", "Studio Neri")
    net("add", "Dario Rosa", "--tag", "perizie")
    found = net.json("find", "PERIZIE")
    assert [(c["name"], c["matched"]) for c in found] == [
        ("Anna Blu", "notes"),
        ("Dario Rosa", "tag"),
    ]
    assert [c["name"] for c in net.json("find", "commercialistà")] == ["Carlo Neri"]
    net("find", "nessuno", "-q", code=1)
    assert net("find", "100%").stdout == ""  # LIKE wildcards are literal


def test_rm_needs_yes_without_a_terminal_and_keeps_everything(net):
    net("add", "Anna Blu")
    result = net("rm", "anna", code=2)
    assert result.stderr == "error: deleting Anna Blu needs confirmation (use --yes)\n"
    assert len(net.json("list")) == 1
    net("add", "Carla Neri")
    result = net("merge", "anna", "carla", code=2)
    assert (
        result.stderr == "error: merging Carla Neri into Anna Blu needs confirmation (use --yes)\n"
    )
    assert len(net.json("list")) == 2


def test_rm_says_what_it_deletes_then_deletes(net, env: Path):
    net("add", "Anna Blu", "--email", "anna@blu.it")
    net("add", "Carlo Neri")
    net("link", "anna", "carlo")
    result = net("rm", "anna", "--yes")
    assert "This deletes #2 Anna Blu with 1 link." in result.stderr
    assert result.stdout == "Deleted #2 Anna Blu\n"
    assert [c["name"] for c in net.json("list")] == ["Carlo Neri"]
    assert net.json("show", "carlo")["links"] == []


@pytest.mark.sqlite_only("reads the store file's and its -wal's bytes")
def test_rm_really_erases_the_name_from_the_file(net, env: Path):
    net("add", "Zebediah Quuxworth", "--note", "secret-note-xyzzy")
    net("rm", "Zebediah", "--yes")
    for suffix in ("", "-wal"):
        path = Path(str(env) + suffix)
        if path.exists():
            data = path.read_bytes()
            assert b"Zebediah" not in data and b"xyzzy" not in data


def test_rm_me_is_refused(net, store):
    assert "cannot remove yourself" in net("rm", "me", "--yes", code=3).stderr


def test_merge_moves_everything_and_fills_empty_fields(net):
    net("add", "Maria Rossi", "--email", "maria@studio.it", "--tag", "lawyer")
    net(
        "add",
        "M. Rossi",
        "--email",
        "mrossi@gmail.com",
        "--company",
        "Studio Rossi",
        "--tag",
        "bni",
        "--phone",
        "333 1",
    )
    net("add", "Carlo Neri")
    net("link", "M. Rossi", "carlo", "--strength", "4")
    result = net("merge", "Maria Rossi", "M. Rossi", "--yes", "--json")
    merged = json.loads(result.stdout)
    assert merged["id"] == 2
    assert merged["emails"] == ["maria@studio.it", "mrossi@gmail.com"]
    assert merged["company"] == "Studio Rossi"
    assert merged["tags"] == ["bni", "lawyer"]
    assert merged["phones"] == ["333 1"]
    assert [(k["contact"], k["strength"]) for k in net.json("show", "maria")["links"]] == [
        ("Carlo Neri", 4)
    ]
    assert [c["name"] for c in net.json("list")] == ["Carlo Neri", "Maria Rossi"]


def test_merge_keeps_stronger_link_and_drops_self_links(net):
    net("add", "Anna Blu")
    net("add", "Anna B.")
    net("add", "Carlo Neri")
    net("link", "Anna Blu", "carlo", "--strength", "2")
    net("link", "Anna B.", "carlo", "--strength", "5")
    net("link", "Anna Blu", "Anna B.")
    net("merge", "Anna Blu", "Anna B.", "--yes")
    assert [(k["contact"], k["strength"]) for k in net.json("show", "Anna Blu")["links"]] == [
        ("Carlo Neri", 5)
    ]


def test_link_and_unlink(net):
    net("add", "Anna Blu")
    net("add", "Carlo Neri")
    assert net("link", "anna", "carlo", "--note", "college").stdout == (
        "Linked Anna Blu and Carlo Neri (strength 3)\n"
    )
    net("link", "carlo", "anna", "--strength", "5")
    assert net.json("show", "anna")["links"][0]["strength"] == 5
    net("link", "anna", "anna", code=3)
    net("link", "anna", "carlo", "--strength", "0", code=2)
    assert net("unlink", "anna", "carlo").stdout == "Unlinked Anna Blu and Carlo Neri\n"
    assert "no link between" in net("unlink", "anna", "carlo", code=3).stderr


def test_store_rows_match_the_read_path(net, store_sql):
    """The write path keeps derived columns that the read path shows unchanged."""
    net("add", "Anna Blu", "--every", "2w")
    with store_sql() as conn:
        row = conn.execute("SELECT next_due, search_key FROM contact WHERE id = 2").fetchone()
    assert tuple(row) == ("2026-12-11", "anna blu")


def test_merge_with_itself_is_refused_before_anything(net):
    net("add", "Anna Blu")
    result = net("merge", "Anna", "#2", "--yes", code=3)
    assert result.stderr == "error: 'Anna' and '#2' are the same contact (#2)\n"


def test_show_me_says_it_is_you(net, store):
    out = net("show", "me").stdout
    assert "this is you" in out
    assert "trust" not in out and "in touch" not in out
