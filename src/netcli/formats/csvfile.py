"""Generic contact CSV: read any CSV whose header names its columns, and write our CSV export.

Reading (`read_csv(lines, name)`): the delimiter is `,`, `;` or tab, whichever the header line
uses most. Header names are matched case-insensitively, ignoring spaces, `-`, `_` and numbers
(`Email 2`): name, full name, display name; first, first name, given name; middle name; last,
last name, family name, surname; email(s), e-mail, email address, primary/secondary email;
phone(s), telephone, mobile, mobile number, mobile/home/work/business/other phone, pager, fax;
company, organization; title, job title, position, role (Outlook's "Title", Mr./Dr., is ignored
when a "Job Title" exists); category; city, town, home/work/business city; tags, labels,
groups, categories; notes, note, comments; birthday, bday, date of birth, or Thunderbird's
Birth Year/Month/Day; url, website, web page, linkedin; met on (ISO date); trust (0-5); every
(cadence, raw text); `id` is ignored. E-mails in cells past the header's last column are kept.
Several columns of one list field are merged; for a single-value field the first non-empty one
wins. Inside a cell, emails are separated by `;` or `,`, phones by `;`, tags by `;` or `,`.
A header with no name column → `FormatError`; a row with no name is named after its company or
e-mail (with a warning), else → `Skip("line N", "no name")`. Placeholder cells (`-`, `n/a`,
`none`…) are empty; see `records`.

Writing (`iter_csv` / `write_csv`): columns `csv_columns()`, lists joined with `"; "`, CRLF line
ends (RFC 4180). Cells are formula-injection safe (spec §5): a cell starting with `=`, `+`, `-`,
`@`, tab or CR gets a leading `'`, unless it holds only digits, spaces and `+ - . ( )` (a phone
number such as `+39 02 1234 5678` cannot be a formula, and stays as it is). So that export →
import gives back the same values, a cell that already starts with `'`s followed by one of
those characters gets one more, and the reader removes exactly one leading `'` whenever the
rest (past any further `'`s) starts with one of them. In list cells a tag or e-mail holding
`,` or `;` is written inside `"…"` and read back whole; a phone's `;ext=` stays with its number.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain
from typing import Any

from netcli import fields
from netcli.fields import BIRTHDAY, DATE, TRUST, Field
from netcli.formats.records import ContactRecord, FormatError, Item, Skip, is_email
from netcli.formats.text import csv_rows

__all__ = [
    "csv_columns",
    "escape_cell",
    "is_header",
    "iter_csv",
    "read_csv",
    "sniff_delimiter",
    "unescape_cell",
    "write_csv",
]

# Our CSV export's columns that are not fields of netcli.fields, where they go in it.
_HEAD = ("id", "name", "emails", "phones")
_LISTS_AFTER = {"city": ("tags",)}


def csv_columns() -> tuple[str, ...]:
    """Our CSV export's header: id, name, emails, phones, then the fields files carry in their
    order (tags after city; a field with `csv_after` where it has always been)."""
    columns = list(_HEAD)
    moved = [f for f in fields.FIELDS if f.files and f.csv_after]
    for f in fields.FIELDS:
        if f.files and not f.csv_after:
            columns += [f.name, *_LISTS_AFTER.get(f.name, ())]
            columns += [m.name for m in moved if m.csv_after == f.name]
    return tuple(columns)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Only digits, spaces and `+ - . ( )`: what phone numbers are made of, and no formula.
_NUMBER_LIKE = re.compile(r"[\d +\-.()]*\d[\d +\-.()]*")


def _header_key(cell: str) -> str:
    """Normalise a header cell: `E-mail 2 Address` → `emailaddress`."""
    return re.sub(r"[\W_\d]+", "", cell.lower())


# Normalised header name (lowercase, letters and digits only, trailing number dropped) → field.
_ALIASES = {
    field: names.split()
    for field, names in {
        "name": "name fullname displayname contactname",
        "first": "first firstname givenname given",
        "middle": "middle middlename additionalname",
        "last": "last lastname familyname surname",
        # Thunderbird: Primary/Secondary Email; Outlook: E-mail Address, E-mail 2 Address…
        "emails": "email emails emailaddress emailaddresses mail primaryemail secondaryemail"
        " workemail homeemail otheremail",
        "phones": "phone phones phonenumber phonenumbers telephone tel mobile mobilephone cellphone"
        " homephone workphone businessphone mobilenumber cellnumber primaryphone otherphone"
        " carphone companymainphone assistantsphone radiophone callback isdn pager pagernumber"
        " faxnumber fax homefax businessfax otherfax workfax",
        "tags": "tags tag labels groups categories",
        "birth_year": "birthyear",
        "birth_month": "birthmonth",
        "birth_day": "birthday_",  # Thunderbird's "Birth Day": see _field_columns
        **{f.name: " ".join((_header_key(f.name), *f.aliases)) for f in fields.FIELDS if f.files},
    }.items()
}
_FIELD_BY_KEY = {key: field for field, keys in _ALIASES.items() for key in keys}
_LIST_SEPARATORS = {"emails": ";,", "phones": ";", "tags": ";,"}
_PHONE_SPLIT = re.compile(r";(?!\s*(?:ext|isub|postd|phone-context)=)", re.IGNORECASE)
_NAME_FIELDS = {"name", "first", "last"}


def _digits(text: str) -> bool:
    """Plain ASCII digits: str.isdigit() also takes `²`, which int() then refuses."""
    return text.isascii() and text.isdigit()


def _field_columns(header: list[str]) -> dict[str, list[int]]:
    """Map each known field to the positions of the columns that feed it."""
    columns: dict[str, list[int]] = {}
    keys = [_header_key(cell) for cell in header]
    for index, (cell, key) in enumerate(zip(header, keys, strict=True)):
        # "Birth Day" (Thunderbird's day of the month) folds like "Birthday".
        if key == "birthday" and " " in cell.strip() and "birthyear" in keys:
            key = "birthday_"
        field = _FIELD_BY_KEY.get(key)
        if field:
            columns.setdefault(field, []).append(index)
    if {"jobtitle", "position"} & set(keys):
        # Outlook's "Title" is Mr./Dr.; its "Job Title" is the job.
        columns["title"] = [i for i in columns["title"] if keys[i] != "title"]
    return columns


def is_header(cells: list[str]) -> bool:
    """Tell whether header cells name at least a name, first-name or last-name column."""
    return bool(_NAME_FIELDS & set(_field_columns(cells)))


def sniff_delimiter(header_line: str) -> str:
    """Pick `,`, `;` or tab, whichever the header line contains most (ties go to `,`)."""
    return max([",", ";", "\t"], key=header_line.count)


def read_csv(lines: Iterable[str], name: str = "input") -> Iterator[Item]:
    """Yield a record or a skip per row of a generic contact CSV."""
    stream = iter(lines)
    first_line = next(stream, None)
    if first_line is None:
        raise FormatError(f"{name} is empty")
    rows = csv_rows(chain([first_line], stream), name, delimiter=sniff_delimiter(first_line))
    _, header = next(rows)
    columns = _field_columns(header)
    if not _NAME_FIELDS & set(columns):
        raise FormatError(
            f"{name} has no name column: its header needs 'name' or 'first name'/'last name'"
        )

    def values(row: list[str], field: str) -> list[str]:
        return [
            unescape_cell(row[index])
            for index in columns.get(field, [])
            if index < len(row) and row[index].strip()
        ]

    def single(row: list[str], field: str) -> str | None:
        found = values(row, field)
        return found[0] if found else None

    def listed(row: list[str], field: str) -> list[str]:
        if field == "phones":
            # `;ext=12` (RFC 3966) belongs to the number before it.
            return [
                piece.strip()
                for cell in values(row, field)
                for piece in _PHONE_SPLIT.split(cell)
                if piece.strip()
            ]
        separators = _LIST_SEPARATORS[field]
        return [value for cell in values(row, field) for value in split_quoted(cell, separators)]

    for line, row in rows:
        if not row:
            continue
        where = f"line {line}"
        full_name = single(row, "name") or " ".join(
            single(row, part) or "" for part in ("first", "middle", "last")
        )
        extra_emails = [cell.strip() for cell in row[len(header) :] if is_email(cell.strip())]
        record = ContactRecord(
            name=full_name,
            emails=listed(row, "emails") + extra_emails,
            phones=listed(row, "phones"),
            tags=listed(row, "tags"),
            **{
                f.name: _value(f, single(row, f.name), row, single)
                for f in fields.FIELDS
                if f.files
            },
        )
        if not record.name:
            yield Skip(where, "no name")
            continue
        yield where, record


def _value(
    f: Field, cell: str | None, row: list[str], single: Callable[[list[str], str], str | None]
) -> Any:
    """A field's value from its cell, as ContactRecord takes it."""
    if f.kind == BIRTHDAY:
        return cell or _birthday_parts(row, single)
    if f.kind == DATE:
        return _iso_date(cell)
    if f.kind == TRUST:
        return _trust(cell)
    return cell


def _birthday_parts(row: list[str], single: Callable[[list[str], str], str | None]) -> str | None:
    """Thunderbird's Birth Year, Birth Month and Birth Day columns as one birthday."""
    month, day = single(row, "birth_month"), single(row, "birth_day")
    if not (month and day and _digits(month.strip()) and _digits(day.strip())):
        return None
    year = (single(row, "birth_year") or "").strip()
    month_day = f"{int(month):02d}-{int(day):02d}"
    return f"{int(year):04d}-{month_day}" if _digits(year) else month_day


def _iso_date(value: str | None) -> datetime.date | None:
    """Read a `YYYY-MM-DD` date; None when absent or unreadable."""
    try:
        return datetime.date.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None


def _trust(value: str | None) -> int | None:
    """Read a trust level 0-5; None when absent or out of range."""
    text = (value or "").strip()
    return int(text) if _digits(text) and 0 <= int(text) <= 5 else None


def escape_cell(value: str) -> str:
    """Prefix `'` to a cell a spreadsheet would run as a formula (see the module docstring)."""
    if _NUMBER_LIKE.fullmatch(value):
        return value  # `+39 02 1234`, `-1`: a number at most, never a formula
    return "'" + value if value.lstrip("'").startswith(_FORMULA_STARTS) else value


def unescape_cell(value: str) -> str:
    """Undo `escape_cell`: drop one leading `'` put before a formula-like start."""
    if value.startswith("'") and value.lstrip("'").startswith(_FORMULA_STARTS):
        return value[1:]
    return value


def split_quoted(cell: str, separators: str) -> list[str]:
    """Split a list cell on any of `separators`, except inside a `"…"` piece (`""` is a quote):
    `"Rossi, Bianchi & C."; clienti` is two tags."""
    if '"' not in cell:
        plain = re.split("[" + re.escape(separators) + "]", cell)
        return [piece.strip() for piece in plain if piece.strip()]
    pieces: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(cell):
        char = cell[index]
        if char == '"' and not "".join(current).strip():
            end = index + 1
            while end < len(cell):
                if cell[end] == '"' and cell[end + 1 : end + 2] == '"':
                    end += 2
                elif cell[end] == '"':
                    break
                else:
                    end += 1
            current = [cell[index + 1 : end].replace('""', '"')]
            index = end + 1
            continue
        if char in separators:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    pieces.append("".join(current))
    return [piece.strip() for piece in pieces if piece.strip()]


def _list_item(value: Any) -> str:
    """One tag or email of a list cell, quoted when it holds a separator or starts with `"`
    (after spaces, as `split_quoted` reads it)."""
    text = _cell_text(value)
    if "," in text or _PHONE_SPLIT.search(text) or text.lstrip().startswith('"'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _cell_text(value: Any) -> str:
    """Render one contact value as CSV cell text (None → empty, lists joined with `; `)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_list_item(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def iter_csv(contacts: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """Yield our CSV export line by line (header first) from spec §10 contact objects."""
    buffer = io.StringIO()
    # CRLF as RFC 4180 says; with "\n" alone the csv module would leave a lone CR unquoted.
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = csv_columns()
    groups = {f.name: f.group for f in fields.FIELDS if f.group}  # gains are nested in the object
    writer.writerow(columns)
    yield _drain(buffer)
    for contact in contacts:
        writer.writerow(
            escape_cell(
                _cell_text(
                    (contact.get(groups[col]) or {}).get(col) if col in groups else contact.get(col)
                )
            )
            for col in columns
        )
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    """Return what the csv writer put in `buffer` and empty it for the next row."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def write_csv(contacts: Iterable[Mapping[str, Any]]) -> str:
    """Return our whole CSV export of spec §10 contact objects as one string."""
    return "".join(iter_csv(contacts))
