"""Fuzz the whole command line: documented exit codes only, no traceback, and a failing
command never changes the store (issue 7)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command

from netcli.cli import app

pytestmark = pytest.mark.slow

# Commands that write files outside the store or take long are fuzzed elsewhere.
SKIP = {"backup", "export", "import", "demo", "db"}
HOSTILE = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "'",
            '"',
            "%",
            "_",
            "%_%",
            "\\",
            "$(rm -rf ~)",
            "`id`",
            "; drop table contact;",
            "\u202eevil",
            "مرحبا",
            "Nicolò",
            "me",
            "#1",
            "#0",
            "#999999",
            "-1",
            "0",
            "1e9",
            "NaN",
            "31/02/2026",
            "2026-02-30",
            "next blursday",
            "99999d",
            "1,5",
            "9" * 30,
            "x" * 10_000,
            "=cmd|' /C calc'!A0",
            "@SUM(1)",
            "\t",
            "tomorrow",
            "3d",
            "monthly",
            "business",
            "Anna",
            "Maria Rossi",
            "maria",
            "--",
            "-q",
            # terminal control sequences (issue 12.11): OSC 52 clipboard write, OSC 8 link,
            # clear screen, OSC 0 title, a C1 CSI, bidi overrides
            "Evil\x1b]52;c;aGk=\x07",
            "\x1b]8;;https://x.example\x1b\\click\x1b]8;;\x1b\\",
            "\x1b[2J\x1b[H",
            "\x1b]0;pwned\x07",
            "\x9b31m",
            "Maria\u202eissoR",
            "a\u2066b\u2069",
            "line\nbreak",
            "cr\roverwrite",
            # not UTF-8: what Python makes of `net add $'Bad\xff'` (issue 12.14)
            "Bad\udcff",
            "\udc80\udcc3",
            # huge intervals and far dates (issue 12)
            "99999999d",
            "999999999999y",
            "9999999w",
            "100000m",
            "in 99999999 days",
            "99999999 days ago",
            "tra 99999999 giorni",
            "1e308d",
            "10000y",
            "9999-12-31",
            "31/12/9999",
            "Dec 31 9999",
            "0001-01-01",
        ]
    ),
    st.text(max_size=30),
)
# `--db` values with URL and path characters: the command must fail cleanly or work on that
# file, never touch the store in NET_DB. (No postgresql:// URL: it could wait on a network.)
DB_PATHS = st.sampled_from(
    [
        "file:x.db?mode=ro",
        "x.db?mode=memory",
        "x%20y.db",
        "x#y.db",
        "a b/ü.db",
        "sqlite:///x.db",
        "http://example.com/x.db",
        ":memory:",
        "file::memory:?cache=shared",
        "dir/",
        "/dev/null",
        "missing/deeper/x.db",
        "Bad\udcff.db",
        "\x1b[2J.db",
    ]
)
EXIT_CODES = {0, 1, 2, 3}
# No text output may carry these: controls start escape sequences, bidi overrides reorder text.
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def commands() -> dict[str, list]:
    root = get_command(app)
    ctx = root.make_context("net", ["--help"], resilient_parsing=True)
    found = {}
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        if name not in SKIP:
            found[name] = root.get_command(ctx, name).params  # type: ignore[attr-defined]
    return found


COMMANDS = commands()


@st.composite
def command_lines(draw) -> list[str]:
    name = draw(st.sampled_from(sorted(COMMANDS)))
    args = ["--db", draw(DB_PATHS), name] if draw(st.integers(0, 7)) == 0 else [name]
    for param in COMMANDS[name]:
        if getattr(param, "param_type_name", "") == "argument":
            count = 2 if param.nargs == -1 else 1
            if draw(st.integers(0, 4)):  # usually give the argument
                args += [draw(HOSTILE) for _ in range(draw(st.integers(1, count)))]
        elif param.opts and draw(st.integers(0, 3)) == 0:
            args.append(param.opts[0])
            if not param.is_flag:
                args.append(draw(HOSTILE))
    return args


def export(net) -> dict:
    doc = json.loads(net("export", code=0).stdout)
    doc.pop("exported_at")
    return doc


@pytest.fixture
def seeded(net, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    net("add", "Maria Rossi", "--email", "maria@studio.it", "--every", "1m")
    net("add", "Anna Blu", "--category", "avvocato")
    net("add", "Nicolò Bianchi", "--via", "maria")
    net("intro", "Anna", "Nicolò")
    net("ask", "Anna", "un commercialista a Milano")
    net("give", "Maria", "a client", "--value", "100")
    net("log", "Anna", "Maria", "-m", "breakfast")
    # data that would drive a terminal, as an imported vCard could bring it
    net("add", "Evil\x1b]52;c;aGk=\x07 \x1b[2J Guy\u202e", "--note", "a\x1b]0;t\x07\nb\x9b")
    net("ask", "Evil", "help \x1b[5m")
    return net


@settings(
    max_examples=int(os.environ.get("NET_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(line=command_lines())
def test_any_command_line(seeded, line):
    net = seeded
    before = export(net)
    result = net(*line, code=None)
    output = result.stdout + result.stderr
    codes = EXIT_CODES | ({4} if line[0] == "--db" else set())  # storage: that file
    assert result.exit_code in codes, (line, result.exit_code, output[-500:])
    assert "Traceback" not in output, (line, output[-2000:])
    assert RAW_CONTROLS.search(output) is None, (line, output[-2000:])
    if result.exit_code >= 2:
        assert result.stderr.startswith("error: "), (line, result.stderr[:300])
        assert export(net) == before, line
    if line[0] == "--db":
        assert export(net) == before, line  # another store: this one untouched


def test_the_fuzzer_sees_every_command():
    assert {"add", "edit", "intro", "give", "log", "due", "done", "match", "path"} <= set(COMMANDS)
    assert len(COMMANDS) >= 30
