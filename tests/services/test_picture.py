"""The pure rules of `net graph` (services/picture.py) and of the calendar's UIDs."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from netcli.services.calendar import birthday_event, item_uid
from netcli.services.followups import DueItem
from netcli.services.picture import merge_edges, neighbourhood


def test_merge_keeps_the_strongest_and_every_kind():
    raw = [
        (2, 1, 3, "intro"),
        (1, 2, 5, "link"),
        (3, 3, 5, "link"),  # a loop is no edge
        (1, 9, 4, "link"),  # 9 is archived: not allowed
        (7, 2, 3, "introducer"),  # me (7) introducing: left out
        (4, 2, 4, "introducer"),
    ]
    edges = merge_edges(raw, {1, 2, 3, 4, 7}, me=7)
    assert {p: (e.strength, e.kinds) for p, e in edges.items()} == {
        (1, 2): (5, ("intro", "link")),
        (2, 4): (4, ("intro",)),
    }


@given(
    st.lists(st.tuples(st.integers(1, 8), st.integers(1, 8), st.integers(1, 5))), st.integers(0, 4)
)
def test_neighbourhood_is_within_hops(raw: list[tuple[int, int, int]], hops: int):
    edges = merge_edges([(a, b, s, "link") for a, b, s in raw], set(range(1, 9)))
    found = neighbourhood(edges, 1, hops)
    assert 1 in found
    grown = neighbourhood(edges, 1, hops + 1)
    assert found <= grown  # one hop more never loses anyone
    for node in grown - found:  # and whoever it adds touches what was there
        assert any(node in pair and (set(pair) - {node}) & found for pair in edges)


def item(reason: str, ref: dict[str, int] | None) -> DueItem:
    return DueItem(12, "Maria", reason, date(2026, 12, 1), -4, "", ref, "net done 12")


def test_uids_come_from_the_item_not_its_date():
    assert item_uid(item("reminder", {"reminder": 5})) == "reminder-r5-c12@netcli"
    assert item_uid(item("cadence", None)) == "cadence-c12@netcli"
    moved = DueItem(12, "Maria", "cadence", date(2027, 1, 9), 0, "", None, "")
    assert item_uid(moved) == item_uid(item("cadence", None))


def test_birthdays():
    event = birthday_event(3, "Luca", "02-29")
    assert event is not None and event.start == date(2000, 2, 29) and event.yearly
    assert birthday_event(3, "Luca", "1985-07-14").start == date(1985, 7, 14)  # type: ignore[union-attr]
    assert birthday_event(3, "Luca", "02-30") is None
