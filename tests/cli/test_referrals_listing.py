"""`net referrals` on a big store (issue 15 item 8): one statement for the listing, and the
status histories read only by the formats that show them (JSON, JSONL)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcli.output import display_width
from netcli.store import db


def _statements(net: Any, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[str, list[str]]:
    statements: list[str] = []
    original = db.apply_pragmas

    def tracing(conn: sqlite3.Connection) -> None:
        original(conn)
        conn.set_trace_callback(statements.append)

    monkeypatch.setattr(db, "apply_pragmas", tracing)
    out = net(*args).stdout
    monkeypatch.setattr(db, "apply_pragmas", original)
    return out, statements


@pytest.mark.sqlite_only("traces the statements through sqlite3's trace callback")
def test_a_listing_reads_no_history_and_json_keeps_it(
    net: Any, env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    net("add", "Anna Blu")
    net("add", "Bruno Verdi")
    net("got", "Anna", "un notaio", "--date", "2026-11-20")
    net("give", "Bruno", "un commercialista", "--date", "2026-11-21")
    net("give", "Anna", "una lead", "--date", "2026-11-21")
    net("outcome", "g2", "contacted")
    table, read = _statements(net, monkeypatch, "referrals", "--open")
    assert [line.split()[0] for line in table.splitlines()] == ["ID", "g3", "g2", "g1"]
    assert not any("status_change" in s for s in read)
    for fmt in ("csv", "tsv"):
        _, read = _statements(net, monkeypatch, "referrals", "--open", "--format", fmt)
        assert not any("status_change" in s for s in read)
    found, read = _statements(net, monkeypatch, "referrals", "--open", "--json")
    assert any("status_change" in s for s in read)
    rows = json.loads(found)
    assert [g["id"] for g in rows] == [3, 2, 1]
    assert [h["status"] for h in rows[1]["history"]] == ["open", "contacted"]
    found, read = _statements(net, monkeypatch, "referrals", "--open", "--limit", "2", "--json")
    assert [g["id"] for g in json.loads(found)] == [3, 2]
    assert any("LIMIT 2" in s for s in read)  # the rest is never read
    lines, _ = _statements(net, monkeypatch, "referrals", "--format", "jsonl")
    assert [h["status"] for h in json.loads(lines.splitlines()[1])["history"]] == [
        "open",
        "contacted",
    ]


def _slow_width(text: str) -> int:
    import unicodedata

    return sum(
        0
        if unicodedata.combining(ch) or ch in "\u200d\ufe0f"
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in text
    )


@given(st.text(alphabet=st.sampled_from("aè→─…\u00a0\u0301中 Z😀\u200d"), max_size=12))
def test_display_width_fast_path_counts_as_the_slow_one(text: str) -> None:
    """The arrow of `from → to` keeps a cell on the fast path, with the same width."""
    assert display_width(text) == _slow_width(text)
