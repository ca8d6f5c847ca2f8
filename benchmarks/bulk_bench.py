"""Time the bulk writes of issue 20 as whole processes, with peak memory and growth at 10x.

    python benchmarks/bulk_bench.py [WORKDIR] [--scales 1,10] [--only restore,merge,…]

- restore: `net export --to json` of benchmarks/make_store.py's store (10,000 contacts,
  100,000 interactions, 20,000 gives, 5,000 intros, 5,000 asks at scale 1), then
  `net import -` of that file on standard input into a new store. Targets: 10k <= 5 s,
  100k <= 60 s, <= 300 MiB peak.
- refresh: one contact's derived-column refresh (services.touch.refresh_contacts, what every
  write runs) on a store with 200,000 gives and 50,000 intros involving me, in process,
  median of 200. Target <= 2 ms whatever the number of records involving me.
- merge: `net merge` of two contacts with 2,000 interactions, 1,000 gives and 500 intros
  each (x scale).
- linkedin: `net import` of a 4,000 and a 40,000-row LinkedIn file.

Each line gives wall time, CPU time (user + sys of the process) and peak RSS; on a shared
machine the CPU time is the steadier figure. Growth is the 10x time over the 1x time
(target <= 12x). Stores are built once in WORKDIR (default ./bench) and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = os.environ.setdefault("NET_TODAY", "2026-11-27")


def run(args: list[str], db: Path, stdin: Path | None = None) -> tuple[float, float, float]:
    """(wall s, cpu s, peak MiB) of one `net` process (its own rusage, through wait4)."""
    started = time.perf_counter()
    with open(stdin or os.devnull, "rb") as feed:
        proc = subprocess.Popen(
            [sys.executable, "-m", "netcli", "--db", str(db), *args],
            stdin=feed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode:
        sys.exit(f"net {' '.join(args)} failed: {err.decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def line(name: str, wall: float, cpu: float, peak: float | None = None) -> None:
    mem = f", peak RSS {peak:.0f} MiB" if peak is not None else ""
    print(f"{name:<44} wall {wall:7.2f} s  cpu {cpu:7.2f} s{mem}", flush=True)


def restore(work: Path, scale: int) -> float:
    store = work / f"store-{scale}x.db"
    if not store.exists():
        extra = ["--scale", str(scale)] if scale != 1 else []
        subprocess.run(
            [sys.executable, str(HERE / "make_store.py"), str(store), *extra], check=True
        )
    export = work / f"store-{scale}x.json"
    if not export.exists():
        run(["export", "--to", "json", "-o", str(export)], store)
    target = work / f"restored-{scale}x.db"
    for old in work.glob(f"restored-{scale}x.db*"):
        old.unlink()
    wall, cpu, peak = run(["import", "-"], target, stdin=export)  # as `net export | net import -`
    line(f"restore {scale}x ({export.stat().st_size / 2**20:.0f} MiB JSON)", wall, cpu, peak)
    return cpu


def refresh_store(path: Path, gives: int, intros: int) -> None:
    from netcli.store.db import write_connection

    with write_connection(path) as conn:
        stamp = "2026-01-01T09:00:00+00:00"
        conn.executemany(
            "INSERT INTO contact (name, search_key, trust, is_me, archived, created_at, "
            "updated_at, every) VALUES (?, ?, 3, 0, 0, ?, ?, '1m')",
            [(f"Persona {i}", f"persona {i}", stamp, stamp) for i in range(2000)],
        )
        me = conn.execute("SELECT id FROM contact WHERE is_me = 1").fetchone()[0]
        ids = [r[0] for r in conn.execute("SELECT id FROM contact WHERE is_me = 0")]
        conn.executemany(
            "INSERT INTO give (giver_id, receiver_id, text, kind, date, created_at) "
            "VALUES (?, ?, 'a lead', 'referral', ?, ?)",
            ((ids[k % len(ids)], me, f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}", stamp)
             for k in range(gives)),
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO intro (by_id, a_id, b_id, date, status, created_at) "
            "VALUES (?, ?, ?, '2025-06-01', 'met', ?)",
            ((me, ids[k % len(ids)], ids[(k + 1) % len(ids)], stamp) for k in range(intros)),
        )


def refresh(work: Path, scale: int) -> float:
    from netcli.services.touch import refresh_contacts
    from netcli.store.db import write_connection

    gives, intros = 200_000 * scale // 10, 50_000 * scale // 10
    path = work / f"refresh-{scale}x.db"
    if not path.exists():
        refresh_store(path, gives, intros)
    timings = []
    with write_connection(path) as conn:
        for k in range(200):
            started = time.perf_counter()
            refresh_contacts(conn, [2 + k])
            timings.append(time.perf_counter() - started)
        conn.execute("ROLLBACK")
        conn.execute("BEGIN")
    median = statistics.median(timings)
    print(
        f"{f'one refresh, {gives:,} gives + {intros:,} intros with me':<44} "
        f"median {median * 1000:6.2f} ms (target <= 2 ms)",
        flush=True,
    )
    return median


def merge(work: Path, scale: int) -> float:
    from netcli.store.db import write_connection

    path = work / f"merge-{scale}x.db"
    for old in work.glob(f"merge-{scale}x.db*"):
        old.unlink()
    per = {"interactions": 2000 * scale, "gives": 1000 * scale, "intros": 500 * scale}
    with write_connection(path) as conn:
        stamp = "2026-01-01T09:00:00+00:00"
        conn.executemany(
            "INSERT INTO contact (name, search_key, trust, is_me, archived, created_at, "
            "updated_at) VALUES (?, ?, 3, 0, 0, ?, ?)",
            [(f"Persona {i}", f"persona {i}", stamp, stamp) for i in range(1000)],
        )
        me = conn.execute("SELECT id FROM contact WHERE is_me = 1").fetchone()[0]
        ids = [r[0] for r in conn.execute("SELECT id FROM contact WHERE is_me = 0")]
        twins = ids[:2]
        for who in twins:
            base = conn.execute("SELECT coalesce(max(id), 0) FROM interaction").fetchone()[0]
            conn.executemany(
                "INSERT INTO interaction (id, kind, date, created_at) VALUES (?, 'call', ?, ?)",
                [(base + 1 + k, f"2025-{1 + k % 12:02d}-01", stamp)
                 for k in range(per["interactions"])],
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO interaction_contact VALUES (?, ?)",
                [(base + 1 + k, who) for k in range(per["interactions"])],
            )
            conn.executemany(
                "INSERT INTO give (giver_id, receiver_id, text, kind, date, created_at) "
                "VALUES (?, ?, 'x', 'referral', '2025-05-05', ?)",
                [((who, me) if k % 2 else (me, who)) + (stamp,) for k in range(per["gives"])],
            )
            conn.executemany(
                "INSERT INTO intro (by_id, a_id, b_id, date, status, created_at) "
                "VALUES (?, ?, ?, '2025-06-01', 'met', ?)",
                [(me, who, ids[2 + k % 900], stamp) for k in range(per["intros"])],
            )
        conn.execute("ANALYZE")
    wall, cpu, _ = run(["merge", "persona 0", "persona 1", "--yes"], path)
    line(
        f"net merge, 2 x {per['interactions'] + per['gives'] + per['intros']:,} records", wall, cpu
    )
    return cpu


def linkedin(work: Path, scale: int) -> float:
    rows = 4000 * scale
    source = work / f"linkedin-{rows}.csv"
    if not source.exists():
        subprocess.run(
            [sys.executable, str(HERE / "make_linkedin.py"), str(source), str(rows)], check=True
        )
    target = work / f"linkedin-{rows}.db"
    for old in work.glob(f"linkedin-{rows}.db*"):
        old.unlink()
    wall, cpu, peak = run(["import", str(source)], target)
    line(f"LinkedIn import, {rows:,} rows", wall, cpu, peak)
    return cpu


BENCHES = {"restore": restore, "refresh": refresh, "merge": merge, "linkedin": linkedin}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("work", nargs="?", default="bench", type=Path)
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--only", default=",".join(BENCHES))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    scales = [int(s) for s in args.scales.split(",")]
    results: dict[str, dict[int, float]] = {}
    for name in args.only.split(","):
        for scale in scales:
            results.setdefault(name, {})[scale] = BENCHES[name](args.work, scale)
    for name, by_scale in results.items():
        if 1 in by_scale and 10 in by_scale:
            growth = by_scale[10] / by_scale[1]
            print(f"growth at 10x, {name:<30} {growth:5.1f}x (target <= 12x)")
    (args.work / "bulk_results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent / "src"))
    main()
