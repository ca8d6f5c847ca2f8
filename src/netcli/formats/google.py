"""Read a Google Contacts CSV export (contacts.google.com → Export → Google CSV).

Two header forms exist. The current one names people with `First Name,Middle Name,Last Name` and
has `Organization Name`, `Organization Title` and `Labels`; the older one has
`Name,Given Name,Additional Name,Family Name`, `Group Membership` and numbered organizations
(`Organization 1 - Name`). Both number repeated fields (`E-mail 1 - Value`, `Phone 2 - Value`,
`Address 1 - City`…) as many times as the data needs, and join several values inside one cell
with ` ::: `. Columns are found by name, case-insensitively.

`read_google(lines, name)` yields `("line N", ContactRecord)` or `Skip` (see `records`):
name ← First/Middle/Last Name (current) or Name, else Given/Additional/Family Name (old), else
Nickname, else File As; emails ← every `E-mail N - Value`; phones ← every `Phone N - Value`;
company/title ← Organization Name/Title or the first `Organization N - Name/Title`;
city ← the first `Address N - City`; url ← the first `Website N - Value`; birthday ← Birthday
(`1985-03-14` or `--03-14`); notes ← Notes; tags ← Labels or Group Membership, without the
system label `* myContacts` (old: `* My Contacts`) and without the `* ` that marks other system
labels (`* starred` → `starred`). A row with no name is skipped with reason "no name"; blank
lines are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from netcli.formats.records import ContactRecord, FormatError, Item, Skip, clean_name
from netcli.formats.text import csv_rows

__all__ = ["is_header", "read_google"]

_GROUP = re.compile(r"(?P<kind>.+?) (?P<number>\d+) - (?P<field>.+)")
_MULTI = re.compile(r"\s*:::\s*")
_DROPPED_LABELS = {"mycontacts"}
_NAME_COLUMNS = {"first name", "last name", "name", "given name", "family name"}


def is_header(cells: list[str]) -> bool:
    """Tell whether lowercased, trimmed cells are a Google Contacts CSV header (either form)."""
    # Outlook's CSV also opens with First Name,Middle Name,Last Name: a Google-only column
    # must be present too.
    google_only = {"phonetic first name", "labels", "group membership", "e-mail 1 - value"}
    return (
        cells[:3] == ["first name", "middle name", "last name"] and bool(google_only & set(cells))
    ) or (
        cells[:4] == ["name", "given name", "additional name", "family name"]
        or ("group membership" in cells and "e-mail 1 - value" in cells)
    )


class _Columns:
    """Positions of a Google header's plain columns and of its numbered groups."""

    def __init__(self, header: list[str]) -> None:
        self.plain: dict[str, int] = {}
        # (kind, field) → column positions ordered by group number, e.g. ("e-mail", "value").
        self.groups: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for index, raw in enumerate(header):
            cell = " ".join(raw.lower().split())
            self.plain.setdefault(cell, index)
            if match := _GROUP.fullmatch(cell):
                key = (match["kind"], match["field"])
                self.groups.setdefault(key, []).append((int(match["number"]), index))
        for positions in self.groups.values():
            positions.sort()

    def get(self, row: list[str], column: str) -> str:
        """Return one plain cell, empty when the column or the cell is missing."""
        index = self.plain.get(column)
        return row[index] if index is not None and index < len(row) else ""

    def values(self, row: list[str], kind: str, field: str) -> list[str]:
        """Return every value of a numbered group, ` ::: `-joined values split apart."""
        found: list[str] = []
        for _, index in self.groups.get((kind, field), []):
            if index < len(row):
                found.extend(piece for piece in _MULTI.split(row[index].strip()) if piece)
        return found

    def first(self, row: list[str], column: str | None, kind: str, field: str) -> str | None:
        """Return the plain column's first value, else the numbered group's first value."""
        cell = self.get(row, column) if column else ""
        plain = [piece for piece in _MULTI.split(cell.strip()) if piece]
        found = plain or self.values(row, kind, field)
        return found[0] if found else None


def read_google(lines: Iterable[str], name: str = "input") -> Iterator[Item]:
    """Yield a record or a skip per contact row of a Google Contacts CSV."""
    rows = csv_rows(lines, name)
    header = next(rows, None)
    if header is None:
        raise FormatError(f"{name} is empty")
    columns = _Columns(header[1])
    # Looser than is_header: with --from google, any header with Google's name columns will do.
    if not _NAME_COLUMNS & set(columns.plain):
        raise FormatError(f"{name} is not a Google Contacts CSV: its header has no name columns")
    for line, row in rows:
        if not row:
            continue
        where = f"line {line}"
        full_name = _name(columns, row)
        labels = columns.get(row, "labels") or columns.get(row, "group membership")
        record = ContactRecord(
            name=full_name,
            emails=columns.values(row, "e-mail", "value"),
            phones=columns.values(row, "phone", "value"),
            company=columns.first(row, "organization name", "organization", "name"),
            title=columns.first(row, "organization title", "organization", "title"),
            city=columns.first(row, None, "address", "city"),
            tags=_tags(labels),
            birthday=columns.get(row, "birthday"),
            notes=columns.get(row, "notes"),
            url=columns.first(row, None, "website", "value"),
        )
        if not record.name:
            yield Skip(where, "no name")
            continue
        yield where, record


def _name(columns: _Columns, row: list[str]) -> str:
    """Return the display name from whichever name columns this header form has."""
    parts = ("first name", "middle name", "last name")
    old_parts = ("given name", "additional name", "family name")
    candidates = [
        " ".join(columns.get(row, column) for column in parts),
        columns.get(row, "name"),
        " ".join(columns.get(row, column) for column in old_parts),
        columns.get(row, "nickname"),
        columns.get(row, "file as"),
    ]
    for candidate in candidates:
        if cleaned := clean_name(candidate):
            return cleaned
    return ""


def _tags(labels: str) -> list[str]:
    """Turn `* myContacts ::: * starred ::: Friends` into `["starred", "friends"]`."""
    tags: list[str] = []
    for label in _MULTI.split(labels.strip()):
        tag = label.strip().removeprefix("* ").strip().lower()
        # The old export spells the system group "* My Contacts", the current "* myContacts".
        if tag and tag.replace(" ", "") not in _DROPPED_LABELS:
            tags.append(tag)
    return tags
