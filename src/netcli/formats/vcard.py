"""Read vCard 2.1, 3.0 and 4.0 files, and write our vCard 3.0 export.

Reading (`read_vcards(lines, name)`) yields `("record N", ContactRecord)` or `Skip` per card
(N counts cards from 1). vobject does the lexical work: unfolding, vCard 2.1 quoted-printable
soft line breaks, QUOTED-PRINTABLE decoding with the CHARSET parameter, parameters and Apple
`itemN.` groups. Values are unescaped here, per RFC 6350, not by vobject's value behaviours:
those keep only the text before the first unescaped comma (`NOTE:Call him, soon` → `Call him`),
and vCard 2.1 and many phones never escape commas.

Mapping: FN → name (else N's given, additional and family names, else NICKNAME); EMAIL → emails
(`mailto:` dropped); TEL → phones (`tel:` of `VALUE=uri` dropped); ORG's first component →
company; TITLE → title; ADR's locality → city (first found); BDAY → birthday (`1985-03-14`,
`19850314`, `--03-14`, `--0314`, Apple's year-less `1604-03-14`); NOTE → notes (several joined by
a blank line); CATEGORIES → tags; URL → url (a LinkedIn URL preferred); our own X-NETCLI-CATEGORY,
X-NETCLI-TRUST and X-NETCLI-EVERY → category, trust, every. Other properties are ignored.

Skips: a card with no name ("no name"), a card vobject cannot parse or decode ("unreadable
vCard at line L: …"), a card cut short ("no END:VCARD"). Text outside cards is ignored. When no
card at all yields a record, `FormatError` is raised once the file has been read.

Writing (`iter_vcards` / `write_vcards`) turns spec §10 contact objects into vCard 3.0 with
FN, N, ORG, TITLE, EMAIL, TEL, ADR (city), BDAY, CATEGORIES, NOTE, URL and the X-NETCLI-*
properties: RFC 2426 escaping, CRLF line ends, lines folded at 75 octets. It re-imports to the
same fields.
"""

from __future__ import annotations

import io
import quopri
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import vobject.base

from netcli.formats.records import ContactRecord, FormatError, Item, Skip, clean_name

__all__ = ["iter_vcards", "read_vcards", "vcard_for", "write_vcards"]

_MAX_LINE_OCTETS = 75
_ESCAPE = re.compile(r"\\(.?)", re.DOTALL)
_BASE64 = {"B", "BASE64"}
# "quoted-printable" in the parameters of an unfolded line, i.e. before its first colon.
_QP_PARAM = re.compile(r"^[^\s:][^:\n]*quoted-printable", re.IGNORECASE | re.MULTILINE)


@dataclass
class _Property:
    """One decoded content line: name, parameters (upper-cased keys) and raw value."""

    name: str
    params: dict[str, list[str]]
    value: str


def read_vcards(lines: Iterable[str], name: str = "input") -> Iterator[Item]:
    """Yield a record or a skip per card of a vCard file."""
    read = 0
    first_skip: Skip | None = None
    for number, start, card_lines, complete in _cards(lines):
        where = f"record {number}"
        if not complete:
            result: ContactRecord | str = "no END:VCARD"
        else:
            result = _card_record(card_lines, start)
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


def _cards(lines: Iterable[str]) -> Iterator[tuple[int, int, list[str], bool]]:
    """Yield (card number, first line number, lines, ended with END:VCARD) per card."""
    number = start = 0
    card: list[str] | None = None
    for line_number, line in enumerate(lines, start=1):
        key = line.rstrip().upper()
        if key == "BEGIN:VCARD":
            # A BEGIN inside an open card means that card was cut short; reporting it and
            # starting afresh keeps the cards after it (nested AGENT cards do not occur in
            # real exports).
            if card is not None:
                yield number, start, card, False
            number += 1
            start = line_number
            card = [line]
        elif card is not None:
            card.append(line)
            if key == "END:VCARD":
                yield number, start, card, True
                card = None
    if card is not None:
        yield number, start, card, False


def _card_record(card_lines: list[str], start: int) -> ContactRecord | str:
    """Return the card's record, or the reason it cannot become one."""
    try:
        properties = _properties(card_lines)
    # vobject and the codecs it calls raise many exception types (ParseError, LookupError for
    # an unknown CHARSET, UnicodeDecodeError, binascii.Error…); any of them means "bad card".
    except Exception as exc:
        message = re.sub(r"^At line \d+: ", "", str(exc).splitlines()[0] if str(exc) else "")
        detail = message[:80] or type(exc).__name__
        return f"unreadable vCard at line {start}: {detail}"
    record = _record(properties)
    return record if record.name else "no name"


def _properties(card_lines: list[str]) -> list[_Property]:
    """Parse a card's lines with vobject's lexer; QP values come back decoded."""
    text = "".join(card_lines)
    # vobject's soft-line-break joining misfires on a NOTE that merely mentions quoted-printable
    # and has a line ending in "=", so it is enabled only when a parameter names the encoding.
    allow_qp = _QP_PARAM.search(text) is not None
    properties: list[_Property] = []
    in_base64 = False
    for logical, number in vobject.base.getLogicalLines(io.StringIO(text), allow_qp):
        try:
            line = vobject.base.textLineToContentLine(logical, number)
        except vobject.base.ParseError:
            # Old phones write base64 PHOTO data without the indentation that marks folding.
            if in_base64 and ":" not in logical:
                continue
            raise
        params = {key.upper(): values for key, values in line.params.items()}
        singletons = [value.upper() for value in line.singletonparams]
        in_base64 = bool(
            _BASE64 & ({v.upper() for v in params.get("ENCODING", [])} | set(singletons))
        )
        value = _decode_leftover_qp(line.value, params, singletons)
        for singleton in singletons:
            params.setdefault("TYPE", []).append(singleton)
        properties.append(_Property(line.name.upper(), params, value))
    return properties


def _decode_leftover_qp(value: str, params: dict[str, list[str]], singletons: list[str]) -> str:
    """Decode quoted-printable that vobject left alone (it only knows the upper-case spelling)."""
    encodings = [v.upper() for v in params.get("ENCODING", [])] + singletons
    if "QUOTED-PRINTABLE" not in encodings:
        return value
    charset = (params.get("CHARSET") or ["utf-8"])[0]
    return quopri.decodestring(value.encode("utf-8")).decode(charset)


def _record(properties: list[_Property]) -> ContactRecord:
    """Build a record from a card's properties."""
    record = ContactRecord(name="")
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
        elif prop.name == "X-NETCLI-CATEGORY":
            record.category = _text(value)
        elif prop.name == "X-NETCLI-TRUST":
            trust = _text(value).strip()
            record.trust = int(trust) if trust.isdigit() else None
        elif prop.name == "X-NETCLI-EVERY":
            record.every = _text(value)
    linkedin = [url for url in urls if "linkedin.com" in url.lower()]
    # Re-running normalisation gives the record the same shape as those of the other readers.
    return ContactRecord(
        name=record.name or given_names or nickname,
        emails=record.emails,
        phones=record.phones,
        company=record.company,
        title=record.title,
        category=record.category,
        city=record.city,
        tags=record.tags,
        birthday=record.birthday,
        notes="\n\n".join(note.strip() for note in notes if note.strip()) or None,
        url=next(iter(linkedin or urls), None),
        trust=record.trust,
        every=record.every,
    )


def _text(value: str) -> str:
    """Unescape a text value: `\\n` → newline, `\\,` `\\;` `\\:` `\\\\` → the character."""
    return _ESCAPE.sub(_unescape, value) if "\\" in value else value


def _unescape(match: re.Match[str]) -> str:
    """Replace one backslash escape; unknown ones (`C:\\Users` from vCard 2.1) stay as written."""
    char = match[1]
    if char in ("n", "N"):
        return "\n"
    return char if char and char in ",;:\\" else match[0]


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
    if category := contact.get("category"):
        lines.append("X-NETCLI-CATEGORY:" + _escape(category))
    if contact.get("trust") is not None:
        lines.append(f"X-NETCLI-TRUST:{int(contact['trust'])}")
    if every := contact.get("every"):
        lines.append("X-NETCLI-EVERY:" + _escape(every))
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
