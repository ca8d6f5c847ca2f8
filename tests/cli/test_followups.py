"""`net due`, `net remind`, `net snooze`, `net done`, `net digest` through the CLI (spec §6, §7).

Today is Friday 2026-11-27 (conftest). `at(day)` moves NET_TODAY to create records in the past.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TODAY = "2026-11-27"


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Any:
    @contextlib.contextmanager
    def travel(day: str) -> Iterator[None]:
        monkeypatch.setenv("NET_TODAY", day)
        try:
            yield
        finally:
            monkeypatch.setenv("NET_TODAY", TODAY)

    return travel


def due(net: Any, *args: str) -> list[dict[str, Any]]:
    return json.loads(net("due", *args, "--json").stdout)


def brief(items: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    return [(i["contact"], i["reason"], i["overdue_days"]) for i in items]


def sql(db: Path, statement: str, *params: Any) -> None:
    """A statement of the test's own on the store, on either backend."""
    url = os.environ["NET_DB"]
    if url.startswith("postgres"):
        from netcli.store.pg import connect

        server = connect(url)  # autocommit
        server.execute(statement, params)
        server.close()
        return
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(statement, params)
    conn.close()


# cadence -------------------------------------------------------------------------------


def test_cadence_never_in_touch_counts_from_the_added_date(net: Any, at: Any) -> None:
    with at("2026-10-27"):
        net("add", "Maria Rossi", "--every", "1m")
    with at("2026-10-20"):
        net("add", "Paolo Verdi", "--every", "1m")
    with at("2026-10-30"):
        net("add", "Luca Neri", "--every", "1m")
    items = due(net)
    assert brief(items) == [
        ("Paolo Verdi", "cadence", 7),
        ("Maria Rossi", "cadence", 0),
        ("Luca Neri", "cadence", -3),
    ]
    assert items[0] == {
        "contact_id": 3,
        "contact": "Paolo Verdi",
        "reason": "cadence",
        "due": "2026-11-20",
        "overdue_days": 7,
        "detail": "every 1m, never in touch (added 2026-10-20)",
        "ref": None,
        "command": 'net done "Paolo Verdi"',
    }


def test_days_bounds_the_upcoming_window(net: Any, at: Any) -> None:
    with at("2026-10-30"):
        net("add", "Luca Neri", "--every", "1m")  # due 2026-11-30, in 3 days
    assert due(net, "--days", "2") == []
    assert brief(due(net, "--days", "3")) == [("Luca Neri", "cadence", -3)]
    assert due(net, "--days", "0") == []


def test_month_end_cadence_is_calendar_arithmetic(net: Any, at: Any) -> None:
    net("add", "Maria Rossi", "--every", "1m")
    with at("2026-10-31"):
        net("done", "Maria")
    # 31 Oct + 1m = 30 Nov; 31 Jan + 1m = 28 Feb (2027 is not a leap year).
    assert brief(due(net, "--on", "2026-11-30", "--days", "0")) == [("Maria Rossi", "cadence", 0)]
    assert due(net, "--on", "2026-11-29", "--days", "0") == []
    with at("2027-01-31"):
        net("done", "Maria")
    [item] = due(net, "--on", "2027-02-28", "--days", "0")
    assert (item["due"], item["overdue_days"]) == ("2027-02-28", 0)


def test_being_in_touch_clears_the_cadence_at_once(net: Any, at: Any) -> None:
    with at("2026-09-01"):
        net("add", "Maria Rossi", "--every", "2w")
    assert brief(due(net)) == [("Maria Rossi", "cadence", 73)]
    result = net("done", "Maria")
    assert result.stdout == "Logged a message with Maria Rossi; next due 2026-12-11\n"
    assert due(net, "--days", "13") == []
    assert due(net, "--days", "14")[0]["due"] == "2026-12-11"
    shown = net.json("show", "Maria")
    assert (shown["last_contact"], shown["next_due"]) == ("2026-11-27", "2026-12-11")


def test_logging_and_giving_also_count_as_touch(net: Any, at: Any) -> None:
    with at("2026-09-01"):
        net("add", "Maria Rossi", "--every", "1m")
        net("add", "Paolo Verdi", "--every", "1m")
    net("log", "Maria", "--kind", "call")
    net("give", "Paolo", "a tip", "--kind", "advice")  # a referral would be checked on later
    assert due(net) == []


def test_archived_contacts_never_appear(net: Any, at: Any) -> None:
    with at("2026-09-01"):
        net("add", "Maria Rossi", "--every", "1m", "--birthday", "11-28")
        net("ask", "Maria", "a notary")
    net("remind", "Maria", "today")
    assert {i["reason"] for i in due(net)} == {"cadence", "reminder", "ask", "birthday"}
    net("archive", "Maria")
    assert due(net) == []
    net("due", "-q", code=1)
    net("unarchive", "Maria Rossi")
    assert len(due(net)) == 4


# reminders, snooze, done -----------------------------------------------------------------


def test_reminders_due_overdue_and_upcoming(net: Any) -> None:
    net("add", "Maria Rossi")
    out = net("remind", "Maria", "2026-11-25", "-m", "send the NDA")
    assert out.stdout == "Reminder #1: Maria Rossi on 2026-11-25 (Wednesday): send the NDA\n"
    net("remind", "Maria", "today")
    made = net.json("remind", "Maria", "tuesday")
    assert made["date"] == "2026-12-01" and made["contact"] == "Maria Rossi"
    items = due(net)
    assert brief(items) == [
        ("Maria Rossi", "reminder", 2),
        ("Maria Rossi", "reminder", 0),
        ("Maria Rossi", "reminder", -4),
    ]
    assert [i["ref"] for i in items] == [{"reminder": 1}, {"reminder": 2}, {"reminder": 3}]
    assert items[0]["detail"] == "reminder: send the NDA"
    assert net.json("show", "Maria")["next_due"] == "2026-11-25"


def test_done_clears_reminders_due_by_today_only(net: Any) -> None:
    net("add", "Maria Rossi")
    net("remind", "Maria", "yesterday")
    net("remind", "Maria", "today")
    net("remind", "Maria", "2026-12-03")
    result = net.json("done", "Maria", "-m", "called back", "--kind", "call")
    assert result["cleared_reminders"] == [1, 2]
    assert result["kind"] == "call" and result["next_due"] == "2026-12-03"
    assert brief(due(net, "--days", "30")) == [("Maria Rossi", "reminder", -6)]
    [logged] = net.json("show", "Maria")["interactions"]
    assert (logged["kind"], logged["note"], logged["date"]) == ("call", "called back", TODAY)


def test_done_rejects_bad_kind_me_and_unknown_refs(net: Any) -> None:
    net("add", "Maria Rossi")
    assert "invalid value" in net("done", "Maria", "--kind", "fax", code=2).stderr.lower()
    assert net("done", "me", code=3).stderr.startswith("error: follow-ups are for your contacts")
    assert net("done", "Nobody", code=3).stderr.startswith("error: no contact matches 'Nobody'")
    assert net("remind", "Maria", "someday soon", code=3).stderr.startswith(
        "error: cannot read 'someday soon' as a date"
    )


def test_snooze_moves_cadence_and_reminders(net: Any, at: Any) -> None:
    with at("2026-10-01"):
        net("add", "Maria Rossi", "--every", "1m")  # due 2026-11-01
    net("remind", "Maria", "yesterday")
    net("remind", "Maria", "2026-12-20")  # after the snooze: stays
    out = net("snooze", "Maria", "2026-12-02")
    assert out.stdout == "Snoozed Maria Rossi until 2026-12-02: moved cadence, reminder r1\n"
    assert due(net, "--days", "4") == []
    items = due(net, "--days", "30")
    assert [(i["reason"], i["due"]) for i in items] == [
        ("reminder", "2026-12-02"),
        ("cadence", "2026-12-02"),
        ("reminder", "2026-12-20"),
    ]
    assert "snoozed until 2026-12-02" in items[1]["detail"]
    assert net.json("show", "Maria")["next_due"] == "2026-12-02"


def test_a_reminder_set_after_a_snooze_still_counts(net: Any, at: Any) -> None:
    with at("2026-10-01"):
        net("add", "Maria Rossi", "--every", "1m")
    net("snooze", "Maria", "2026-12-10")
    net("remind", "Maria", "tomorrow")
    assert brief(due(net)) == [("Maria Rossi", "reminder", -1)]


def test_snooze_holds_back_intro_and_ask_and_skips_a_birthday(net: Any, at: Any) -> None:
    with at("2026-11-01"):
        net("add", "Maria Rossi", "--birthday", "11-29")
        net("add", "Paolo Verdi")
        net("intro", "Maria", "Paolo", "--date", "2026-11-01")
        net("ask", "Maria", "a notary in Monza")
    assert {i["reason"] for i in due(net)} == {"intro", "ask", "birthday"}
    out = net.json("snooze", "Maria", "2026-12-01")
    assert {i["reason"] for i in out["moved"]} == {"intro", "ask", "birthday"}
    assert due(net, "--days", "3") == []
    assert {(i["reason"], i["due"]) for i in due(net, "--days", "4")} == {
        ("intro", "2026-12-01"),
        ("ask", "2026-12-01"),
    }


def test_snooze_with_nothing_due_and_into_the_past(net: Any) -> None:
    net("add", "Maria Rossi")
    out = net("snooze", "Maria", "friday")
    assert out.stdout == "Snoozed Maria Rossi until 2026-12-04 (nothing was due before then)\n"
    err = net("snooze", "Maria", "yesterday", code=3).stderr
    assert err == "error: cannot snooze into the past (2026-11-26); pick today or a later day\n"


# intro check-ins ---------------------------------------------------------------------------


def test_intro_check_in_falls_due_intro_days_after_the_intro(net: Any) -> None:
    for name in ("Maria Rossi", "Paolo Verdi", "Luca Neri", "Anna Blu"):
        net("add", name)
    net("intro", "Maria", "Paolo", "--date", "2026-11-20")  # by me: check with Maria
    net("intro", "me", "Luca", "--by", "Anna", "--date", "2026-11-21")  # a is me: check Luca
    items = due(net)
    assert brief(items) == [("Maria Rossi", "intro", 0), ("Luca Neri", "intro", -1)]
    assert items[0]["ref"] == {"intro": 1}
    assert items[0]["command"] == "net outcome 1 met"
    assert items[0]["detail"] == (
        "intro i1 of 2026-11-20: you introduced Maria Rossi to Paolo Verdi; how did it go?"
    )
    assert items[1]["detail"].startswith("intro i2 of 2026-11-21: Anna Blu introduced you to Luca")
    net("config", "due.intro_days", "3")
    assert brief(due(net, "--days", "0")) == [
        ("Maria Rossi", "intro", 4),
        ("Luca Neri", "intro", 3),
    ]


def test_an_outcome_clears_the_intro_check_in(net: Any, env: Path) -> None:
    net("add", "Maria Rossi")
    net("add", "Paolo Verdi")
    net("intro", "Maria", "Paolo", "--date", "2026-11-01")
    net("intro", "Paolo", "Maria", "--date", "2026-11-02")
    assert [i["ref"] for i in due(net)] == [{"intro": 1}, {"intro": 2}]
    net("outcome", "1", "met")
    sql(env, "UPDATE intro SET status = 'declined' WHERE id = 2")
    assert due(net) == []


# stale asks --------------------------------------------------------------------------------


def test_an_open_ask_is_due_ask_days_after_it_was_made(net: Any, at: Any) -> None:
    net("add", "Maria Rossi")
    net("add", "Paolo Verdi")
    with at("2026-11-13"):
        net("ask", "Maria", "a notary in Monza")  # 14 days: due today
    with at("2026-11-14"):
        net("ask", "Paolo", "a printer")  # due tomorrow
    with at("2026-10-01"):
        net("ask", "me", "new clients")  # my own asks never
    items = due(net)
    assert brief(items) == [("Maria Rossi", "ask", 0), ("Paolo Verdi", "ask", -1)]
    assert items[0]["ref"] == {"ask": 1}
    assert items[0]["detail"] == "ask a1 open since 2026-11-13: a notary in Monza"
    assert items[0]["command"] in ("net match 1", "net resolve 1")


def test_resolving_clears_the_stale_ask(net: Any, at: Any) -> None:
    net("add", "Maria Rossi")
    with at("2026-10-01"):
        net("ask", "Maria", "a notary")
        net("ask", "Maria", "an architect")
    assert len(due(net)) == 2
    net("resolve", "1")
    net("resolve", "2", "--dropped")
    assert due(net) == []


# birthdays ---------------------------------------------------------------------------------


def test_birthdays_today_upcoming_and_passed(net: Any) -> None:
    net("add", "Maria Rossi", "--birthday", "1982-11-27")
    net("add", "Paolo Verdi", "--birthday", "12-01")
    net("add", "Luca Neri", "--birthday", "11-26")  # passed: next year's
    items = due(net)
    assert brief(items) == [("Maria Rossi", "birthday", 0), ("Paolo Verdi", "birthday", -4)]
    assert items[0]["detail"] == "birthday (turns 44)"
    assert items[0]["command"] == 'net done "Maria Rossi" -m "birthday wishes"'
    everything = due(net, "--days", "365")
    assert everything[-1]["due"] == "2027-11-26"


def test_feb_29_birthdays_fall_on_feb_28_in_other_years(net: Any) -> None:
    net("add", "Maria Rossi", "--birthday", "02-29")
    [item] = due(net, "--on", "2027-02-28", "--days", "0")
    assert (item["due"], item["overdue_days"]) == ("2027-02-28", 0)
    assert due(net, "--on", "2027-02-21", "--days", "6") == []
    assert due(net, "--on", "2027-02-21", "--days", "7")[0]["due"] == "2027-02-28"
    [leap] = due(net, "--on", "2028-02-28", "--days", "1")
    assert (leap["due"], leap["overdue_days"]) == ("2028-02-29", -1)


def test_birthdays_across_the_new_year(net: Any) -> None:
    net("add", "Maria Rossi", "--birthday", "01-02")
    net("add", "Paolo Verdi", "--birthday", "12-31")
    items = due(net, "--on", "2026-12-30", "--days", "5")
    assert [(i["contact"], i["due"]) for i in items] == [
        ("Paolo Verdi", "2026-12-31"),
        ("Maria Rossi", "2027-01-02"),
    ]


# order, formats, -q, --limit, the terminal view ------------------------------------------------


def seed_every_reason(net: Any, at: Any) -> None:
    with at("2026-10-20"):
        net("add", "Bruno Gialli", "--every", "1m")  # cadence, 7 days overdue
        net("add", "Anna Blu", "--every", "1m")  # cadence, 7 days overdue
        net("add", "Carla Viola", "--birthday", "11-27")
    net("remind", "Anna", "2026-11-20")  # reminder, 7 days overdue
    net("add", "Dario Rosa")
    net("add", "Eva Nera")
    net("intro", "Dario", "Eva", "--date", "2026-11-13")  # intro, 7 days overdue
    with at("2026-11-06"):
        net("ask", "Carla", "a plumber")  # ask, 7 days overdue
    net("remind", "Dario", "2026-11-30")


def test_order_overdue_then_reason_then_name(net: Any, at: Any) -> None:
    seed_every_reason(net, at)
    assert brief(due(net)) == [
        ("Anna Blu", "reminder", 7),
        ("Anna Blu", "cadence", 7),
        ("Bruno Gialli", "cadence", 7),
        ("Dario Rosa", "intro", 7),
        ("Carla Viola", "ask", 7),
        ("Carla Viola", "birthday", 0),
        ("Dario Rosa", "reminder", -3),
    ]


def test_limit_quiet_and_machine_formats(net: Any, store: Any, at: Any) -> None:
    net("due", "-q", code=1)
    assert net("due", "--json").stdout == "[]\n"
    empty = net("due")
    assert empty.stdout == "" and "Nothing due" in empty.stderr
    seed_every_reason(net, at)
    quiet = net("due", "-q")
    assert (quiet.stdout, quiet.stderr) == ("", "")
    assert len(due(net, "--limit", "2")) == 2
    lines = net("due", "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 7 and json.loads(lines[0])["reason"] == "reminder"
    assert set(json.loads(lines[0])) >= {
        "contact_id", "contact", "reason", "due", "overdue_days", "detail", "ref",
    }  # fmt: skip
    csv_lines = net("due", "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == "contact_id,contact,reason,due,overdue_days,detail,ref,command"
    assert csv_lines[1].startswith("3,Anna Blu,reminder,2026-11-20,7,reminder,reminder:1,")
    tsv = net("due", "--format", "tsv").stdout.splitlines()
    assert tsv[1].split("\t")[:3] == ["3", "Anna Blu", "reminder"]


def test_plain_view_groups_and_shows_the_next_command(net: Any, at: Any) -> None:
    seed_every_reason(net, at)
    out = net("due").stdout
    assert "\x1b[" not in out
    lines = out.splitlines()
    assert lines[0].split() == ["DUE", "WHEN", "CONTACT", "REASON", "DETAIL", "NEXT"]
    assert lines[1] == "Overdue (5)"
    assert lines[2].split("  ")[0] == "2026-11-20"
    assert "7 days ago" in lines[2] and lines[2].endswith('net done "Anna Blu"')
    assert "net outcome 1 met" in out
    assert "Today (1)" in lines and "Upcoming (1)" in lines
    assert lines[lines.index("Today (1)") - 1] == ""
    assert "in 3 days" in out


def test_due_on_a_given_day(net: Any, at: Any) -> None:
    seed_every_reason(net, at)
    items = due(net, "--on", "next monday", "--days", "0")  # 2026-11-30
    assert ("Dario Rosa", "reminder", 0) in brief(items)
    assert net("due", "--on", "blursday", code=3).stderr.startswith("error: cannot read")
    assert net("due", "--days", "-1", code=2).stderr.startswith("error:")


def test_ids_replace_names_shared_by_two_contacts(net: Any, at: Any) -> None:
    with at("2026-10-01"):
        net("add", "Maria Rossi", "--every", "1m")
        net("add", "Maria Rossi", "--every", "1m", "--force")
        net("add", "Nicolò D'Angelo", "--every", "1m")
    commands = {i["command"] for i in due(net)}
    assert commands == {"net done 2", "net done 3", """net done "Nicolò D'Angelo\""""}


# the digest ----------------------------------------------------------------------------------


def test_digest_text_is_plain_stable_and_complete(net: Any, at: Any) -> None:
    seed_every_reason(net, at)
    net("log", "Anna", "--kind", "call", "-m", "catch-up", "--date", "2026-11-25")  # in touch
    first = net("digest").stdout
    assert first == net("digest").stdout
    assert "\x1b[" not in first
    lines = first.splitlines()
    assert lines[0] == "Follow-ups for Friday 2026-11-27"
    assert "DUE: 4 overdue, 1 today, 1 in the next 7 days" in lines
    assert "- Anna Blu: reminder, 7 days overdue" in lines
    assert '  net done "Anna Blu"' in lines
    assert "OPEN ASKS: 1" in lines
    assert any(line.startswith("- a1 Carla Viola (since 2026-11-06): a plumber") for line in lines)
    assert "LAST 7 DAYS: 1 event" in lines  # reminders and new contacts are not events
    assert "- 2026-11-25 call with Anna Blu: catch-up" in lines
    assert max(len(line) for line in lines) <= 100


def test_digest_markdown_and_days(net: Any, at: Any) -> None:
    seed_every_reason(net, at)
    md = net("digest", "--format", "markdown", "--days", "0").stdout
    assert md.startswith("# Follow-ups for Friday 2026-11-27\n")
    assert "## Due: 5 overdue, 1 today, 0 in the next 0 days" in md
    assert "- **Anna Blu**: reminder, 7 days overdue" in md
    assert '  `net done "Anna Blu"`' in md
    assert "## Open asks: 1" in md and "## Last 7 days:" in md
    assert net("digest", "--format", "html", code=2).stderr.startswith("error:")


def test_digest_of_an_empty_store(net: Any, store: Any) -> None:
    out = net("digest").stdout
    assert "Nothing due." in out and "No open asks." in out and "Nothing logged." in out


def test_digest_quiet_says_nothing_when_there_is_nothing_to_say(net: Any, at: Any) -> None:
    net("add", "Anna Blu")  # a new contact is not news
    quiet = net("digest", "-q", code=1)
    assert (quiet.stdout, quiet.stderr) == ("", "")
    assert net("digest", "--quiet", "--format", "markdown", code=1).stdout == ""
    net("ask", "Anna", "a plumber")  # an open ask (and an event of the last 7 days)
    assert net("digest", "-q").stdout == net("digest").stdout
    net("resolve", "1")
    with at("2026-12-31"):  # the ask is closed and the week is long past: quiet again
        assert net("digest", "-q", code=1).stdout == ""
        net("remind", "Anna", "tomorrow")
        assert "Anna Blu: reminder" in net("digest", "-q").stdout


# the read path -------------------------------------------------------------------------------


def test_due_loads_no_sqlalchemy(env: Path) -> None:
    subprocess.run([sys.executable, "-m", "netcli", "add", "Maria Rossi", "--every", "1w"],
                   check=True, capture_output=True)  # fmt: skip
    probe = (
        "import sys\n"
        "from netcli.cli import main\n"
        "sys.argv = ['net', 'due', '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'sqlmodel', 'pydantic'))\n"
        "print(heavy, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stderr.strip() == "[]", result.stderr
    assert [i["reason"] for i in json.loads(result.stdout)] == ["cadence"]


@pytest.mark.sqlite_only("reads SQLite's query plans")
def test_due_queries_use_their_indexes(net: Any, env: Path) -> None:
    net("add", "Maria Rossi")
    from netcli.store import queries
    from netcli.store.db import connect_read

    conn = connect_read(env)
    calls: list[str] = []
    conn.set_trace_callback(calls.append)
    from netcli.services.followups import due_items

    due_items(conn, __import__("datetime").date(2026, 11, 27), 7)
    conn.set_trace_callback(None)
    plans: dict[str, str] = {}
    for statement in calls:
        if statement.lstrip().upper().startswith("SELECT") and "?" not in statement:
            detail = " / ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + statement))
            plans[statement] = detail
    joined = "\n".join(plans.values())
    assert "ix_contact_next_due" in joined
    assert "ix_intro_status_date" in joined
    assert "ix_ask_status" in joined
    assert "interaction" not in " ".join(plans).lower()
    assert queries.me_id(conn) == 1
    conn.close()
