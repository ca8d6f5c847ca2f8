"""The Typer-free fast path for `net due`, `net list`, `net find` and `net match`
(cli/fast.py).

It must never change what the user sees: both parsers are built from one option table
(cli/spec.py), and on every line the fast path takes, it prints the same bytes and exits with
the same code as the Typer path.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from netcli.cli import fast, spec


def typer_command(name: str) -> Any:
    from typer.main import get_command_from_info

    from netcli.cli.root import LAZY

    return get_command_from_info(LAZY[name], pretty_exceptions_short=True, rich_markup_mode=None)


@pytest.mark.parametrize("name", sorted(spec.COMMANDS))
def test_typer_command_has_the_spec_options(name: str):
    """Every option of the Typer command, its kind, range, choices and default, is the one
    cli/spec.py declares, in the same order (the order --help shows)."""
    from typer._click import types

    params = typer_command(name).params
    arguments = spec.ARGUMENTS.get(name, ())
    assert [p.name for p in params[: len(arguments)]] == [a.param for a in arguments]
    for param, arg in zip(params, arguments, strict=False):
        assert param.param_type_name == "argument" and param.required == arg.required, arg
        assert isinstance(param.type, types.StringParamType), arg
        assert param.help == arg.help and param.metavar == arg.metavar, arg
        assert arg.required or param.default is None, arg
    params = params[len(arguments) :]
    assert [p.name for p in params] == [opt.param for opt in spec.COMMANDS[name]]
    for param, opt in zip(params, spec.COMMANDS[name], strict=True):
        assert tuple(param.opts) == opt.names and not param.secondary_opts, opt
        assert param.help == opt.help and param.metavar == opt.metavar, opt
        if param.is_flag:
            assert opt.kind == spec.FLAG, opt
        elif param.multiple:
            assert opt.kind == spec.MANY, opt
        elif isinstance(param.type, types.IntRange):
            assert opt.kind == (param.type.min, param.type.max), opt
        elif hasattr(param.type, "choices"):
            assert opt.kind == tuple(param.type.choices), opt
            assert param.type.case_sensitive == opt.case_sensitive, opt
        else:
            assert isinstance(param.type, types.StringParamType), opt
            assert opt.kind == spec.TEXT, opt
        default = param.default.value if hasattr(param.default, "value") else param.default
        assert default == opt.default, opt


def test_spec_choices_are_the_enums_other_commands_use():
    from netcli.cli._options import Sort
    from netcli.output import Format

    assert spec.FORMATS == tuple(Format) and spec.SORTS == tuple(Sort)


def test_a_new_spec_option_reaches_both_parsers(monkeypatch: pytest.MonkeyPatch):
    """Declared once: an option added to the table is parsed by the fast path and by Typer."""
    from netcli.cli._options import from_spec

    extra = spec.Opt(("--city",), "city", spec.TEXT, "Only this city.", metavar="TEXT")
    monkeypatch.setitem(spec.COMMANDS, "list", (*spec.COMMANDS["list"], extra))
    assert fast.parse(["list", "--city", "Roma"]) == (
        None,
        "list",
        {**spec.defaults("list"), "city": "Roma"},
    )
    import typer
    from typer.testing import CliRunner

    seen: dict[str, Any] = {}
    app = typer.Typer()
    app.command("list")(from_spec("list")(lambda **params: seen.update(params)))
    app.command("other")(lambda: None)
    result = CliRunner().invoke(app, ["list", "--city", "Roma", "--sort", "last"])
    assert result.exit_code == 0, result.output
    assert seen == {**spec.defaults("list"), "city": "Roma", "sort": "last"}


EVERYDAY = [
    (["due"], "due", {}),
    (["due", "--json"], "due", {"json": True}),
    (["due", "--days", "3", "--limit=5", "-q"], "due", {"days": 3, "limit": 5, "quiet": True}),
    (["due", "--on", "next monday", "--format", "csv"], "due", {"on": "next monday", "fmt": "csv"}),
    (["due", "--days", "1", "--days", "2"], "due", {"days": 2}),  # the last one wins
    (["list", "--format", "tsv"], "list", {"fmt": "tsv"}),
    (["list", "--tag", "bni", "--tag=vip", "--sort", "last"], "list",
     {"tag": ["bni", "vip"], "sort": "last"}),
    (["list", "--company", "", "--archived"], "list", {"company": "", "archived": True}),
    (["list", "--category=commercialista"], "list", {"category": "commercialista"}),
    (["find", "rossi"], "find", {"text": "rossi"}),
    (["find", "--json", "d'angelo"], "find", {"text": "d'angelo", "json": True}),
    (["find", "-q", "Nicolò", "--format=csv"], "find", {"text": "Nicolò", "quiet": True,
                                                        "fmt": "csv"}),
    (["find", ""], "find", {"text": ""}),
    (["match"], "match", {}),
    (["match", "4"], "match", {"ask_id": "4"}),
    (["match", "#4", "--json"], "match", {"ask_id": "#4", "json": True}),
    (["match", "--limit", "2", "x"], "match", {"ask_id": "x", "limit": 2}),  # ask_number says
    (["match", "--format=tsv", "--limit=1"], "match", {"fmt": "tsv", "limit": 1}),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "command", "changed"), EVERYDAY)
def test_everyday_lines_take_the_fast_path(argv: list[str], command: str, changed: dict[str, Any]):
    params = {**spec.defaults(command), **changed}
    assert fast.parse(argv) == (None, command, params)
    assert fast.parse(["--db", "x.db", *argv]) == ("x.db", command, params)
    assert fast.parse(["--db=a.db", *argv]) == ("a.db", command, params)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["--version"],
        ["--db"],
        ["--db", "--json", "due"],
        ["show", "1"],
        ["due", "--help"],
        ["due", "-h"],
        ["due", "extra"],
        ["due", "--"],
        ["due", "-"],
        ["due", "--days"],
        ["due", "--days", "-1"],
        ["due", "--days", "3651"],
        ["due", "--days", "+3"],
        ["due", "--days", " 3"],
        ["due", "--days", "1_0"],
        ["due", "--days", "٣"],
        ["due", "--limit", "0"],
        ["due", "--format", "JSON"],
        ["due", "--format", "xml"],
        ["due", "--json=yes"],
        ["due", "-qj"],
        ["due", "--jso"],
        ["due", "--on", "--json"],
        ["due", "--tag", "x"],
        ["list", "--sort", "Name"],
        ["list", "--db", "x.db"],
        ["list", "--days", "3"],
        ["find"],
        ["find", "a", "b"],
        ["find", "-x"],
        ["find", "--", "-x"],
        ["find", "-"],
        ["find", "--help"],
        ["find", "rossi", "--limit", "3"],
        ["match", "1", "2"],
        ["match", "-1"],
        ["match", "--", "1"],
        ["match", "--help"],
        ["match", "1", "-h"],
        ["match", "--limit", "0"],
        ["match", "--format", "ics"],
        ["match", "-q"],
        ["match", "--all"],
    ],
)
def test_everything_else_is_left_to_typer(argv: list[str]):
    assert fast.parse(argv) is None


def test_shell_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("_NET_COMPLETE", "bash_complete")
    assert fast.parse(["due"]) is None


def run_fast(argv: list[str]) -> tuple[int | None, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = fast.run_fast(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def demo_store(net: Any) -> None:
    net("demo")
    net("add", "Zoe Archived", "--tag", "bni", "--every", "1w")
    net("archive", "zoe")
    net("add", "=cmd() Formula", "--company", "-2 SpA", "--tag", "vip")


VALUES = {
    spec.TEXT: [
        "",
        "x",
        "tomorrow",
        "next monday",
        "2026-12-01",
        "2026-13-01",
        "domani",
        "1 dicembre 2026",
        "next week",
        "tra un mese",
        "1/12",
        "01-12-2026",
        "9999-12-25",
        "commercialista",
        "Avvocato",
        "Rossi",
        "à%_'\"$(x)",
        "\u202eRTL",
        "-2 SpA",
        "-3",
    ],
    spec.MANY: ["bni", "vip", "BNI", "nope", "", "à%_"],
}
NUMBERS = ["0", "1", "3", "7", "30", "3650", "3651", "-1", "+2", "x", "", "10000000000000000000000"]
CHOICES = [
    "json",
    "jsonl",
    "csv",
    "tsv",
    "table",
    "JSON",
    "Tsv",
    "name",
    "last",
    "due",
    "added",
    "Due",
    "xml",
]
# What `net find` is given: names, a word inside a name, accents, apostrophes, wildcards.
FIND_TEXTS = [
    "rossi", "Rossi", "ROSSÌ", "nicolo", "Nicolò", "d'angelo", "D’Angelo", "verdi", "studio",
    "a", "", "%", "_", "zzz", "bni", "commercialista", "=cmd", "2 spa",
]  # fmt: skip
# What `net match` is given: ask ids, good and bad (ask_number's error either way).
ASK_IDS = ["10", "#10", "11", "#12", "1", "9", "99999999", "x", "", "#", "a10", "٣", "1.0", "#-1"]
ARGUMENT_VALUES = {"text": FIND_TEXTS, "ask_id": ASK_IDS}
JUNK = ["--", "-", "extra", "-qj", "--jso", "--help", "--db", "--days", "--tag"]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """Mostly well-formed lines of due/list options, some values out of range, some junk."""
    command = draw(st.sampled_from(sorted(spec.COMMANDS)))
    known = spec.options(command)
    argv = [command]
    for arg in spec.ARGUMENTS.get(command, ()):
        if draw(st.integers(0, 9)):  # now and then missing: Typer's usage error, or None
            argv.append(draw(st.sampled_from(ARGUMENT_VALUES[arg.param])))
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.integers(0, 9)) == 0:
            argv.append(draw(st.sampled_from(JUNK)))
            continue
        opt = draw(st.sampled_from(sorted(known)))
        kind = known[opt].kind
        if kind == spec.FLAG:
            argv.append(opt)
            continue
        if kind in VALUES:
            value = draw(st.sampled_from(VALUES[kind]))
        elif isinstance(kind[0], int):
            value = draw(st.sampled_from(NUMBERS))
        else:
            value = draw(st.sampled_from([*kind, *CHOICES]))
        argv += [f"{opt}={value}"] if draw(st.booleans()) else [opt, value]
    return argv


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=command_lines())
@example(argv=["due", "--format", "ics"])
@example(argv=["find", "rossi", "--format", "csv"])
@example(argv=["match", "--limit", "1"])
@example(argv=["match", "#10", "--json"])
@example(argv=["match", "9"])
@example(argv=["match", "x"])
def test_fast_path_prints_what_typer_prints(demo_store: None, net: Any, argv: list[str]):
    code, out, err = run_fast(argv)
    event("fast path" if code is not None else "left to Typer")
    if code is None:
        return  # Typer's alone
    typer_run = net(*argv, code=None)
    # the raw bytes: the runner's .stdout turns CRLF into LF (an iCalendar is CRLF on both paths)
    typer_out = typer_run.stdout_bytes.decode()
    typer_err = typer_run.stderr_bytes.decode()
    assert (code, out, err) == (typer_run.exit_code, typer_out, typer_err)


def test_fast_path_is_taken_with_a_real_store(demo_store: None, net: Any):
    """Not only when parse() says so: the everyday lines really run and print."""
    for argv in (
        ["due", "--json"],
        ["list", "--format", "tsv"],
        ["list", "--tag", "bni"],
        ["find", "a"],
        ["find", "a", "--json"],
        ["match"],
        ["match", "--json"],
        ["match", "#10", "--format", "csv"],
        ["match", "11", "--limit", "1", "--format=tsv"],
    ):
        code, out, err = run_fast(argv)
        assert code == 0 and out and not err, argv
        assert out == net(*argv).stdout


@pytest.mark.parametrize(
    ("argv", "code", "stderr"),
    [
        (["match"], 0, "no candidates for open asks"),
        (["match", "--json"], 0, ""),
        (["match", "--format", "csv"], 0, ""),
        (["match", "1"], 3, "no ask #1"),
        (["match", "#x"], 3, "not an ask id"),
    ],
)
def test_match_prints_what_typer_prints_on_a_store_without_asks(
    net: Any, argv: list[str], code: int, stderr: str
):
    """An empty store: the same message (or an empty `[]` / header) and exit code both ways."""
    net("add", "Anna Blu", "--tag", "legal")
    fast_run = run_fast(argv)
    typer_run = net(*argv, code=None)
    assert fast_run == (typer_run.exit_code, typer_run.stdout, typer_run.stderr)
    assert fast_run[0] == code and stderr in fast_run[2]


def test_root_help_is_printed_without_typer_as_typer_prints_it(monkeypatch: pytest.MonkeyPatch):
    """`net --help` comes from cli/_help.py (regenerated with `python -m netcli.cli.reference
    --write`) when Click would draw it 78 columns wide; narrower terminals get Typer's."""
    import os
    import subprocess
    import sys

    from netcli.cli import _help, reference

    assert _help.ROOT_HELP == reference.root_help(), "run python -m netcli.cli.reference --write"
    monkeypatch.setenv("COLUMNS", "120")
    typer_code = "import sys; from netcli.cli.root import app; app(prog_name='net')"
    for argv in (["--help"], ["-h"]):
        typer_run = subprocess.run(  # not CliRunner: it forces Click's width to 80
            [sys.executable, "-c", typer_code, *argv],
            capture_output=True,
            text=True,
            env=dict(os.environ, COLUMNS="120"),
        )
        assert run_fast(argv) == (typer_run.returncode, typer_run.stdout, typer_run.stderr)
    monkeypatch.setenv("COLUMNS", "79")
    assert run_fast(["--help"])[0] is None
    assert run_fast(["--db", "x.db", "--help"])[0] is None
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("_NET_COMPLETE", "bash_complete")
    assert run_fast(["--help"])[0] is None
