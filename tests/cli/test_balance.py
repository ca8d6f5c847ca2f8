"""`net balance` (spec §8) through the CLI on a hand-computed fixture."""

from __future__ import annotations

import re
from typing import Any

import pytest


@pytest.fixture
def ledger(net: Any) -> Any:
    """The fixture of tests/services/test_reciprocity.py, typed as a user would."""
    for name in ("Anna", "Bruno", "Carla", "Dario", "Elena"):  # ids 2..6
        net("add", name)
    net("give", "Anna", "a client", "--value", "100")
    net("give", "Anna", "a tip")
    net("got", "Anna", "a lead", "--value", "50.50")
    net("got", "Bruno", "a big client", "--value", "1200")
    net("got", "Bruno", "advice", "--kind", "advice")
    net("give", "Dario", "a client", "--from", "Carla", "--value", "999")  # third party
    net("got", "Dario", "a favour", "--to", "Carla", "--kind", "favor")  # third party
    net("give", "Dario", "a coffee", "--kind", "gift", "--value", "0.10")
    net("got", "Elena", "a referral", "--value", "300")
    net("got", "Elena", "another referral")
    # referrals count their closed value only (spec §8): these closed for what they state
    for give_id, value in (("g1", "100"), ("g3", "50.50"), ("g4", "1200"), ("g9", "300")):
        net("outcome", give_id, "business", "--value", value)
    net("intro", "Anna", "Bruno")  # #1, by me: given to both
    net("outcome", "1", "business", "--value", "1500")
    net("intro", "me", "Dario", "--by", "Carla")  # #2: received from Carla
    net("intro", "Carla", "me", "--by", "Bruno")  # #3: received from Bruno
    net("outcome", "3", "declined")
    net("intro", "Anna", "Carla", "--by", "Dario")  # #4: third party
    net("outcome", "4", "business", "--value", "7.77")
    net("intro", "Dario", "Carla")  # #5, by me: given to both
    net("outcome", "5", "business", "--value", "0.20")
    return net


def row(cid: int, name: str, gc: int, gv: float, rc: int, rv: float) -> dict[str, Any]:
    return {
        "contact_id": cid,
        "contact": name,
        "given_count": gc,
        "given_value": gv,
        "received_count": rc,
        "received_value": rv,
        "balance": rc - gc,
    }


EXPECTED = [
    row(2, "Anna", 3, 1600, 1, 50.5),
    row(3, "Bruno", 1, 1500, 3, 1200),
    row(5, "Dario", 2, 0.3, 0, 0),
    row(6, "Elena", 0, 0, 2, 300),
    row(4, "Carla", 1, 0.2, 1, 0),
]


def test_balance_json_is_the_hand_computed_ledger(ledger: Any) -> None:
    assert ledger.json("balance") == EXPECTED


def test_balance_table_and_summary_in_a_pipe(ledger: Any) -> None:
    r = ledger("balance")
    assert r.stdout.splitlines() == [
        "ID  CONTACT         GIVEN      RECEIVED  BALANCE",
        " 2  Anna     3 (1,600.00)     1 (50.50)  owes you 2",
        " 3  Bruno    1 (1,500.00)  3 (1,200.00)  you owe 2",
        " 5  Dario        2 (0.30)             0  owes you 2",
        " 6  Elena               0    2 (300.00)  you owe 2",
        " 4  Carla        1 (0.20)             1  even",
        "Given 5 worth 1,600.30 EUR · received 7 worth 1,550.50 EUR · you owe 2 of 5 contacts "
        "· gave most with nothing back: Elena (2).",
    ]
    assert "\x1b" not in r.stdout and "█" not in r.stdout
    assert r.stderr == ""


def test_balance_machine_formats(ledger: Any) -> None:
    lines = ledger("balance", "--format", "csv").stdout.splitlines()
    assert lines[0] == (
        "contact_id,contact,given_count,given_value,received_count,received_value,balance"
    )
    # spec §5: a CSV cell starting with "-" gets a "'" (formula-injection safe)
    assert lines[1] == "2,Anna,3,1600,1,50.50,-2"
    assert lines[2] == "3,Bruno,1,1500,3,1200,2"
    assert lines[3] == "5,Dario,2,0.30,0,0,-2"
    jsonl = ledger("balance", "--format", "jsonl").stdout.splitlines()
    assert len(jsonl) == 5 and jsonl[0].startswith('{"contact_id": 2, "contact": "Anna"')


def test_balance_of_one_contact(ledger: Any) -> None:
    assert ledger.json("balance", "Dario") == [row(5, "Dario", 2, 0.3, 0, 0)]
    r = ledger("balance", "Bruno")
    assert r.stdout.splitlines()[-1] == (
        "You owe Bruno 2. Given 1 worth 1,500.00 EUR, received 3 worth 1,200.00 EUR."
    )
    assert ledger("balance", "Anna").stdout.splitlines()[-1].startswith("Anna owes you 2.")
    assert ledger("balance", "Carla").stdout.splitlines()[-1].startswith("You and Carla are even.")


def test_balance_of_someone_without_a_ledger_is_a_zero_row(ledger: Any) -> None:
    ledger("add", "Zeno")
    assert ledger.json("balance", "Zeno") == [row(7, "Zeno", 0, 0, 0, 0)]
    assert ledger("balance", "Zeno").stdout.splitlines()[-1] == (
        "You and Zeno are even. Given 0, received 0."
    )


def test_balance_refusals(ledger: Any) -> None:
    r = ledger("balance", "me", code=3)
    assert r.stderr == "error: a balance is between you and someone else; name a contact\n"
    r = ledger("balance", "Nobody", code=3)
    assert r.stderr.startswith("error: no contact matches 'Nobody'")
    r = ledger("balance", "--format", "xml", code=2)
    assert "invalid value for '--format'" in r.stderr


def test_balance_on_an_empty_store(net: Any, store: Any) -> None:
    assert net.json("balance") == []
    r = net("balance")
    assert r.stdout == ""
    assert r.stderr.startswith("nothing given or received yet")


def test_balance_uses_the_configured_currency(ledger: Any) -> None:
    ledger("balance")  # the store exists
    ledger("config", "currency", "chf")
    assert "worth 1,600.30 CHF" in ledger("balance").stdout


def test_balance_draws_a_diverging_bar_on_a_terminal(
    ledger: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("netcli.cli.render.on_terminal", lambda: True)
    lines = ledger("balance").stdout.splitlines()
    assert lines[0].endswith("OWES YOU|YOU OWE")
    bar_at = lines[0].index("|")
    # the centre line sits under the header's; they owe me on the left, I owe them on the right
    assert all(line[bar_at] == "|" for line in lines[1:6])
    assert lines[1].endswith("████████|")  # Anna owes me 2: the full left half
    assert lines[2].endswith("|████████")  # I owe Bruno 2
    assert lines[5].endswith("|")  # Carla: even, no bar


def test_balance_with_rich_fits_80_columns(ledger: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("netcli.output.is_terminal", lambda stream: True)
    monkeypatch.setattr("netcli.cli.render.on_terminal", lambda: True)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich would see CliRunner's stream as a file
    monkeypatch.setenv("COLUMNS", "80")
    out = ledger("balance").stdout
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "\x1b[" in out  # coloured bars
    assert all(len(line) <= 80 for line in plain.splitlines())
    assert "█████│      owes you 2" in plain  # Anna owes me 2: the full left half
    assert "│█████ you owe 2" in plain
    assert "gave most with nothing back" in plain
