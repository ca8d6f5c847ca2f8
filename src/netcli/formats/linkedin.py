"""Read LinkedIn's Connections.csv (Settings & Privacy → Data privacy → Get a copy of your data).

Two forms exist. The current one opens with a preamble (a `Notes:` line, a quoted sentence with
commas, a blank line) before `First Name,Last Name,URL,Email Address,Company,Position,Connected On`,
with dates like `09 Oct 2024`. The older one has no preamble and no URL column, and dates like
`1/8/18, 6:14 PM` (month first). Columns are found by name, so their order does not matter.
Re-saved by a spreadsheet, dates read `5-Jan-26`, and the header may be gone: a first row of six
or seven cells ending in a date is read in LinkedIn's own column order.

`read_linkedin(lines, name)` yields `("line N", ContactRecord)` or `Skip` (see `records`):
First + Last Name → name; Email Address → emails (usually empty); Company → company;
Position → title; URL → url (percent-decoded); Connected On → met_on (dropped when unreadable).
Rows with no name (LinkedIn writes `,,,,,,02 Jun 2022` for deleted members) are skipped with
reason "no name"; blank lines are ignored. No header within the first lines → `FormatError`.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterable, Iterator
from itertools import chain
from urllib.parse import unquote

from netcli.formats.records import ContactRecord, FormatError, Item, Skip, clean_name
from netcli.formats.text import csv_rows

__all__ = ["is_header", "is_headerless_row", "parse_connected_on", "read_linkedin"]

# The header is line 4 in the current form; allow a few more preamble lines in case it grows.
_MAX_PREAMBLE_ROWS = 10
_MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
# `09 Oct 2024`, and `5-Jan-26` once a spreadsheet has re-saved the file.
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*\.?[ -](\d{4}|\d{2})\b")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def is_header(cells: list[str]) -> bool:
    """Tell whether lowercased, trimmed cells are a Connections.csv header (either form)."""
    return cells[:2] == ["first name", "last name"] and "connected on" in cells


def read_linkedin(lines: Iterable[str], name: str = "input") -> Iterator[Item]:
    """Yield a record or a skip per connection row of a LinkedIn Connections.csv."""
    rows = csv_rows(lines, name)
    columns, first_rows = _find_header(rows, name)

    def cell(row: list[str], column: str) -> str:
        index = columns.get(column)
        return row[index] if index is not None and index < len(row) else ""

    for line, row in chain(first_rows, rows):
        if not row:
            continue
        if len(row) == 1 and "," in row[0] and len(columns) > 1:
            # Excel sometimes quotes a whole row into one cell: read that cell as the row.
            row = next(csv.reader([row[0]], skipinitialspace=True), row)
        where = f"line {line}"
        full_name = clean_name(f"{cell(row, 'first name')} {cell(row, 'last name')}")
        email = cell(row, "email address").strip()
        url = cell(row, "url").strip()
        record = ContactRecord(
            name=full_name,
            emails=[email] if email else [],
            company=cell(row, "company"),
            title=cell(row, "position"),
            url=unquote(url) if url else None,
            met_on=parse_connected_on(cell(row, "connected on")),
        )
        if not full_name and not email:
            # A deleted member (`,,,,,,02 Jun 2022`): a company alone is not a person here.
            yield Skip(where, "no name")
            continue
        yield where, record


_HEADERLESS = {
    6: ["first name", "last name", "email address", "company", "position", "connected on"],
    7: ["first name", "last name", "url", "email address", "company", "position", "connected on"],
}


def is_headerless_row(cells: list[str]) -> bool:
    """Tell whether a first row is a connection itself: a spreadsheet saved the file without
    its header (six or seven cells, the last a Connected On date)."""
    return len(cells) in _HEADERLESS and parse_connected_on(cells[-1]) is not None


def _find_header(
    rows: Iterator[tuple[int, list[str]]], name: str
) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    """Consume the preamble and the header row; return column positions by lowercased name,
    and the rows to read again (the first one, when the file has no header)."""
    for count, (line, row) in enumerate(rows, start=1):
        cells = [cell.strip().lower() for cell in row]
        if is_header(cells):
            return {cell: index for index, cell in enumerate(cells)}, []
        if count == 1 and is_headerless_row(row):
            return {cell: index for index, cell in enumerate(_HEADERLESS[len(row)])}, [(line, row)]
        if count >= _MAX_PREAMBLE_ROWS:
            break
    raise FormatError(
        f"{name} is not a LinkedIn Connections.csv: no 'First Name,Last Name,…' header"
    )


def parse_connected_on(value: str) -> datetime.date | None:
    """Read `09 Oct 2024`, `1/8/18, 6:14 PM` (month first) or ISO; None when unreadable."""
    text = value.strip()
    try:
        if match := _DAY_MONTH_YEAR.match(text):
            month = _MONTHS.get(match[2].lower())
            if month is None:
                return None
            year = int(match[3])
            return datetime.date(year + 2000 if year < 100 else year, month, int(match[1]))
        if match := _US_DATE.match(text):
            year = int(match[3])
            # Two-digit years only come from LinkedIn's older export, which began in 2003.
            year += 2000 if year < 100 else 0
            return datetime.date(year, int(match[1]), int(match[2]))
        if match := _ISO_DATE.match(text):
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return None
