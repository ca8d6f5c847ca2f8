"""money.py: the AMOUNT grammar (spec §1), exact cents, and money that reads back to itself."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcli import money
from netcli.errors import InputError


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1200", 120000),
        ("1200.50", 120050),
        ("1200.5", 120050),
        ("1,200.50", 120050),
        ("1.200", 120000),  # the Italian way: twelve hundred, not 1.20
        ("10.000", 1000000),
        ("1.200,50", 120050),
        ("1200,50", 120050),
        ("1200,5", 120050),
        ("€ 1.200", 120000),
        ("1.200 €", 120000),
        ("€1.200,50", 120050),
        ("1,200.00 EUR", 120000),
        ("eur 15", 1500),
        ("1.234.567,89", 123456789),
        ("1,234,567", 123456700),
        (" 0.10 ", 10),
        ("0", 0),
        ("0,5", 50),
        ("1.200,50\u00a0€", 120050),  # a no-break space, as spreadsheets copy it
        ("€\u202f1.200", 120000),
    ],
)
def test_amounts_read_the_way_people_type_them(text: str, cents: int) -> None:
    assert money.parse(text) == cents


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.2345", "cannot read '1.2345' as an amount"),
        ("1,2,3", "cannot read '1,2,3' as an amount"),
        ("1.200.50", "cannot read"),
        ("1,200,50", "cannot read"),
        ("1.200,500", "cannot read"),
        ("1200.500", "cannot read"),  # a thousands group after four digits: a typo, not money
        ("0,500", "cannot read"),  # 0.5 in Italy, 500 nowhere
        ("1.20.000", "cannot read"),
        ("1,200.000", "cannot read"),
        ("1 200", "cannot read"),
        ("1e3", "cannot read"),
        ("NaN", "cannot read"),
        ("Infinity", "cannot read"),
        ("abc", "cannot read"),
        ("", "cannot read"),
        (".50", "cannot read"),
        ("1.", "cannot read"),
        ("²", "cannot read"),
        ("€ 5 €", "cannot read"),
        ("-5", "an amount cannot be negative"),
        ("€ -5", "an amount cannot be negative"),
        ("10 USD", "not in EUR"),
        ("$ 10", "not in EUR"),
        ("1.000.000.000.000", "too large"),
    ],
)
def test_ambiguous_or_wrong_amounts_are_refused_in_one_line(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        money.parse(text)
    assert "\n" not in caught.value.message
    assert caught.value.exit_code == 3


def test_the_store_currency_is_the_one_accepted() -> None:
    assert money.parse("10 usd", "USD") == 1000
    assert money.parse("$10", "USD") == 1000
    with pytest.raises(InputError, match="not in USD"):
        money.parse("10 EUR", "USD")


def test_json_numbers_are_exact_and_json_strings_are_amounts() -> None:
    assert money.from_json(1234.5, "give 1") == 123450
    assert money.from_json(1.2, "give 1") == 120  # a number is never a thousands group
    assert money.from_json(1500, "give 1") == 150000
    assert money.from_json("1.200", "give 1") == 120000
    assert money.from_json(None, "give 1") is None
    for bad, message in [(1.005, "at most 2 decimals"), (-1, "negative"), (True, "cannot read")]:
        with pytest.raises(InputError, match=f"give 1: .*{message}"):
            money.from_json(bad, "give 1")


def test_rendering_always_has_two_decimals_and_the_currency() -> None:
    assert money.render(Decimal("1200"), "EUR") == "1,200.00 EUR"
    assert money.render(Decimal("0.5")) == "0.50"
    assert money.render(None, "EUR") == ""
    assert money.plain(Decimal("1500.50")) == "1500.50"
    assert money.plain(Decimal("1500")) == "1500"
    assert money.to_json(Decimal("1250.00")) == 1250
    assert money.to_json(Decimal("0.10")) == 0.1


CENTS = st.integers(min_value=0, max_value=money.MAX_CENTS - 1)


@given(CENTS, st.sampled_from(["EUR", "CHF", None]))
def test_every_rendered_amount_reads_back_to_itself(cents: int, currency: str | None) -> None:
    value = money.to_decimal(cents)
    assert money.parse(money.render(value, currency), currency or "EUR") == cents
    assert money.parse(money.plain(value)) == cents
    assert money.from_json(money.to_json(value), "x") == cents
    assert money.to_cents(value) == cents


@given(st.text(alphabet="0123456789.,€ -EURabc²", max_size=14))
def test_no_amount_text_raises_anything_but_input_error(text: str) -> None:
    try:
        cents = money.parse(text)
    except InputError:
        return
    assert 0 <= cents < money.MAX_CENTS
