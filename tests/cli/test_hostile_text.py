"""Hostile text from the data or the command line (issues 12.11, 12.14): terminal control
sequences never reach the screen or a pipe, bad encodings are one error line, not a crash."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from netcli.output import safe_text, to_json

# OSC 52 (write the clipboard), OSC 8 (a hidden link), clear screen, OSC 0 (window title),
# a C1 CSI, and a right-to-left override.
EVIL_NAME = "Evil\x1b]52;c;aGk=\x07 \x1b[2J Guy\x9b\u202e"
EVIL_NOTE = "line one\nline two \x1b]8;;https://x.example\x1b\\click\x1b]8;;\x1b\\ \x1b]0;pwned\x07"
# Anything that starts a control sequence or reorders text must be gone from text output.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def evil(net):
    net("add", EVIL_NAME, "--note", EVIL_NOTE, "--every", "1w", "--tag", "x\x1b[31m")
    net("add", "Maria Rossi", "--note", "caffè")
    net("remind", "Evil", "today", "-m", "ring \x1b[5mnow")
    net("ask", "Evil", "a lawyer \x1b]52;c;Zm9v\x07")
    net("give", "Evil", "a lead \x1b[2J", "--value", "100")
    net("intro", "Evil", "Maria", "-m", "note \x1b[2J")
    return net


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--format", "csv"],
        ["list", "--format", "tsv"],
        ["show", "Evil"],
        ["due", "--on", "2027-01-01"],
        ["due", "--format", "csv"],
        ["digest"],
        ["digest", "--format", "markdown"],
        ["find", "line"],
        ["find", "line", "--format", "tsv"],
        ["intros"],
        ["asks"],
        ["gives"],
    ],
)
def test_controls_in_data_never_reach_text_output(evil, args):
    result = evil(*args)
    assert "Evil" in result.stdout
    assert RAW.search(result.stdout) is None, repr(result.stdout)
    assert RAW.search(result.stderr) is None, repr(result.stderr)


def test_notes_keep_their_line_breaks_where_the_format_allows(evil):
    shown = evil("show", "Evil").stdout
    assert "line one\nline two" in shown
    csv_text = evil("find", "line", "--format", "csv").stdout
    assert "\x1b" not in csv_text


def test_json_escapes_every_control_and_stays_lossless(evil):
    text = evil("list", "--json").stdout
    assert RAW.search(text.replace("\n", "")) is None
    names = {c["name"] for c in json.loads(text)}
    assert EVIL_NAME in names


def test_error_lines_naming_data_are_neutralised(evil):
    result = evil("show", "Evil\x1b[2JGux", code=3)
    assert result.stderr.startswith("error: ")
    assert RAW.search(result.stderr.replace("\n", "")) is None
    # a "did you mean" candidate that carries controls is shown neutralised too
    result = evil("show", "Evil Gux", code=3)
    assert RAW.search(result.stderr.replace("\n", "")) is None, repr(result.stderr)
    assert len(result.stderr.splitlines()) <= 2


def test_an_error_message_with_a_newline_stays_one_line(net, store):
    result = net("show", "nobody\nerror: fake second line", code=3)
    assert result.stderr.count("\n") == 1


def test_safe_text_units():
    assert safe_text("Nicolò Ünal 李 🎉") == "Nicolò Ünal 李 🎉"
    assert safe_text("a\x1b[2Jb") == "a?[2Jb"
    assert safe_text("a\nb\tc") == "a?b c"
    assert safe_text("a\r\nb", keep_newlines=True) == "a\nb"
    assert safe_text("\u202eabc\u2066") == "?abc?"
    assert safe_text("\x85\x9b") == "??"
    assert safe_text("👩\u200d💻") == "👩\u200d💻"  # a ZWJ sequence is not a control


def test_to_json_escapes_c1_and_bidi_losslessly():
    text = to_json({"n": "a\x9bb\u202ec"})
    assert "\x9b" not in text and "\u202e" not in text
    assert json.loads(text) == {"n": "a\x9bb\u202ec"}


# --- bad encodings and closed streams, as real processes (issue 12.14) -----------------


@pytest.mark.slow
def test_rm_with_stdin_closed_asks_for_yes(net, env):
    net("add", "Anna Blu")
    done = subprocess.run(
        [sys.executable, "-m", "netcli", "rm", "Anna"],
        stdin=None,
        capture_output=True,
        text=True,
        preexec_fn=lambda: __import__("os").close(0),
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: ") and "(use --yes)" in done.stderr
    assert done.stderr.count("\n") == 1
    assert net.json("show", "Anna")["name"] == "Anna Blu"


@pytest.mark.slow
def test_an_argument_that_is_not_utf8_is_one_input_error(env):
    import os

    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"netcli", b"add", b"Bad\xff"],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    assert done.returncode == 3, done.stderr
    err = done.stderr.decode()
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "UTF-8" in err and "Traceback" not in err
    assert not env.exists()  # nothing was written, not even a new store


@pytest.mark.slow
def test_a_latin1_terminal_gets_question_marks_not_a_crash(net, env):
    import os

    net("add", "Anna 🎉 Blu", "--company", "Caffè")
    environ = {**os.environ, "PYTHONIOENCODING": "latin-1"}

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "netcli", *args], capture_output=True, env=environ
        )

    listed = run("list")
    assert listed.returncode == 0, listed.stderr
    assert "Anna ? Blu" in listed.stdout.decode("latin-1")
    assert "Caffè" in listed.stdout.decode("latin-1")
    assert run("show", "Anna").returncode == 0
    missing = run("show", "Anna 🎉 X")
    assert missing.returncode == 3 and missing.stderr.startswith(b"error: ")


@pytest.mark.slow
def test_export_to_stdout_is_always_utf8_and_imports_back(net, env, tmp_path):
    import os

    net("add", "Anna 🎉 Blu", "--company", "Caffè", "--note", "ciao\x1b[2J")
    environ = {**os.environ, "PYTHONIOENCODING": "latin-1", "LC_ALL": "C"}
    for fmt in ("json", "csv", "vcard"):
        done = subprocess.run(
            [sys.executable, "-m", "netcli", "export", "--to", fmt],
            capture_output=True,
            env=environ,
        )
        assert done.returncode == 0, done.stderr
        text = done.stdout.decode("utf-8")  # raises if it is not UTF-8
        assert "Anna 🎉 Blu" in text
    listed = subprocess.run(
        [sys.executable, "-m", "netcli", "list", "--json"], capture_output=True, env=environ
    )
    assert json.loads(listed.stdout.decode("utf-8"))[0]["name"] == "Anna 🎉 Blu"
    dump = tmp_path / "dump.json"
    with dump.open("wb") as f:
        subprocess.run(
            [sys.executable, "-m", "netcli", "export"], stdout=f, env=environ, check=True
        )
    copy = tmp_path / "copy.db"
    back = subprocess.run(
        [sys.executable, "-m", "netcli", "--db", str(copy), "import", str(dump)],
        capture_output=True,
        env=environ,
    )
    assert back.returncode == 0, back.stderr
    assert net.json("--db", str(copy), "show", "Anna")["name"] == "Anna 🎉 Blu"
