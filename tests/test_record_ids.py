"""Typed record ids (spec §3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcli import records
from netcli.errors import InputError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("g3", ("give", 3)),
        ("I12", ("intro", 12)),
        ("x#4", ("interaction", 4)),
        (" r7 ", ("reminder", 7)),
    ],
)
def test_typed_ids_read_back(text: str, expected: tuple[str, int]) -> None:
    kinds = ("intro", "ask", "give", "interaction", "reminder")
    assert records.parse(text, accept=kinds) == expected


def test_bare_number_means_the_one_kind() -> None:
    assert records.parse("5", accept=("ask",), bare="ask") == ("ask", 5)
    assert records.parse("#5", accept=("ask",), bare="ask") == ("ask", 5)


def test_bare_number_refused_where_kinds_vary() -> None:
    with pytest.raises(InputError, match="not a record id"):
        records.parse("5", accept=("intro", "give"))


def test_wrong_kind_names_the_forms() -> None:
    with pytest.raises(InputError, match=r"'a3' is an ask id; expected i3 \(intro\), g3 \(give\)"):
        records.parse("a3", accept=("intro", "give"))


@given(st.sampled_from(list(records.PREFIX)), st.integers(min_value=0, max_value=10**12))
def test_label_round_trips(kind: records.Kind, number: int) -> None:
    assert records.parse(records.label(kind, number), accept=(kind,)) == (kind, number)
    assert records.looks_typed(records.label(kind, number))
