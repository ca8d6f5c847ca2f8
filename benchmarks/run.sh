#!/bin/sh
# Time `net due`, `net list`, `net show`, `net --help` and `python -c pass` as whole processes
# on the 10k store and on a 10x store, and print each as a ratio to `python -c pass`; then
# `net dupes` and "did you mean" (benchmarks/dupes_bench.py).
#
#   benchmarks/run.sh [WORKDIR]     (default: ./bench; stores are built once and reused)
#
# Needs the project installed (the venv's python and net). hyperfine is used when installed
# (Debian: apt-get install -y hyperfine); otherwise benchmarks/timing.py times runs itself.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=${1:-bench}
python=${PYTHON:-$here/../.venv/bin/python}
[ -x "$python" ] || python=python3
mkdir -p "$work"
# Fresh bytecode: with PYTHONDONTWRITEBYTECODE set, an edited module would be compiled again
# on every run and the timings would measure the compiler.
"$python" -m compileall -q "$here/../src/netcli"
# Fixed today, so the due queue is the same on every run of the benchmark.
NET_TODAY=${NET_TODAY:-2026-11-27}
export NET_TODAY
[ -f "$work/store-1x.db" ] || "$python" "$here/make_store.py" "$work/store-1x.db"
[ -f "$work/store-10x.db" ] || "$python" "$here/make_store.py" "$work/store-10x.db" --scale 10
rm -f "$work/results.json"
"$python" "$here/timing.py" "$work/store-1x.db" --label 1x --json "$work/results.json"
# The issues' targets are for the 10k store; the 10x one shows how each command grows.
"$python" "$here/timing.py" "$work/store-10x.db" --label 10x --json "$work/results.json" \
    --no-targets
"$python" - "$work/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for name in ("net due", "net due --limit 20", "net list", "net show"):
    grow = r["10x"]["medians_s"][name] / r["1x"]["medians_s"][name]
    note = "  (target <= 1.5x)" if name == "net due" else ""
    print(f"10x store / 1x store, {name:<20} {grow:4.2f}x{note}")
PY
# `net dupes` and "did you mean", on copies of both stores with phones, LinkedIn URLs and
# duplicates planted (the stores themselves are not changed).
"$python" "$here/dupes_bench.py" "$work/store-1x.db" --label 1x --target-s 1 \
    --json "$work/dupes.json"
"$python" "$here/dupes_bench.py" "$work/store-10x.db" --label 10x --runs 3 --target-s 10 \
    --json "$work/dupes.json"
