"""Docs that cannot drift: every command has help text and appears in docs/ and the README."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.main import get_command

from netcli.cli.root import LAZY, app

ROOT = Path(__file__).parent.parent
# The task pages; docs/reference.md lists every command anyway (tested below).
DOCS = "\n".join(
    p.read_text(encoding="utf-8")
    for p in sorted((ROOT / "docs").glob("*.md"))
    if p.name != "reference.md"
)


def test_every_command_has_a_one_line_imperative_help():
    for name, info in LAZY.items():
        doc = (info.callback.__doc__ or "").strip()
        assert doc, f"net {name} has no docstring (its --help text)"
        first = doc.splitlines()[0]
        assert first.endswith("."), f"net {name}: '{first}'"
        assert not first.lower().startswith(("this ", "the command")), f"net {name}: '{first}'"


def test_every_command_is_documented():
    for name in [*LAZY, "db path", "db check"]:
        assert re.search(rf"(`|^\$? ?)net {name}\b", DOCS, re.M), f"net {name} is not in docs/"


def test_every_command_help_renders(net):
    root = get_command(app)
    ctx = root.make_context("net", ["--help"], resilient_parsing=True)
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        result = net(name, "--help")
        assert result.stdout.startswith(f"Usage: net {name}"), name


def test_readme_keeps_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line for _start, _info, body in fenced_blocks(readme) for line in body]
    try_it = lines.index("pip install . && net --db demo.db demo && net --db demo.db due")
    assert lines.index("pip install -e '.[test]' && pytest") > try_it
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && pytest" in ci


# --- Replaying the examples ---------------------------------------------------------------
#
# A fenced block whose info string carries the word `replay` (```` ```sh replay ````,
# ```` ```console replay ````) is run, block after block in page order, in a fresh temporary
# folder (HOME and the current directory, holding the sample files of SAMPLE_FILES) with
# NET_DB=./net.db, NET_TODAY=2026-11-27 and NO_COLOR, `net`/`netcli` being this checkout's
# program and `mail` a stub that keeps what it is sent in ~/mailbox.
#
# - `sh replay`: every command line (`\` continues it) runs in bash with `pipefail`; it must
#   exit 0. Comment lines are skipped.
# - `console replay` (or any replayed block with `$ ` prompts): lines starting with `$ ` are
#   commands; the lines up to the next command are what it prints (stdout, then stderr). `…`
#   alone on a line stands for any lines, `…` inside a line for any text; JSON is compared as
#   data. A command shown without output is run, its output unchecked.
#   A command whose shown output starts with `error:` must fail (exit 2, 3 or 4).
# - A trailing `# exit N` comment on a command says which exit code it must return.
#
# A shell or console block that must not run says why in its info string:
# ```` ```sh no-replay: installs the package ````. Every sh/console block, and every block
# showing a `$ net` command, is one or the other.

REPLAY_TODAY = "2026-11-27"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# The files the pages import, from the test fixtures.
SAMPLE_FILES = {
    "Connections.csv": "linkedin_current.csv",
    "contacts.vcf": "vcard30_apple.vcf",
    "google.csv": "google_current.csv",
    "people.csv": "contacts.csv",
}
SHELL_LANGS = {"sh", "bash", "shell", "console", "shell-session"}
EXIT_NOTE = re.compile(r"\s+#\s*exit (\d+)\s*$")


@dataclass
class Step:
    line: int  # where the command is on the page, for the failure message
    command: str
    expected: list[str] | None  # None: output not checked
    code: int | None  # None: any failure (an `error:` example without `# exit N`)


def fenced_blocks(text: str) -> list[tuple[int, str, list[str]]]:
    """(line number of the opening fence, info string, body lines) of every fenced block."""
    blocks, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        match = re.match(r"^(```+|~~~+)(.*)$", lines[i])
        if match:
            fence, info, start = match.group(1), match.group(2).strip(), i
            i += 1
            body = []
            while i < len(lines) and not lines[i].startswith(fence):
                body.append(lines[i])
                i += 1
            blocks.append((start + 1, info, body))
        i += 1
    return blocks


def _join_continued(lines: list[str], i: int) -> tuple[str, int]:
    command = lines[i]
    while command.endswith("\\") and i + 1 < len(lines):
        i += 1
        command = command[:-1].rstrip() + " " + lines[i].strip()
    return command, i


def _with_exit_note(first: int, command: str, expected: list[str] | None) -> Step:
    note = EXIT_NOTE.search(command)
    if note:
        return Step(first, command[: note.start()], expected, int(note.group(1)))
    fails = bool(expected) and expected[0].startswith("error:")
    return Step(first, command, expected, None if fails else 0)


def steps_of(start: int, info: str, body: list[str]) -> list[Step]:
    steps: list[Step] = []
    if info.split()[0] == "console" or any(line.startswith("$ ") for line in body):
        i = 0
        while i < len(body):
            if not body[i].startswith("$ "):
                assert not body[i].strip(), f"line {start + 1 + i}: output before any `$ ` command"
                i += 1
                continue
            first = start + 1 + i
            command, i = _join_continued(body, i)
            i += 1
            output = []
            while i < len(body) and not body[i].startswith("$ "):
                output.append(body[i].rstrip())
                i += 1
            while output and not output[-1]:
                output.pop()
            steps.append(_with_exit_note(first, command[2:], output or None))
    else:
        i = 0
        while i < len(body):
            if body[i].strip() and not body[i].lstrip().startswith("#"):
                first = start + 1 + i
                command, i = _join_continued(body, i)
                steps.append(_with_exit_note(first, command, None))
            i += 1
    return steps


def replay_steps(page: Path) -> list[Step]:
    steps = []
    for start, info, body in fenced_blocks(page.read_text(encoding="utf-8")):
        if "replay" in info.split():
            steps += steps_of(start, info, body)
    return steps


def output_matches(expected: list[str], actual: list[str]) -> bool:
    """Lines match in order; `…` alone matches any lines, `…` in a line any text. JSON is
    compared as data, whatever its layout."""
    try:
        return bool(json.loads("\n".join(expected)) == json.loads("\n".join(actual)))
    except ValueError:
        pass
    return _lines_match(expected, actual)


def _lines_match(expected: list[str], actual: list[str]) -> bool:
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head.strip() == "…":
        return any(_lines_match(rest, actual[k:]) for k in range(len(actual) + 1))
    if not actual:
        return False
    pattern = ".*".join(re.escape(part) for part in head.split("…"))
    return re.fullmatch(pattern, actual[0].rstrip()) is not None and _lines_match(rest, actual[1:])


def _bin_folder(tmp: Path) -> Path:
    """`net`, `netcli` (this checkout's program) and a `mail` that keeps what it is sent."""
    folder = tmp / ".bin"
    folder.mkdir()
    scripts = Path(sys.executable).parent
    for name in ("net", "netcli"):
        installed = scripts / name
        shim = f'#!/bin/sh\nexec "{sys.executable}" -m netcli "$@"\n'
        (folder / name).write_text(
            f'#!/bin/sh\nexec "{installed}" "$@"\n' if installed.exists() else shim
        )
    (folder / "mail").write_text('#!/bin/sh\ncat >> "$HOME/mailbox"\n')
    for script in folder.iterdir():
        script.chmod(0o755)
    return folder


def replay(page: Path, tmp: Path, store: str | None = None) -> list[str]:
    """Run the page's replayed blocks in order; what went wrong, each with where it is."""
    for name, sample in SAMPLE_FILES.items():
        shutil.copyfile(ROOT / "tests" / "data" / sample, tmp / name)
    env = {
        "PATH": f"{_bin_folder(tmp)}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "HOME": str(tmp),
        "NET_DB": store or str(tmp / "net.db"),
        "NET_TODAY": REPLAY_TODAY,
        "NO_COLOR": "1",
        "LANG": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
    }
    name, problems = page.relative_to(ROOT), []
    for step in replay_steps(page):
        result = subprocess.run(
            ["bash", "-o", "pipefail", "-c", step.command],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        shown = (result.stdout + result.stderr).rstrip("\n")
        where = f"{name}:{step.line}: $ {step.command}\n(exit {result.returncode})\n{shown}"
        if step.code is None and result.returncode not in (2, 3, 4):
            problems.append(f"expected a failure (exit 2, 3 or 4) at {where}")
        elif step.code is not None and result.returncode != step.code:
            problems.append(f"expected exit {step.code} at {where}")
        elif step.expected is not None and not output_matches(step.expected, shown.splitlines()):
            expected = "\n".join(step.expected)
            problems.append(f"the output differs at {where}\n--- the page shows:\n{expected}")
    return problems


# Pages whose examples run against a PostgreSQL store (the test server: tests/conftest.py).
ON_SERVER = {"postgresql.md"}


@pytest.mark.slow
@pytest.mark.parametrize(
    "page", [p for p in PAGES if p.name not in ON_SERVER], ids=lambda p: p.name
)
def test_page_examples_replay(page: Path, tmp_path: Path) -> None:
    problems = replay(page, tmp_path)
    assert not problems, "\n\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ON_SERVER))
def test_server_page_examples_replay(name: str, tmp_path: Path, pg_empty: str) -> None:
    """docs/postgresql.md's examples, with NET_DB the URL of an empty database."""
    problems = replay(ROOT / "docs" / name, tmp_path, store=pg_empty)
    assert not problems, "\n\n".join(problems)


def test_replay_reads_commands_outputs_and_exit_codes() -> None:
    body = [
        '$ net add "Maria Rossi" \\',
        "      --every monthly",
        "Added #2 Maria Rossi",
        "",
        "$ net show mario              # exit 3",
        "error: no contact matches 'mario'",
        "$ net outcome 7 met",
        "error: no intro #7",
        "$ net list",
    ]
    steps = steps_of(10, "console replay", body)
    assert [(s.line, s.command, s.expected, s.code) for s in steps] == [
        (11, 'net add "Maria Rossi" --every monthly', ["Added #2 Maria Rossi"], 0),
        (15, "net show mario", ["error: no contact matches 'mario'"], 3),
        (17, "net outcome 7 met", ["error: no intro #7"], None),
        (19, "net list", None, 0),
    ]
    script = steps_of(1, "sh replay", ["# a comment", "net due   # why", "", "net list"])
    assert [s.command for s in script] == ["net due   # why", "net list"]


def test_replay_output_elisions_and_json() -> None:
    assert output_matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert output_matches(["a", "…", "b"], ["a", "b"])
    assert not output_matches(["a", "d"], ["a", "b", "d"])
    assert output_matches(["Intro #… is now met"], ["Intro #12 is now met"])
    assert not output_matches(["Intro #2 is now met"], ["Intro #2 is now met, and more"])
    assert output_matches(['{"a": 1,', ' "b": [2]}'], ["{", '  "b": [2], "a": 1', "}"])


def test_every_shell_block_is_replayed_or_says_why_not() -> None:
    for page in PAGES:
        for start, info, body in fenced_blocks(page.read_text(encoding="utf-8")):
            lang = (info.split() or [""])[0]
            transcript = any(line.startswith("$ net") for line in body)
            if lang in SHELL_LANGS or transcript:
                lang = lang or "console"
                marked = "replay" in info.split() or info.startswith(f"{lang} no-replay:")
                assert marked, (
                    f"{page.relative_to(ROOT)}:{start}: mark the block ```{lang} replay "
                    f"(run by tests/test_docs.py) or ```{lang} no-replay: <why>"
                )


# --- docs/reference.md ------------------------------------------------------------------------

REFERENCE = ROOT / "docs" / "reference.md"


def test_reference_commands_are_up_to_date() -> None:
    from netcli.cli import reference

    page = REFERENCE.read_text(encoding="utf-8")
    assert page == reference.splice(page, reference.generate()), (
        f"docs/reference.md does not match the commands' options and help: "
        f"run `{reference.REGENERATE}` and commit the result"
    )


def test_reference_covers_every_command_of_net_help(net) -> None:
    from netcli.cli import reference

    page = REFERENCE.read_text(encoding="utf-8")
    commands = net("--help").stdout.split("\nCommands:\n", 1)[1]
    listed = re.findall(r"^  ([a-z-]+)  ", commands, re.M)
    assert "add" in listed and "db" in listed
    for name in [*listed, *reference.commands()]:
        assert f"### `net {name}`" in page, f"net {name} is not in docs/reference.md"


# The command whose --json output each object of the reference's table comes from (on the
# demo store), and the key holding it when it is nested.
JSON_OBJECT_SOURCES: dict[str, tuple[list[str], str | None]] = {
    "contact": (["list", "--json"], None),
    "profile": (["show", "2", "--json"], None),
    "give totals": (["show", "2", "--json"], "give_totals"),
    "intro": (["intros", "--json"], None),
    "ask": (["asks", "--all", "--json"], None),
    "give": (["gives", "--json"], None),
    "due item": (["due", "--json"], None),
    "balance row": (["balance", "--json"], None),
    "path": (["path", "5", "--json"], None),
    "who row": (["who", "notaio", "--json"], None),
    "match row": (["match", "--json"], None),
    "report": (["report", "--json"], None),
    "report person": (["report", "--json"], "top_givers"),
    "report month": (["report", "--json"], "months"),
    "setting": (["config", "currency", "--json"], None),
    "export": (["export"], None),
    "interaction": (["log", "2", "-m", "coffee", "--json"], None),
    "link": (["link", "2", "5", "--json"], None),
    "reminder": (["remind", "2", "tomorrow", "--json"], None),
    "done": (["done", "3", "--json"], None),
    "snooze": (["snooze", "4", "2026-12-20", "--json"], None),
    "import report": (["import", str(ROOT / "tests" / "data" / "contacts.csv"), "--json"], None),
    "dupes row": (["dupes", "--json"], None),
    "credit row": (["credit", "--json"], None),
    "credit origin row": (["credit", "--by-origin", "--json"], None),
}


def reference_json_objects() -> dict[str, list[str]]:
    """The reference's JSON objects table: object name -> the keys it lists."""
    page = REFERENCE.read_text(encoding="utf-8")
    section = page.split("## JSON objects", 1)[1].split("\n## ", 1)[0]
    objects = {}
    for row in re.findall(r"^\| (.+) \|$", section, re.M)[1:]:
        name, _printed_by, keys = row.split(" | ")
        objects[name] = re.findall(r"`([a-z_]+)`", keys)
    return objects


def test_reference_json_keys_are_in_the_real_output(net) -> None:
    objects = reference_json_objects()
    assert set(objects) == set(JSON_OBJECT_SOURCES), "give each object of the table a command"
    net("demo")
    net("add", "Giulia Bianchi", "--force")  # so that `net dupes` has a pair
    for name, keys in objects.items():
        args, nested = JSON_OBJECT_SOURCES[name]
        data = json.loads(net(*args).stdout)
        if isinstance(data, dict) and nested:
            data = data[nested]
        for item in data if isinstance(data, list) else [data]:
            missing = [key for key in keys if key not in item]
            assert not missing, f"docs/reference.md lists {missing} for {name}: not in net {args}"
        assert data, f"net {' '.join(args)} printed nothing to check {name} against"


def test_net_help_points_to_the_reference(net) -> None:
    assert "docs/reference.md" in " ".join(net("--help").stdout.split())


def test_no_user_facing_file_points_outside_the_project() -> None:
    files = [*PAGES, ROOT / "CHANGELOG.md", *(ROOT / "src").rglob("*.py")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text and "shared/spec" not in text, path.relative_to(ROOT)
