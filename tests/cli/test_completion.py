"""Shell completion of contact names answers from the plain-SQL read path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = (
    "import sys, atexit\n"
    "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sys.modules) + '\\n'))\n"
    "from netcli.cli import main\n"
    "main()\n"
)


def complete(words: str, env: Path | None = None) -> tuple[list[str], set[str]]:
    environ = {
        **os.environ,
        "_NET_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=environ
    )
    modules = next(li for li in result.stderr.splitlines() if li.startswith("MODULES "))
    return [n for n in result.stdout.splitlines() if n], {
        m.split(".")[0] for m in modules.split()[1:]
    }


def test_completes_names_by_prefix_and_word_ignoring_accents(net):
    net("add", "Nicolò Bianchi")
    net("add", "Nina Rossi")
    net("add", "Bianca Neri")
    net("add", "Archived Person")
    net("archive", "Archived")
    names, modules = complete("net show ni")
    assert names == ["nicolò\\ Bianchi", "nina\\ Rossi"]  # the typed prefix is kept
    assert not modules & {"sqlalchemy", "sqlmodel", "pydantic"}
    names, _ = complete("net show NICO")
    assert names == ["NICOlò\\ Bianchi"]
    names, _ = complete("net show bian")
    assert names == ["bianca\\ Neri", "bianchi"]  # a name, then a word of another name


def test_completion_never_creates_a_store(env: Path, tmp_path: Path):
    names, _ = complete(f"net --db {tmp_path / 'none.db'} show a")
    assert names == []
    assert not (tmp_path / "none.db").exists()
