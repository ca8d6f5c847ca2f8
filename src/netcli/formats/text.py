"""Turn an import file (a path, `-` for stdin, or a binary stream) into decoded text lines.

`open_input(source)` is a context manager giving a `TextInput`: a display `name`, the
`filename` (None for stdin) and `head` (the first lines, for `detect.detect_format`), and
`lines`, an iterator over every line from the start with its line end kept (as the `csv` module
wants for quoted fields that span lines). Decoding streams in chunks: UTF-8 with or without BOM,
UTF-16 with BOM (or recognisably without one). Undecodable bytes raise `FormatError`
("cannot decode FILE: invalid UTF-8 at line N") when the reader reaches them.

`csv_rows(lines, name)` wraps `csv.reader` for the CSV codecs: it yields `(line_number, row)`
with the line the row starts on, raises the field size limit so 1 MB notes load, and turns
`csv.Error` into `FormatError`.
"""

from __future__ import annotations

import codecs
import csv
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from netcli.formats.records import FormatError

__all__ = ["TextInput", "csv_rows", "decode_lines", "open_input", "raise_field_size_limit"]

_CHUNK = 64 * 1024
_HEAD_LINES = 20
_HEAD_CHARS = 16 * 1024
# The csv default of 128 KiB rejects a 1 MB note; 2**31 - 1 is the largest value a C long takes
# on every platform.
_FIELD_SIZE_LIMIT = 2**31 - 1


@dataclass
class TextInput:
    """An opened import source: its name for messages, its first lines, and all its lines."""

    name: str
    filename: str | None
    head: str
    lines: Iterator[str]


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
    """Decode `stream` and read ahead the head used for format detection."""
    lines = decode_lines(stream, name)
    head_lines: list[str] = []
    size = 0
    for line in lines:
        head_lines.append(line)
        size += len(line)
        if len(head_lines) >= _HEAD_LINES or size >= _HEAD_CHARS:
            break
    return TextInput(name, filename, "".join(head_lines), _chain(head_lines, lines))


def _chain(first: list[str], rest: Iterator[str]) -> Iterator[str]:
    """Yield the already-read lines, then the rest of the stream."""
    yield from first
    yield from rest


def decode_lines(stream: BinaryIO, name: str) -> Iterator[str]:
    """Yield the lines of a binary stream decoded as UTF-8 or UTF-16, line ends kept."""
    start = _read_at_least(stream, 4)
    encoding, label, bom_size = _sniff_encoding(start)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    data = start[bom_size:]
    line_number = 1
    pending = ""
    final = False
    while True:
        try:
            text = decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            before = exc.object[: exc.start].decode(encoding, "replace")
            where = line_number + (pending + before).count("\n")
            raise FormatError(f"cannot decode {name}: invalid {label} at line {where}") from exc
        if text:
            pending += text
            *complete, pending = pending.split("\n")
            for line in complete:
                yield line + "\n"
            line_number += len(complete)
        if final:
            break
        data = stream.read(_CHUNK)
        final = not data
    if pending:
        yield pending


def _read_at_least(stream: BinaryIO, size: int) -> bytes:
    """Read `size` bytes unless the stream ends first (pipes may return short reads)."""
    data = b""
    while len(data) < size:
        more = stream.read(size - len(data))
        if not more:
            break
        data += more
    return data


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
