"""services.docstream: a JSON document's top level read member by member, its record lists item
by item, the same as json.loads gives whatever the layout and wherever the reads split it."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcli.services import docstream
from netcli.services.docstream import NotStreamable, top_level
from netcli.services.document import IdSet

LAYOUTS: list[dict[str, Any]] = [
    {"indent": 2},  # net export
    {},  # one line, ", " and ": "
    {"separators": (",", ":")},  # minified
    {"indent": "\t"},
    {"indent": 0},
]

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
records = st.lists(st.dictionaries(st.text(max_size=6), values, max_size=4), max_size=6)
documents = st.fixed_dictionaries(
    {"format": st.just("netcli"), "version": st.just(1), "me_id": st.integers()},
    optional=dict.fromkeys(docstream.LISTS, records) | {"config": values, "note": values},
)


def read(data: bytes) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in top_level(io.BytesIO(data)):
        found[key] = list(value) if key in docstream.LISTS else value
    return found


@pytest.mark.slow  # a long property test: left out of `pytest -m "not slow"`
@settings(max_examples=150, deadline=None)
@given(documents, st.sampled_from(LAYOUTS), st.sampled_from([1, 2, 5, 64, 1 << 20]))
def test_any_layout_reads_as_json_loads_does(
    doc: dict[str, Any], layout: dict[str, Any], chunk: int
) -> None:
    data = json.dumps(doc, ensure_ascii=False, **layout).encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(docstream, "_CHUNK", chunk)  # splits land everywhere, in numbers too
        assert read(data) == json.loads(data)


def test_a_byte_order_mark_and_accents_are_read() -> None:
    doc = {"format": "netcli", "contacts": [{"name": "Niccolò Fàbbri", "notes": "perché €"}]}
    assert read(b"\xef\xbb\xbf" + json.dumps(doc, ensure_ascii=False).encode()) == doc


def test_a_list_the_caller_leaves_unread_is_skipped() -> None:
    data = json.dumps({"contacts": [{"id": 1}, {"id": 2}], "config": {"a": 1}}).encode()
    assert [key for key, _ in top_level(io.BytesIO(data))] == ["contacts", "config"]


@pytest.mark.parametrize(
    "text",
    [
        '{"contacts": [{"id": 1}, {"id": 2}',  # cut short
        '{"contacts": [{"id": 1},, {"id": 2}]}',
        '{"contacts": [{"id": 1}] "config": {}}',
        '{"contacts": [{"id": 1}]} {}',  # trailing data
        '{"contacts": [1]}]',
        '{"contacts": {"id": 1}}',  # not a list
        '{"contacts": [], "contacts": []}',  # given twice
        '[{"id": 1}]',
        "{}",
        "",
        '{"me_id": 12',
        '{"contacts": [' + "[" * 100_000 + "]" * 100_000 + "]}",  # nested too deeply
    ],
)
def test_what_it_does_not_take_on_is_not_streamable(text: str) -> None:
    with pytest.raises(NotStreamable):
        read(text.encode())


@pytest.mark.parametrize("data", [b"\xff\xfe{\x00}\x00", '{"note": "caf\u00e9"}'.encode("latin-1")])
def test_text_that_is_not_utf8_is_not_streamable(data: bytes) -> None:
    with pytest.raises(NotStreamable):
        read(data)


def test_a_huge_item_is_read_in_a_few_reads() -> None:
    note = "x" * 3_000_000
    data = json.dumps({"contacts": [{"notes": note}, {"id": 2}]}).encode()

    class Counting(io.BytesIO):
        reads = 0

        def read(self, size: int | None = -1) -> bytes:
            Counting.reads += 1
            return super().read(size)

    found = [(k, list(v)) for k, v in top_level(Counting(data))]
    assert found == [("contacts", [{"notes": note}, {"id": 2}])]
    assert Counting.reads < 8  # the window doubles: not one read per MiB re-parsed


@settings(deadline=None)
@given(st.lists(st.integers(1, 1 << 25) | st.integers(1, 300) | st.integers(1, 1 << 62)))
def test_an_id_set_answers_as_a_set_does(ids: list[int]) -> None:
    found, expected = IdSet(), set()
    for value in ids:
        assert found.add(value) == (value not in expected)
        expected.add(value)


@pytest.mark.parametrize("number", ["-0.0", "1.5", "2e3", "-1.25e-2", "10"])
@pytest.mark.parametrize("chunk", [1, 2, 3])
def test_a_number_cut_by_the_window_after_its_sign_point_or_exponent(
    number: str, chunk: int
) -> None:
    """Found by Hypothesis: a window ending in `-0.` read -0 and then refused the rest."""
    data = ('{"format": "netcli", "note": ' + number + ', "me_id": ' + number + "}").encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(docstream, "_CHUNK", chunk)
        assert read(data) == json.loads(data)
