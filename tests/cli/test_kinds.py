"""BNI words for interaction kinds, and `net done A B C` after a meeting."""

from __future__ import annotations

from typing import Any

import pytest

from .test_completion import complete

KINDS = ["call", "meeting", "one-to-one", "email", "message", "event", "other"]


@pytest.fixture
def people(net: Any) -> Any:
    for name in ("Maria Rossi", "Paolo Verdi", "Luca Bianchi"):
        net("add", name)
    return net


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1-2-1", "one-to-one"),
        ("121", "one-to-one"),
        ("one2one", "one-to-one"),
        ("One-To-One", "one-to-one"),
        ("1to1", "one-to-one"),
        ("phone", "call"),
        ("telefonata", "call"),
        ("riunione", "meeting"),
        ("e-mail", "email"),
        ("whatsapp", "message"),
        ("call", "call"),
    ],
)
def test_kind_aliases_are_stored_canonical(people: Any, typed: str, stored: str) -> None:
    assert people.json("log", "Maria", "--kind", typed)["kind"] == stored
    assert people.json("done", "Maria", "--kind", typed)["kind"] == stored


def test_unknown_kinds_are_still_usage_errors(people: Any) -> None:
    for command in ("log", "done"):
        r = people(command, "Maria", "--kind", "fax", code=2)
        assert r.stderr == (
            "error: invalid value for '--kind': 'fax' is not one of "
            + ", ".join(f"'{k}'" for k in KINDS)
            + f" (see 'net {command} --help')\n"
        )


@pytest.mark.parametrize("command", ["log", "done"])
def test_help_and_completion_show_the_canonical_kinds(net: Any, command: str) -> None:
    assert (
        "--kind [call|meeting|one-to-one|email|message|event|other]"
        in net(command, "--help").stdout
    )
    assert complete(f"net {command} x --kind ")[0] == KINDS
    assert complete(f"net {command} x --kind o")[0] == ["one-to-one", "other"]


def test_done_after_a_meeting_with_several(people: Any) -> None:
    people("edit", "Maria", "--birthday", "11-27", "--every", "2w")
    people("remind", "Paolo", "yesterday", "-m", "send the offer")
    people("remind", "Paolo", "2026-12-03")
    people("remind", "Luca", "today")
    assert {(i["contact"], i["reason"]) for i in people.json("due", "--days", "0")} == {
        ("Maria Rossi", "birthday"),
        ("Paolo Verdi", "reminder"),
        ("Luca Bianchi", "reminder"),
    }
    r = people(
        "done", "Maria", "Paolo", "luca", "paolo", "--kind", "121", "-m", "after the chapter"
    )
    assert r.stdout == (
        "Logged a one-to-one with Maria Rossi, Paolo Verdi and Luca Bianchi\n"
        "  Maria Rossi: next due 2026-12-11\n"
        "  Paolo Verdi: cleared 1 reminder; next due 2026-12-03\n"
        "  Luca Bianchi: cleared 1 reminder; nothing scheduled\n"
    )
    assert people.json("due", "--days", "0") == []
    [logged] = people.json("show", "Paolo")["interactions"]
    assert sorted(logged["contacts"]) == ["Luca Bianchi", "Maria Rossi", "Paolo Verdi"]
    assert (logged["kind"], logged["note"]) == ("one-to-one", "after the chapter")


def test_done_json_with_several(people: Any) -> None:
    people("remind", "Paolo", "today")
    found = people.json("done", "Maria", "Paolo")
    assert (found["contact_id"], found["cleared_reminders"], found["kind"]) == (2, [1], "message")
    assert [(c["contact"], c["cleared_reminders"]) for c in found["contacts"]] == [
        ("Maria Rossi", []),
        ("Paolo Verdi", [1]),
    ]


def test_done_with_one_bad_ref_writes_nothing(people: Any) -> None:
    people("remind", "Paolo", "today")
    r = people("done", "Paolo", "Nobody", code=3)
    assert r.stderr.startswith("error: no contact matches 'Nobody'")
    people("done", "Paolo", "me", code=3)
    assert people.json("show", "Paolo")["interactions"] == []
    assert [i["reason"] for i in people.json("due", "--days", "0")] == ["reminder"]


def test_a_birthday_is_cleared_by_net_done_on_the_day_or_in_the_week_before(people: Any) -> None:
    people("edit", "Maria", "--birthday", "11-27")
    people("edit", "Paolo", "--birthday", "11-29")
    people("edit", "Luca", "--birthday", "12-06")  # 9 days: beyond net due's window
    people("done", "Maria", "Paolo", "Luca", "-m", "birthday wishes")
    due = [(i["contact"], i["due"]) for i in people.json("due", "--days", "10")]
    assert due == [("Luca Bianchi", "2026-12-06")]
