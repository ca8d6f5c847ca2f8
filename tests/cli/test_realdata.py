"""Real files written by other programs import without loss (issue 11.11).

Every file in ../shared/realdata (vCards from Evolution, KDE, ownCloud, Android, Nokia, Apple,
SOGo…; CSVs from LinkedIn, Google, Thunderbird, Outlook, phone lists) is imported through the
CLI, and its own count — taken here with plain regular expressions and the csv module, not with
netcli's readers — is checked against the store: every card or row is accounted for (added,
merged or skipped for a reason that holds), and no e-mail or phone number is lost.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import quopri
import re
from pathlib import Path

import pytest

_REPO = Path(__file__).resolve().parents[2]
# The repository's sibling shared/realdata; from a worktree one level deeper, its parent's.
REALDATA = next(
    (
        p
        for p in (_REPO / ".." / "shared" / "realdata", _REPO / ".." / ".." / "shared" / "realdata")
        if p.is_dir()
    ),
    _REPO / ".." / "shared" / "realdata",
)
FILES = (
    sorted(p for p in REALDATA.rglob("*") if p.suffix in (".vcf", ".vcard", ".csv"))
    if REALDATA.is_dir()
    else []
)

pytestmark = pytest.mark.skipif(
    not FILES, reason=f"no real-data samples at {REALDATA} (they are not part of the repository)"
)

EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+")


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _store(net) -> list[dict]:
    doc = json.loads(net("export", "--to", "json").stdout)
    return [c for c in doc["contacts"] if c["id"] != doc["me_id"]]


# vCard ----------------------------------------------------------------------------------------


def _vcard_cards(data: bytes) -> list[tuple[list[str], bool]]:
    """Cards as (unfolded, decoded content lines, ended with END:VCARD)."""
    text_bytes = re.sub(rb"\r\n[ \t]|\n[ \t]|\r[ \t]", b"", data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text_bytes = re.sub(r"\r?\n[ \t]", "", data.decode("utf-16")).encode()
    lines = [line.decode("utf-8", "replace") for line in re.split(rb"\r\n|\r|\n", text_bytes)]
    joined: list[str] = []
    for line in lines:
        # vCard 2.1 quoted-printable soft line breaks (a value line ending in "=")
        previous = joined[-1] if joined else ""
        if previous.endswith("=") and "QUOTED-PRINTABLE" in previous.split(":", 1)[0].upper():
            if line.strip() and not re.match(r"[\w-]+[;:]", line):
                joined[-1] = previous[:-1] + line
                continue
        joined.append(line)
    cards: list[tuple[list[str], bool]] = []
    current: list[str] | None = None
    for line in joined:
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if current is not None:
                cards.append((current, False))
            current = []
        elif upper == "END:VCARD" and current is not None:
            cards.append((current, True))
            current = None
        elif current is not None:
            current.append(line)
    if current is not None:
        cards.append((current, False))
    return cards


def _values(card: list[str], name: str) -> list[str]:
    """Plain values of a property (quoted-printable ones decoded when on one line)."""
    found = []
    for line in card:
        match = re.match(rf"(?:[\w-]+\.)?{name}([;:][^:]*)?:(.*)$", line, re.IGNORECASE)
        if not match:
            continue
        value = match[2]
        if "QUOTED-PRINTABLE" in (match[1] or "").upper():
            value = quopri.decodestring(value.encode()).decode("utf-8", "replace")
        found.append(value.replace("\\;", ";").replace("\\,", ",").strip())
    return found


def _has_identity(card: list[str]) -> bool:
    """Whether a card has anything a contact could be named after."""
    for prop in ("FN", "N", "NICKNAME", "ORG", "EMAIL"):
        if any(re.sub(r"[;\s]", "", v) for v in _values(card, prop)):
            return True
    return False


def _check_vcard(net, path: Path) -> None:
    cards = _vcard_cards(path.read_bytes())
    usable = [card for card, complete in cards if complete and _has_identity(card)]
    result = net("import", str(path), "--json", code=None)
    if not usable:
        assert result.exit_code == 3, result.stdout
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
        return
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    imported = report["added"] + report["updated"] + report["unchanged"]
    assert imported + report["skipped"] == len(cards)
    assert imported == len(usable), report["skips"]
    contacts = _store(net)
    assert len(contacts) == report["added"]
    emails = {e.casefold() for c in contacts for e in c["emails"]}
    phones = {_digits(p) for c in contacts for p in c["phones"]}
    for card in usable:
        for email in _values(card, "EMAIL"):
            email = re.sub(r"(?i)^mailto:", "", email)
            if EMAIL.fullmatch(email):
                assert email.casefold() in emails, (email, path.name)
        for phone in _values(card, "TEL"):
            if len(_digits(phone)) >= 3:
                assert _digits(phone) in phones, (phone, path.name)


# CSV ------------------------------------------------------------------------------------------


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text.replace("\r\n", "\n")), delimiter=delimiter))


def _header_index(rows: list[list[str]]) -> int | None:
    """The header row: the first naming a name column (None: the file has no header)."""
    for index, row in enumerate(rows[:10]):
        lowered = {re.sub(r"[\W_]", "", cell.lower()) for cell in row}
        if lowered & {"name", "firstname", "lastname", "displayname", "givenname"}:
            return index
    return None


def _check_csv(net, path: Path) -> None:
    rows = _csv_rows(path)
    header_at = _header_index(rows)
    header = rows[header_at] if header_at is not None else []
    data = [row for row in rows[(header_at + 1 if header_at is not None else 0) :] if any(row)]
    result = net("import", str(path), "--json", code=None)
    if header_at is None and len(data[0]) not in (6, 7):
        # No name column anywhere (LinkedIn's export with names removed): refused, clearly.
        assert result.exit_code == 3 and result.stderr.startswith("error: ")
        return
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    imported = report["added"] + report["updated"] + report["unchanged"]
    assert imported + report["skipped"] == len(data), path.name
    # A skipped row had nothing to name a contact after (its e-mails are checked below).
    assert {skip["reason"] for skip in report["skips"]} <= {"no name"}
    contacts = _store(net)
    emails = {e.casefold() for c in contacts for e in c["emails"]}
    phones = {_digits(p) for c in contacts for p in c["phones"]}
    phone_columns = {
        i for i, cell in enumerate(header) if re.search(r"phone|mobile|tel|fax|pager", cell, re.I)
    }
    # A name that happens to be an address stays the name; an IM handle is not an e-mail.
    name_columns = {i for i, cell in enumerate(header) if re.search(r"(?i:name)|\bIM\b", cell)}
    for row in data:
        for index, cell in enumerate(row):
            if index in name_columns:
                continue
            for piece in re.split(r" ::: |;", cell):
                piece = piece.strip().lstrip("'")
                if EMAIL.fullmatch(piece) and not piece.startswith("http"):
                    assert piece.casefold() in emails, (piece, path.name)
                if index in phone_columns and len(_digits(piece)) >= 3:
                    assert _digits(piece) in phones, (piece, path.name)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_real_file_imports_without_loss(net, path: Path) -> None:
    if path.suffix in (".vcf", ".vcard"):
        _check_vcard(net, path)
    else:
        _check_csv(net, path)


def test_the_samples_are_all_there() -> None:
    """SOURCES.md lists 169 files; a partial copy would make the test above prove less."""
    assert len(FILES) == 169
