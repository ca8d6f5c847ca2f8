"""Tag cadences: `net config every.tag.TAG INTERVAL` (spec §6, §7)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcli.services.touch import effective_every, interval_days


@pytest.fixture
def chapter(net: Any) -> Any:
    net("add", "Anna Blu", "--tag", "bni")
    net("add", "Bruno Verdi", "--tag", "bni", "--tag", "vip", "--every", "3m")
    net("add", "Carla Neri", "--tag", "bni", "--tag", "vip")
    net("add", "Dario Gialli")
    return net


def cadences(net: Any) -> dict[str, Any]:
    return {r["contact"]: r["detail"] for r in net.json("due", "--days", "400")
            if r["reason"] == "cadence"}  # fmt: skip


def test_a_tag_cadence_reaches_due_show_and_list(chapter: Any) -> None:
    assert cadences(chapter) == {"Bruno Verdi": "every 3m, never in touch (added 2026-11-27)"}
    assert chapter("config", "every.tag.BNI", "2w").stdout == "every.tag.bni = 2w\n"
    assert cadences(chapter) == {
        "Anna Blu": "every 2w (tag bni), never in touch (added 2026-11-27)",
        "Carla Neri": "every 2w (tag bni), never in touch (added 2026-11-27)",
        "Bruno Verdi": "every 3m, never in touch (added 2026-11-27)",  # its own wins
    }
    shown = chapter.json("show", "anna")
    assert (shown["every"], shown["cadence"], shown["cadence_tag"]) == (None, "2w", "bni")
    assert shown["next_due"] == "2026-12-11"
    assert "every     2w (tag bni)" in chapter("show", "anna").stdout
    listed = [(r["name"], r["next_due"]) for r in chapter.json("list", "--sort", "due")]
    assert listed[:3] == [
        ("Anna Blu", "2026-12-11"),
        ("Carla Neri", "2026-12-11"),
        ("Bruno Verdi", "2027-02-27"),
    ]


def test_the_tightest_tag_wins_and_removing_a_setting_moves_dates_back(chapter: Any) -> None:
    chapter("config", "every.tag.bni", "2w")
    chapter("config", "every.tag.vip", "1w")
    assert chapter.json("show", "carla")["next_due"] == "2026-12-04"
    assert chapter.json("show", "anna")["next_due"] == "2026-12-11"
    assert chapter("config", "every.tag.vip", "none").stdout == "every.tag.vip removed\n"
    assert chapter.json("show", "carla")["next_due"] == "2026-12-11"
    result = chapter("config", "every.tag.vip", code=1)
    assert result.stdout == "" and "every.tag.vip is not set" in result.stderr
    assert chapter("config", "every.tag.bni").stdout == "2w\n"


def test_tagging_and_untagging_moves_the_due_date(chapter: Any) -> None:
    chapter("config", "every.tag.bni", "2w")
    chapter("edit", "dario", "--tag", "bni")
    assert chapter.json("show", "dario")["next_due"] == "2026-12-11"
    chapter("edit", "dario", "--untag", "bni")
    assert chapter.json("show", "dario")["next_due"] is None
    chapter("log", "anna", "--date", "2026-11-27")  # being in touch restarts the tag cadence
    assert chapter.json("show", "anna")["next_due"] == "2026-12-11"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("every.tag.bni", "often"), "often"),
        (("every.tag.", "2w"), "every.tag.TAG needs a tag"),
        (("every.bni", "2w"), "unknown setting 'every.bni'"),
    ],
)
def test_bad_tag_cadences_are_refused(chapter: Any, args: tuple[str, str], message: str) -> None:
    result = chapter("config", *args, code=3)
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert chapter.json("show", "anna")["next_due"] is None


def test_effective_every_rules() -> None:
    tags = {"bni": "2w", "vip": "1w", "club": "1m"}
    assert effective_every("3m", ["vip"], tags) == ("3m", None)
    assert effective_every(None, ["bni", "vip", "club"], tags) == ("1w", "vip")
    assert effective_every(None, ["other"], tags) == (None, None)


INTERVALS = st.sampled_from(["1d", "7d", "1w", "2w", "30d", "1m", "3m", "1y"])


@given(st.dictionaries(st.sampled_from("abcde"), INTERVALS, min_size=1))
def test_the_tightest_is_never_longer_than_any_tag_cadence(tags: dict[str, str]) -> None:
    every, tag = effective_every(None, list(tags), tags)
    assert every is not None and tag in tags
    assert all(interval_days(every) <= interval_days(other) for other in tags.values())


def test_tag_cadences_survive_export_and_import(chapter: Any, tmp_path, monkeypatch) -> None:
    chapter("config", "every.tag.bni", "2w")
    document = chapter("export").stdout
    monkeypatch.setenv("NET_DB", str(tmp_path / "other.db"))
    chapter("import", "-", input=document)
    assert chapter("config", "every.tag.bni").stdout == "2w\n"
    assert chapter.json("show", "anna")["next_due"] == "2026-12-11"
