"""Fixtures for the codec tests: the sample files under tests/data and a way to read them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from netcli.formats import detect, text
from netcli.formats.records import ContactRecord, ParseResult, collect

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def data() -> Path:
    """The folder of sample import files."""
    return DATA


@pytest.fixture
def read_sample() -> Callable[..., ParseResult]:
    """Read a sample file the way `net import` will: decode, detect (or force), parse."""

    def read(filename: str, fmt: str | None = None) -> ParseResult:
        with text.open_input(DATA / filename) as source:
            chosen = fmt or detect.detect_format(source.filename, source.head)
            return collect(detect.read_contacts(chosen, source.lines, source.name))

    return read


@pytest.fixture
def by_name() -> Callable[[ParseResult], dict[str, ContactRecord]]:
    """Index a result's records by contact name."""

    def index(result: ParseResult) -> dict[str, ContactRecord]:
        return {record.name: record for _, record in result.records}

    return index
