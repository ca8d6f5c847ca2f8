"""Format detection from file name and head, and reader dispatch."""

from __future__ import annotations

from pathlib import Path

import pytest

from netcli.formats.detect import FORMATS, detect_format, read_contacts
from netcli.formats.records import FormatError, Skip
from netcli.formats.text import open_input


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("linkedin_current.csv", "linkedin"),
        ("linkedin_old.csv", "linkedin"),
        ("google_current.csv", "google"),
        ("google_old.csv", "google"),
        ("vcard21_phone.vcf", "vcard"),
        ("vcard30_apple.vcf", "vcard"),
        ("vcard40.vcf", "vcard"),
        ("vcard_broken.vcf", "vcard"),
        ("contacts.csv", "csv"),
        ("contacts_bom.csv", "csv"),
        ("contacts_utf16le.csv", "csv"),
        ("contacts_utf16be.csv", "csv"),
        ("contacts_split.csv", "csv"),
    ],
)
def test_every_sample_is_recognised(data: Path, filename: str, expected: str) -> None:
    with open_input(data / filename) as source:
        assert detect_format(source.filename, source.head) == expected


@pytest.mark.parametrize(
    ("filename", "head", "expected"),
    [
        (None, '{"format": "netcli", "version": 1}', "json"),
        ("-", "  \n[\n]", "json"),
        ("export.txt", '{"format": "netcli"}', "json"),
        (None, "BEGIN:VCARD\r\nVERSION:3.0\r\n", "vcard"),
        ("contacts.txt", "\ufeffbegin:vcard\n", "vcard"),
        ("contacts.vcf", "garbage", "vcard"),
        ("contacts.VCARD", "garbage", "vcard"),
        ("dump.json", "garbage", "json"),
        (
            None,
            'Notes:\n"When exporting, you may notice, that…"\n\nFirst Name,Last Name',
            "linkedin",
        ),
        (
            None,
            "First Name,Last Name,Email Address,Company,Position,Connected On\n",
            "linkedin",
        ),
        (None, "First Name,Middle Name,Last Name,Phonetic First Name\n", "google"),
        (None, "Name,Given Name,Additional Name,Family Name,Yomi Name\n", "google"),
        (None, "Full Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value\n", "google"),
        ("people.csv", "name,email,phone\nAnna,a@x.it,1\n", "csv"),
        ("outlook.csv", "First Name,Middle Name,Last Name,Title,E-mail Address\n", "csv"),
        (None, "Cognome;Surname;Email\n", "csv"),
        (None, "first\tlast\n", "csv"),
    ],
)
def test_detection_from_name_and_head(filename: str | None, head: str, expected: str) -> None:
    assert detect_format(filename, head) == expected
    assert expected in FORMATS


@pytest.mark.parametrize(
    ("filename", "head", "message"),
    [
        ("notes.csv", "hello,world\n1,2\n", "cannot tell the format of notes.csv (use --from"),
        (None, "just some text", "cannot tell the format of stdin"),
        ("empty.csv", "", "empty.csv is empty"),
        ("-", "\ufeff\n\n", "stdin is empty"),
    ],
)
def test_unknown_content_is_a_format_error(filename: str | None, head: str, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        detect_format(filename, head)
    assert str(caught.value).startswith(message)


def test_read_contacts_dispatches_to_the_right_reader() -> None:
    lines = ["First Name,Last Name,Email Address,Company,Position,Connected On\n", ",,,,,\n"]
    assert list(read_contacts("linkedin", lines, "x.csv")) == [Skip("line 2", "no name")]
    assert list(read_contacts("csv", ["name\n", "\n", "Anna\n"]))[0][1].name == "Anna"
    vcard = ["BEGIN:VCARD\n", "FN:Anna\n", "END:VCARD\n"]
    assert list(read_contacts("vcard", vcard))[0][1].name == "Anna"


def test_json_has_no_contact_reader() -> None:
    with pytest.raises(ValueError, match="json"):
        read_contacts("json", [])
