"""The one output object: table / json / jsonl / csv / tsv on stdout, messages on stderr (spec §5).

Listings need no Rich: a pipe gets plain, unbounded tables; a terminal gets tables fitted to
its width by `render_terminal_table` (names and words never broken). Rich is imported only by
the views that draw more than a table (`net show`, `net balance`). Every text format passes
through `safe_text`, so terminal controls in the data never reach the screen.
"""

from __future__ import annotations

import io
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from enum import Enum, StrEnum
from itertools import filterfalse
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import sqlite3
    from decimal import Decimal


class Format(StrEnum):
    """Output formats of listing commands."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


class Column(NamedTuple):
    """A table column: the row key it shows, its header, and how to render a value.

    (A NamedTuple, not a dataclass: `dataclasses` imports `inspect`, ~3 ms of `net list`.)
    """

    key: str
    header: str
    justify: str = "left"
    render: Callable[[Any], str] | None = None
    wrap: bool = False  # long text (notes, needs, tags): on a terminal it folds between words

    def cell(self, row: dict[str, Any]) -> str:
        value = row.get(self.key)
        if self.render is not None:
            return self.render(value)
        return value if type(value) is str else plain(value)


SHORT_CELL = 10  # a column whose cells are all this short is never wrapped on a terminal
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


_FORMULA_FIRST = frozenset(FORMULA_STARTS)
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def formula_safe(cell: str) -> str:
    """Prefix a spreadsheet-formula-looking cell with `'` (CSV injection).

    A plain number such as `-2` is left alone: no spreadsheet runs it, and a balance column
    of `'-2` would not sum (a documented deviation from spec §5).
    """
    if cell[:1] in _FORMULA_FIRST and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


Rows = Sequence[dict[str, Any]] | Sequence["sqlite3.Row"]


def row_values(rows: Iterable[Any], keys: Sequence[str]) -> Iterator[Sequence[Any]]:
    """Each row's values for `keys`, from dicts (a missing key is None) or sqlite3 rows."""
    if len(keys) == 1:
        for row in rows:
            yield (row.get(keys[0]) if isinstance(row, dict) else row[keys[0]],)
        return
    get = itemgetter(*keys)
    for row in rows:
        try:
            yield get(row)
        except KeyError:
            yield tuple(row.get(k) for k in keys)


def cell_rows(rows: Rows, columns: Sequence[Column]) -> Iterator[list[str]]:
    """Each row's cells as text, column by column, as `Column.cell` makes them (inlined:
    `net list` renders ~60,000 cells on a 10k store, and a call per cell took half its time)."""
    values = row_values(rows, [c.key for c in columns])
    renders = [c.render for c in columns]
    if any(renders):
        for vals in values:
            yield [
                render(v) if render else "" if v is None else v if type(v) is str else plain(v)
                for render, v in zip(renders, vals, strict=True)
            ]
        return
    for vals in values:
        yield ["" if v is None else v if type(v) is str else plain(v) for v in vals]


def csv_rows(rows: Rows, columns: Sequence[Column]) -> Iterator[list[str]]:
    """`cell_rows`, each cell made formula-safe, in one pass when no column renders."""
    first = _FORMULA_FIRST
    if any(c.render for c in columns):
        for cells in cell_rows(rows, columns):
            cells = [v if v.isprintable() else safe_text(v, keep_newlines=True) for v in cells]
            yield [formula_safe(v) if v[:1] in first else v for v in cells]
        return
    for vals in row_values(rows, [c.key for c in columns]):
        yield [
            _csv_text(v)
            if type(v) is str
            else ""
            if v is None
            else str(v)  # an int: digits, or a plain negative number, never a formula
            if type(v) is int
            else formula_safe(safe_text(plain(v), keep_newlines=True))
            for v in vals
        ]


def _csv_text(v: str) -> str:
    """A text cell for CSV/TSV: controls neutralised (newlines kept: the cell is quoted),
    then formula-safe."""
    if not v.isprintable():
        v = safe_text(v, keep_newlines=True)
    return formula_safe(v) if v[:1] in _FORMULA_FIRST else v


def delimited(rows: Rows, columns: Sequence[Column], sep: str, chunk: int = 4096) -> Iterator[str]:
    """CSV or TSV text, exactly what csv.writer writes (minimal quoting, "\\n" ends lines), in
    chunks of lines. A line with no separator, quote or line break inside a cell needs no
    quoting and is joined directly; csv.writer writes the others. For `net list` on a 10k
    store this took the writing from ~20 ms to ~10 ms."""
    import csv  # imported only for CSV and TSV output

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n")
    fields = len(columns) - 1

    def quoted(cells: list[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()[:-1]

    lines = [quoted([c.key for c in columns])]
    for cells in csv_rows(rows, columns):
        line = sep.join(cells)
        # "\r" too: whether csv quotes it has changed between Python versions
        simple = line.count(sep) == fields and '"' not in line and "\n" not in line
        lines.append(line if simple and fields and "\r" not in line else quoted(cells))
        if len(lines) >= chunk:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def plain(value: Any) -> str:
    """A value as table/CSV text: lists joined, None empty, bools yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(plain(v) for v in value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if _is_decimal(value):
        return format_money(value)
    return str(value)


def _is_decimal(value: Any) -> bool:
    """isinstance(value, Decimal) without importing decimal (~2 ms of `net list`): a Decimal
    exists only once its module was imported."""
    decimal = sys.modules.get("decimal")
    return decimal is not None and isinstance(value, decimal.Decimal)


def format_money(value: Decimal | int | None) -> str:
    """Money for people, without its currency: `1,250.00` (money.render)."""
    from netcli import money

    return money.render(value)


def money_json(value: Decimal | None) -> int | float | None:
    """Money as a JSON number with at most 2 decimals (money.to_json)."""
    from netcli import money

    return money.to_json(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if _is_decimal(value):
        return money_json(value)
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot serialise {type(value).__name__}")


# json.dumps escapes C0 controls but writes C1 controls and bidi overrides raw; escape them
# too, so that `net list --json` on a terminal is as harmless as a table (and still lossless).
_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def to_json(data: Any, *, indent: int | None = 2) -> str:
    import json  # imported only for JSON output

    text = json.dumps(data, ensure_ascii=False, indent=indent, default=_json_default)
    if _JSON_RAW.search(text) is None:
        return text
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def json_array(items: Sequence[Any]) -> str:
    """A JSON array with one compact object per line: readable, and written by json's C
    encoder (indent= forces the pure-Python one, 15 ms for a 500-item due queue)."""
    if not items:
        return "[]\n"
    return "[\n" + ",\n".join("  " + to_json(item, indent=None) for item in items) + "\n]\n"


# C0 and C1 controls, DEL, and the bidi overrides and isolates that reorder what a terminal
# shows (U+202A-U+202E, U+2066-U+2069): data must never drive the terminal (spec §5, issue
# 12.11). Newlines and tabs survive only where `keep_newlines` says so (else a tab is a space);
# a carriage return, which lets text overwrite its own line, never does.
_CONTROLS: dict[int, str] = dict.fromkeys([*range(0x20), 0x7F, *range(0x80, 0xA0)], "?")
_CONTROLS.update(dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], "?"))
_CONTROLS[ord("\t")] = " "
_CONTROLS_KEEP_NL = {**_CONTROLS, ord("\n"): "\n", ord("\t"): "\t"}
_CONTROLS_KEEP_NL[ord("\r")] = ""  # a Windows line end is a line end


def safe_text(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every terminal control neutralised: shown as `?`, never executed.

    Plain printable text (almost every value) is returned as is, without a copy.
    """
    if text.isprintable():
        return text
    return text.translate(_CONTROLS_KEEP_NL if keep_newlines else _CONTROLS)


def utf8_stdout() -> None:
    """Data (JSON, CSV, vCard, iCalendar) is written as UTF-8 whatever the locale says, so
    that `net export > f` always imports back; text for people keeps the terminal's encoding."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    if encoding in ("utf-8", "utf8") or not hasattr(sys.stdout, "reconfigure"):
        return
    try:
        sys.stdout.reconfigure(encoding="utf-8", errors="strict")
    except (OSError, ValueError):
        pass


def is_terminal(stream: Any) -> bool:
    """Is `stream` a terminal? (A closed or missing stream is not.)"""
    try:
        return bool(getattr(stream, "isatty", lambda: False)())
    except ValueError:  # closed
        return False


def color_enabled(stream: Any) -> bool:
    """Colour only on a terminal and without NO_COLOR."""
    return "NO_COLOR" not in os.environ and is_terminal(stream)


class Output:
    """Writes results to stdout in the chosen format and messages to stderr."""

    def __init__(self, fmt: Format = Format.table) -> None:
        self.fmt = fmt

    @property
    def machine(self) -> bool:
        return self.fmt is not Format.table

    @property
    def rich(self) -> bool:
        """Draw for a terminal: fitted to its width. NO_COLOR takes the colour away and
        nothing else (no-color.org); a pipe gets plain, unbounded text."""
        return not self.machine and is_terminal(sys.stdout)

    def console(self, stderr: bool = False) -> Any:
        from rich.console import Console

        return Console(
            stderr=stderr, highlight=False, soft_wrap=False, no_color="NO_COLOR" in os.environ
        )

    # results ---------------------------------------------------------------

    def rows(
        self,
        rows: Rows,
        columns: Sequence[Column],
        *,
        json_rows: Sequence[dict[str, Any]] | None = None,
        title: str | None = None,
        empty: str = "nothing to show",
        terminal: tuple[Rows, Sequence[Column]] | None = None,
    ) -> None:
        """A listing: JSON gets `json_rows` (or the rows), text formats get the columns, and a
        terminal gets `terminal` (rows and columns shaped to fit a width) when given.

        Rows are dicts, or sqlite3 rows straight from a query when the format is not JSON.
        """
        if self.machine:
            utf8_stdout()
        out = sys.stdout
        data = list(json_rows if json_rows is not None else rows)
        if self.fmt is Format.json:
            out.write(json_array(data))
        elif self.fmt is Format.jsonl:
            for row in data:
                out.write(to_json(row, indent=None) + "\n")
        elif self.fmt in (Format.csv, Format.tsv):
            sep = "," if self.fmt is Format.csv else "\t"
            for chunk in delimited(rows, columns, sep):
                out.write(chunk)
        elif not rows:
            self.note(empty)
        elif self.rich:
            if title:
                out.write(safe_text(title) + "\n")
            shown, shape = terminal or (rows, columns)
            out.write(render_terminal_table(shown, shape, terminal_width()))
        else:
            out.write(render_plain_table(rows, columns))

    def object(self, data: dict[str, Any], render: Callable[[], None]) -> None:
        """One object: JSON in machine formats, else whatever `render` draws."""
        if self.machine:
            utf8_stdout()
        if self.fmt is Format.jsonl:
            sys.stdout.write(to_json(data, indent=None) + "\n")
        elif self.machine:
            sys.stdout.write(to_json(data) + "\n")
        else:
            render()

    def line(self, text: str = "") -> None:
        """A line of human output on stdout (terminal controls from the data neutralised)."""
        sys.stdout.write(safe_text(text, keep_newlines=True) + "\n")

    # messages --------------------------------------------------------------

    def note(self, text: str) -> None:
        """A human message on stderr (never on stdout, so pipes stay clean)."""
        sys.stderr.write(safe_text(text, keep_newlines=True) + "\n")


def _undrawn(text: str) -> str:
    """The text without the signs the tables themselves write, one column each as the slow
    path counts them (`from → to` in every row of `net referrals`): text holding only these
    beyond Latin stays on the fast path."""
    return text.replace("→", "").replace("─", "").replace("…", "") or " "


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK, emoji) count 2, combining marks 0."""
    if text.isascii() or max(text) < "\u0300" or max(_undrawn(text)) < "\u0300":
        return len(text)  # Latin text (and the drawn signs): one column per character
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\u200d\ufe0f":
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _flat(text: str) -> str:
    """One line per row: newlines, tabs and runs of spaces become one space."""
    if text.isprintable() and "  " not in text:
        return text
    return safe_text(" ".join(text.split()))


def cell_columns(rows: Rows, columns: Sequence[Column]) -> list[list[str]]:
    """Each column's cells as text, as `cell_rows` makes them, built a column at a time: a
    column of text (maybe empty) or of ids is converted without a Python call per cell."""
    keys = [c.key for c in columns]
    first = rows[0] if rows else None
    if first is not None and not isinstance(first, dict) and list(first.keys()) == keys:
        values = list(zip(*rows, strict=True))  # sqlite3 rows of exactly these columns
    else:
        values = list(zip(*row_values(rows, keys), strict=True)) or [() for _ in keys]
    cells = []
    for column, vals in zip(columns, values, strict=True):
        kinds = set(map(type, vals))
        if column.render is not None:
            cells.append(list(map(column.render, vals)))
        elif kinds <= {str}:
            cells.append(list(vals))
        elif kinds <= {str, type(None)}:
            cells.append(["" if v is None else v for v in vals])
        elif kinds <= {int}:
            cells.append(list(map(str, vals)))
        else:
            cells.append(["" if v is None else v if type(v) is str else plain(v) for v in vals])
    return cells


def _latin(text: str) -> bool:
    """True when every character of `text` takes one column (as display_width decides)."""
    if text.isascii():
        return True
    try:
        text.encode("latin-1")  # far faster than max() on a long text
        return True
    except UnicodeEncodeError:
        return max(text) < "\u0300"


def _column_width(column: list[str]) -> int:
    if _latin("".join(column)):
        return max(map(len, column))
    return max(
        max(map(len, filter(str.isascii, column)), default=0),
        max(map(display_width, filterfalse(str.isascii, column)), default=0),
    )


def render_plain_table(rows: Rows, columns: Sequence[Column]) -> str:
    """An aligned, untruncated text table for pipes and NO_COLOR: no ANSI, no wrapping.

    Built a column, then a line, at a time with C-level string operations: `net list` on a
    10k store draws ~70,000 cells, and Python calls per cell were most of its time."""
    cols = [
        [c.header.upper(), *cells]
        for c, cells in zip(columns, cell_columns(rows, columns), strict=True)
    ]
    for i, column in enumerate(cols):
        joined = "x".join(column)  # printable, and no "  " across two cells
        if not joined.isprintable() or "  " in joined:
            cols[i] = [v if v.isprintable() and "  " not in v else _flat(v) for v in column]
    widths = [_column_width(column) for column in cols]
    right = [c.justify == "right" for c in columns]
    latin_line = "  ".join(f"%{'' if r else '-'}{w}s" for r, w in zip(right, widths, strict=True))
    pads = [(str.rjust if r else str.ljust, w) for r, w in zip(right, widths, strict=True)]
    lines = []
    for cells in zip(*cols, strict=True):
        if _latin("".join(cells)):
            lines.append((latin_line % cells).rstrip())
            continue
        # ljust/rjust count characters; a cell whose width differs (accents, CJK) pads the rest
        line = [
            pad(v, w if v.isascii() else w - display_width(v) + len(v))
            for v, (pad, w) in zip(cells, pads, strict=True)
        ]
        lines.append("  ".join(line).rstrip())
    return "\n".join(lines) + "\n"


# terminal tables ---------------------------------------------------------------------------

GAP = "  "
WORD_CAP = 24  # a wrapping column is at least as wide as its longest word, up to this
BOLD, RESET = "\x1b[1m", "\x1b[0m"
GLUE = "\u00a0"  # joins the words of a name inside wrapping text: it folds only around it


def terminal_width() -> int:
    """The terminal's columns (COLUMNS first, as shells and tests set it)."""
    import shutil

    return max(20, shutil.get_terminal_size((80, 24)).columns)


def one_line(text: str) -> str:
    """A cell on one line, controls neutralised: line breaks and tabs become spaces."""
    if text.isprintable():
        return text
    return safe_text(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))


def _cut(word: str, width: int) -> tuple[str, str]:
    """The longest head of `word` that fits `width` columns, and the rest."""
    used = 0
    for at, ch in enumerate(word):
        used += display_width(ch)
        if used > width:
            return word[: max(at, 1)], word[max(at, 1) :]
    return word, ""


def wrap_words(text: str, width: int) -> list[str]:
    """Fold text into lines of at most `width` columns between words (spaces); a word is cut
    only when it is wider than the whole column. Words joined by GLUE stay together."""
    if display_width(text) <= width:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    for word in text.split(" "):
        if not word:
            continue
        size = display_width(word)
        while size > width:
            if line:
                lines.append(line)
                line, used = "", 0
            head, word = _cut(word, width)
            lines.append(head)
            size = display_width(word)
        if not word:
            continue
        if line and used + 1 + size > width:
            lines.append(line)
            line, used = word, size
        elif line:
            line, used = f"{line} {word}", used + 1 + size
        else:
            line, used = word, size
    if line:
        lines.append(line)
    return lines or [""]


def fit_widths(table: list[list[str]], columns: Sequence[Column], width: int) -> list[int] | None:
    """Column widths that fit `width`: every column at its natural width when that fits;
    else the wrapping columns shrink (never below their longest word, up to WORD_CAP) and share
    what the others leave. None when even that does not fit."""
    n = len(columns)
    natural = [max(display_width(row[i]) for row in table) for i in range(n)]
    gaps = len(GAP) * (n - 1)
    if sum(natural) + gaps <= width:
        return natural
    flex = [i for i, c in enumerate(columns) if c.wrap]
    if not flex:
        return None
    least = {
        i: min(
            natural[i],
            max(
                display_width(table[0][i]),
                min(WORD_CAP, max(display_width(w) for r in table[1:] for w in r[i].split(" "))),
            ),
        )
        for i in flex
    }
    room = width - gaps - sum(natural[i] for i in range(n) if i not in least)
    if sum(least.values()) > room:
        return None
    widths = [least.get(i, natural[i]) for i in range(n)]
    spare = room - sum(least.values())
    lack = {i: natural[i] - least[i] for i in flex}
    wanted = sum(lack.values())
    for i in flex:  # the spare room, in proportion to what each column lacks
        add = min(lack[i], spare * lack[i] // wanted) if wanted else 0
        widths[i] += add
    spare = room - sum(widths[i] for i in flex)
    for i in flex:  # what rounding left over
        add = min(spare, natural[i] - widths[i])
        widths[i] += add
        spare -= add
    return widths


class Section(NamedTuple):
    """A titled run of rows in a terminal table: the title line goes above its `size` rows."""

    title: str
    size: int
    style: str = BOLD


def render_terminal_table(
    rows: Rows,
    columns: Sequence[Column],
    width: int,
    *,
    bold: bool = True,
    sections: Sequence[Section] = (),
    after: Sequence[tuple[str, str]] = (),
) -> str:
    """A table for eyes on a terminal `width` columns wide: names, ids, dates and amounts are
    never broken, long text folds between words; a column empty in every row is left out.
    When even folding cannot fit, the wrapping columns go under their row, indented.

    `sections` put titles above runs of rows; `after` gives each row a line (text, ANSI
    style) under it, from the second column on, never folded (a command to copy).
    """
    cells = [[one_line(v) for v in r] for r in cell_rows(rows, columns)]
    keep = [i for i in range(len(columns)) if any(r[i] for r in cells)]
    columns = [columns[i] for i in keep]
    table = [[c.header for c in columns]] + [[r[i] for i in keep] for r in cells]
    # Wrapping columns go under their row, last first, until the rest fits the width.
    under: list[int] = []
    flex = [i for i, c in enumerate(columns) if c.wrap]
    while True:
        shown = [i for i in range(len(columns)) if i not in under]
        fitted = fit_widths(
            [[r[i] for i in shown] for r in table], [columns[i] for i in shown], width
        )
        if fitted is not None or len(under) == len(flex):
            break
        under.insert(0, flex[-1 - len(under)])
    widths = [max(display_width(r[i]) for r in table) for i in range(len(columns))]
    for i, w in zip(shown, fitted or [], strict=False):
        widths[i] = w
    indent = widths[shown[0]] + len(GAP) if len(shown) > 1 else len(GAP)
    starts = {sum(s.size for s in sections[:k]) + 1: s for k, s in enumerate(sections)}

    def pad(text: str, i: int) -> str:
        room = widths[i] - display_width(text)
        return " " * room + text if columns[i].justify == "right" else text + " " * room

    def styled(text: str, style: str) -> str:
        return f"{style}{text}{RESET}" if style and bold else text

    lines: list[str] = []
    for n, row in enumerate(table):
        if n in starts:
            lines.append(styled(one_line(starts[n].title), starts[n].style))
        folded = [wrap_words(row[i], widths[i]) for i in shown]
        for k in range(max(len(f) for f in folded)):
            parts = [pad(f[k] if k < len(f) else "", i) for f, i in zip(folded, shown, strict=True)]
            lines.append(styled(GAP.join(parts).rstrip(), BOLD if n == 0 else ""))
        if n == 0:
            lines.append("─" * (sum(widths[i] for i in shown) + len(GAP) * (len(shown) - 1)))
            continue
        for i in under:  # labelled: it has no header above it
            if row[i]:
                text = f"{columns[i].header}: {row[i]}"
                room = max(20, width - indent)
                lines += [" " * indent + part for part in wrap_words(text, room)]
        if after:
            text, style = after[n - 1]
            text = one_line(text)
            at = max(0, min(indent, width - display_width(text)))
            lines.append(" " * at + styled(text, style))
    return "\n".join(line.replace(GLUE, " ") for line in lines) + "\n"


def glued(name: str) -> str:
    """A name that a terminal table never folds in the middle (see GLUE)."""
    return name.replace(" ", GLUE)
