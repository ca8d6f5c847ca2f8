"""The crontab of docs/cron.md, run the way cron runs it: /bin/sh, no terminal, an environment
of PATH, HOME and NET_DB only — while an interactive user writes to the same store."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cron.md"
SCHEDULE = re.compile(r"^(\S+\s+){5}(?P<command>.+)$")

pytestmark = pytest.mark.slow

VCARD = """BEGIN:VCARD
VERSION:3.0
FN:Ottavia Ricci
N:Ricci;Ottavia;;;
EMAIL:ottavia@example.it
TEL:+39 333 1234567
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Bruno Galli
N:Galli;Bruno;;;
EMAIL:bruno@example.it
END:VCARD
"""


def crontab_commands() -> list[str]:
    """The job lines of the crontab block in docs/cron.md, as cron hands them to the shell."""
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"```crontab\n(.*?)```", text, re.S)
    assert block, "docs/cron.md has a ```crontab block"
    commands = []
    for line in block[1].splitlines():
        if not line.strip() or line.lstrip().startswith("#") or re.match(r"^\w+=", line):
            continue
        found = SCHEDULE.match(line.strip())
        assert found, f"not a crontab job line: {line}"
        command = found["command"]
        assert re.search(r"(?<!\\)%", command) is None, "an unescaped % ends a cron command"
        commands.append(command.replace("\\%", "%"))
    return commands


def test_the_documented_crontab_has_the_three_jobs() -> None:
    commands = crontab_commands()
    assert [c.split()[0] for c in commands] == ["d=$(net", "mkdir", "net"]
    assert "net digest -q" in commands[0] and "net backup" in commands[1]
    assert "net import" in commands[2]


@pytest.fixture
def cron_home(tmp_path: Path) -> dict[str, Any]:
    home = tmp_path / "cronhome"
    (home / "contacts").mkdir(parents=True)
    (home / "contacts" / "phone.vcf").write_text(VCARD, encoding="utf-8")
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    mail = stubs / "mail"
    # A stand-in for mail(1): keeps the body and the arguments where the test can read them.
    mail.write_text('#!/bin/sh\nprintf "%s\\n" "$*" > "$HOME/mail.args"\ncat > "$HOME/mail.body"\n')
    mail.chmod(0o755)
    bindir = Path(sys.executable).parent  # where `net` is installed (the venv)
    assert (bindir / "net").exists()
    env = {
        "PATH": f"{stubs}:{bindir}:/usr/bin:/bin",
        "HOME": str(home),
        "NET_DB": str(tmp_path / "store" / "net.db"),
    }
    return {"home": home, "env": env, "db": Path(env["NET_DB"])}


def run_cron(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", "-c", command],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,  # no controlling terminal, like cron
    )


def test_each_cron_job_runs_while_the_user_writes(cron_home: dict[str, Any]) -> None:
    env, home, db = cron_home["env"], cron_home["home"], cron_home["db"]
    user_env = dict(env, NET_TODAY="2026-11-27")
    setup = subprocess.run(
        ["net", "demo"], env=user_env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert setup.returncode == 0, setup.stderr

    user_results: list[subprocess.CompletedProcess[str]] = []

    def interactive_user() -> None:
        for n in range(8):
            for args in (["add", f"Visitatore {n}", "--every", "1m"], ["remind", "Giulia", "2d"]):
                user_results.append(
                    subprocess.run(
                        ["net", *args], env=env, capture_output=True, text=True, timeout=60
                    )
                )

    commands = crontab_commands()
    user = threading.Thread(target=interactive_user)
    user.start()
    results: list[subprocess.CompletedProcess[str]] = [None] * len(commands)  # type: ignore[list-item]

    def job(i: int, command: str) -> None:
        results[i] = run_cron(command, env)

    jobs = [threading.Thread(target=job, args=(i, c)) for i, c in enumerate(commands)]
    for t in jobs:
        t.start()
    for t in jobs:
        t.join()
    user.join()

    for command, result in zip(commands, results, strict=True):
        assert result.returncode == 0, (
            f"{command}\nstdout: {result.stdout}\nstderr: {result.stderr}"
        )
    for result in user_results:
        assert result.returncode == 0, result.stderr
        assert "locked" not in result.stderr

    # 1. The digest went to mail(1), plain text, nothing on stderr for cron to mail as well.
    assert (home / "mail.args").read_text().split() == ["-s", "Follow-ups", "me@example.com"]
    body = (home / "mail.body").read_text(encoding="utf-8")
    assert body.startswith("Follow-ups for ")
    assert "\x1b[" not in body and "DUE:" in body and "OPEN ASKS:" in body
    assert results[0].stdout == "" and results[0].stderr == ""
    # 2. The backup is a complete, consistent store.
    [backup] = list((home / "backups").glob("net-*.db"))
    assert re.fullmatch(r"net-\d{4}-\d{2}-\d{2}\.db", backup.name)
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM contact").fetchone()[0] >= 41
    copy.close()
    # 3. The import landed (its report went to the log), and so did every interactive write.
    log = (home / "net-import.log").read_text(encoding="utf-8")
    assert log.strip(), "the import reports its counts"
    conn = sqlite3.connect(db)
    names = {r[0] for r in conn.execute("SELECT name FROM contact")}
    assert {"Ottavia Ricci", "Bruno Galli"} <= names
    assert {f"Visitatore {n}" for n in range(8)} <= names
    assert conn.execute("SELECT count(*) FROM reminder").fetchone()[0] == 4 + 8
    conn.close()


def test_the_digest_job_sends_no_mail_on_a_quiet_morning(cron_home: dict[str, Any]) -> None:
    env, home = cron_home["env"], cron_home["home"]
    added = run_cron("net add 'Maria Rossi'", env)  # a store with nothing to say
    assert added.returncode == 0, added.stderr
    result = run_cron(crontab_commands()[0], env)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "")
    assert not (home / "mail.body").exists() and not (home / "mail.args").exists()


def test_a_failing_job_says_why_in_one_line_and_exits_nonzero(cron_home: dict[str, Any]) -> None:
    env = cron_home["env"]
    shutil.rmtree(cron_home["home"] / "contacts")
    result = run_cron(crontab_commands()[2].split(">>")[0], env)
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    # no store yet (the import failed): a read says so instead of "nothing due"
    missing = run_cron("net due -q --days 0", env)
    assert (missing.returncode, missing.stdout) == (4, "")
    assert missing.stderr.startswith(f"error: no store at {env['NET_DB']} (net add creates one")
    assert not os.path.exists(env["NET_DB"])
    needs_yes = run_cron("net add 'Maria Rossi' && net rm Maria", env)
    assert needs_yes.returncode == 2 and "(use --yes)" in needs_yes.stderr
    assert os.path.exists(env["NET_DB"])
    quiet = run_cron("net due -q --days 0", env)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (1, "", "")
