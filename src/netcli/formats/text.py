"""Turn an import file (a path, `-` for stdin, or a binary stream) into decoded text lines.

`open_input(source)` is a context manager giving a `TextInput`: a display `name`, the
`filename` (None for stdin) and `head` (the first lines, for `detect.detect_format`), and
`lines`, an iterator over every line from the start with its line end kept (as the `csv` module
wants for quoted fields that span lines; a bare CR ends a line too), and `data`, the raw bytes.
The whole input is read when it is opened, so a slow pipe never holds the store's write lock.
Encodings: UTF-8 with or without BOM, UTF-16 with BOM (or recognisably without one), else
Windows-1252 (what a spreadsheet writes when it re-saves a CSV). Bytes none of these decode
raise `FormatError` ("cannot decode FILE: invalid UTF-8 at line N") when the reader reaches
them.

`csv_rows(lines, name)` wraps `csv.reader` for the CSV codecs: it yields `(line_number, row)`
with the line the row starts on, raises the field size limit so 1 MB notes load, and turns
`csv.Error` into `FormatError`.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from netcli.formats.records import FormatError

__all__ = [
    "TextInput",
    "csv_rows",
    "decode_lines",
    "decode_text",
    "head_text",
    "open_input",
    "raise_field_size_limit",
    "read_all",
]

_CHUNK = 64 * 1024
_HEAD_LINES = 20
_HEAD_CHARS = 16 * 1024
# The csv default of 128 KiB rejects a 1 MB note; 2**31 - 1 is the largest value a C long takes
# on every platform.
_FIELD_SIZE_LIMIT = 2**31 - 1
# A line and its end: CRLF, LF, or a bare CR (old Mac and some spreadsheet exports).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass
class TextInput:
    """An opened import source: its name for messages, its first lines, and all its lines."""

    name: str
    filename: str | None
    head: str
    lines: Iterator[str]
    data: bytes = b""


@contextmanager
def open_input(source: str | os.PathLike[str] | BinaryIO) -> Iterator[TextInput]:
    """Open a path, `-` (stdin) or a binary stream and decode it into lines."""
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        if path == "-":
            yield _text_input(sys.stdin.buffer, "stdin", None)
            return
        try:
            stream = open(path, "rb")
        except OSError as exc:
            raise FormatError(f"cannot read {path}: {exc.strerror or exc}") from exc
        with stream:
            yield _text_input(stream, path, path)
        return
    name = getattr(source, "name", None)
    label = name if isinstance(name, str) and not name.startswith("<") else "stdin"
    yield _text_input(source, label, None)


def _text_input(stream: BinaryIO, name: str, filename: str | None) -> TextInput:
    """Read `stream` whole (before any store lock is taken); decode its lines lazily."""
    data = read_all(stream)
    return TextInput(name, filename, head_text(data), _decoded_lines(data, name), data)


def head_text(data: bytes) -> str:
    """The first lines of a file (for `detect.detect_format`) from its first bytes (64 KiB
    are plenty) or all of them."""
    encoding, _, bom_size = _sniff_encoding(data[:4])
    start = data[bom_size : bom_size + _HEAD_CHARS * 4].decode(encoding, "replace")
    return "".join(_split_lines(start[:_HEAD_CHARS])[:_HEAD_LINES])


def _split_lines(text: str) -> list[str]:
    return [match[0] for match in _LINE.finditer(text) if match[0]]


def _decoded_lines(data: bytes, name: str) -> Iterator[str]:
    for match in _LINE.finditer(decode_text(data, name)):
        if match[0]:
            yield match[0]


def read_all(stream: BinaryIO) -> bytes:
    """Read a binary stream to its end (pipes may return short reads)."""
    chunks: list[bytes] = []
    while chunk := stream.read(_CHUNK):
        chunks.append(chunk)
    return b"".join(chunks)


def decode_lines(stream: BinaryIO, name: str) -> Iterator[str]:
    """Yield the lines of a binary stream, line ends kept (`\\n`, `\\r\\n` or a bare `\\r`).

    UTF-8 (BOM or not) or UTF-16 (BOM, or the NULs of ASCII text); a file that is not valid
    UTF-8 is read as Windows-1252, as a spreadsheet that re-saved it would have written it."""
    yield from _decoded_lines(read_all(stream), name)


def decode_text(data: bytes, name: str) -> str:
    """Decode a whole file with the encoding rules of `decode_lines`."""
    encoding, label, bom_size = _sniff_encoding(data[:4])
    body = data[bom_size:]
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as first:
        if encoding == "utf-8":
            try:
                return body.decode("cp1252")
            except UnicodeDecodeError:
                pass
        where = 1 + body[: first.start].decode(encoding, "replace").count("\n")
        raise FormatError(f"cannot decode {name}: invalid {label} at line {where}") from first


def _sniff_encoding(start: bytes) -> tuple[str, str, int]:
    """Return (codec, label for messages, BOM length) from a file's first bytes."""
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8", "UTF-8", 3
    if start.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", "UTF-16", 2
    if start.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", "UTF-16", 2
    # Some Windows tools write UTF-16 without a BOM; ASCII text then shows as alternating NULs.
    if len(start) == 4 and start[1] == start[3] == 0 and start[0] and start[2]:
        return "utf-16-le", "UTF-16", 0
    if len(start) == 4 and start[0] == start[2] == 0 and start[1] and start[3]:
        return "utf-16-be", "UTF-16", 0
    return "utf-8", "UTF-8", 0


def raise_field_size_limit() -> None:
    """Let the csv module read fields up to 2 GiB (the default 128 KiB breaks long notes)."""
    if csv.field_size_limit() < _FIELD_SIZE_LIMIT:
        csv.field_size_limit(_FIELD_SIZE_LIMIT)


def csv_rows(
    lines: Iterable[str], name: str, delimiter: str = ","
) -> Iterator[tuple[int, list[str]]]:
    """Yield `(line the row starts on, cells)` for each CSV row; blank lines give `[]`."""
    raise_field_size_limit()
    reader = csv.reader(lines, delimiter=delimiter)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FormatError(f"cannot read {name}: {exc} at line {reader.line_num}") from exc
        yield start, row
