"""ContactRecord normalisation and the small shared helpers."""

from __future__ import annotations

import pytest

from netcli.formats.records import (
    ContactRecord,
    Skip,
    collect,
    parse_birthday,
    split_values,
)


def test_record_normalises_its_fields() -> None:
    record = ContactRecord(
        name="  Zoë\t 🚀\u00a0Moretti \n",
        emails=[" a@x.it ", "A@X.IT", "", "b@x.it"],
        phones=["+39 333", " +39 333 ", ""],
        company="  Moretti   Labs ",
        title="",
        category="   ",
        city=" Milano",
        tags=[" VIP ", "vip", "Clienti", "", "  "],
        birthday="--03-14",
        notes="\r\n riga uno\r\nriga due\rriga tre \n\n",
        url=" https://x.it ",
        trust=9,
        every=" 2w ",
    )
    assert record == ContactRecord(
        name="Zoë 🚀 Moretti",
        emails=["a@x.it", "b@x.it"],
        phones=["+39 333"],
        company="Moretti Labs",
        city="Milano",
        tags=["vip", "clienti"],
        birthday="03-14",
        notes="riga uno\nriga due\nriga tre",
        url="https://x.it",
        every="2w",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1985-03-14", "1985-03-14"),
        ("19850314", "1985-03-14"),
        ("--03-14", "03-14"),
        ("--0314", "03-14"),
        ("03-14", "03-14"),
        ("02-29", "02-29"),
        ("--02-29", "02-29"),
        ("1604-03-14", "03-14"),
        ("1985-03-14T10:00:00Z", "1985-03-14"),
        (" 1985-03-14 ", "1985-03-14"),
        ("1985-02-29", None),
        ("13-01", None),
        ("March 14", "03-14"),  # text birthdays, in English or Italian
        ("14 March 1985", "1985-03-14"),
        ("March 14th, 1985", "1985-03-14"),
        ("3 settembre 1970", "1970-09-03"),
        ("31 Feb", None),
        ("Smarch 14", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_birthday(value: str | None, expected: str | None) -> None:
    assert parse_birthday(value) == expected


def test_split_values() -> None:
    assert split_values(" a; b ,c;;", ";,") == ["a", "b", "c"]
    assert split_values("a,b", ";") == ["a,b"]
    assert split_values(None, ";") == []


def test_skip_as_report_object() -> None:
    assert Skip("line 7", "no name").as_dict() == {"line": 7, "reason": "no name"}
    assert Skip("record 3", "no END:VCARD").as_dict() == {"record": 3, "reason": "no END:VCARD"}


def test_collect_splits_records_and_skips() -> None:
    record = ContactRecord(name="Anna")
    result = collect([("line 2", record), Skip("line 3", "no name")])
    assert result.records == [("line 2", record)]
    assert result.skips == [Skip("line 3", "no name")]
