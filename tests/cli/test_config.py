"""`net config`: every value is checked before it is stored, and named when refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("currency", "chf", "CHF"),
        ("currency", " usd ", "USD"),
        ("dates.order", "MDY", "mdy"),
        ("due.intro_days", "0", "0"),
        ("due.intro_days", "007", "7"),
        ("due.ask_days", "3650", "3650"),
    ],
)
def test_config_values_are_stored_canonical(net: Any, key: str, value: str, stored: str) -> None:
    assert net("config", key, value).stdout == f"{key} = {stored}\n"
    assert net("config", key).stdout == f"{stored}\n"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("due.intro_days", "²", "expected a number of days (0-3650), not '²'"),
        ("due.intro_days", "١٢", "expected a number of days (0-3650), not '١٢'"),
        ("due.ask_days", "+1", "expected a number of days (0-3650), not '+1'"),
        ("due.ask_days", "3651", "expected a number of days (0-3650), not '3651'"),
        ("due.ask_days", "1e3", "expected a number of days"),
        ("dates.order", "ymd", "dates.order is dmy or mdy, not 'ymd'"),
        ("currency", "€", "a currency is a 3-letter code such as EUR, not '€'"),
        ("currency", "EURO", "a currency is a 3-letter code"),
        ("currency", "ÉUR", "a currency is a 3-letter code"),
        ("nope", "1", "unknown setting 'nope'"),
    ],
)
def test_bad_config_values_are_one_line_and_change_nothing(
    net: Any, key: str, value: str, message: str
) -> None:
    net("add", "Maria")  # a store exists
    before = net("config").stdout
    r = net("config", key, value, code=3)
    assert r.stderr.startswith(f"error: {message}") and r.stderr.count("\n") == 1
    assert net("config").stdout == before


def test_an_imported_document_cannot_bring_a_bad_setting(net: Any, tmp_path: Path) -> None:
    net("add", "Maria")
    document = json.loads(net("export", "--to", "json").stdout)
    document["config"]["due.intro_days"] = "²"
    fresh = str(tmp_path / "fresh.db")
    r = net("--db", fresh, "import", "-", input=json.dumps(document), code=3)
    assert "config due.intro_days: expected a number of days" in r.stderr
    # one error line (after the line saying the new store was created)
    assert [li for li in r.stderr.splitlines() if not li.startswith("Created a new store")] == [
        r.stderr.splitlines()[-1]
    ]
