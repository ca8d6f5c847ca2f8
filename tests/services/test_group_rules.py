"""The group's pure rules (services/groups.py): categories, statuses, scorecard lights."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcli.errors import UsageError
from netcli.services import groups
from netcli.services.followups import slip_check_date

CONFIG = {"due.referral_days": "2", "due.intro_days": "7"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("fotografa", "fotografo"),
        ("Avvocata", "avvocato"),
        ("agente immobiliare", "Agente  Immobiliari"),
        ("Notaio", "notaio"),
        ("psicologa", "psicologo"),
    ],
)
def test_gender_and_number_make_one_category(a: str, b: str) -> None:
    assert groups.category_key(a) == groups.category_key(b)


@pytest.mark.parametrize(("a", "b"), [("web", "wed"), ("avvocato", "avvio"), ("notaio", "notai")])
def test_different_categories_stay_apart(a: str, b: str) -> None:
    assert groups.category_key(a) != groups.category_key(b)


@given(st.from_regex(r"[a-z]{3,12}", fullmatch=True))
def test_a_word_agrees_in_both_genders(stem: str) -> None:
    assert groups.category_key(stem + "o") == groups.category_key(stem + "a")


@pytest.mark.parametrize(
    ("typed", "status"),
    [("open", "open"), ("Closed", "business"), ("no-sale", "declined"), (" met ", "met")],
)
def test_statuses_and_bni_names(typed: str, status: str) -> None:
    assert groups.status_of(typed) == status


def test_an_unknown_status_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        groups.status_of("made")


@pytest.mark.parametrize(
    ("metric", "value", "goal", "expected"),
    [
        ("attendance", 95, 95, "green"),
        ("attendance", 85, 95, "yellow"),
        ("attendance", 84.9, 95, "red"),
        ("slips", 12, 12, "green"),
        ("slips", 6, 12, "yellow"),
        ("slips", 5, 12, "red"),
        ("visitors", 0, 0, "green"),
    ],
)
def test_lights_at_their_edges(metric: str, value: float, goal: float, expected: str) -> None:
    assert groups.light(metric, value, goal) == expected


def test_overall_averages_the_lights() -> None:
    assert groups.overall(["green", "green", "yellow", "green", "yellow"]) == "green"
    assert groups.overall(["green", "yellow", "yellow", "red", "yellow"]) == "yellow"
    assert groups.overall(["green", "red", "red", "red", "yellow"]) == "red"


def test_a_received_slip_is_due_two_days_after_it_came() -> None:
    due = slip_check_date("received", date(2026, 11, 20), date(2026, 11, 20), CONFIG, None)
    assert due == date(2026, 11, 22)


def test_a_given_slip_is_checked_after_each_change_and_a_snooze_holds_it() -> None:
    due = slip_check_date("given", date(2026, 11, 1), date(2026, 11, 20), CONFIG, None)
    assert due == date(2026, 11, 27)
    held = slip_check_date(
        "given", date(2026, 11, 1), date(2026, 11, 20), CONFIG, date(2026, 12, 5)
    )
    assert held == date(2026, 12, 5)


def test_the_report_period_defaults_to_six_months() -> None:
    assert groups.period(None, None, date(2026, 11, 27)) == (date(2026, 5, 28), date(2026, 11, 27))
