"""What a person sees on a terminal (issue 11.6): tables fitted to its width that never break a
name or a word, NO_COLOR removing colour and nothing else, and `net due`'s first screen."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?3[0-9](?:;[0-9]+)*m")
LONG_NOTE = "wanted a notaio who knows cross-border successions and speaks German fluently"


@pytest.fixture
def terminal(net: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`net` as if stdout were an 80-column terminal (NO_COLOR stays set, as in every test)."""
    monkeypatch.setattr("netcli.output.is_terminal", lambda stream: True)
    monkeypatch.setenv("COLUMNS", "80")
    return net


@pytest.fixture
def people(terminal: Any) -> Any:
    net = terminal
    for name, company in [
        ("Maria Grazia Castelli", "Studio Legale Castelli & Associati"),
        ("Niccolò Sorrentino", "Sorrentino Video"),
        ("Filippo D'Angelo", "D'Angelo Impianti"),
    ]:
        net("add", name, "--company", company, "--category", "consulente finanziario",
            "--tag", "bni", "--tag", "commercialista", "--every", "1m")  # fmt: skip
    net("intro", "Maria", "Niccolò", "--by", "Filippo", "-m", LONG_NOTE)
    net("intro", "Niccolò", "Filippo", "-m", "printing for a client's annual report")
    net("ask", "Maria", LONG_NOTE, "--tag", "legal")
    net("give", "Niccolò", LONG_NOTE, "--from", "Maria Grazia", "--value", "1200")
    return net


def screen(result: Any) -> list[str]:
    text = ANSI.sub("", result.stdout)
    return text.splitlines()


@pytest.mark.parametrize("args", [["intros"], ["asks"], ["gives"], ["list"]])
def test_listings_fit_80_columns_without_breaking_names_or_words(people: Any, args: list[str]):
    result = people(*args)
    lines = screen(result)
    assert all(len(line) <= 80 for line in lines), result.stdout
    assert COLOUR.search(result.stdout) is None  # NO_COLOR: no colour...
    assert lines[1].startswith("─")  # ...but still the terminal layout, not the pipe's
    words = {w for line in lines for w in line.split()}
    if args[0] != "list":
        assert set(LONG_NOTE.split()) <= words  # every word whole
    for name in ("Maria Grazia Castelli", "Niccolò Sorrentino", "Filippo D'Angelo"):
        if name.split()[0] in result.stdout:  # a name shown is shown on one line
            assert any(name in line for line in lines), (name, result.stdout)


def test_asks_leave_out_the_status_unless_all(people: Any):
    assert "status" not in screen(people("asks"))[0]
    people("resolve", "1")
    assert "status" in screen(people("asks", "--all"))[0]
    assert people("asks", "--format", "csv").stdout.startswith("ref,")  # data keeps it:
    assert people.json("asks", "--all")[0]["status"] == "resolved"


def test_asks_in_csv_keep_the_status_column(net: Any):
    net("add", "Anna Blu")
    net("ask", "Anna", "a plumber")
    assert net("asks", "--format", "csv").stdout.splitlines()[0].endswith(",status")
    assert "STATUS" not in net("asks").stdout  # the plain table follows the terminal's


@pytest.mark.parametrize("command", ["intros", "asks", "gives"])
def test_listings_take_a_limit(people: Any, command: str):
    people("intro", "Maria", "Filippo")
    people("ask", "Niccolò", "a printer")
    people("give", "Filippo", "a lead")
    assert len(people.json(command)) >= 2
    assert len(people.json(command, "--limit", "1")) == 1
    assert people(command, "--limit", "0", code=2).stderr.startswith("error: ")


def test_list_shows_the_category(people: Any, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COLUMNS", "140")  # wide enough for every column on one line
    lines = screen(people("list"))
    assert lines[0].split()[3] == "category"
    assert all("consulente finanziario" in line for line in lines[2:])


def test_list_category_in_a_pipe_and_csv(net: Any):
    net("add", "Anna Blu", "--category", "avvocato")
    assert net("list").stdout.splitlines()[0].split()[3] == "CATEGORY"
    assert "avvocato" in net("list", "--format", "csv").stdout


def test_due_first_screen_puts_today_and_reminders_before_stale_cadences(
    terminal: Any, monkeypatch: pytest.MonkeyPatch
):
    net = terminal
    monkeypatch.setenv("NET_TODAY", "2026-06-01")
    for n in range(15):
        net("add", f"Contatto Numero {n}", "--every", "1w")
    net("add", "Maria Grazia Castelli", "--note", "x")
    monkeypatch.setenv("NET_TODAY", "2026-11-27")
    net("remind", "Maria", "today", "-m", "send the NDA template she asked for last week")
    net("remind", "Contatto Numero 3", "yesterday", "-m", "call back")
    result = net("due")
    lines = screen(result)
    assert lines[0] == "1 due today, 1 overdue, 15 to keep in touch with."  # the summary
    titles = [line for line in lines if re.fullmatch(r"[A-Z][a-z ]+ \(\d+\)", line)]
    assert titles == ["Today (1)", "Overdue (1)", "Keep in touch (15)"]
    first = lines.index("Today (1)")
    assert "Maria Grazia Castelli" in lines[first + 1] and "reminder" in lines[first + 1]
    assert all(len(line) <= 80 for line in lines)
    commands = [line.strip() for line in lines if line.strip().startswith("→ net ")]
    assert len(commands) == 17 and '→ net done "Maria Grazia Castelli"' in commands
    # the order of the data stays spec §7's
    items = net.json("due")
    assert [i["overdue_days"] for i in items] == sorted(
        (i["overdue_days"] for i in items), reverse=True
    )


def test_due_commands_are_never_folded_even_when_long(terminal: Any, monkeypatch):
    net = terminal
    name = "Maria Grazia Castelli Della Valle Di Sopra E Di Sotto"
    net("add", name, "--birthday", "11-27")
    lines = screen(net("due"))
    assert f'→ net done "{name}" -m "birthday wishes"' in [line.strip() for line in lines]


@pytest.mark.slow
@pytest.mark.parametrize("no_color", [True, False])
def test_a_real_terminal_with_and_without_no_color(net: Any, env: Any, no_color: bool):
    """In a pseudo-terminal: NO_COLOR keeps the fitted layout and drops only the colour."""
    import pty

    net("add", "Maria Grazia Castelli", "--every", "1w", "--note", "x")
    net("add", "Niccolò Sorrentino")
    net("intro", "Maria", "Niccolò", "-m", LONG_NOTE)
    net("remind", "Maria", "today", "-m", "send the NDA")
    environ = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environ.update({"COLUMNS": "80", "TERM": "xterm-256color"})
    if no_color:
        environ["NO_COLOR"] = "1"
    screens = {}
    for command in ("intros", "due"):
        leader, follower = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "netcli", command],
            stdout=follower,
            stderr=subprocess.PIPE,
            env=environ,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
        os.close(leader)
        assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
        screens[command] = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    for text in screens.values():
        plain = ANSI.sub("", text)
        assert all(len(line) <= 80 for line in plain.splitlines()), plain
        assert "─" in plain  # the terminal layout either way
        assert COLOUR.search(text) is None or not no_color
    assert (COLOUR.search(screens["due"]) is None) == no_color
    assert "→ net done" in screens["due"]


def test_due_folds_its_reasons_around_names_not_inside_them(terminal: Any):
    net = terminal
    net("add", "Maria Grazia Castelli")
    net("add", "Niccolò Sorrentino Della Valle")
    net("intro", "Maria", "Niccolò", "--date", "2026-11-10")
    lines = screen(net("due"))
    assert all(len(line) <= 80 for line in lines)
    for name in ("Maria Grazia Castelli", "Niccolò Sorrentino Della Valle"):
        shown = [line for line in lines if name.split()[1] in line]
        assert shown and all(name in line for line in shown), "\n".join(lines)


def test_due_limit_on_a_terminal_keeps_the_first_items_shown(terminal: Any, monkeypatch):
    net = terminal
    monkeypatch.setenv("NET_TODAY", "2026-06-01")
    net("add", "Stale Cadence", "--every", "1w")
    monkeypatch.setenv("NET_TODAY", "2026-11-27")
    net("add", "Anna Blu")
    net("remind", "Anna", "today", "-m", "send the offer")
    lines = screen(net("due", "--limit", "1"))
    assert lines[0] == "1 due today, 1 to keep in touch with. Showing 1 of 2."
    assert "Anna Blu" in "\n".join(lines) and "Stale Cadence" not in "\n".join(lines)
    assert [i["contact"] for i in net.json("due", "--limit", "1")] == ["Stale Cadence"]
