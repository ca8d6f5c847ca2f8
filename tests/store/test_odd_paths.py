"""Store paths with URL syntax, spaces and accents are just file names (issue 12.9): every
write lands in that file, never in a neighbour such as `net.db` for `net%2Edb`."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

ODD_NAMES = [
    "net%2Edb",
    "net.db?mode=ro",
    "net#frag.db",
    "my store.db",
    "rete di Nicolò è.db",
    "%41 ?x=1 #y è.db",
]

WRITES = [
    ["add", "Anna Blu", "--email", "anna@example.it", "--tag", "bni"],
    ["add", "Bruno Verdi", "--company", "Verdi srl"],
    ["add", "Carla Neri"],
    ["edit", "anna", "--every", "1m"],
    ["link", "anna", "bruno", "--strength", "4"],
    ["unlink", "anna", "bruno"],
    ["intro", "anna", "bruno", "-m", "both in Milan"],
    ["outcome", "1", "met"],
    ["ask", "anna", "a notary"],
    ["resolve", "1", "-m", "found one"],
    ["give", "bruno", "a client", "--value", "1.200"],
    ["got", "anna", "advice", "--kind", "advice"],
    ["log", "anna", "bruno", "-m", "coffee"],
    ["remind", "carla", "tomorrow", "-m", "call"],
    ["snooze", "carla", "2w"],
    ["done", "anna"],
    ["archive", "carla"],
    ["unarchive", "Carla Neri"],
    ["config", "currency", "usd"],
    ["import", "-", "--from", "csv"],
    ["merge", "bruno", "dario", "--yes"],
    ["rm", "carla", "--yes"],
]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_every_write_lands_in_the_named_file(net: Any, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "cartella %2E ? # è"
    store = folder / name
    for args in WRITES:
        stdin = "name,email\nDario Gialli,dario@example.it\n" if args[0] == "import" else None
        net("--db", str(store), *args, input=stdin)
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        name
    ]
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    doc = json.loads(net("--db", str(store), "export").stdout)
    assert sorted(c["name"] for c in doc["contacts"]) == ["Anna Blu", "Bruno Verdi", "Me"]
    assert doc["config"]["currency"] == "USD"
    assert len(doc["intros"]) == 1 and len(doc["asks"]) == 1 and len(doc["gives"]) == 2
    # a store built by the ORM path is a normal store: the next command reads it
    assert net("--db", str(store), "db", "check").stdout == "ok\n"
    assert not (tmp_path / "net.db").exists() and not Path(os.getcwd(), name).exists()


def test_demo_fills_a_store_with_url_syntax_in_its_name(net: Any, tmp_path: Path) -> None:
    store = tmp_path / "demo%2Edb ?x #y è.db"
    net("--db", str(store), "demo")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        store.name
    ]
    assert len(net.json("--db", str(store), "list")) > 30


def test_a_store_named_memory_is_a_file_not_a_database_in_memory(
    net: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sqlite3 reads `:memory:` as a database that vanishes at exit: `net add` said "Added" and
    the contact was gone, with an empty file of that name left behind."""
    monkeypatch.chdir(tmp_path)
    net("--db", ":memory:", "add", "Anna Blu")
    assert [c["name"] for c in net.json("--db", ":memory:", "list")] == ["Anna Blu"]
    assert (tmp_path / ":memory:").stat().st_size > 0
    dest = tmp_path / "copies"
    dest.mkdir()
    monkeypatch.chdir(dest)
    net("--db", str(tmp_path / ":memory:"), "backup", ":memory:")
    assert (dest / ":memory:").stat().st_size > 0
