"""`net due --format ics` and `net export --to ics` (spec §6): a file a calendar subscribes to."""

from __future__ import annotations

import contextlib
import io
from datetime import date
from typing import Any

import icalendar

from netcli.cli import fast


def events(text: str) -> dict[str, Any]:
    cal = icalendar.Calendar.from_ical(text)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def ics(net: Any, *args: str) -> str:
    """The bytes as written (CliRunner's .stdout turns CRLF into LF)."""
    return str(net("due", "--format", "ics", *args).stdout_bytes.decode())


def test_due_as_icalendar(net: Any):
    net("add", "Maria Rossi", "--every", "2w", "--birthday", "1980-05-03")
    net("add", "Luca Bianchi", "--birthday", "02-29")
    net("add", 'Nicolò D\'Angelo, "Nico"; test')
    net("remind", "nicolo", "2026-11-30", "-m", "call back; about the offer, ok")
    text = ics(net)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    found = events(text)
    reminder = next(e for uid, e in found.items() if uid.startswith("reminder-"))
    assert reminder["DTSTART"].dt == date(2026, 11, 30)
    assert str(reminder["SUMMARY"]) == 'Nicolò D\'Angelo, "Nico"; test: reminder'
    assert "call back; about the offer, ok" in str(reminder["DESCRIPTION"])
    maria = found["birthday-c2@netcli"]
    assert maria["DTSTART"].dt == date(1980, 5, 3)
    assert dict(maria["RRULE"]) == {"FREQ": ["YEARLY"]}
    luca = found["birthday-c3@netcli"]
    assert luca["DTSTART"].dt == date(2000, 2, 29)
    assert dict(luca["RRULE"])["BYMONTHDAY"] == [-1]
    assert all("DTSTAMP" in e for e in found.values())


def test_uids_are_stable_across_runs_and_days(net: Any, monkeypatch: Any):
    net("demo")
    first = events(ics(net))
    again = events(ics(net))
    assert len(first) > 10
    assert list(first) == list(again)
    monkeypatch.setenv("NET_TODAY", "2026-11-28")
    tomorrow = events(ics(net))
    assert set(first) & set(tomorrow)  # the same items keep their UIDs the next morning
    assert len(set(first)) == len(first)  # and no two events share one


def test_overdue_items_sit_on_today(net: Any, monkeypatch: Any):
    monkeypatch.setenv("NET_TODAY", "2026-10-01")
    net("add", "Maria Rossi", "--every", "1w")
    monkeypatch.setenv("NET_TODAY", "2026-11-27")
    (event,) = events(ics(net)).values()
    assert event["DTSTART"].dt == date(2026, 11, 27)
    assert "due 2026-10-08 (50 days overdue)" in str(event["DESCRIPTION"])


def test_quiet_and_json_win(net: Any):
    net("add", "Maria Rossi")
    assert net("due", "--format", "ics", "-q", code=1).stdout == ""
    assert net("due", "--format", "ics", "--json").stdout.strip() == "[]"


def test_export_to_ics(net: Any, tmp_path: Any):
    net("add", "Maria Rossi", "--birthday", "12-01")
    assert events(net("export", "--to", "ics").stdout_bytes.decode()).keys() == {
        "birthday-c2@netcli"
    }
    dest = tmp_path / "net.ics"
    net("export", "--to", "ics", "-o", str(dest))
    assert dest.read_bytes() == ics(net).encode()


def test_fast_path_prints_the_same_calendar(net: Any):
    net("demo")
    argv = ["due", "--format", "ics", "--days", "30"]
    assert fast.parse(argv) is not None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert fast.run_fast(argv) == 0
    assert out.getvalue() == net(*argv).stdout_bytes.decode()
