"""A 40,000-row import killed or interrupted half-way leaves the store exactly as before."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "Connections.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "make_linkedin.py"), str(path), "40000"],
        check=True,
    )
    return path


def _export(net) -> dict:
    doc = json.loads(net("export").stdout)
    doc.pop("exported_at")
    return doc


def _interrupt_import(big_file: Path, store: Path, sig: int) -> subprocess.CompletedProcess[str]:
    wal = Path(f"{store}-wal")
    assert not wal.exists() or wal.stat().st_size < 1_000_000  # so growth means this import
    proc = subprocess.Popen(
        [sys.executable, "-m", "netcli", "import", str(big_file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )  # fmt: skip
    # Rows are flowing once the write-ahead log grows (the transaction spills pages into it):
    # interrupt then, well before the commit, however fast the machine is.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 1_000_000:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the import finished before it could be interrupted"
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_import_leaves_store_as_before(net, env: Path, big_file: Path, sig):
    net("add", "Maria Rossi", "--email", "maria@x.it", "--every", "1m")
    net("add", "Luca Verdi")
    before = _export(net)
    result = _interrupt_import(big_file, env, sig)
    if sig == signal.SIGINT:
        assert result.returncode == 130
        assert result.stderr.strip().splitlines()[-1] == "error: interrupted; nothing was changed"
    else:
        assert result.returncode == -signal.SIGKILL
    conn = sqlite3.connect(env)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert _export(net) == before
