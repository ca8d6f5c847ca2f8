"""A wrong store path never pretends (spec §2): reads on a path with no store fail with exit 4
and create nothing; writes create the store and say where."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

READS = [
    ["list"],
    ["list", "-q"],
    ["due"],
    ["due", "--json"],
    ["digest"],
    ["show", "me"],
    ["find", "anna"],
    ["balance"],
    ["export"],
    ["export", "--to", "csv"],
    ["intros"],
    ["asks"],
    ["gives"],
    ["dupes"],
    ["match"],
    ["report"],
    ["who", "avvocato"],
    ["path", "anna"],
    ["config"],
    ["config", "currency"],
    ["db", "check"],
    ["backup"],
]


def no_store_line(path: Path) -> str:
    return f"error: no store at {path} (net add creates one; check --db / NET_DB)\n"


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_a_read_on_a_missing_store_is_exit_4_and_creates_nothing(
    net: Any, tmp_path: Path, args: list[str]
) -> None:
    missing = tmp_path / "typo" / "net.db"
    result = net("--db", str(missing), *args, code=4)
    assert result.stdout == ""
    assert result.stderr == no_store_line(missing)
    assert not missing.parent.exists()


def test_net_db_mistyped_in_cron_fails_loudly(net_proc: Any, tmp_path: Path) -> None:
    """The fast path (`due`, `list` without Typer) refuses too, as a real process."""
    missing = tmp_path / "typo" / "net.db"
    for args in (["due"], ["due", "-q"], ["list", "--format", "tsv"], ["digest"]):
        result = net_proc(*args, extra_env={"NET_DB": str(missing)})
        assert (result.returncode, result.stdout) == (4, ""), args
        assert result.stderr == no_store_line(missing)
    assert not missing.parent.exists()


def test_an_empty_file_is_no_store_for_a_read(net: Any, env: Path) -> None:
    env.touch()
    assert net("list", code=4).stderr == no_store_line(env)
    assert env.stat().st_size == 0


def test_a_dangling_symlink_is_no_store_for_a_read(net: Any, env: Path, tmp_path: Path) -> None:
    env.symlink_to(tmp_path / "elsewhere" / "net.db")
    assert net("due", code=4).stderr == no_store_line(env)
    assert not (tmp_path / "elsewhere").exists()


def test_db_path_prints_the_path_and_creates_nothing(net: Any, tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "net.db"
    assert net("--db", str(missing), "db", "path").stdout == f"{missing}\n"
    assert not missing.parent.exists()


def test_the_first_write_creates_the_store_and_says_where(net: Any, env: Path) -> None:
    first = net("config", "currency", "usd")
    assert first.stderr == f"Created a new store at {env}\n"
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    second = net("add", "Anna Blu")
    assert second.stderr == ""
    assert net("config", "currency").stdout == "USD\n"


def test_add_as_a_real_process_creates_the_store_and_says_where(
    net_proc: Any, tmp_path: Path
) -> None:
    store = tmp_path / "new" / "net.db"
    result = net_proc("--db", str(store), "add", "Anna Blu")
    assert result.returncode == 0
    assert result.stdout == "Added #2 Anna Blu\n"
    assert result.stderr == f"Created a new store at {store}\n"
    assert net_proc("--db", str(store), "list", "--format", "tsv").stdout.count("\n") == 2


def test_completion_on_an_empty_file_offers_nothing_and_writes_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    words = f"net --db {empty} show a"
    environ = {**os.environ, "_NET_COMPLETE": "complete_bash", "COMP_WORDS": words}
    result = subprocess.run(
        [sys.executable, "-m", "netcli"],
        capture_output=True,
        text=True,
        env=environ | {"COMP_CWORD": "4"},
    )
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "", "")
    assert empty.stat().st_size == 0
    assert [p.name for p in tmp_path.iterdir()] == ["empty.db"]


def test_demo_hint_repeats_the_db_option(net: Any, tmp_path: Path) -> None:
    demo = tmp_path / "my demo.db"
    result = net("--db", str(demo), "demo")
    assert result.stderr.splitlines()[0] == f"Created a new store at {demo}"
    hint = result.stderr.splitlines()[-1]
    assert hint.startswith(f"Next: net --db '{demo}' due, net --db '{demo}' show Giulia")
    plain = net("demo", code=0).stderr.splitlines()[-1]
    assert plain.startswith("Next: net due, net show Giulia")


def test_nothing_is_created_by_reads_under_the_default_store(
    net_proc: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No --db, no NET_DB: the default data folder is not made by a read either."""
    monkeypatch.delenv("NET_DB")
    result = net_proc("due")
    assert result.returncode == 4 and result.stderr.startswith("error: no store at ")
    home = tmp_path / "home"
    assert not home.exists() or not any(os.scandir(home))
