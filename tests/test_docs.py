"""Docs that cannot drift: every command has help text and appears in docs/ and the README."""

from __future__ import annotations

import re
from pathlib import Path

from typer.main import get_command

from netcli.cli.root import LAZY, app

ROOT = Path(__file__).parent.parent
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))


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


def test_readme_starts_with_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    assert blocks[0].startswith("pip install . && net --db demo.db demo")
    assert blocks[1] == "pip install -e '.[test]' && pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && pytest" in ci
