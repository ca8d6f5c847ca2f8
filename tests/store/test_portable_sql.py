"""The SQL in store/ keeps to what SQLite and PostgreSQL both read (issue 13 item 3); the few
spellings that differ live in store/dialect.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STORE = Path(__file__).parents[2] / "src" / "netcli" / "store"
NOT_PORTABLE = {
    "integer compared with a boolean": r"\b(is_me|archived)\s*=\s*[01]\b",
    "INSERT OR IGNORE/REPLACE": r"INSERT\s+OR\s+\w+",
    "WHERE 1": r"WHERE\s+1\b",
    "rowid": r"\browid\b",
    "`IS ?` (IS NOT DISTINCT FROM)": r"\bIS\s+(NOT\s+)?[?:(]",
    "cursor.lastrowid (dialect.insert_id)": r"\.lastrowid\b",
    "char() (a parameter)": r"\bchar\(",
}


def _sources() -> list[Path]:
    # dialect.py holds the spellings that differ; pg.py translates what SQLite-only SQL is
    # left into PostgreSQL's, so it names those forms on purpose.
    skipped = {"dialect.py", "models.py", "pg.py"}
    return sorted(p for p in STORE.glob("*.py") if p.name not in skipped)


@pytest.mark.parametrize("label", NOT_PORTABLE)
def test_store_sql_is_portable(label: str):
    pattern = re.compile(NOT_PORTABLE[label])
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in _sources()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == [], label


def test_group_concat_only_in_the_dialect():
    assert [p.name for p in _sources() if "group_concat(" in p.read_text()] == []
