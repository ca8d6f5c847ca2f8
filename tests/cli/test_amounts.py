"""Amounts typed the Italian way are stored right, through every command that reads one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@pytest.fixture
def people(net: Any) -> Any:
    for name in ("Maria Rossi", "Paolo Verdi"):
        net("add", name)
    return net


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1.200", 1200), ("10.000", 10000), ("1.200,50", 1200.5), ("1,200.50", 1200.5),
     ("€ 1.200", 1200), ("1200,5", 1200.5), ("1.200 EUR", 1200)],
)  # fmt: skip
def test_give_value_typed_the_italian_way(people: Any, typed: str, stored: float) -> None:
    assert people.json("give", "Maria", "a client", "--value", typed, "--json")["value"] == stored


def test_outcome_value_typed_the_italian_way(people: Any) -> None:
    people("intro", "Maria", "Paolo")
    r = people("outcome", "1", "business", "--value", "1.200")
    assert r.stdout.startswith("Intro #1 is now business (1,200.00 EUR)")
    assert people.json("intros")[0]["value"] == 1200


@pytest.mark.parametrize("typed", ["1.2345", "1,2,3", "1.200.50", "0,500", "-5", "10 USD"])
def test_ambiguous_amounts_are_refused_and_nothing_is_written(people: Any, typed: str) -> None:
    r = people("give", "Maria", "x", "--value", typed, code=3)
    assert r.stderr.startswith("error: ") and r.stderr.count("\n") == 1
    assert typed in r.stderr
    assert people.json("gives") == []


def test_amounts_show_the_configured_currency(people: Any) -> None:
    people("config", "currency", "chf")
    r = people("give", "Maria", "x", "--value", "1.200,5 CHF")
    assert r.stdout == "Give #1: you → Maria Rossi, referral, 1,200.50 CHF expected: x\n"
    people("give", "Maria", "y", "--value", "5 EUR", code=3)


def _document(people: Any, value: Any) -> str:
    """A real export whose one give carries `value`, as the JSON text to import."""
    people("give", "Maria", "a client", "--value", "1")
    document = json.loads(people("export", "--to", "json").stdout)
    document["gives"][0]["value"] = value
    return json.dumps(document)


@pytest.mark.parametrize(("value", "stored"), [("1.200", 1200), (1.2, 1.2), (1234.5, 1234.5)])
def test_json_import_reads_amounts(people: Any, tmp_path: Path, value: Any, stored: float) -> None:
    fresh = str(tmp_path / "fresh.db")
    people("--db", fresh, "import", "-", input=_document(people, value))
    assert people.json("--db", fresh, "gives")[0]["value"] == stored


def test_json_import_refuses_an_ambiguous_amount(people: Any, tmp_path: Path) -> None:
    fresh = str(tmp_path / "fresh.db")
    r = people("--db", fresh, "import", "-", input=_document(people, "1,2,3"), code=3)
    assert "cannot read '1,2,3' as an amount" in r.stderr
    # one error line (after the line saying the new store was created)
    assert [li for li in r.stderr.splitlines() if not li.startswith("Created a new store")] == [
        r.stderr.splitlines()[-1]
    ]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cents=st.integers(min_value=0, max_value=10**13))
def test_every_amount_net_prints_reads_back_to_itself(people: Any, cents: int) -> None:
    """What `net give` prints is an AMOUNT that `--value` reads as the same money."""
    amount = f"{cents // 100}.{cents % 100:02d}"
    line = people("give", "Maria", "x", "--value", amount).stdout
    printed = line.split("referral, ")[1].split(" expected:")[0]  # `1,200.50 EUR`
    again = people.json("give", "Maria", "x", "--value", printed, "--json")
    assert round(again["value"] * 100) == cents


def test_json_import_reads_text_amounts_in_the_documents_currency(
    people: Any, tmp_path: Path
) -> None:
    people("config", "currency", "CHF")
    fresh = str(tmp_path / "fresh.db")
    people("--db", fresh, "import", "-", input=_document(people, "1.200,50 CHF"))
    assert people.json("--db", fresh, "gives")[0]["value"] == 1200.5


def test_human_views_show_money_with_its_currency(people: Any) -> None:
    people("give", "Maria", "a client", "--value", "1.200")
    people("outcome", "g1", "business", "--value", "1.200")  # a referral's result: closed
    people("intro", "Maria", "Paolo")
    people("outcome", "1", "business", "--value", "2.500,50")
    assert "(referral, 1,200.00 EUR)" in people("show", "Maria").stdout
    assert "business 2,500.50 EUR on" in people("show", "Maria").stdout
    digest = people("digest").stdout
    assert "a client (1,200.00 EUR)" in digest and "business (2,500.50 EUR)" in digest
    assert "worth 1,200.00 EUR" in people("report").stdout
