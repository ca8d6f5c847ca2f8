"""Dates and intervals people type, through the CLI: read right, or one line and exit 3."""

from __future__ import annotations

from typing import Any

import pytest

ERROR_RANGE = "is out of range: dates go from 1000-01-01 to 9000-12-31"


@pytest.fixture
def maria(net: Any) -> Any:
    net("add", "Maria Rossi")
    return net


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01-11-2026", "2026-11-01"),
        ("1/11", "2026-11-01"),
        ("1.12", "2025-12-01"),  # without a year, a log is the latest such day: it happened
        ("oggi", "2026-11-27"),
        ("ieri", "2026-11-26"),
        ("3 giorni fa", "2026-11-24"),
        ("1 novembre 2026", "2026-11-01"),
    ],
)
def test_log_dates_people_type(maria: Any, typed: str, stored: str) -> None:
    assert maria.json("log", "Maria", "--date", typed)["date"] == stored


@pytest.mark.parametrize(
    "typed", ["tomorrow", "next week", "next month", "tra un mese", "2026-11-28"]
)
def test_a_future_log_date_is_refused_pointing_to_remind(maria: Any, typed: str) -> None:
    r = maria("log", "Maria", "--date", typed, code=3)
    assert r.stderr.startswith(f"error: --date {typed}")
    assert "in the future" in r.stderr and 'net remind "Maria Rossi" 20' in r.stderr
    assert r.stderr.count("\n") == 1
    assert maria.json("show", "Maria")["last_contact"] is None


def test_remind_takes_the_forms_a_log_refuses(maria: Any) -> None:
    maria("remind", "Maria", "next week")
    maria("remind", "Maria", "tra un mese")
    due = maria.json("due", "--days", "60")
    assert [i["due"] for i in due if i["reason"] == "reminder"] == [
        "2026-11-30",
        "2026-12-27",
    ]


def test_day_month_order_setting(maria: Any) -> None:
    maria("config", "dates.order", "mdy")
    assert maria.json("log", "Maria", "--date", "11/02/2026")["date"] == "2026-11-02"
    maria("config", "dates.order", "dmy")
    assert maria.json("log", "Maria", "--date", "11/02/2026")["date"] == "2026-02-11"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "Bob", "--every", "9000y"), "error: '9000y' is too long for an interval"),
        (("edit", "Maria", "--every", "99999w"), "error: '99999w' is too long for an interval"),
        (("log", "Maria", "--date", "9999-12-31"), f"error: '9999-12-31' {ERROR_RANGE}"),
        (("due", "--on", "9999-12-25"), f"error: '9999-12-25' {ERROR_RANGE}"),
        (("remind", "Maria", "9999-12-25"), f"error: '9999-12-25' {ERROR_RANGE}"),
        (("remind", "Maria", "10000 years ago"), "error: cannot read '10000 years ago'"),
    ],
)
def test_dates_and_intervals_beyond_the_bounds_are_one_line(
    maria: Any, args: tuple[str, ...], message: str
) -> None:
    r = maria(*args, code=3)
    assert r.stderr.startswith(message) and r.stderr.count("\n") == 1


@pytest.mark.parametrize("args", [("due",), ("due", "--json"), ("log", "Maria"), ("list",)])
def test_net_today_beyond_the_bounds_is_one_line(net_proc: Any, net: Any, args: Any) -> None:
    net("add", "Maria Rossi")
    r = net_proc(*args, extra_env={"NET_TODAY": "9999-12-31"})
    assert (r.returncode, r.stdout) == (3, "") or (r.returncode, r.stderr) == (0, "")
    if r.returncode:
        assert r.stderr == f"error: NET_TODAY '9999-12-31' {ERROR_RANGE}\n"


def test_the_last_day_works_everywhere(maria: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NET_TODAY", "9000-12-31")
    maria("edit", "Maria", "--every", "100y", "--birthday", "12-31")
    maria("log", "Maria", "--date", "9000-12-31")
    maria("remind", "Maria", "9000-12-31")
    maria("due", "--days", "3650")
    maria("due", "--on", "9000-12-31", "--json")
    maria("digest")
