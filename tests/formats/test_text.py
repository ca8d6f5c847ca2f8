"""Decoding import files: encodings, BOMs, undecodable bytes, stdin, long CSV fields."""

from __future__ import annotations

import codecs
import csv
import io
import sys
from pathlib import Path

import pytest

from netcli.formats.records import FormatError
from netcli.formats.text import csv_rows, decode_lines, open_input

PLAIN = "Name,City\nNicolò,Milano\nZoë 🌸,Como\r\nلينا,Dubai"
LINES = ["Name,City\n", "Nicolò,Milano\n", "Zoë 🌸,Como\r\n", "لينا,Dubai"]


@pytest.mark.parametrize(
    "raw",
    [
        PLAIN.encode("utf-8"),
        codecs.BOM_UTF8 + PLAIN.encode("utf-8"),
        codecs.BOM_UTF16_LE + PLAIN.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + PLAIN.encode("utf-16-be"),
        PLAIN.encode("utf-16-le"),  # no BOM: recognised by the NULs of ASCII text
        PLAIN.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be"],
)
def test_encodings_decode_to_the_same_lines(raw: bytes) -> None:
    assert list(decode_lines(io.BytesIO(raw), "x.csv")) == LINES


@pytest.mark.parametrize(
    "filename",
    ["contacts.csv", "contacts_bom.csv", "contacts_utf16le.csv", "contacts_utf16be.csv"],
)
def test_sample_encodings_read_alike(data: Path, filename: str) -> None:
    with open_input(data / filename) as source:
        text = "".join(source.lines).replace("\r\n", "\n")
    assert text == (data / "contacts.csv").read_text(encoding="utf-8")


def test_a_spreadsheet_resaved_file_reads_as_windows_1252(data: Path) -> None:
    """One Latin-1 byte no longer refuses the whole file: it is read as Windows-1252."""
    with open_input(data / "undecodable.csv") as source:
        text = "".join(source.lines)
    assert "Città di Castello" in text


def test_windows_1252_far_into_the_file() -> None:
    good = "".join(f"riga {n},e\n" for n in range(1, 30_001)).encode()
    raw = good + "Città – “quoted”\n".encode("cp1252") + b"dopo\n"
    lines = list(decode_lines(io.BytesIO(raw), "big.csv"))
    assert lines[30_000] == "Città – “quoted”\n"


def test_bytes_neither_utf8_nor_windows_1252_name_the_line() -> None:
    raw = "a\nè\n".encode() + b"b\x81\xff\n"
    with pytest.raises(FormatError, match="cannot decode a.csv: invalid UTF-8 at line 3$"):
        list(decode_lines(io.BytesIO(raw), "a.csv"))


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_every_line_end_splits_lines(end: str) -> None:
    raw = f"Name,City{end}Anna,Roma{end}".encode()
    assert list(decode_lines(io.BytesIO(raw), "a.csv")) == [f"Name,City{end}", f"Anna,Roma{end}"]


def test_bad_utf16_names_the_line() -> None:
    raw = codecs.BOM_UTF16_LE + "a\nb\n".encode("utf-16-le") + b"\x00\xdc" + b"c\x00"
    with pytest.raises(FormatError, match="invalid UTF-16 at line 3"):
        list(decode_lines(io.BytesIO(raw), "a.csv"))


def test_multibyte_characters_split_across_chunks() -> None:
    text = "è" * 100_000 + "\n" + "🌸" * 50_000 + "\n"
    assert "".join(decode_lines(io.BytesIO(text.encode()), "x")) == text


def test_empty_input() -> None:
    assert list(decode_lines(io.BytesIO(b""), "x")) == []
    with open_input(io.BytesIO(b"")) as source:
        assert source.head == ""
        assert list(source.lines) == []


def test_head_is_the_first_lines_and_lines_start_over(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("".join(f"{n}\n" for n in range(100)), encoding="utf-8")
    with open_input(path) as source:
        assert source.name == str(path)
        assert source.filename == str(path)
        assert source.head == "".join(f"{n}\n" for n in range(20))
        assert list(source.lines) == [f"{n}\n" for n in range(100)]


def test_stdin_is_read_as_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(codecs.BOM_UTF16_LE + "BEGIN:VCARD\n".encode("utf-16-le"))

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    with open_input("-") as source:
        assert (source.name, source.filename) == ("stdin", None)
        assert source.head == "BEGIN:VCARD\n"


def test_a_binary_stream_keeps_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"x\n")
    with path.open("rb") as stream, open_input(stream) as source:
        assert source.name == str(path)
        assert source.filename is None


def test_a_missing_file_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="cannot read .*nope.csv: No such file"):
        with open_input(tmp_path / "nope.csv"):
            pass


def test_csv_rows_give_the_line_each_row_starts_on() -> None:
    lines = ["a,b\n", '1,"two\n', 'lines"\n', "\n", "3,4\n"]
    assert list(csv_rows(lines, "x.csv")) == [
        (1, ["a", "b"]),
        (2, ["1", "two\nlines"]),
        (4, []),
        (5, ["3", "4"]),
    ]


def test_csv_rows_read_fields_over_the_default_limit() -> None:
    big = "n" * (2 * 1024 * 1024)
    [(_, row)] = list(csv_rows([f'"{big}"\n'], "x.csv"))
    assert row == [big]
    assert csv.field_size_limit() > 1024 * 1024


def test_csv_errors_become_format_errors() -> None:
    with pytest.raises(FormatError, match="cannot read x.csv: .* at line 1"):
        list(csv_rows(["a\rb,c\n"], "x.csv"))
