"""Reading a mail's headers (formats/eml.py) and telling a mail from other files."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcli.formats.detect import detect_format
from netcli.formats.eml import MAX_HEADER, looks_like_mail, read_mail
from netcli.formats.records import FormatError

MAIL = (
    b"From: =?ISO-8859-1?Q?Nicol=F2_D'Angelo?= <Nico@Example.COM>\r\n"
    b'To: Maria <maria@x.it>,\r\n\t"Rossi, Luca" <luca@y.it>\r\n'
    b"Cc: undisclosed-recipients:;\r\n"
    b"Subject: =?UTF-8?B?Q2lhbyDDqCB1biBwcmV2ZW50aXZv?=\r\n"
    b"Date: Mon, 23 Nov 2026 23:30:00 -0800\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/alternative; boundary="b"\r\n'
    b"\r\n--b\r\nContent-Type: text/plain\r\n\r\nFrom: not@a.header\r\n--b--\r\n"
)


def test_read_mail():
    mail = read_mail(MAIL)
    assert mail.senders == [("Nicolò D'Angelo", "Nico@Example.COM")]
    assert mail.recipients == [("Maria", "maria@x.it"), ("Rossi, Luca", "luca@y.it")]
    assert mail.subject == "Ciao è un preventivo"
    assert mail.sent == datetime(2026, 11, 23, 23, 30, tzinfo=timezone(timedelta(hours=-8)))


def test_mbox_line_bom_and_no_date():
    mail = read_mail(b"\xef\xbb\xbfFrom me@x Mon Nov 23 2026\nFrom: a@b.it\nSubject: x\n")
    assert mail.senders == [("", "a@b.it")] and mail.sent is None and mail.date_header is None


def test_unreadable_date_is_kept_raw():
    mail = read_mail(b"From: a@b.it\nDate: someday soon\n\n")
    assert mail.sent is None and mail.date_header == "someday soon"


def test_control_characters_never_reach_the_subject():
    mail = read_mail(b"From: a@b.it\nSubject: =?UTF-8?Q?a=1B[31m_b=07c?=\n\n")
    assert mail.subject == "a [31m b c"


def test_huge_headers_are_refused():
    data = b"From: a@b.it\nX-Junk: " + b"x" * (MAX_HEADER + 10) + b"\n\nbody"
    with pytest.raises(FormatError, match="larger than 1 MiB"):
        read_mail(data, "big.eml")


def test_a_mail_without_addresses_is_refused():
    with pytest.raises(FormatError, match="no From, To or Cc"):
        read_mail(b"Subject: hi\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\n")


@settings(max_examples=300)
@given(st.binary(max_size=600), st.text(max_size=200))
def test_hostile_headers_never_crash(junk: bytes, text: str):
    for data in (
        b"From: a@b.it\nTo: " + junk + b"\nSubject: " + junk + b"\n\n",
        ("From: " + text + "\nDate: " + text + "\nSubject: " + text + "\n\n").encode(
            "utf-8", "surrogatepass"
        ),
        junk,
    ):
        try:
            mail = read_mail(data)
        except FormatError:
            continue
        for _, address in mail.addresses:
            assert "@" in address and not any(ord(c) < 32 for c in address)
        assert mail.subject is None or not any(ord(c) < 32 for c in mail.subject)


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (MAIL.decode("latin-1"), "eml"),
        ("Return-Path: <a@b.it>\nReceived: from x\n\tby y\nFrom: a@b.it\nTo: c@d.it\n", "eml"),
        ("From a@b Mon Nov 23 2026\nFrom: a@b.it\nSubject: s\n\nbody", "eml"),
        ("Name,Email\nFrom: a,b@c.it\n", "csv"),
        ('Notes:\n"x"\n', "linkedin"),
    ],
)
def test_detection(head: str, fmt: str):
    assert detect_format(None, head) == fmt


def test_not_a_mail():
    assert not looks_like_mail("From: a@b.it\n")  # one field is not enough to tell
    assert not looks_like_mail("Subject: x\nDate: y\n")  # no From
    assert detect_format("x.eml", "hello\n") == "eml"  # the extension decides then
