"""`net group …` (spec §12): the roster, the ledger and the views, through the CLI."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from netcli.store import migrations

# This file runs on both backends (tests/cli/conftest.py): on PostgreSQL the member running
# `net` is the test server's role, a superuser (the sharing policies are
# tests/cli/test_groups_pg.py's, with roles that are not).


@pytest.fixture
def chapter(net):
    """A group of five: me (admin), and four contacts of mine with a category each."""
    net("add", "Giulia Bianchi", "--category", "commercialista")
    net("add", "Nicolò Ferrari", "--category", "avvocato")
    net("add", "Alessia Romano", "--category", "fotografa")
    net("add", "Luca Fumagalli", "--category", "geometra")
    net("group", "init", "BNI Leonardo", "--category", "consulente", "--since", "2026-01-01")
    for name in ("giulia", "nicolo", "alessia", "luca"):
        net("group", "add", name, "--since", "2026-01-01")
    return net


def test_a_store_without_a_group_says_how_to_make_one(net):
    net("add", "Anna Blu")
    result = net("group", "members", code=3)
    assert result.stderr == (
        "error: this store has no group yet: net group init NAME creates one\n"
    )
    result = net("group", "refer", "anna", "a lead", code=3)
    assert "net group init NAME" in result.stderr


def test_init_makes_me_the_first_member_and_admin(net, store_backend):
    out = net.json("group", "init", "BNI Leonardo", "--category", "consulente")
    assert out["group"] == "BNI Leonardo"
    me = out["member"]
    # on PostgreSQL: the role running net
    role = me["role"] if store_backend == "postgresql" else None
    assert (me["admin"], me["category"], me["role"]) == (True, "consulente", role)
    assert role is None or role
    assert set(me) >= {"id", "name", "category", "company", "admin", "since", "contact_id", "role"}
    second = net("group", "init", "Another", code=3)
    assert second.stderr == "error: this store already has a group: BNI Leonardo\n"


def test_members_lists_the_roster_in_every_format(chapter):
    rows = chapter.json("group", "members")
    assert [r["name"] for r in rows] == [
        "Alessia Romano",
        "Giulia Bianchi",
        "Luca Fumagalli",
        "Me",
        "Nicolò Ferrari",
    ]
    csv = chapter("group", "members", "--format", "csv").stdout.splitlines()
    assert csv[0] == "id,name,category,company,admin,since"
    assert len(csv) == 6


def test_one_member_per_category_and_gender_does_not_make_a_second(chapter):
    chapter("add", "Marco Neri", "--category", "fotografo")
    refused = chapter("group", "add", "marco", code=3)
    assert refused.stderr == (
        "error: Alessia Romano already covers 'fotografa': one member per category "
        "(--force adds a second one)\n"
    )
    forced = chapter.json("group", "add", "marco", "--force")
    assert forced["category"] == "fotografo"


def test_a_member_needs_a_category(chapter):
    chapter("add", "Senza Mestiere")
    result = chapter("group", "add", "senza", code=3)
    assert result.stderr == (
        "error: Senza Mestiere has no category: a member has one (use --category)\n"
    )
    assert chapter.json("group", "add", "senza", "--category", "notaio")["category"] == "notaio"


def test_the_same_contact_is_not_added_twice(chapter):
    result = chapter("group", "add", "giulia", code=3)
    assert "Giulia Bianchi is already a member" in result.stderr


def test_a_slip_moves_through_its_life_and_keeps_its_history(chapter):
    slip = chapter.json(
        "group", "refer", "alessia", "Matrimonio a giugno", "--hot", "4", "--prospect", "Irene"
    )
    assert slip["id"] == "s1"
    assert (slip["from"], slip["to"], slip["status"], slip["hot"]) == (
        "Me",
        "Alessia Romano",
        "open",
        4,
    )
    assert set(slip) == {
        "id", "from_id", "from", "to_id", "to", "text", "hot", "prospect", "date", "status",
        "status_on", "closed_value", "history",
    }  # fmt: skip
    chapter("group", "outcome", "s1", "contacted", "--date", "2026-11-28")
    chapter("group", "outcome", "1", "met", "--date", "2026-11-29")
    closed = chapter.json(
        "group", "outcome", "s1", "closed", "--value", "2.400", "--date", "2026-11-30"
    )
    assert (closed["status"], closed["closed_value"]) == ("business", 2400)
    assert [(h["status"], h["date"], h["value"]) for h in closed["history"]] == [
        ("open", "2026-11-27", None),
        ("contacted", "2026-11-28", None),
        ("met", "2026-11-29", None),
        ("business", "2026-11-30", 2400),
    ]
    # reopened, then declined: the closed value goes, the history keeps both
    chapter("group", "outcome", "s1", "met", "--date", "2026-11-30")
    declined = chapter.json("group", "outcome", "s1", "no-sale", "--date", "2026-11-30")
    assert (declined["status"], declined["closed_value"]) == ("declined", None)
    assert len(declined["history"]) == 6


def test_slip_rules_at_the_edges(chapter):
    assert chapter("group", "refer", "me", "x", code=3).stderr == (
        "error: a slip goes to another member, not to yourself\n"
    )
    assert chapter("group", "refer", "alessia", "x", "--hot", "9", code=2).exit_code == 2
    assert chapter("group", "refer", "nobody", "x", code=3).stderr.startswith(
        "error: no member matches 'nobody'"
    )
    chapter("group", "refer", "alessia", "a lead")
    assert chapter("group", "outcome", "s1", "won", code=2).stderr.startswith(
        "error: a slip status is one of open, contacted, met, business, declined"
    )
    assert chapter("group", "outcome", "s1", "met", "--value", "10", code=2).stderr == (
        "error: --value goes with the status 'business' only\n"
    )
    assert chapter("group", "outcome", "s9", "met", code=3).stderr == (
        "error: no slip s9 (see 'net group slips')\n"
    )
    assert chapter("group", "outcome", "s1", "met", "--date", "2026-11-01", code=3).stderr == (
        "error: slip s1 is dated 2026-11-27: a change cannot come before\n"
    )


def test_a_mistyped_member_gets_a_suggestion(chapter):
    result = chapter("group", "refer", "giula", "a lead", code=3)
    assert result.stderr == "error: no member matches 'giula'\ndid you mean: Giulia Bianchi?\n"


def test_an_admin_records_paper_slips_for_other_members(chapter):
    slip = chapter.json("group", "refer", "luca", "Pratica catastale", "--from", "giulia")
    assert (slip["from"], slip["to"]) == ("Giulia Bianchi", "Luca Fumagalli")


def test_thanks_close_the_slip_they_are_for(chapter):
    chapter("group", "refer", "me", "Consulenza", "--from", "nicolo")
    thanks = chapter.json("group", "thanks", "nicolo", "1.500", "--for", "s1", "-m", "grazie")
    assert (thanks["from"], thanks["to"], thanks["value"], thanks["slip_id"]) == (
        "Me", "Nicolò Ferrari", 1500, "s1",
    )  # fmt: skip
    slip = chapter.json("group", "slips")[0]
    assert (slip["status"], slip["closed_value"]) == ("business", 1500)
    wrong = chapter("group", "thanks", "giulia", "100", "--for", "s1", code=3)
    assert wrong.stderr == (
        "error: slip s1 went from Nicolò Ferrari to Me, not from Giulia Bianchi to Me\n"
    )
    assert chapter("group", "thanks", "giulia", "0", code=3).exit_code == 3


def test_a_member_who_leaves_keeps_their_records(chapter):
    chapter("group", "refer", "luca", "a lead")
    chapter("group", "one-to-one", "luca", "--date", "2026-11-20")
    left = chapter.json("group", "rm", "luca")
    assert left["left_on"] == "2026-11-27"
    assert "Luca Fumagalli" not in [m["name"] for m in chapter.json("group", "members")]
    assert "Luca Fumagalli" in [m["name"] for m in chapter.json("group", "members", "--all")]
    assert chapter.json("group", "slips")[0]["to"] == "Luca Fumagalli"
    report = chapter.json("group", "report")
    luca = next(r for r in report["members"] if r["member"] == "Luca Fumagalli")
    assert (luca["slips_received"], luca["one_to_ones"]) == (1, 1)
    assert chapter("group", "refer", "#5", "another", code=3).stderr == (
        "error: Luca Fumagalli left the group on 2026-11-27\n"
    )
    # the category is free again
    chapter("add", "Paolo Gialli", "--category", "geometra")
    chapter("group", "add", "paolo")


def test_the_only_admin_cannot_leave(chapter):
    assert chapter("group", "rm", "me", code=3).stderr == (
        "error: Me is the group's only admin: add another admin first\n"
    )


def test_meetings_attendance_and_their_edges(chapter):
    out = chapter.json(
        "group", "meeting", "--date", "2026-11-26", "--absent", "nicolo", "--late", "giulia",
        "--substitute", "alessia=Marco Sala",
    )  # fmt: skip
    assert out["absent"] == ["Nicolò Ferrari"]
    assert out["late"] == ["Giulia Bianchi"]
    assert out["substitutes"] == [{"member": "Alessia Romano", "substitute": "Marco Sala"}]
    assert sorted(out["present"]) == ["Luca Fumagalli", "Me"]
    again = chapter("group", "meeting", "--date", "2026-11-26", code=3)
    assert again.stderr == (
        "error: a meeting on 2026-11-26 is already recorded (--replace records its "
        "attendance again)\n"
    )
    assert chapter.json("group", "meeting", "--date", "2026-11-26", "--replace")["absent"] == []
    chapter("add", "Estranea Rossi", "--category", "notaio")
    stranger = chapter("group", "meeting", "--date", "2026-11-19", "--absent", "estranea", code=3)
    assert stranger.stderr.startswith("error: no member matches 'estranea'")
    twice = chapter("group", "meeting", "--absent", "luca", "--late", "luca", code=3)
    assert twice.stderr == "error: Luca Fumagalli is named twice in this meeting\n"
    bad = chapter("group", "meeting", "--substitute", "luca", code=3)
    assert bad.stderr == "error: --substitute takes MEMBER=NAME, not 'luca'\n"
    before = chapter("group", "meeting", "--date", "2025-12-01", "--absent", "luca", code=3)
    assert before.stderr == "error: Luca Fumagalli was not a member on 2025-12-01\n"


def test_report_counts_per_member_and_for_the_chapter(chapter):
    chapter("group", "meeting", "--date", "2026-11-19", "--late", "giulia")
    chapter("group", "meeting", "--date", "2026-11-26", "--absent", "giulia",
            "--substitute", "luca=Marco Sala")  # fmt: skip
    chapter("group", "refer", "giulia", "lead one")
    chapter("group", "refer", "me", "lead two", "--from", "giulia")
    chapter("group", "thanks", "giulia", "1000")
    chapter("group", "one-to-one", "giulia")
    chapter("group", "visitor", "Paolo Neri", "--category", "notaio", "--by", "giulia")
    report = chapter.json("group", "report", "--since", "2026-11-01")
    assert (report["since"], report["until"]) == ("2026-11-01", "2026-11-27")
    giulia = next(r for r in report["members"] if r["member"] == "Giulia Bianchi")
    assert giulia == {
        "member_id": giulia["member_id"], "member": "Giulia Bianchi", "category": "commercialista",
        "present": 1, "absent": 1, "late": 1, "substitutes": 0, "slips_given": 1,
        "slips_received": 1, "thanks_given": 0, "thanks_received": 1000, "one_to_ones": 1,
        "visitors": 1,
    }  # fmt: skip
    luca = next(r for r in report["members"] if r["member"] == "Luca Fumagalli")
    assert (luca["present"], luca["absent"], luca["substitutes"]) == (1, 0, 1)
    totals = report["totals"]
    assert (totals["present"], totals["absent"], totals["slips_given"]) == (8, 1, 2)
    assert (totals["thanks_given"], totals["one_to_ones"], totals["visitors"]) == (1000, 1, 1)
    # outside the period, nothing counts
    empty = chapter.json("group", "report", "--until", "2026-11-18")
    assert empty["totals"]["present"] == 0
    csv = chapter("group", "report", "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("member,category,present,absent,late,substitutes,slips_given")
    text = chapter("group", "report").stdout
    assert "Chapter total" in text


def test_visitors_and_the_rest_need_an_admin_and_real_members(chapter):
    assert chapter.json("group", "visitor", "Paolo Neri")["by"] is None
    assert chapter("group", "visitor", " ", code=3).stderr == "error: a visitor needs a name\n"


def test_gaps_show_uncovered_categories_and_whom_to_invite(chapter, tmp_path: Path):
    chapter("add", "Francesca Sartori", "--category", "Notaio")
    rows = chapter.json("group", "gaps")
    by_category = {r["category"]: r for r in rows}
    assert by_category["commercialista"]["covered_by"] == "Giulia Bianchi"
    assert by_category["commercialista"]["candidates"] == []
    notaio = by_category["notaio"]
    assert notaio["sphere"] == "casa" and notaio["covered_by"] is None
    assert [c["contact"] for c in notaio["candidates"]] == ["Francesca Sartori"]
    spheres = tmp_path / "spheres.toml"
    spheres.write_text('legale = ["avvocato", "notaio", "mediatore"]\n', encoding="utf-8")
    mine = chapter.json("group", "gaps", "--spheres", str(spheres))
    assert [(r["category"], r["covered_by"]) for r in mine] == [
        ("avvocato", "Nicolò Ferrari"), ("notaio", None), ("mediatore", None),
    ]  # fmt: skip
    spheres.write_text("legale = 3\n", encoding="utf-8")
    bad = chapter("group", "gaps", "--spheres", str(spheres), code=3)
    assert "'legale' must be a list of categories" in bad.stderr
    spheres.write_text("legale = [\n", encoding="utf-8")
    assert "is not valid TOML" in chapter("group", "gaps", "--spheres", str(spheres), code=3).stderr


def test_scorecard_lights_against_the_configured_goals(chapter):
    chapter("config", "group.goal.slips", "2")
    chapter("config", "group.goal.one_to_ones", "1")
    for n in range(2):
        chapter("group", "refer", "giulia", f"lead {n}")
    chapter("group", "one-to-one", "giulia")
    rows = {r["member"]: r for r in chapter.json("group", "scorecard")}
    me = rows["Me"]
    assert set(me) >= {"member_id", "member", "attendance", "slips", "one_to_ones", "visitors",
                       "thanks", "overall"}  # fmt: skip
    assert (me["slips"], me["one_to_ones"], me["attendance"]) == ("green", "green", "green")
    assert rows["Luca Fumagalli"]["slips"] == "red"
    one = chapter.json("group", "scorecard", "giulia")
    assert [r["member"] for r in one] == ["Giulia Bianchi"]
    assert chapter("config", "group.goal.attendance", "120", code=3).exit_code == 3


def test_slips_reach_my_due_queue_both_ways(chapter):
    # received: act within due.referral_days (2), on the giver, naming the prospect
    chapter("group", "refer", "me", "Eredità da dividere", "--from", "nicolo",
            "--prospect", "Lucia Moretti", "--date", "2026-11-24")  # fmt: skip
    # given: checked due.intro_days (7) after its last change, on the receiver
    chapter("group", "refer", "luca", "Pratica catastale", "--date", "2026-11-19")
    items = [i for i in chapter.json("due") if i["reason"] == "referral"]
    assert [(i["contact"], i["due"], i["ref"], i["command"]) for i in items] == [
        ("Luca Fumagalli", "2026-11-26", {"slip": 2}, "net group outcome s2 met"),
        ("Nicolò Ferrari", "2026-11-26", {"slip": 1}, "net group outcome s1 contacted"),
    ]
    assert "contact Lucia Moretti: Eredità da dividere" in items[1]["detail"]
    chapter("group", "outcome", "s1", "contacted")
    chapter("group", "outcome", "s2", "declined")
    assert [i for i in chapter.json("due") if i["reason"] == "referral"] == []
    chapter("group", "outcome", "s1", "met", "--date", "2026-11-27")
    # a received slip past `open` is the giver's to check, not mine
    assert [i for i in chapter.json("due", "--days", "30") if i["reason"] == "referral"] == []


def test_show_a_member_with_their_slips_and_thanks(chapter):
    chapter("group", "refer", "giulia", "Apre una srl")
    chapter("group", "thanks", "giulia", "300")
    group = chapter.json("show", "giulia")["group"]
    assert (group["member"]["category"], group["member"]["since"]) == (
        "commercialista",
        "2026-01-01",
    )
    assert [s["id"] for s in group["slips"]] == ["s1"]
    assert [t["value"] for t in group["thanks"]] == [300]
    text = chapter("show", "giulia").stdout
    assert "Group member · commercialista · since 2026-01-01" in text
    assert "slip Me → Giulia Bianchi: Apre una srl (open)" in text
    chapter("add", "Not Amember")
    assert chapter.json("show", "not amember")["group"] is None


def test_prep_of_a_member_shows_their_group_slips_and_thanks(chapter):
    chapter("group", "refer", "giulia", "Apre una srl", "--prospect", "Dario Conti")
    chapter("group", "thanks", "giulia", "300")
    sheet = chapter.json("prep", "giulia")
    group = sheet["group"]
    assert group["member"]["category"] == "commercialista"
    assert [(s["id"], s["from"], s["to"]) for s in group["slips"]] == [
        ("s1", "Me", "Giulia Bianchi")
    ]
    assert [t["value"] for t in group["thanks"]] == [300]
    text = chapter("prep", "giulia").stdout
    assert "\nGroup member · commercialista · since 2026-01-01\n" in text
    assert "  s1 2026-11-27 slip Me → Giulia Bianchi: Apre una srl (open)\n" in text
    assert "  2026-11-27 thanks Me → Giulia Bianchi: 300.00 EUR" in text
    markdown = chapter("prep", "giulia", "--format", "markdown").stdout
    assert "\n## Group member · commercialista · since 2026-01-01\n\n- s1 2026-11-27" in markdown
    chapter("add", "Not Amember")
    assert chapter.json("prep", "not amember")["group"] is None
    assert "Group member" not in chapter("prep", "not amember").stdout


def test_report_draws_its_months_as_a_self_contained_svg(chapter, tmp_path: Path):
    import xml.etree.ElementTree as ET

    chapter("group", "refer", "giulia", "lead", "--date", "2026-10-05")
    chapter("group", "refer", "luca", "lead", "--date", "2026-11-05")
    chapter("group", "thanks", "nicolo", "1.500", "--date", "2026-11-06")
    picture = tmp_path / "chart.svg"
    result = chapter("group", "report", "--since", "2026-10-01", "--svg", str(picture))
    assert result.stderr.endswith(f"Chart written to {picture}\n")
    root = ET.fromstring(picture.read_bytes())
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "BNI Leonardo: 2026-10-01 to 2026-11-27" in texts
    assert {"slips", "one-to-ones", "Oct", "Nov", "1.5k"} <= set(texts)
    assert b"href" not in picture.read_bytes() and b"url(" not in picture.read_bytes()
    months = chapter.json("group", "report", "--since", "2026-10-01")["months"]
    assert [(m["month"], m["slips"], m["thanks_value"]) for m in months] == [
        ("2026-10", 1, 0), ("2026-11", 1, 1500),
    ]  # fmt: skip


def test_hostile_names_never_reach_the_terminal(chapter):
    chapter("group", "refer", "alessia", "lead \x1b[31mred\x1b[0m")
    out = chapter("group", "slips").stdout
    assert "\x1b" not in out


def test_demo_group_fills_a_chapter(net):
    out = net.json("demo", "--group")
    assert out["group"]["members"] == 25
    assert out["group"]["meetings"] >= 26
    report = net.json("group", "report")
    assert report["totals"]["slips_given"] > 100
    lights = {r["overall"] for r in net.json("group", "scorecard")}
    assert lights == {"green", "yellow", "red"}
    statuses = {s["status"] for s in net.json("group", "slips")}
    assert statuses == {"open", "contacted", "met", "business", "declined"}
    assert any(r["covered_by"] is None and r["candidates"] for r in net.json("group", "gaps"))


def _schema(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            "columns": {t: conn.execute(f"PRAGMA table_info({t})").fetchall() for t in tables},
            "indexes": sorted(
                (name, tuple(conn.execute(f"PRAGMA index_xinfo({name})").fetchall()))
                for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")
            ),
            "version": conn.execute("PRAGMA user_version").fetchone()[0],
        }
    finally:
        conn.close()


@pytest.mark.sqlite_only("rebuilds a SQLite file from before groups")
def test_a_store_from_before_groups_migrates_to_what_a_fresh_store_is(net, env: Path):
    net("add", "Anna Blu", "--category", "notaio")
    fresh = _schema(env)
    conn = sqlite3.connect(env)
    for table in reversed(migrations.GROUP_TABLES):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    assert _schema(env) != fresh
    net("group", "init", "BNI")
    assert _schema(env) == fresh
    assert net.json("group", "members")[0]["name"] == "Me"
