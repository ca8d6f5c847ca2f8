"""Time `net who/match/path/report/prep` as whole processes, with their peak memory.

    python benchmarks/insights_bench.py STORE [--net PATH] [--runs N] [--json OUT]

Each command runs N times (default 3) against STORE, read only (copy a benchmark store first:
a newer `net` migrates it); the median wall time and the highest peak RSS (os.wait4) are
printed with the median CPU time (user + system: what a quiet machine's wall time comes to),
and checked against issue 15's targets (1 s, 150 MiB). `--net` picks the program, so
the same script measures an older checkout (before) and this one (after). docs/performance.md
has the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 1.0
TARGET_MIB = 150


def commands(store: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        ask = conn.execute("SELECT min(id) FROM ask WHERE status = 'open'").fetchone()[0]
        person = conn.execute(
            "SELECT min(contact_id) FROM ask WHERE status = 'open' AND contact_id > 1"
        ).fetchone()[0]
    finally:
        conn.close()
    far = far_contact(store)
    svg = str(Path(tempfile.gettempdir()) / "insights_bench_report.svg")
    return {
        "net who commercialista": ["who", "commercialista"],
        "net who --needs commercialista": ["who", "--needs", "commercialista"],
        "net match": ["match"],
        f"net match {ask}": ["match", str(ask)],
        "net path #500": ["path", "#500"],
        f"net path {far} (far)": ["path", str(far)],
        f"net path {far} --max-hops 8": ["path", str(far), "--max-hops", "8"],
        "net report": ["report"],
        "net report --since (a month)": ["report", "--since", "2026-10-28"],
        "net report --json": ["report", "--json"],
        "net report --svg FILE": ["report", "--svg", svg],
        "net referrals --open": ["referrals", "--open"],
        "net referrals --open --json": ["referrals", "--open", "--json"],
        f"net prep {person}": ["prep", str(person)],
    }


def far_contact(store: Path) -> int:
    """The first contact (by id) whose best chain from me has the most hops, among the first
    200 strangers (trust 0) that someone else introduced: a `net path` that reads the most
    levels. Chosen with this checkout's own search, on a read-only connection."""
    from netcli.services.graph import best_paths, load_graph_towards

    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        me = conn.execute("SELECT id FROM contact WHERE is_me").fetchone()[0]
        strangers = conn.execute(
            "SELECT c.id FROM contact c WHERE c.trust = 0 AND NOT c.archived AND EXISTS "
            "(SELECT 1 FROM intro i WHERE (i.a_id = c.id OR i.b_id = c.id) AND i.by_id <> ?) "
            "ORDER BY c.id LIMIT 200",
            (me,),
        ).fetchall()
        best, hops = strangers[0][0], 0
        for (contact,) in strangers:
            found = best_paths(load_graph_towards(conn, me, contact, 4), me, contact)
            if found and found[0].hops > hops:
                best, hops = contact, found[0].hops
        return int(best)
    finally:
        conn.close()


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, float]:
    """Wall seconds, peak MiB, exit code and CPU seconds (user + system) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--net", default=str(Path(sys.executable).with_name("net")))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", action="append", default=[], help="Commands containing this.")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    env = {**os.environ, "NET_TODAY": os.environ.get("NET_TODAY", "2026-11-28")}
    results = {}
    for name, cmd in commands(args.store).items():
        if args.only and not any(o in name for o in args.only):
            continue
        runs = [run_once([args.net, "--db", str(args.store), *cmd], env) for _ in range(args.runs)]
        seconds = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[3] for r in runs)
        mib = max(r[1] for r in runs)
        cpu = statistics.median(r[3] for r in runs)
        ok = seconds <= TARGET_SECONDS and mib <= TARGET_MIB
        results[name] = {
            "seconds": round(seconds, 3),
            "cpu_seconds": round(cpu, 3),
            "peak_mib": round(mib, 1),
            "exit": runs[0][2],
        }
        print(f"{name:36} {seconds:7.2f} s {cpu:6.2f} s CPU {mib:7.1f} MiB  exit {runs[0][2]}  "
              f"{'ok' if ok else 'OVER'}", flush=True)  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
