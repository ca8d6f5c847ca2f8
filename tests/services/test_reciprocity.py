"""The reciprocity ledger (spec §8) on a hand-computed fixture, plus its invariants."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from netcli.services.reciprocity import (
    BalanceRow,
    GiveFact,
    IntroFact,
    diverging_bar,
    from_records,
    ledger,
    summarize,
)

ME, ANNA, BRUNO, CARLA, DARIO, ELENA = 1, 2, 3, 4, 5, 6
NAMES = {ME: "Me", ANNA: "Anna", BRUNO: "Bruno", CARLA: "Carla", DARIO: "Dario", ELENA: "Elena"}

GIVES = [
    GiveFact(ME, ANNA, 10000),  # 100.00
    GiveFact(ME, ANNA, None),
    GiveFact(ANNA, ME, 5050),  # 50.50
    GiveFact(BRUNO, ME, 120000),  # 1,200.00
    GiveFact(BRUNO, ME, None),
    GiveFact(CARLA, DARIO, 99900),  # third party: counts for nobody
    GiveFact(DARIO, CARLA, None),  # third party
    GiveFact(ME, DARIO, 10),  # 0.10
    GiveFact(ELENA, ME, 30000),
    GiveFact(ELENA, ME, None),
]
INTROS = [
    IntroFact(ME, ANNA, BRUNO, 150000),  # I introduced Anna to Bruno: given to both
    IntroFact(CARLA, ME, DARIO, None),  # Carla introduced me to Dario: received from Carla
    IntroFact(BRUNO, CARLA, ME, None),  # Bruno introduced Carla to me: received from Bruno
    IntroFact(DARIO, ANNA, CARLA, 777),  # third party: counts for nobody
    IntroFact(ME, DARIO, CARLA, 20),  # given to Dario and Carla
]

# Worked by hand:
#   Anna:  given 2 gives (100.00) + intro (1,500.00) = 3, 1,600.00; received 1 (50.50) -> -2
#   Bruno: given intro (1,500.00) = 1;  received 2 gives (1,200.00) + intro = 3       -> +2
#   Carla: given intro (0.20) = 1;      received intro = 1                           ->  0
#   Dario: given give (0.10) + intro (0.20) = 2, 0.30; received 0                    -> -2
#   Elena: given 0; received 2 gives (300.00)                                         -> +2
EXPECTED = [
    # contact_id, given_count, given_cents, received_count, received_cents, balance
    (ANNA, 3, 160000, 1, 5050, -2),
    (BRUNO, 1, 150000, 3, 120000, 2),
    (DARIO, 2, 30, 0, 0, -2),
    (ELENA, 0, 0, 2, 30000, 2),
    (CARLA, 1, 20, 1, 0, 0),
]


def _tuples(rows: list[BalanceRow]) -> list[tuple[int, int, int, int, int, int]]:
    return [
        (
            r.contact_id,
            r.given_count,
            r.given_cents,
            r.received_count,
            r.received_cents,
            r.balance,
        )
        for r in rows
    ]


def test_ledger_matches_the_hand_computed_fixture() -> None:
    rows = ledger(ME, GIVES, INTROS, NAMES)
    assert _tuples(rows) == EXPECTED


def test_ledger_sorts_by_absolute_balance_then_name() -> None:
    rows = ledger(ME, GIVES, INTROS, NAMES)
    assert [r.contact for r in rows] == ["Anna", "Bruno", "Dario", "Elena", "Carla"]


def test_sort_keys_order_equal_balances_by_folded_name() -> None:
    names = {2: "Ölga", 3: "Nino"}
    keys = {2: "olga", 3: "nino"}
    rows = ledger(ME, [GiveFact(ME, 2), GiveFact(ME, 3)], [], names, sort_keys=keys)
    assert [r.contact for r in rows] == ["Nino", "Ölga"]


def test_summary_counts_each_record_once() -> None:
    rows = ledger(ME, GIVES, INTROS, NAMES)
    s = summarize(ME, GIVES, INTROS, rows)
    # given: 3 gives from me + 2 intros by me (each intro is one thing, though two rows show it)
    assert (s.given_count, s.given_cents) == (5, 10000 + 10 + 150000 + 20)
    # received: 5 gives to me + 2 intros made for me
    assert (s.received_count, s.received_cents) == (7, 5050 + 120000 + 30000)
    assert (s.contacts, s.i_owe, s.owe_me) == (5, 2, 2)
    assert s.top_unreturned is not None and s.top_unreturned.contact == "Elena"


def test_top_unreturned_is_none_when_everyone_got_something() -> None:
    gives = [GiveFact(ANNA, ME, 100), GiveFact(ME, ANNA, None)]
    rows = ledger(ME, gives, [], NAMES)
    assert summarize(ME, gives, [], rows).top_unreturned is None


def test_top_unreturned_prefers_more_gifts_then_more_value() -> None:
    gives = [GiveFact(ANNA, ME, 100), GiveFact(BRUNO, ME, 500), GiveFact(CARLA, ME, None)]
    gives += [GiveFact(CARLA, ME, None)]
    rows = ledger(ME, gives, [], NAMES)
    assert summarize(ME, gives, [], rows).top_unreturned.contact == "Carla"  # type: ignore[union-attr]
    rows = ledger(ME, gives[:2], [], NAMES)
    assert summarize(ME, gives[:2], [], rows).top_unreturned.contact == "Bruno"  # type: ignore[union-attr]


def test_json_row_is_exact() -> None:
    anna = ledger(ME, GIVES, INTROS, NAMES)[0]
    assert anna.as_json() == {
        "contact_id": ANNA,
        "contact": "Anna",
        "given_count": 3,
        "given_value": Decimal("1600.00"),
        "received_count": 1,
        "received_value": Decimal("50.50"),
        "balance": -2,
    }


def test_from_records_for_one_contact_ignores_records_that_only_mention_them() -> None:
    people = {i: (n, n.casefold()) for i, n in NAMES.items()}
    gives = [(g.giver_id, g.receiver_id, g.value_cents) for g in GIVES]
    intros = [(i.by_id, i.a_id, i.b_id, i.value_cents) for i in INTROS]
    # Carla introduced me to Dario: that is Carla's, not Dario's, even though it names Dario
    s = from_records(ME, gives, intros, people, contact_id=DARIO)
    assert _tuples(s.rows) == [(DARIO, 2, 30, 0, 0, -2)]
    assert (s.given_count, s.given_cents, s.received_count, s.received_cents) == (2, 30, 0, 0)
    assert (s.i_owe, s.owe_me, s.top_unreturned) == (0, 1, None)


def test_from_records_gives_a_zero_row_for_someone_with_no_ledger() -> None:
    s = from_records(ME, [], [], {7: ("Nobody", "nobody")}, contact_id=7)
    assert _tuples(s.rows) == [(7, 0, 0, 0, 0, 0)]


def test_from_records_without_contact_equals_ledger_and_summary() -> None:
    people = {i: (n, n.casefold()) for i, n in NAMES.items()}
    gives = [(g.giver_id, g.receiver_id, g.value_cents) for g in GIVES]
    intros = [(i.by_id, i.a_id, i.b_id, i.value_cents) for i in INTROS]
    s = from_records(ME, gives, intros, people)
    assert _tuples(s.rows) == EXPECTED
    assert (s.given_count, s.received_count) == (5, 7)


def test_diverging_bar() -> None:
    assert diverging_bar(0, 4, 4) == ("    ", "    ")
    assert diverging_bar(-4, 4, 4) == ("████", "    ")
    assert diverging_bar(2, 4, 4) == ("    ", "██  ")
    assert diverging_bar(1, 100, 4) == ("    ", "█   ")  # small but visible
    assert diverging_bar(3, 0, 4) == ("    ", "    ")


PEOPLE = st.integers(min_value=1, max_value=6)
CENTS = st.one_of(st.none(), st.integers(min_value=0, max_value=10**9))


@given(
    st.lists(st.builds(GiveFact, PEOPLE, PEOPLE, CENTS), max_size=30),
    st.lists(st.builds(IntroFact, PEOPLE, PEOPLE, PEOPLE, CENTS), max_size=30),
)
def test_ledger_invariants(gives: list[GiveFact], intros: list[IntroFact]) -> None:
    # the CLI refuses self-gives and self-intros; the ledger sees only well-formed records
    gives = [g for g in gives if g.giver_id != g.receiver_id]
    intros = [i for i in intros if len({i.by_id, i.a_id, i.b_id}) == 3]
    rows = ledger(ME, gives, intros, NAMES)
    s = summarize(ME, gives, intros, rows)
    assert all(r.contact_id != ME and not r.empty for r in rows)
    assert [abs(r.balance) for r in rows] == sorted((abs(r.balance) for r in rows), reverse=True)
    # rows may count an intro twice (both parties); totals count it once
    assert sum(r.received_count for r in rows) == s.received_count
    assert sum(r.given_count for r in rows) >= s.given_count
    assert s.i_owe == sum(1 for r in rows if r.balance > 0)
    # the order of the input never changes the result
    assert _tuples(ledger(ME, gives[::-1], intros[::-1], NAMES)) == _tuples(rows)


@given(st.integers(-50, 50), st.integers(0, 50), st.integers(1, 12))
def test_diverging_bar_shape(balance: int, largest: int, width: int) -> None:
    largest = max(largest, abs(balance))
    left, right = diverging_bar(balance, largest, width)
    assert len(left) == len(right) == width
    blocks = (left + right).count("█")
    assert (blocks > 0) == (balance != 0)
    assert (left.strip() == "") == (balance >= 0)
