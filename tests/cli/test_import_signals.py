"""A 40,000-row import killed or interrupted half-way leaves the store exactly as before."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
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


# `net import` as a real process that stops half-way through its write transaction and says
# so: after it has inserted 1,000 rows, its next INSERT first prints IMPORTING and waits for
# the signal. The interrupt so always lands inside the transaction, however busy the machine
# (waiting for the write-ahead log to grow let a starved test see the import already
# finished). Only the driver is wrapped (sqlite3, or psycopg on a PostgreSQL store), not
# netcli: an import that committed early, or in batches, would leave rows behind and fail the
# test as before.
PAUSING_IMPORT = """
import os, signal, sqlite3, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with it ignored
class Pause:
    inserted, paused = 0, False
    @staticmethod
    def before(sql, rows):
        sql = sql.decode() if isinstance(sql, bytes) else str(sql)
        if sql.lstrip()[:6].upper() != "INSERT":
            return
        if Pause.inserted >= 1000 and not Pause.paused:
            Pause.paused = True
            sys.stderr.write("IMPORTING\\n"); sys.stderr.flush()
            time.sleep(600)
        Pause.inserted += rows
def pausing(cls):
    execute, executemany = cls.execute, cls.executemany
    def paused_execute(self, sql, *args, **kwargs):
        Pause.before(sql, 1)
        return execute(self, sql, *args, **kwargs)
    def paused_executemany(self, sql, rows, *args, **kwargs):
        rows = list(rows)
        Pause.before(sql, len(rows))
        return executemany(self, sql, rows, *args, **kwargs)
    return {"execute": paused_execute, "executemany": paused_executemany}
if os.environ["NET_DB"].startswith("postgres"):
    import psycopg
    for name, method in pausing(psycopg.Cursor).items():
        setattr(psycopg.Cursor, name, method)
else:
    Pausing = type("Pausing", (sqlite3.Connection,), pausing(sqlite3.Connection))
    connect = sqlite3.connect
    sqlite3.connect = lambda *a, **k: connect(*a, **{"factory": Pausing, **k})
from netcli.cli import main
main()
"""


def _interrupt_import(big_file: Path, sig: int) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSING_IMPORT, "import", str(big_file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        assert proc.stderr.readline() == "IMPORTING\n", "the import never reached 1,000 rows"
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_import_leaves_store_as_before(net, env: Path, big_file: Path, sig):
    net("add", "Maria Rossi", "--email", "maria@x.it", "--every", "1m")
    net("add", "Luca Verdi")
    before = _export(net)
    result = _interrupt_import(big_file, sig)
    if sig == signal.SIGINT:
        assert result.returncode == 130
        assert result.stderr.strip().splitlines()[-1] == "error: interrupted; nothing was changed"
    else:
        assert result.returncode == -signal.SIGKILL
    if not os.environ["NET_DB"].startswith("postgres"):
        conn = sqlite3.connect(env)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    assert _export(net) == before
