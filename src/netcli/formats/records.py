"""The shared shapes of every import codec: `ContactRecord`, `Skip`, `FormatError`.

Each reader (`linkedin.read_linkedin`, `google.read_google`, `vcard.read_vcards`,
`csvfile.read_csv`) is a generator over decoded text lines that yields `Item`s, one per row or
card, so a 40,000-row file is never held in memory as objects:

- `(where, ContactRecord)` for a usable row, `where` being `"line 7"` (CSV) or `"record 3"` (vCard);
- `Skip(where, reason)` for a row that cannot become a contact (e.g. `"no name"`).

A reader raises `FormatError` (one user-facing line) when the file cannot be read at all; it may
do so after yielding items (a vCard file with no valid card is only known at its end), so callers
insert inside one transaction. `collect()` gathers a whole stream for tests and small files.

`ContactRecord` normalises its fields on construction, so every reader hands the same shapes to
the store: names trimmed with inner whitespace collapsed (emoji kept), tags lowercased and unique,
emails and phones unique, empty strings as `None`, notes with `\\n` line ends, birthdays as
`MM-DD` or `YYYY-MM-DD` (an unreadable birthday is dropped, the rest of the contact is kept).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from netcli.fields import FIELDS, NOTES

__all__ = [
    "ContactRecord",
    "FormatError",
    "Item",
    "ParseResult",
    "Skip",
    "clean_name",
    "clean_line",
    "clean_notes",
    "collect",
    "is_email",
    "is_phone",
    "is_placeholder",
    "parse_birthday",
    "split_values",
]


class FormatError(Exception):
    """The file cannot be read at all; the message is one user-facing line."""


@dataclass
class ContactRecord:
    """One contact read from a file, normalised on construction: an attribute per field of
    netcli.fields that files carry (tests/test_fields.py checks it)."""

    name: str
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    company: str | None = None
    title: str | None = None
    category: str | None = None
    city: str | None = None
    tags: list[str] = field(default_factory=list)
    birthday: str | None = None
    notes: str | None = None
    url: str | None = None
    met_on: datetime.date | None = None
    # Only our own CSV and vCard exports carry these; `every` stays raw text for the caller's
    # interval parser (formats may not import netcli.dates).
    trust: int | None = None
    every: str | None = None
    # GAINS (goals, accomplishments, interests, networks, skills): free text, ours only too
    goals: str | None = None
    accomplishments: str | None = None
    interests: str | None = None
    networks: str | None = None
    skills: str | None = None
    # What the reader left out or guessed, for the import report ("named after its e-mail").
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.name = clean_name(self.name)
        kept_aside: list[str] = []
        self.emails = _unique(_valid(self.emails, is_email, "E-mail", kept_aside), str.casefold)
        self.phones = _unique(_valid(self.phones, is_phone, "Phone", kept_aside), lambda p: p)
        self.tags = _unique((t.strip().lower() for t in self.tags), key=lambda t: t)
        self.company = _no_placeholder(clean_line(self.company))
        self.title = _no_placeholder(clean_line(self.title))
        self.category = clean_line(self.category)
        self.city = _no_placeholder(clean_line(self.city))
        self.url = _no_placeholder(clean_line(self.url))
        self.every = clean_line(self.every)
        for f in FIELDS:
            if f.kind == NOTES and f.files:  # the notes and the GAINS
                setattr(self, f.name, clean_notes(getattr(self, f.name)))
        if kept_aside:
            # Not an address or a number, but not nothing either: the notes keep it.
            self.notes = "\n".join(filter(None, [self.notes, *kept_aside]))
        raw_birthday = self.birthday
        self.birthday = parse_birthday(raw_birthday)
        if raw_birthday and raw_birthday.strip() and not self.birthday:
            if not is_placeholder(raw_birthday):
                self.notes = "\n".join(filter(None, [self.notes, f"Birthday: {raw_birthday}"]))
        if self.trust is not None and not 0 <= self.trust <= 5:
            self.trust = None
        if not self.name:
            self._name_from_other_fields()

    def _name_from_other_fields(self) -> None:
        """Name a card that has none as address books do: its organisation, else its e-mail,
        else its phone number."""
        if self.company:
            self.name = self.company
            self.warnings.append("no name: named after its organisation")
        elif self.emails:
            self.name = clean_name(self.emails[0].split("@", 1)[0])
            self.warnings.append("no name: named after its e-mail")
        elif self.phones:
            self.name = self.phones[0]
            self.warnings.append("no name: named after its phone number")


@dataclass
class Skip:
    """A row or card that could not become a contact, and why."""

    where: str  # "line 7" or "record 3"
    reason: str

    def as_dict(self) -> dict[str, int | str]:
        """Return the import report's skip object, e.g. `{"line": 7, "reason": "no name"}`."""
        unit, _, number = self.where.partition(" ")
        return {
            unit: int(number) if number.isascii() and number.isdigit() else number,
            "reason": self.reason,
        }


Item = tuple[str, ContactRecord] | Skip


@dataclass
class ParseResult:
    """A whole stream of items, gathered: for tests and small files."""

    records: list[tuple[str, ContactRecord]]
    skips: list[Skip]


def collect(items: Iterable[Item]) -> ParseResult:
    """Gather a reader's items into records and skips."""
    result = ParseResult(records=[], skips=[])
    for item in items:
        if isinstance(item, Skip):
            result.skips.append(item)
        else:
            result.records.append(item)
    return result


def clean_name(value: str | None) -> str:
    """Trim a name and collapse inner whitespace (tabs, NBSP, newlines) to single spaces."""
    return " ".join((value or "").split())


def clean_line(value: str | None) -> str | None:
    """Trim a one-line field and collapse inner whitespace; empty becomes None."""
    return clean_name(value) or None


def clean_notes(value: str | None) -> str | None:
    """Normalise line ends to `\\n` and trim; empty becomes None."""
    if value is None:
        return None
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() or None


def split_values(cell: str | None, separators: str) -> list[str]:
    """Split a multi-value cell on any of `separators`, dropping empty pieces."""
    if not cell:
        return []
    pieces = re.split("[" + re.escape(separators) + "]", cell)
    return [piece.strip() for piece in pieces if piece.strip()]


_BIRTHDAY_FORMS = [
    re.compile(r"(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})"),  # 1985-03-14, 19850314
    re.compile(r"--(?P<m>\d{2})-?(?P<d>\d{2})"),  # vCard 4 / ISO 8601 without year
    re.compile(r"(?P<m>\d{2})-(?P<d>\d{2})"),  # our own MM-DD
]
_MONTH_NAMES = {
    **{m: n for n, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)},
    **{m: n for n, m in enumerate("gen feb mar apr mag giu lug ago set ott nov dic".split(), 1)},
}
_MONTH = r"(?P<name>[^\W\d_]{3,})\.?"
_TEXT_BIRTHDAYS = [
    re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[ .-]*{_MONTH}(?:[ ,.-]+(?P<y>\d{{4}}))?"),
    re.compile(rf"{_MONTH}[ .-]*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:[ ,.-]+(?P<y>\d{{4}}))?"),
]
# Apple Contacts writes a birthday without a year as 1604-MM-DD (and X-APPLE-OMIT-YEAR=1604).
_NO_YEAR = 1604


def parse_birthday(value: str | None) -> str | None:
    """Read a birthday as `MM-DD` or `YYYY-MM-DD`, or None when it is not a real date."""
    if not value:
        return None
    text = value.strip()
    # vCard allows a time part (19850314T000000Z); only the date matters.
    text = text.split("T", 1)[0] if re.match(r"^[\d-]+T", text) else text
    text = _month_name_date(text) or text
    for form in _BIRTHDAY_FORMS:
        match = form.fullmatch(text)
        if not match:
            continue
        month, day = int(match["m"]), int(match["d"])
        year = int(match["y"]) if "y" in form.groupindex else None
        try:
            # 2000 is a leap year, so a year-less 02-29 is accepted.
            datetime.date(year if year and year != _NO_YEAR else 2000, month, day)
        except ValueError:
            return None
        if year is None or year == _NO_YEAR:
            return f"{month:02d}-{day:02d}"
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


# Cells people and programs fill when they have nothing to say; never an identity.
_PLACEHOLDERS = {
    "", "-", "--", "---", ".", "?", "x", "n/a", "na", "n.a.", "nd", "n.d.", "none", "null",
    "nil", "no", "unknown", "nessuno", "nessuna", "tbd", "#n/a",
}  # fmt: skip
_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+")


def is_placeholder(value: str | None) -> bool:
    """Tell whether a cell only says "nothing here" (`-`, `n/a`, `none`, empty…)."""
    return (value or "").strip().casefold() in _PLACEHOLDERS


def is_email(value: str) -> bool:
    """Tell whether a value has the shape of an address (one `@`, no spaces)."""
    return _EMAIL.fullmatch(value) is not None


def is_phone(value: str) -> bool:
    """Tell whether a value can be a phone number: at least three digits (so `n/a`,
    `BusinessPhone` or "ask Jenny" are not, `1 800 ELEPHANT` and `+39 02 1234;ext=5` are)."""
    return sum(char.isdigit() for char in value) >= 3


def _valid(
    values: Iterable[str], check: Callable[[str], bool], label: str, aside: list[str]
) -> Iterator[str]:
    """Yield the values that pass `check`; the others, unless placeholders, go to `aside`."""
    for value in values:
        text = value.strip()
        if check(text):
            yield text
        elif not is_placeholder(text):
            aside.append(f"{label}: {text}")


def _no_placeholder(value: str | None) -> str | None:
    return None if is_placeholder(value) else value


def _month_name_date(text: str) -> str | None:
    """`14 March 1985`, `March 14, 1985`, `14 mar`, `3 settembre` as `1985-03-14` / `03-14`."""
    for form in _TEXT_BIRTHDAYS:
        match = form.fullmatch(text.strip())
        if not match:
            continue
        month = _MONTH_NAMES.get(match["name"][:3].casefold())
        if month is None:
            continue
        month_day = f"{month:02d}-{int(match['d']):02d}"
        return f"{match['y']}-{month_day}" if match["y"] else month_day
    return None


def _unique(values: Iterable[str], key: Callable[[str], str]) -> list[str]:
    """Drop empty values and repeats (by `key`), keeping first occurrences in order."""
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        k = key(value)
        if value and k not in seen:
            seen.add(k)
            kept.append(value)
    return kept
