"""The one output object, in every mode."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcli.output import (
    Column,
    Format,
    Output,
    Section,
    csv_rows,
    delimited,
    formula_safe,
    glued,
    money_json,
    render_plain_table,
    render_terminal_table,
)

COLUMNS = [Column("id", "id", justify="right"), Column("name", "name")]
ROWS = [{"id": 1, "name": "Nicolò"}, {"id": 12, "name": "=cmd|' /C calc'!A0"}]


@pytest.mark.parametrize("fmt", list(Format))
def test_empty_listing_in_every_format(fmt, capsys):
    Output(fmt).rows([], COLUMNS, empty="no contacts")
    out, err = capsys.readouterr()
    expected = {"json": "[]\n", "jsonl": "", "csv": "id,name\n", "tsv": "id\tname\n", "table": ""}
    assert out == expected[fmt.value]
    assert err == ("no contacts\n" if fmt is Format.table else "")


def test_json_and_jsonl(capsys):
    Output(Format.json).rows(ROWS, COLUMNS)
    assert json.loads(capsys.readouterr().out) == ROWS
    Output(Format.jsonl).rows(ROWS, COLUMNS)
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == ROWS


def test_csv_is_formula_safe(capsys):
    Output(Format.csv).rows(ROWS, COLUMNS)
    assert capsys.readouterr().out.splitlines() == ["id,name", "1,Nicolò", "12,'=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("cell", ["=1+1", "+39 333", "-5+A1", "@SUM(A1)", "\tx", "\rx", "-"])
def test_formula_safe_prefixes(cell):
    assert formula_safe(cell) == "'" + cell


def test_formula_safe_leaves_plain_cells():
    assert formula_safe("Maria") == "Maria" and formula_safe("") == ""


def test_plain_table_aligns_without_ansi_or_truncation():
    text = render_plain_table([*ROWS, {"id": 3, "name": "x" * 300}], COLUMNS)
    lines = text.splitlines()
    assert lines[0] == "ID  NAME"
    assert lines[1] == " 1  Nicolò"
    assert lines[3] == " 3  " + "x" * 300
    assert "\x1b" not in text


def test_money_json_is_exact():
    assert money_json(Decimal("1250.00")) == 1250
    assert money_json(Decimal("0.10")) == 0.1
    assert money_json(Decimal(123456789012) / 100) == 1234567890.12
    assert money_json(None) is None


def test_object_renders_for_humans_and_json_for_machines(capsys):
    Output(Format.table).object({"a": 1}, lambda: print("human"))
    assert capsys.readouterr().out == "human\n"
    Output(Format.json).object({"a": Decimal("2.50")}, lambda: print("human"))
    assert json.loads(capsys.readouterr().out) == {"a": 2.5}


@pytest.mark.parametrize("cell", ["-2", "-1250.50", "0"])
def test_plain_numbers_are_not_formulas(cell):
    assert formula_safe(cell) == cell


def test_terminal_tables_show_names_as_written():
    text = render_terminal_table([{"id": 1, "name": "Gino [bold]Bo"}], COLUMNS, 80)
    assert "Gino [bold]Bo" in text


INTROS = [
    {"id": 48, "date": "2026-11-24", "by": "Me", "introduced": "Noemi Gallo",
     "to": "Ludovica Cantù", "status": "made", "value": "", "note": "flowers for her weddings"},
    {"id": 49, "date": "2026-11-15", "by": "Davide Ricci", "introduced": "Me",
     "to": "Niccolò Sorrentino", "status": "made", "value": "",
     "note": "wine for the chapter dinner, with a sovraindebitamento label"},
]  # fmt: skip
INTRO_KEYS = ("id", "date", "by", "introduced", "to", "status", "value", "note")


@pytest.mark.parametrize("width", [80, 100, 120, 200])
def test_terminal_tables_fit_without_breaking_names_or_words(width):
    columns = [Column(k, k, wrap=k == "note") for k in INTRO_KEYS]
    text = render_terminal_table(INTROS, columns, width, bold=False)
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines), text
    words = {w for line in lines for w in line.split()}
    for row in INTROS:  # every word whole, names on one line
        assert set(row["note"].split()) <= words, text
        for key in ("by", "introduced", "to"):
            assert any(row[key] in line for line in lines), (row[key], text)
    assert "value" not in lines[0]  # empty in every row: left out


def test_terminal_tables_fold_notes_and_move_them_under_the_row_when_they_must():
    columns = [Column(k, k, wrap=k == "note") for k in INTRO_KEYS]
    wide = render_terminal_table(INTROS, columns, 200, bold=False).splitlines()
    assert len(wide) == 4 and wide[1].startswith("──")  # one line a row
    narrow = render_terminal_table(INTROS, columns, 100, bold=False).splitlines()
    assert narrow[0].split() == ["id", "date", "by", "introduced", "to", "status", "note"]
    assert len(narrow) > 4  # the notes fold between words
    tight = render_terminal_table(INTROS, columns, 80, bold=False).splitlines()
    assert "note" not in tight[0]  # no room left: under the row, labelled
    assert any(line.lstrip().startswith("note: flowers for her weddings") for line in tight)


def test_terminal_table_sections_and_commands_never_fold():
    columns = [Column("who", "who"), Column("why", "why", wrap=True)]
    rows = [{"who": "Anna Blu", "why": "a long reason " * 8}, {"who": "Bo", "why": "short"}]
    command = 'net done "Anna Blu" -m "a rather long message that goes on and on"'
    text = render_terminal_table(
        rows,
        columns,
        60,
        bold=False,
        sections=[Section("Today (1)", 1), Section("Later (1)", 1)],
        after=[(command, ""), ("net done Bo", "")],
    )
    lines = text.splitlines()
    assert lines[2] == "Today (1)" and "Later (1)" in lines
    assert lines[lines.index("Later (1)") - 1] == command  # too long to indent: from column 0
    assert all(len(line) <= 60 for line in lines if line != command)
    assert " " * 10 + "net done Bo" in lines  # under the second column
    assert "\x1b" not in text


def test_terminal_tables_neutralise_controls_and_keep_glued_names():
    rows = [{"id": 1, "name": "Evil\x1b]52;c;x\x07 " + glued("Maria Rossi") + " note " * 10}]
    text = render_terminal_table(rows, [Column("id", "id"), Column("name", "n", wrap=True)], 30)
    assert "\x1b]" not in text and "\x07" not in text
    assert "Maria Rossi" in text and "\u00a0" not in text


WIDE = [
    {"id": 7, "name": "李小龙", "city": "Zürich", "n": -3, "day": None},
    {"id": 10, "name": "Jose\u0301 Ña", "city": "=1+1", "n": 1250, "day": "2026-11-27"},
    {"id": 123, "name": "Ann\tBlu  x\ny", "city": "@home", "n": None, "day": "2026-01-02"},
]
WIDE_COLUMNS = [
    Column("id", "id", justify="right"),
    Column("name", "name"),
    Column("city", "city"),
    Column("n", "n", justify="right"),
    Column("day", "day"),
]


def as_sqlite_rows(rows: list[dict[str, object]]) -> list[sqlite3.Row]:
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    keys = list(rows[0])
    conn.execute(f"CREATE TABLE t ({', '.join(keys)})")
    conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(keys))})", [
        tuple(r.values()) for r in rows
    ])  # fmt: skip
    return conn.execute("SELECT * FROM t ORDER BY rowid").fetchall()


def test_plain_table_aligns_wide_and_combining_text_by_display_width():
    lines = render_plain_table(WIDE, WIDE_COLUMNS).splitlines()
    assert lines == [
        " ID  NAME         CITY       N  DAY",
        "  7  李小龙       Zürich    -3",  # 李小龙 takes 6 columns
        " 10  Jose\u0301 Ña      =1+1    1250  2026-11-27",  # the accent takes none
        "123  Ann Blu x y  @home         2026-01-02",
    ]


@pytest.mark.parametrize("fmt", [Format.table, Format.csv, Format.tsv])
def test_rows_from_sqlite_print_what_dicts_print(fmt, capsys):
    Output(fmt).rows(WIDE, WIDE_COLUMNS)
    from_dicts = capsys.readouterr().out
    assert from_dicts
    Output(fmt).rows(as_sqlite_rows(WIDE), WIDE_COLUMNS)
    assert capsys.readouterr().out == from_dicts


def test_csv_cells_are_safe_and_numbers_plain(capsys):
    shout = Column("city", "loud", render=lambda v: v.upper())
    Output(Format.csv).rows(WIDE, WIDE_COLUMNS)
    plain_run = capsys.readouterr().out
    Output(Format.csv).rows(WIDE, [*WIDE_COLUMNS, shout])  # the per-column (render) path
    rendered = capsys.readouterr().out
    assert plain_run.splitlines() == [
        "id,name,city,n,day",
        "7,李小龙,Zürich,-3,",
        "10,Jose\u0301 Ña,'=1+1,1250,2026-11-27",
        '123,"Ann\tBlu  x',
        "y\",'@home,,2026-01-02",
    ]
    assert rendered.splitlines()[1:] == [
        "7,李小龙,Zürich,-3,,ZÜRICH",
        "10,Jose\u0301 Ña,'=1+1,1250,2026-11-27,'=1+1",
        '123,"Ann\tBlu  x',
        "y\",'@home,,2026-01-02,'@HOME",
    ]


CELL = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=',\t"\n\r =+-@ aèß李🌸', max_size=8),
    st.integers(-5, 5),
    st.none(),
)


@settings(max_examples=300)
@given(
    st.integers(1, 4).flatmap(
        lambda n: st.lists(st.lists(CELL, min_size=n, max_size=n), max_size=6).map(
            lambda rows: (n, rows)
        )
    ),
    st.sampled_from([",", "\t"]),
)
def test_delimited_text_is_what_csv_writer_writes(shaped, sep):
    n, rows = shaped
    columns = [Column(f"c{i}", f"c{i}") for i in range(n)]
    dicts = [{f"c{i}": v for i, v in enumerate(row)} for row in rows]
    expected = io.StringIO()
    writer = csv.writer(expected, delimiter=sep, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    writer.writerows(csv_rows(dicts, columns))
    assert "".join(delimited(dicts, columns, sep, chunk=2)) == expected.getvalue()


def test_terminal_tables_leave_two_spaces_between_columns():
    """As the plain table does: a `net list` row of 66 characters fits 80 columns unfolded."""
    row = {"id": 12, "name": "Nicolò Rossi", "company": "Studio Bianchi",
           "tags": "commercialista", "last": "2026-11-27", "due": "2026-12-04"}  # fmt: skip
    text = render_terminal_table([row], [Column(k, k) for k in row], 80, bold=False)
    assert text.splitlines()[-1] == (
        "12  Nicolò Rossi  Studio Bianchi  commercialista  2026-11-27  2026-12-04"
    )


WORD = st.text(alphabet=st.sampled_from("abcxyzàèìòùÑñß李小龙🎉é"), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "id": st.integers(1, 99999),
                "name": st.lists(WORD, min_size=1, max_size=3).map(" ".join),
                "note": st.lists(WORD, max_size=25).map(" ".join),
                "tags": st.lists(WORD, max_size=4).map(", ".join),
            }
        ),
        min_size=1,
        max_size=6,
    ),
    width=st.integers(60, 200),
)
def test_terminal_tables_fit_any_width_and_keep_words_whole(rows, width):
    from netcli.output import display_width

    columns = [
        Column("id", "id", justify="right"),
        Column("name", "name"),
        Column("note", "note", wrap=True),
        Column("tags", "tags", wrap=True),
    ]
    text = render_terminal_table(rows, columns, width, bold=False)
    lines = text.splitlines()
    assert all(display_width(line) <= width for line in lines), text
    tokens = {t for line in lines for t in line.replace(",", " ").split()}
    for row in rows:
        assert any(row["name"] in line for line in lines), (row["name"], text)
        assert set(row["note"].split()) <= tokens, text


def _plain_table_cell_by_cell(rows: list[dict[str, object]], columns: list[Column]) -> str:
    """The plain table as first written, a Python call per cell: the fast one must match it."""
    from netcli.output import _flat, display_width, plain

    table = [[c.header.upper() for c in columns]]
    for row in rows:
        cells = [c.render(row.get(c.key)) if c.render else plain(row.get(c.key)) for c in columns]
        table.append([v if v.isprintable() and "  " not in v else _flat(v) for v in cells])
    widths = [max(display_width(v) for v in column) for column in zip(*table, strict=True)]
    lines = []
    for cells in table:
        padded = []
        for v, c, w in zip(cells, columns, widths, strict=True):
            fill = " " * (w - display_width(v))
            padded.append(fill + v if c.justify == "right" else v + fill)
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines) + "\n"


TABLE_TEXT = st.text(
    st.sampled_from(
        ["a", "Z", " ", "-", "à", "ł", "\u0301", "東", "😀", "\t", "\n", "\x1b", "\u202e"]
    ),
    max_size=8,
)
TABLE_CELL = st.one_of(st.none(), st.integers(-10, 10**6), TABLE_TEXT, st.booleans())
TABLE_COLUMNS = [
    Column("id", "id", justify="right"),
    Column("name", "name"),
    Column("tags", "tags", wrap=True),
    Column("n", "n", justify="right", render=lambda v: "" if v is None else f"<{v}>"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.fixed_dictionaries({c.key: TABLE_CELL for c in TABLE_COLUMNS}), max_size=6))
def test_plain_table_matches_drawing_it_cell_by_cell(rows: list[dict[str, object]]):
    assert render_plain_table(rows, TABLE_COLUMNS) == _plain_table_cell_by_cell(rows, TABLE_COLUMNS)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**6), TABLE_TEXT, st.none() | TABLE_TEXT), max_size=6))
def test_plain_table_from_sqlite_rows(rows: list[tuple[int, str, str | None]]):
    """Rows straight from a query (as `net list` passes them) draw as the same rows as dicts."""
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    conn.execute("CREATE TABLE t (id INTEGER, name TEXT, tags TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
    found = conn.execute("SELECT id, name, tags FROM t ORDER BY id").fetchall()
    columns = TABLE_COLUMNS[:3]
    as_dicts = [dict(r) for r in found]
    assert render_plain_table(found, columns) == _plain_table_cell_by_cell(as_dicts, columns)
