"""Pure rules of the follow-up queue (services.followups, services.touch.next_due)."""

from __future__ import annotations

import shlex
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from netcli.dates import days_text, next_birthday
from netcli.services.followups import (
    DueItem,
    birthday_date,
    birthday_ranges,
    cadence_date,
    intro_check_date,
    shell_ref,
    sort_items,
    stale_ask_date,
)
from netcli.services.touch import next_due

D = date.fromisoformat


def test_cadence_counts_from_last_touch_or_added_date_and_a_snooze_holds_it() -> None:
    assert cadence_date(None, D("2026-11-01"), D("2026-01-01"), None) is None
    assert cadence_date("2w", D("2026-11-01"), D("2026-01-01"), None) == D("2026-11-15")
    assert cadence_date("1m", None, D("2026-10-27"), None) == D("2026-11-27")
    assert cadence_date("1m", D("2026-01-31"), D("2025-01-01"), None) == D("2026-02-28")
    assert cadence_date("1m", D("2028-01-31"), D("2025-01-01"), None) == D("2028-02-29")
    assert cadence_date("1m", D("2026-11-01"), D("2026-01-01"), D("2026-12-10")) == D("2026-12-10")
    # A snooze in the past never moves a date back.
    assert cadence_date("1m", D("2026-11-01"), D("2026-01-01"), D("2026-11-05")) == D("2026-12-01")


def test_intro_and_ask_dates() -> None:
    assert intro_check_date(D("2026-11-20"), 7, None) == D("2026-11-27")
    assert intro_check_date(D("2026-11-20"), 0, None) == D("2026-11-20")
    assert intro_check_date(D("2026-11-20"), 7, D("2026-12-01")) == D("2026-12-01")
    assert stale_ask_date(D("2026-11-13"), 14, None) == D("2026-11-27")
    assert stale_ask_date(D("2026-11-13"), 14, D("2026-11-01")) == D("2026-11-27")


def test_birthday_this_year_next_year_and_feb_29() -> None:
    assert birthday_date("11-27", D("2026-11-27"), None) == D("2026-11-27")
    assert birthday_date("1980-11-26", D("2026-11-27"), None) == D("2027-11-26")
    assert birthday_date("02-29", D("2027-01-10"), None) == D("2027-02-28")
    assert birthday_date("02-29", D("2028-01-10"), None) == D("2028-02-29")
    assert birthday_date("02-29", D("2027-03-01"), None) == D("2028-02-29")
    # A birthday cannot move: before the snooze date it is skipped.
    assert birthday_date("11-29", D("2026-11-27"), D("2026-12-01")) is None
    assert birthday_date("11-29", D("2026-11-27"), D("2026-11-29")) == D("2026-11-29")


@given(
    st.dates(min_value=D("2000-01-01"), max_value=D("2100-12-31")),
    st.integers(min_value=0, max_value=400),
    st.dates(min_value=D("2000-01-01"), max_value=D("2000-12-31")),  # 2000 has 29 Feb
)
def test_birthday_ranges_hold_every_birthday_of_the_window(on: date, days: int, born: date) -> None:
    until = on + timedelta(days=days)
    month_day = born.strftime("%m-%d")
    falls_inside = next_birthday(month_day, on) <= until
    ranges = birthday_ranges(on, until)
    selected = ranges is None or any(low <= month_day <= high for low, high in ranges)
    if falls_inside:
        assert selected


def test_next_due_takes_the_earliest_and_a_snooze_holds_only_the_cadence() -> None:
    added = D("2026-01-01")
    assert next_due(None, None, added, [], None) is None
    assert next_due("1m", D("2026-11-01"), added, [], None) == D("2026-12-01")
    assert next_due("1m", D("2026-11-01"), added, [D("2026-11-20")], None) == D("2026-11-20")
    assert next_due("1m", D("2026-11-01"), added, [], D("2026-12-20")) == D("2026-12-20")
    # A reminder set after a snooze still counts: snooze moves reminders itself.
    assert next_due("1m", D("2026-11-01"), added, [D("2026-11-28")], D("2026-12-20")) == D(
        "2026-11-28"
    )
    assert next_due(None, None, added, [D("2026-12-03"), D("2026-11-29")], None) == D("2026-11-29")


def item(name: str, reason: str, overdue: int, ref: dict[str, int] | None = None) -> DueItem:
    on = D("2026-11-27")
    return DueItem(1, name, reason, on - timedelta(days=overdue), overdue, "", ref, "")


def test_sort_most_overdue_then_reason_then_name_accent_blind() -> None:
    items = [
        item("Zeno", "birthday", 0),
        item("Anna", "birthday", 0),
        item("Élodie", "cadence", 3),
        item("Bruno", "cadence", 3),
        item("Carla", "reminder", 3, {"reminder": 2}),
        item("Carla", "reminder", 3, {"reminder": 1}),
        item("Dario", "ask", -2),
        item("Ugo", "intro", 10),
    ]
    assert [(i.contact, i.reason) for i in sort_items(items)] == [
        ("Ugo", "intro"),
        ("Carla", "reminder"),
        ("Carla", "reminder"),
        ("Bruno", "cadence"),
        ("Élodie", "cadence"),
        ("Anna", "birthday"),
        ("Zeno", "birthday"),
        ("Dario", "ask"),
    ]
    assert [i.ref for i in sort_items(items)][1:3] == [{"reminder": 1}, {"reminder": 2}]
    assert [i.group for i in sort_items(items)][-3:] == ["today", "today", "upcoming"]


def test_shell_refs_paste_safely() -> None:
    assert shell_ref("Maria", 2, False) == "Maria"
    assert shell_ref("Maria Rossi", 2, False) == '"Maria Rossi"'
    assert shell_ref("Nicolò D'Angelo", 2, False) == '"Nicolò D\'Angelo"'
    assert shell_ref('Al "Bud" $Smith', 2, False) == "'Al \"Bud\" $Smith'"
    assert shell_ref("O'Brien $x", 2, False) == "'O'\"'\"'Brien $x'"
    for name in ("O'Brien $x", 'Al "Bud" $Smith', "Zoë 🌸 `id`", "a\\b!"):
        assert shlex.split(shell_ref(name, 2, False)) == [name]  # the shell reads it back
    assert shell_ref("Maria Rossi", 2, True) == "2"
    assert shell_ref("2024", 9, False) == "9"
    assert shell_ref("-x", 9, False) == "9"


def test_days_text() -> None:
    assert [days_text(n) for n in (0, 1, 12, -1, -3)] == [
        "today",
        "1 day ago",
        "12 days ago",
        "in 1 day",
        "in 3 days",
    ]


def test_the_benchmark_store_builds_at_a_tiny_scale(tmp_path: Path) -> None:
    """benchmarks/make_store.py through the store layer: counts, and a due queue to time."""
    import importlib.util
    import sqlite3

    from netcli.services.followups import due_items
    from netcli.store.db import connect_read

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "make_store.py"
    spec = importlib.util.spec_from_file_location("make_store", script)
    assert spec and spec.loader
    make_store = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_store)
    store = tmp_path / "bench.db"
    counts = make_store.build(store, 0.02, D("2026-11-27"))
    assert counts["contacts"] == 200 and counts["interactions"] == 2000
    conn = sqlite3.connect(store)
    assert conn.execute("SELECT count(*) FROM give").fetchone()[0] == 400
    assert conn.execute("SELECT count(*) FROM contact WHERE next_due IS NOT NULL").fetchone()[0]
    conn.close()
    read = connect_read(store)
    try:
        assert due_items(read, D("2026-11-27"), 7)
    finally:
        read.close()
