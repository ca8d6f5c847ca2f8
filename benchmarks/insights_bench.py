"""Time `net who/match/path/report/prep` as whole processes, with their peak memory.

    python benchmarks/insights_bench.py STORE [--net PATH] [--runs N] [--json OUT]

Each command runs N times (default 3) against STORE, read only (copy a benchmark store first:
a newer `net` migrates it); the median wall time, the median CPU time (user + system) and the
highest peak RSS (os.wait4) are printed, and checked against issue 15's targets (1 s, 150 MiB).
`--net` picks the program, so the same script measures an older checkout (before) and this one
(after). docs/performance.md has the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
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
    return {
        "net who commercialista": ["who", "commercialista"],
        "net who --needs commercialista": ["who", "--needs", "commercialista"],
        "net match": ["match"],
        f"net match {ask}": ["match", str(ask)],
        "net path #500": ["path", "#500"],
        "net report": ["report"],
        f"net prep {person}": ["prep", str(person)],
    }


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, float]:
    """(wall seconds, peak MiB, exit code, CPU seconds: user + system) of one process."""
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
        mib = max(r[1] for r in runs)
        cpu = statistics.median(r[3] for r in runs)
        ok = seconds <= TARGET_SECONDS and mib <= TARGET_MIB
        results[name] = {
            "seconds": round(seconds, 3),
            "cpu_seconds": round(cpu, 3),
            "peak_mib": round(mib, 1),
            "exit": runs[0][2],
        }
        print(f"{name:34} {seconds:7.2f} s {cpu:7.2f} s cpu {mib:7.1f} MiB  exit {runs[0][2]}  "
              f"{'ok' if ok else 'OVER'}", flush=True)  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
