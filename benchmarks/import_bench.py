"""Time `net import` of a 40,000-row LinkedIn file as a whole process, with peak memory.

    python benchmarks/import_bench.py [ROWS]

Target (issue 5): ≤ 10 s and ≤ 150 MiB peak RSS on this machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from make_linkedin import write_linkedin  # noqa: E402


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 40_000
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "Connections.csv")
        write_linkedin(source, rows)
        env = {**os.environ, "NET_DB": os.path.join(folder, "net.db")}
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "netcli", "import", source],
            env=env,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if result.returncode:
            sys.exit(result.stderr)
        print(result.stdout.splitlines()[0])
        print(f"import of {rows:,} LinkedIn rows: {elapsed:.2f} s, peak RSS {peak:.0f} MiB")
        started = time.perf_counter()
        again = subprocess.run(
            [sys.executable, "-m", "netcli", "import", source],
            env=env,
            capture_output=True,
            text=True,
        )
        print(f"re-import (all unchanged): {time.perf_counter() - started:.2f} s")
        print(again.stdout.splitlines()[0])


if __name__ == "__main__":
    main()
