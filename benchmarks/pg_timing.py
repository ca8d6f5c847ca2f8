"""Issue 16's PostgreSQL figures: whole `net` processes on a server store against
`python -c pass`, paired run by run, beside the same commands on a SQLite copy; and the
round trips each command makes to the server (NET_PG_TRIPS=1 has net count them).

    python benchmarks/pg_timing.py URL [SQLITE_STORE] [--runs N]

URL is a PostgreSQL store holding the benchmark network, e.g. the 10k store moved with
`net --db COPY export --to json | net --db URL import -` (after `net --db URL db init`).
`net add` writes to both stores (one contact per run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import paired_ratios  # noqa: E402

# Issue 16: on a local server over a Unix socket, with the 10k store loaded.
TARGETS = {"net due": 30.0, "net add": 35.0}


def commands(net: str) -> dict[str, list[str]]:
    return {
        "net due": [net, "due"],
        "net add": [net, "add", "--force", "Benchmark Person"],
        "net show #500": [net, "show", "#500"],
        "net list": [net, "list"],
    }


def round_trips(argv: list[str], env: dict[str, str]) -> int:
    done = subprocess.run(argv, env=dict(env, NET_PG_TRIPS="1"), capture_output=True, text=True)
    line = [x for x in done.stderr.splitlines() if x.startswith("net: ")][-1]
    return int(line.split()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("sqlite", nargs="?", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    net = shutil.which("net", path=str(Path(sys.executable).parent)) or "net"
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PYTHONDONTWRITEBYTECODE")}
    cmds = commands(net)
    on_pg = paired_ratios(dict(cmds), args.runs, dict(base, NET_DB=args.url))
    on_lite = {}
    if args.sqlite is not None:
        on_lite = paired_ratios(dict(cmds), args.runs, dict(base, NET_DB=str(args.sqlite)))
    print(f"median ratio to python -c pass, {args.runs} paired runs")
    for name, ratio in on_pg.items():
        target = TARGETS.get(name)
        verdict = (
            f"  (target <= {target:g}x: {'ok' if ratio <= target else 'MISSED'})" if target else ""
        )
        trips = round_trips(cmds[name], dict(base, NET_DB=args.url))
        lite = f"  SQLite {on_lite[name]:5.1f}x" if name in on_lite else ""
        print(f"  {name:<16} PostgreSQL {ratio:5.1f}x{lite}  {trips:3d} round trips{verdict}")


if __name__ == "__main__":
    main()
