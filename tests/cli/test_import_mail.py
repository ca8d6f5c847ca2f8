"""`net import --from eml`: a mail logged as an `email` interaction (spec §6)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

MAIL = """\
From: Io Stesso <IO@Studio.it>
To: =?UTF-8?Q?Nicol=C3=B2_D'Angelo?= <Nico@Example.com>, nuovo@altro.it
Cc: "Rossi, Maria" <maria.rossi@example.it>, io@studio.it
Subject: =?UTF-8?Q?Preventivo_per_luned=C3=AC?=
Date: Mon, 23 Nov 2026 10:15:00 +0100
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="XX"

--XX
Content-Type: text/plain; charset=utf-8

Ciao!
--XX
Content-Type: application/pdf; name="preventivo.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--XX--
"""


@pytest.fixture(autouse=True)
def rome(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A mail is dated in the local time zone: pin it (the machine's may be anything)."""
    import time

    monkeypatch.setenv("TZ", "Europe/Rome")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def logged(net: Any) -> list[Any]:
    """Every interaction in the store (from the JSON export)."""
    return list(json.loads(net("export").stdout)["interactions"])


@pytest.fixture
def people(net: Any) -> None:
    net("edit", "me", "--email", "io@studio.it")
    net("add", "Nicolò D'Angelo", "--email", "nico@example.com", "--every", "1m")
    net("add", "Maria Rossi", "--email", "m.rossi@gmail.com", "--email", "Maria.Rossi@example.it")
    net("add", "Luca Neri", "--email", "luca@neri.it")


def test_a_mail_is_logged_with_the_known_contacts(net: Any, people: None, tmp_path: Path):
    eml = tmp_path / "preventivo.eml"
    eml.write_text(MAIL, encoding="utf-8")
    result = net("import", str(eml))
    assert result.stdout.splitlines() == [
        "Logged email x1 on 2026-11-23 with Nicolò D'Angelo, Maria Rossi: Preventivo per lunedì",
        "  not in your contacts (not added): nuovo@altro.it",
    ]
    nico = net.json("show", "nicolo")
    (logged,) = nico["interactions"]
    assert logged["kind"] == "email" and logged["date"] == "2026-11-23"
    assert sorted(logged["contacts"]) == ["Maria Rossi", "Nicolò D'Angelo"]
    assert logged["note"] == "Preventivo per lunedì"
    assert nico["last_contact"] == "2026-11-23" and nico["next_due"] == "2026-12-23"
    assert [c["name"] for c in net.json("list")] == ["Luca Neri", "Maria Rossi", "Nicolò D'Angelo"]


def test_a_mail_on_stdin_is_recognised(net: Any, people: None):
    data = json.loads(net("import", "-", "--json", input=MAIL).stdout)
    assert data["format"] == "eml" and data["records"] == {"interactions": 1}
    assert data["interaction"]["ref"] == "x1" and data["interaction"]["contact_ids"] == [2, 3]
    assert data["unknown"] == ["nuovo@altro.it"] and data["notes"] == []
    again = json.loads(net("import", "-", "--json", input=MAIL).stdout)  # piped twice: logged once
    assert again["already_logged"] and again["interaction"]["ref"] == "x1"
    assert len(logged(net)) == 1


def test_mail_from_me_to_nobody_i_know(net: Any, people: None):
    mail = "From: io@studio.it\nTo: Chi <chi@boh.it>\nSubject: x\n\n"
    result = net("import", "-", input=mail, code=3)
    assert result.stderr == (
        "error: no known contact in the mail stdin; not in your contacts: Chi <chi@boh.it> "
        "(net add NAME --email ADDRESS adds one)\n"
    )
    assert logged(net) == []


def test_missing_date_is_today_and_said(net: Any, people: None):
    result = net("import", "--from", "eml", "-", input="From: luca@neri.it\nSubject: ciao\n\n")
    assert "on 2026-11-27 with Luca Neri: ciao" in result.stdout
    assert result.stderr == "no Date header: dated today (2026-11-27)\n"
    future = "From: luca@neri.it\nDate: Mon, 1 Feb 2027 10:00 +0000\nSubject: later\n\n"
    result = net("import", "--from", "eml", "-", input=future)
    assert "is in the future: dated today (2026-11-27)" in result.stderr


def test_dry_run_writes_nothing(net: Any, people: None):
    result = net("import", "-", "--dry-run", input=MAIL)
    assert result.stdout.startswith("Would log an email on 2026-11-23 with Nicolò D'Angelo")
    assert logged(net) == []


def test_hostile_headers(net: Any, people: None):
    mail = (
        "From: luca@neri.it\nTo: \x1b]0;pwned\x07 <evil@x.it>\n"
        "Subject: =?UTF-8?Q?=1B[2J=1B[31mciao?=\n\n"
    )
    result = net("import", "-", input=mail)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert logged(net)[0]["note"] == "[2J [31mciao"
    huge = "From: luca@neri.it\nX-Junk: " + "x" * (1 << 21) + "\n\nbody\n"
    result = net("import", "--from", "eml", "-", input=huge, code=3)
    assert result.stderr == "error: stdin: the mail's headers are larger than 1 MiB\n"


def test_trust_and_tag_do_not_apply(net: Any, people: None):
    assert net("import", "-", "--trust", "2", input=MAIL, code=2).stderr.startswith(
        "error: --trust applies to contact files, not to a mail"
    )
    net("import", "-", "--tag", "x", input=MAIL, code=2)


def test_a_mail_client_pipes_a_message(net: Any, people: None, net_proc: Any):
    """What mutt's `:pipe-message net import -` and a procmail rule do: a real process."""
    done = net_proc("import", "-", input=MAIL * 50)  # a long body behind the headers
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Logged email x1 on 2026-11-23")


def test_the_documented_procmail_action(people: None, env: Path, tmp_path: Path):
    """The action line of docs/cron.md's procmail recipe, run as procmail runs it."""
    import os
    import re
    import subprocess
    import sys

    doc = (Path(__file__).parents[2] / "docs" / "cron.md").read_text(encoding="utf-8")
    block = re.search(r"```procmailrc\n(.*?)```", doc, re.S)
    assert block
    action = next(line for line in block[1].splitlines() if line.startswith("|"))[1:].strip()
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "net").write_text(f'#!/bin/sh\nexec {sys.executable} -m netcli "$@"\n')
    (bindir / "net").chmod(0o755)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    environ = {
        "PATH": f"{bindir}:/usr/bin:/bin",
        "HOME": str(home),
        "NET_DB": os.environ["NET_DB"],
        "NET_TODAY": os.environ["NET_TODAY"],
    }
    for mail in (MAIL, "From: chi@boh.it\nTo: io@studio.it\nSubject: spam\n\n"):
        done = subprocess.run(["/bin/sh", "-c", action], input=mail, text=True, env=environ)
        assert done.returncode == 0
    log = (home / "net-mail.log").read_text()
    assert log.startswith("Logged email x1 on 2026-11-23 with Nicolò D'Angelo, Maria Rossi")
    assert "error: no known contact in the mail stdin; not in your contacts: chi@boh.it" in log


def test_the_day_is_the_local_one(net: Any, people: None):
    """23:30 in California on the 23rd is the morning of the 24th in Rome."""
    mail = "From: luca@neri.it\nDate: Mon, 23 Nov 2026 23:30:00 -0800\nSubject: late\n\n"
    assert "on 2026-11-24 with Luca Neri" in net("import", "-", input=mail).stdout
