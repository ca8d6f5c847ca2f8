"""Time the group views on a 40-member chapter with two years of data (issue 17: ≤ 0.5 s).

    python benchmarks/group_bench.py [WORKDIR] [--runs N]

Builds WORKDIR/group.db once (the demo network, then a chapter of 40 members with 104 weekly
meetings, ~4,000 slips with their history, thanks and one-to-ones), then times whole `net`
processes: group report, scorecard, gaps, members, slips, and `net due` (which reads the
slips too), each the median of N runs, beside `python -c pass`.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

TARGET_SECONDS = 0.5
TODAY = date(2026, 11, 27)


def build(path: Path) -> None:
    env = {**os.environ, "NET_DB": str(path), "NET_TODAY": TODAY.isoformat()}
    net = str(Path(sys.executable).with_name("net"))
    subprocess.run([net, "demo"], env=env, check=True, capture_output=True)
    os.environ["NET_TODAY"] = TODAY.isoformat()
    from netcli.services import groups
    from netcli.store import groups as rows
    from netcli.store.db import connect_read

    conn = connect_read(path)
    conn.execute("PRAGMA query_only = 0")
    conn.execute("BEGIN IMMEDIATE")
    rnd = random.Random(17)
    start = TODAY - timedelta(weeks=104)
    groups.init(conn, "Benchmark chapter", "coach", start)
    stamp = f"{start.isoformat()}T09:00:00+00:00"
    members = [1]
    for n in range(39):
        members.append(
            rows.insert_member(
                conn,
                name=f"Member {n:02d}",
                name_key=f"member {n:02d}",
                category=f"mestiere {n:02d}",
                category_key=f"mestiere {n:02d}",
                company=None,
                contact_id=None,
                role=None,
                admin=False,
                since=start,
                created_at=stamp,
            )
        )
    members[0] = rows.members(conn)[0]["id"]
    day = start
    while day <= TODAY:
        meeting = rows.insert_meeting(conn, day, stamp)
        rows.insert_attendance(
            conn, meeting, [(m, rnd.choice(("present",) * 9 + ("absent",)), None) for m in members]
        )
        for _ in range(40):
            a, b = rnd.sample(members, 2)
            on = day + timedelta(days=rnd.randrange(7))
            slip = rows.insert_slip(
                conn, from_id=a, to_id=b, text="lead", hot=3, prospect=None, on=on,
                created_at=stamp,
            )  # fmt: skip
            if rnd.random() < 0.4:
                rows.set_slip_status(conn, slip, "business", on, 150_000)
                rows.insert_slip_history(conn, slip, on, "business", 150_000, None)
                rows.insert_thanks(
                    conn, from_id=b, to_id=a, value_cents=150_000, on=on, slip_id=slip,
                    note=None, created_at=stamp,
                )  # fmt: skip
        for _ in range(15):
            a, b = rnd.sample(members, 2)
            rows.insert_one_to_one(conn, a, b, day, None, stamp)
        day += timedelta(weeks=1)
    conn.execute("COMMIT")
    conn.close()


def median_seconds(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU (user + system) seconds of a whole process. On a busy
    machine the wall clock waits for other processes; the CPU time does not."""
    walls, cpus = [], []
    for n in range(runs + 2):
        began = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} exited {child.returncode}")
        if n >= 2:  # two warm-ups
            walls.append(time.perf_counter() - began)
            cpus.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workdir", nargs="?", default="bench")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    store = work / "group.db"
    if not store.exists():
        build(store)
    env = {**os.environ, "NET_DB": str(store), "NET_TODAY": TODAY.isoformat()}
    net = str(Path(sys.executable).with_name("net"))
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "net group report": [net, "group", "report"],
        "net group report --since 2 years": [net, "group", "report", "--since", "2024-11-28"],
        "net group scorecard": [net, "group", "scorecard"],
        "net group gaps": [net, "group", "gaps"],
        "net group members": [net, "group", "members"],
        "net group slips --limit 50": [net, "group", "slips", "--limit", "50"],
        "net due": [net, "due"],
    }
    failed = False
    print(f"{'':<36} {'wall':>10} {'cpu':>10}")
    for label, argv in cases.items():
        wall, cpu = median_seconds(argv, env, args.runs)
        over = label.startswith("net group") and wall > TARGET_SECONDS
        failed |= over
        mark = "  OVER TARGET" if over else ""
        print(f"{label:<36} {wall * 1000:7.0f} ms {cpu * 1000:7.0f} ms{mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
