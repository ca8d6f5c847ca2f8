"""Read vCard 2.1, 3.0 and 4.0 files, and write our vCard 3.0 export.

Reading (`read_vcard_bytes(data, name)`, or `read_vcards(lines, name)` for decoded text)
yields `("record N", ContactRecord)` or `Skip` per card (N counts cards from 1). The lexer is
our own and works on bytes: lines are unfolded before anything is decoded (a fold may fall
inside a UTF-8 character, RFC 6350 §3.2); vCard 2.1 quoted-printable soft breaks are joined
unless the next line is blank or starts a property (Nokia ends values with "="); `PHOTO`,
`LOGO`, `SOUND` and `KEY` are dropped as they are met, with the unindented base64 old phones
write; each value is decoded on its own (quoted-printable, then UTF-8, its CHARSET, else
Windows-1252). A line that cannot be parsed (no colon, a bad name) is left out of its card and
named in the record's warnings. Values are unescaped per RFC 6350 (`\\,` `\\;` `\\n`, and `\\"`):
commas that vCard 2.1 and many phones never escape are kept (`NOTE:Call him, soon`).

Mapping: FN → name (else N's given, additional and family names, else NICKNAME); EMAIL → emails
(`mailto:` dropped); TEL → phones (`tel:` of `VALUE=uri` dropped); ORG's first component →
company; TITLE → title; ADR's locality → city (first found); BDAY → birthday (`1985-03-14`,
`19850314`, `--03-14`, `--0314`, Apple's year-less `1604-03-14`); NOTE → notes (several joined by
a blank line); CATEGORIES → tags; URL → url (a LinkedIn URL preferred); our own
X-NETCLI-* properties (CATEGORY, TRUST, EVERY, MET-ON and the GAINS ones) → the field that
netcli.fields gives each. Other properties are ignored.

Skips: a card with nothing to name it after ("no name"; see `records` for the fallbacks), a
card over `MAX_CARD_BYTES` once photos are dropped, a card cut short ("no END:VCARD"). Text
outside cards is ignored. When no card at all yields a record, `FormatError` is raised once the
file has been read.

Writing (`iter_vcards` / `write_vcards`) turns spec §10 contact objects into vCard 3.0 with
FN, N, ORG, TITLE, EMAIL, TEL, ADR (city), BDAY, CATEGORIES, NOTE, URL and the X-NETCLI-*
properties: RFC 2426 escaping, CRLF line ends, lines folded at 75 octets. It re-imports to the
same fields.
"""

from __future__ import annotations

import datetime
import quopri
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from netcli import fields
from netcli.fields import DATE, TRUST, Field
from netcli.formats.records import ContactRecord, FormatError, Item, Skip, clean_name

__all__ = [
    "MAX_CARD_BYTES",
    "iter_vcards",
    "read_vcard_bytes",
    "read_vcards",
    "vcard_for",
    "write_vcards",
]

_MAX_LINE_OCTETS = 75
_OWN = "X-NETCLI-"  # our own properties: see _own_properties
# A card's text beyond this (photos, logos and sounds aside) is not a contact but an attack or
# a corrupt file; parsing it could take the memory of the machine.
MAX_CARD_BYTES = 1024 * 1024
_ESCAPE = re.compile(r"\\(.?)", re.DOTALL)
_BASE64 = {b"B", b"BASE64"}
# Properties dropped before parsing: binary payloads that can be megabytes and import nothing.
_DROPPED = {b"PHOTO", b"LOGO", b"SOUND", b"KEY"}
_LINE = re.compile(rb"([^\r\n]*)(?:\r\n|\r|\n|$)")
_NAME = re.compile(rb"(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9-]+)")
# A line that starts a property, to tell it from the continuation of a quoted-printable value.
_PROPERTY_START = re.compile(rb"(?:[A-Za-z0-9_-]+\.)?[A-Za-z][A-Za-z0-9-]*[;:]")


@dataclass
class _Property:
    """One decoded content line: name, parameters (upper-cased keys) and text value."""

    name: str
    params: dict[str, list[str]]
    value: str


@dataclass
class _Card:
    """A card's logical lines (unfolded, still bytes) and what happened while reading it."""

    number: int
    start: int
    lines: list[bytes] = field(default_factory=list)
    size: int = 0
    complete: bool = False


def read_vcards(lines: Iterable[str], name: str = "input") -> Iterator[Item]:
    """Yield a record or a skip per card of a vCard file given as decoded text lines."""
    return read_vcard_bytes("".join(lines).encode("utf-8"), name)


def read_vcard_bytes(data: bytes, name: str = "input") -> Iterator[Item]:
    """Yield a record or a skip per card of a vCard file given as bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[1:4:2] == b"\x00\x00":
        from netcli.formats.text import decode_text

        data = decode_text(data, name).encode("utf-8")
    read = 0
    first_skip: Skip | None = None
    for card in _cards(data.removeprefix(b"\xef\xbb\xbf")):
        where = f"record {card.number}"
        if not card.complete:
            result: ContactRecord | str = "no END:VCARD"
        elif card.size > MAX_CARD_BYTES:
            result = f"card larger than {MAX_CARD_BYTES // 1024 // 1024} MiB (photos aside)"
        else:
            result = _card_record(card)
        if isinstance(result, str):
            skip = Skip(where, result)
            first_skip = first_skip or skip
            yield skip
            continue
        read += 1
        yield where, result
    if read == 0:
        if first_skip is None:
            raise FormatError(f"{name} has no vCard in it (no BEGIN:VCARD line)")
        raise FormatError(f"no readable vCard in {name} ({first_skip.where}: {first_skip.reason})")


def _cards(data: bytes) -> Iterator[_Card]:
    """Split a file into cards of logical lines: unfolded as bytes (RFC 6350 §3.2: a fold may
    fall inside a UTF-8 character), quoted-printable soft breaks joined, photos dropped."""
    card: _Card | None = None
    number = 0
    current: list[bytes] | None = None  # the logical line being built; None when dropped
    dropping = base64 = qp = False

    def finish() -> None:
        nonlocal current
        if card is not None and current is not None and not dropping:
            line = b"".join(current)
            card.size += len(line)
            if card.size <= MAX_CARD_BYTES:
                card.lines.append(line)
        current = None

    for line_number, match in enumerate(_LINE.finditer(data), start=1):
        line = match[1]
        if not line and match.end() == len(data) and match.start() == len(data):
            break
        key = line.strip().upper()
        if key == b"BEGIN:VCARD":
            # A BEGIN inside an open card means that card was cut short; reporting it and
            # starting afresh keeps the cards after it (nested AGENT cards do not occur in
            # real exports).
            if card is not None:
                finish()
                yield card
            number += 1
            card = _Card(number, line_number)
            current, dropping = None, False
            continue
        if card is None:
            continue
        if key == b"END:VCARD":
            finish()
            card.complete = True
            yield card
            card = None
            continue
        if line[:1] in (b" ", b"\t") and (current is not None or dropping):
            if current is not None and not dropping:
                current.append(line[1:])
            continue
        if qp and current is not None and current[-1].endswith(b"="):
            # vCard 2.1 soft line break; Nokia phones end a value with one, so a blank line or
            # a line that starts a property ends the value instead.
            if line.strip() and not _PROPERTY_START.match(line):
                current[-1] = current[-1][:-1]
                current.append(line)
                continue
        if dropping and base64 and line.strip() and b":" not in line:
            continue  # old phones write base64 data without the folding indentation
        finish()
        if not line.strip():
            dropping = False
            continue
        head = line.split(b":", 1)[0].upper()
        name_match = _NAME.match(head)
        prop_name = name_match[1] if name_match else b""
        dropping = prop_name in _DROPPED
        base64 = bool(_BASE64 & set(re.split(rb"[;=,]", head)))
        qp = b"QUOTED-PRINTABLE" in head
        current = [line]
    if card is not None:
        finish()
        yield card


def _card_record(card: _Card) -> ContactRecord | str:
    """Return the card's record, or the reason it cannot become one; a property that cannot be
    read is left out and named in the record's warnings."""
    properties: list[_Property] = []
    warnings: list[str] = []
    for line in card.lines:
        try:
            properties.append(_property(line))
        except ValueError as exc:
            shown = line[:40].decode("utf-8", "replace")
            warnings.append(f"property left out ({exc}): {shown}")
    record = _record(properties)
    record.warnings[:0] = warnings
    return record if record.name else "no name"


def _property(line: bytes) -> _Property:
    """Parse one logical content line: `group.NAME;PARAM=a,b;SINGLETON:value`."""
    head, colon, raw = _split_unquoted(line, b":")
    if not colon:
        raise ValueError("no colon")
    name, *param_parts = _split_params(head)
    match = _NAME.fullmatch(name)
    if not match:
        raise ValueError("bad name")
    params: dict[str, list[str]] = {}
    for part in param_parts:
        if not part:
            continue
        key, equals, value = part.partition(b"=")
        if not equals:
            params.setdefault("TYPE", []).append(_ascii(key).upper())
            continue
        values = [_ascii(v).strip('"') for v in value.split(b",")]
        params.setdefault(_ascii(key).upper(), []).extend(values)
    encodings = {v.upper() for v in params.get("ENCODING", []) + params.get("TYPE", [])}
    if "QUOTED-PRINTABLE" in encodings:
        raw = quopri.decodestring(raw)
    charset = (params.get("CHARSET") or ["utf-8"])[0]
    return _Property(_ascii(match[1]).upper(), params, _decode(raw, charset))


def _split_unquoted(line: bytes, separator: bytes) -> tuple[bytes, bytes, bytes]:
    """Partition at the first separator outside double quotes."""
    head, found, rest = line.partition(separator)
    if b'"' not in head:
        return head, found, rest
    quoted = False
    for index in range(len(line)):
        char = line[index : index + 1]
        if char == b'"':
            quoted = not quoted
        elif char == separator and not quoted:
            return line[:index], separator, line[index + 1 :]
    return line, b"", b""


def _split_params(head: bytes) -> list[bytes]:
    if b'"' not in head:
        return head.split(b";")
    parts: list[bytes] = []
    rest = head
    while True:
        part, sep, rest = _split_unquoted(rest, b";")
        parts.append(part)
        if not sep:
            return parts


def _ascii(value: bytes) -> str:
    return value.decode("ascii", "replace")


def _decode(raw: bytes, charset: str) -> str:
    """Decode a value: UTF-8, else its CHARSET, else Windows-1252 (a stray byte keeps the rest)."""
    for encoding in dict.fromkeys(["utf-8", charset.strip().lower() or "utf-8", "cp1252"]):
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("cp1252", "replace")


@dataclass
class _Draft:
    """A card's fields as found, before `ContactRecord` normalises them once."""

    name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    company: str | None = None
    title: str | None = None
    category: str | None = None
    city: str | None = None
    tags: list[str] = field(default_factory=list)
    birthday: str | None = None
    own: dict[str, Any] = field(default_factory=dict)  # our X-NETCLI-* fields, by name


def _record(properties: list[_Property]) -> ContactRecord:
    """Build a record from a card's properties."""
    record = _Draft()
    own = _own_properties()
    given_names = ""
    nickname = ""
    notes: list[str] = []
    urls: list[str] = []
    for prop in properties:
        value = prop.value
        if prop.name == "FN" and not record.name:
            record.name = clean_name(_text(value))
        elif prop.name == "N" and not given_names:
            family, given, additional = (_components(value, ";") + ["", "", ""])[:3]
            given_names = clean_name(f"{given} {additional} {family}")
        elif prop.name == "NICKNAME" and not nickname:
            nickname = clean_name(_text(value))
        elif prop.name == "EMAIL":
            record.emails.append(re.sub(r"(?i)^mailto:", "", _text(value).strip()))
        elif prop.name == "TEL":
            record.phones.append(re.sub(r"(?i)^tel:", "", _text(value).strip()))
        elif prop.name == "ORG" and not record.company:
            record.company = _components(value, ";")[0]
        elif prop.name == "TITLE" and not record.title:
            record.title = _text(value)
        elif prop.name == "ADR" and not record.city:
            parts = _components(value, ";")
            record.city = parts[3] if len(parts) > 3 else None
        elif prop.name == "BDAY" and not record.birthday:
            record.birthday = _birthday(_text(value), prop.params)
        elif prop.name == "NOTE":
            notes.append(_text(value))
        elif prop.name == "CATEGORIES":
            record.tags.extend(_components(value, ","))
        elif prop.name == "URL":
            urls.append(_text(value).strip())
        elif prop.name in own:
            record.own[own[prop.name].name] = _own_value(own[prop.name], _text(value))
    linkedin = [url for url in urls if "linkedin.com" in url.lower()]
    # Re-running normalisation gives the record the same shape as those of the other readers.
    return ContactRecord(
        name=record.name or given_names or nickname,
        emails=record.emails,
        phones=record.phones,
        company=record.company,
        title=record.title,
        city=record.city,
        tags=record.tags,
        birthday=record.birthday,
        notes="\n\n".join(note.strip() for note in notes if note.strip()) or None,
        url=next(iter(linkedin or urls), None),
        **record.own,
    )


def _own_properties() -> dict[str, Field]:
    """Our own properties (X-NETCLI-CATEGORY, -TRUST, …) and the fields they carry: read and
    written from netcli.fields alone. The standard ones have a structure of their own."""
    return {f.vcard: f for f in fields.FIELDS if f.files and f.vcard and f.vcard.startswith(_OWN)}


def _own_value(f: Field, text: str) -> Any:
    """One of our properties' value as ContactRecord takes it (None when unreadable)."""
    if f.kind == TRUST:
        return int(text.strip()) if text.strip().isascii() and text.strip().isdigit() else None
    if f.kind == DATE:
        return _iso_date(text)
    return text


def _iso_date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _text(value: str) -> str:
    """Unescape a text value: `\\n` → newline, `\\,` `\\;` `\\:` `\\\\` → the character."""
    return _ESCAPE.sub(_unescape, value) if "\\" in value else value


def _unescape(match: re.Match[str]) -> str:
    """Replace one backslash escape; unknown ones (`C:\\Users` from vCard 2.1) stay as written.
    Apple and Google escape quotes too (`\\"AS IS\\"`)."""
    char = match[1]
    if char in ("n", "N"):
        return "\n"
    return char if char and char in ",;:\\\"'" else match[0]


def _components(value: str, separator: str) -> list[str]:
    """Split a structured value at unescaped separators, then unescape each part."""
    parts: list[str] = []
    begin = 0
    for match in re.finditer(r"\\.|" + re.escape(separator), value, re.DOTALL):
        if match[0] == separator:
            parts.append(_text(value[begin : match.start()]).strip())
            begin = match.end()
    parts.append(_text(value[begin:]).strip())
    return parts


def _birthday(value: str, params: dict[str, list[str]]) -> str:
    """Mark Apple's year-less birthdays (`X-APPLE-OMIT-YEAR=1604`) as such: `--MM-DD`."""
    omitted = params.get("X-APPLE-OMIT-YEAR")
    text = value.strip()
    if omitted and text.startswith(omitted[0]):
        return "--" + text[len(omitted[0]) :].lstrip("-")
    return text


# Writing


def write_vcards(contacts: Iterable[Mapping[str, Any]]) -> str:
    """Return vCard 3.0 text for spec §10 contact objects."""
    return "".join(iter_vcards(contacts))


def iter_vcards(contacts: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """Yield one vCard 3.0 card (CRLF line ends) per contact object."""
    for contact in contacts:
        yield vcard_for(contact)


def vcard_for(contact: Mapping[str, Any]) -> str:
    """Return one contact object as a vCard 3.0 card."""
    name = clean_name(contact.get("name"))
    words = name.split(" ")
    family, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else ("", name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//netcli//net export//EN",
        "FN:" + _escape(name),
        f"N:{_escape(family)};{_escape(given)};;;",
    ]
    if company := contact.get("company"):
        lines.append("ORG:" + _escape(company))
    if title := contact.get("title"):
        lines.append("TITLE:" + _escape(title))
    lines += ["EMAIL;TYPE=INTERNET:" + _escape(email) for email in contact.get("emails") or []]
    lines += ["TEL:" + _escape(phone) for phone in contact.get("phones") or []]
    if city := contact.get("city"):
        lines.append(f"ADR:;;;{_escape(city)};;;")
    if birthday := contact.get("birthday"):
        # ISO 8601's year-less form; vCard 4 and the main importers read it.
        lines.append("BDAY:" + (f"--{birthday}" if len(str(birthday)) == 5 else str(birthday)))
    if tags := contact.get("tags"):
        lines.append("CATEGORIES:" + ",".join(_escape(tag) for tag in tags))
    if notes := contact.get("notes"):
        lines.append("NOTE:" + _escape(notes))
    if url := contact.get("url"):
        lines.append("URL:" + _escape(url))
    for prop, f in _own_properties().items():
        value = (contact.get(f.group) or {}).get(f.name) if f.group else contact.get(f.name)
        if f.kind == TRUST and value is not None:
            lines.append(f"{prop}:{int(value)}")
        elif f.kind == DATE and value:
            lines.append(f"{prop}:{value}")
        elif value:
            lines.append(f"{prop}:" + _escape(value))
    lines.append("END:VCARD")
    return "".join(_fold(line) for line in lines)


def _escape(value: object) -> str:
    """Escape a text value per RFC 2426: backslash, newline, comma and semicolon."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def _fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a character."""
    if len(line) <= _MAX_LINE_OCTETS and line.isascii():
        return line + "\r\n"
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = _MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
            limit = _MAX_LINE_OCTETS - 1  # the continuation's leading space counts
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"
