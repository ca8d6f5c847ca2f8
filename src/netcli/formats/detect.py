"""Tell an import file's format from its name and first lines, and pick its reader.

`detect_format(filename, head)` returns one of `FORMATS`. Content wins over the extension:
`{` or `[` → json; `BEGIN:VCARD` → vcard; mail headers (an optional mbox `From ` line, then
header fields up to a blank line, among them `From:` and another field a mail carries) → eml;
a `Notes:` first line or a `First Name,Last Name,…,Connected On` header → linkedin;
`First Name,Middle Name,Last Name` or `Name,Given Name,Additional Name,Family Name` (or
`Group Membership` with `E-mail 1 - Value`) → google; any other CSV whose header names a name
column → csv. When the content says nothing, `.json`, `.vcf`/`.vcard`, `.eml` decide.
Otherwise `FormatError`.

`read_contacts(fmt, lines, name)` runs the reader of a CSV or vCard format (JSON, our own full
export, is read by the caller, which owns the store's entities).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Iterator

from netcli.formats import csvfile, google, linkedin
from netcli.formats.eml import looks_like_mail
from netcli.formats.records import FormatError, Item

__all__ = ["FORMATS", "count_items", "detect_format", "read_contacts"]

FORMATS = ("json", "csv", "vcard", "linkedin", "google", "eml")
_FIRST_LINE = re.compile(r"\r\n|\r|\n")
_EXTENSIONS = {".json": "json", ".vcf": "vcard", ".vcard": "vcard", ".eml": "eml"}


def detect_format(filename: str | None, head: str) -> str:
    """Return the format of a file from its name (None or `-` for stdin) and first lines."""
    label = filename if filename and filename != "-" else "stdin"
    text = head.lstrip("\ufeff \t\r\n")
    extension = os.path.splitext(filename or "")[1].lower()
    if not text:
        raise FormatError(f"{label} is empty")
    if text.startswith(("{", "[")):
        return "json"
    if text[:11].upper() == "BEGIN:VCARD":
        return "vcard"
    if looks_like_mail(text):
        return "eml"
    if extension in _EXTENSIONS:
        return _EXTENSIONS[extension]
    first_line = _FIRST_LINE.split(text, 1)[0].strip().rstrip(",")
    if first_line == "Notes:":
        return "linkedin"
    header = _first_row(text)
    cells = [cell.strip().lower() for cell in header]
    if linkedin.is_header(cells):
        return "linkedin"
    if google.is_header(cells):
        return "google"
    if csvfile.is_header(header):
        return "csv"
    if linkedin.is_headerless_row(header):
        return "linkedin"
    raise FormatError(
        f"cannot tell the format of {label} (use --from json|csv|vcard|linkedin|google|eml)"
    )


def _first_row(text: str) -> list[str]:
    """Parse the header row of CSV text with the delimiter it appears to use."""
    first_line = _FIRST_LINE.split(text, 1)[0]
    try:
        return next(csv.reader([first_line], delimiter=csvfile.sniff_delimiter(first_line)), [])
    except csv.Error:
        return []


def count_items(fmt: str, data: bytes) -> int:
    """About how many rows or cards a file holds, for a progress bar's total: `BEGIN:VCARD`
    lines of a vCard, else line ends (a note spanning lines makes it an overestimate)."""
    if fmt == "vcard":
        return len(re.findall(rb"(?im)^BEGIN:VCARD", data))
    return max(data.count(b"\n") or data.count(b"\r"), 1)


def read_contacts(
    fmt: str, lines: Iterable[str], name: str = "input", data: bytes | None = None
) -> Iterator[Item]:
    """Return the item stream of the reader for `fmt` (csv, vcard, linkedin or google).

    A vCard is read from `data`, the file's bytes, when given: it is unfolded before decoding."""
    if fmt == "vcard":
        from netcli.formats import vcard

        if data is not None:
            return vcard.read_vcard_bytes(data, name)
        return vcard.read_vcards(lines, name)
    readers = {
        "csv": csvfile.read_csv,
        "linkedin": linkedin.read_linkedin,
        "google": google.read_google,
    }
    if fmt not in readers:
        raise ValueError(f"no contact reader for format {fmt!r}")
    return readers[fmt](lines, name)
