"""Reading a netcli JSON export record by record, so a restore's memory stays bounded.

`top_level(stream)` walks the top-level object of a UTF-8 JSON document held in a binary
stream and yields `(key, value)` for each member: the value itself for small members, and for
the record lists (`contacts`, `intros`…) an iterator over their items, which must be consumed
before the next member is asked for. Each item is parsed by the stdlib's C scanner
(`raw_decode`) from a window of the text, so any layout is read the same way: pretty-printed as
`net export` writes it, minified, one record per line.

Anything this reader does not take on, it refuses with `NotStreamable` rather than judging it,
and the caller reads the whole document the old way (which gives the exact error of a broken
file): text that is not UTF-8, JSON it cannot parse (a syntax error, trailing data, nesting too
deep), a top level that is not an object, a record list that is not a list, a member given
twice.
"""

from __future__ import annotations

import codecs
import json
import json.scanner
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

LISTS = ("contacts", "intros", "asks", "gives", "interactions", "links", "reminders")
_CHUNK = 1 << 20
_SPACE = re.compile(r"[ \t\n\r]*")
_SPACES = (" ", "\t", "\n", "\r", "")
_COMMA = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")
_NUMBER_TAIL = re.compile(r"[0-9.eE+-]+\Z")  # what may still follow a number


class NotStreamable(Exception):
    """The document is not read record by record: read it whole instead."""


class _Text:
    """A window over the decoded text of a stream: `buf[pos:]` is what is still unread."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        # the C scanner itself (raw_decode is a Python wrapper around it): (value, end), or
        # StopIteration when no value starts at the index
        self.scan = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
        self.buf = ""
        self.pos = 0
        self.eof = False
        start = stream.read(3)
        self._feed(start[3:] if start.startswith(codecs.BOM_UTF8) else start, final=not start)

    def _feed(self, data: bytes, final: bool) -> None:
        try:
            text = self.decoder.decode(data, final)
        except UnicodeDecodeError:
            raise NotStreamable from None
        self.buf = self.buf[self.pos :] + text
        self.pos = 0
        self.eof = final

    def more(self) -> bool:
        """Read on (at least as much again as is unread, so a huge item costs no more than
        twice its parsing); False at the end of the stream."""
        if self.eof:
            return False
        data = self.stream.read(max(_CHUNK, 2 * (len(self.buf) - self.pos)))
        self._feed(data, final=not data)
        return True

    def peek(self) -> str:
        """The next character that is not white space ('' at the end), not consumed."""
        while True:
            end = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            self.pos = end
            if end < len(self.buf):
                return self.buf[end]
            if not self.more():
                return ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise NotStreamable
        self.pos += 1

    def value(self) -> Any:
        while True:
            try:
                found, end = self.scan(self.buf, self.pos)
            except (StopIteration, json.JSONDecodeError):
                if self.buf[self.pos : self.pos + 1] in _SPACES:
                    # white space first, or the end of the window
                    if self.peek() == "":
                        raise NotStreamable from None
                    continue
                if self.more():
                    continue
                raise NotStreamable from None
            except RecursionError:
                raise NotStreamable from None
            # a number at the very end of the window may go on in the next chunk: also when
            # the window cuts it after a sign, a point or an exponent (`-0.` read as -0)
            if (
                end == len(self.buf)
                or (type(found) in (int, float) and _NUMBER_TAIL.match(self.buf, end))
            ) and self.more():
                continue
            self.pos = end
            return found

    def items(self) -> Iterator[Any]:
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            # the usual case in one step: a comma, and the next item within the window
            step = _COMMA.match(self.buf, self.pos)
            if step is not None and step.end() < len(self.buf):
                self.pos = step.end()
                continue
            after = self.peek()
            self.pos += 1
            if after == "]":
                return
            if after != ",":
                raise NotStreamable


def top_level(stream: BinaryIO) -> Iterator[tuple[str, Any]]:
    """(key, value) of each member of the document's top-level object; a record list's value
    is an iterator over its items (consume it before asking for the next member)."""
    text = _Text(stream)
    text.expect("{")
    seen: set[str] = set()
    if text.peek() == "}":
        raise NotStreamable
    while True:
        key = text.value()
        if not isinstance(key, str) or key in seen:
            raise NotStreamable
        seen.add(key)
        text.expect(":")
        if key in LISTS:
            if text.peek() != "[":
                raise NotStreamable
            items = text.items()
            yield key, items
            for _ in items:  # whatever the caller left unread
                pass
        else:
            yield key, text.value()
        after = text.peek()
        text.pos += 1
        if after == "}":
            break
        if after != ",":
            raise NotStreamable
    if text.peek() != "":
        raise NotStreamable  # trailing data
