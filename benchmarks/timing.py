"""Time whole `net` processes against `python -c pass` and print each median as a ratio.

    python benchmarks/timing.py STORE [--runs N] [--label NAME] [--json OUT]

The write commands change STORE: time a copy (cp /work/benchstores/store-1x.db /tmp/x.db).
Writes that cannot run twice on the same record (resolve, rm, merge, archive, unlink) get
fresh records made before the timing, one per run, and are timed by the small timer.

Uses hyperfine when it is on PATH (Debian: apt-get install hyperfine), else a small timer
of its own (median of --runs runs after 2 warm-ups). Also reports the peak memory (max RSS)
of `net due`. Run by benchmarks/run.sh.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Issue 4: due <= 12x, --help <= 8x; issue 7: list and completion as due (<= 12x), machine
# output in a pipe <= 8x, writes <= 45x; issue 6: path, who, match and a year's report
# <= 1 s (checked in seconds below).
TARGETS = {
    "net due": 12.0,
    "net list": 12.0,
    "net completion": 12.0,
    "net --help": 8.0,
    "net due --json": 8.0,
    "net list --format tsv": 8.0,
}
# Issue 13: every write command <= 12x.
WRITES = (
    "net add", "net edit", "net log", "net done", "net remind", "net snooze", "net intro",
    "net outcome", "net ask", "net resolve", "net give", "net got", "net link", "net unlink",
    "net archive", "net rm --yes", "net merge --yes", "net config KEY VALUE",
)  # fmt: skip
TARGETS.update(dict.fromkeys(WRITES, 12.0))
# issue 13: `net find` <= 0.3 s on the 100k store
SECONDS_TARGETS = {
    "net path": 1.0, "net who": 1.0, "net match": 1.0, "net report": 1.0, "net find": 0.3,
}  # fmt: skip
MEMORY_TARGET_MIB = 60


def commands(net: str) -> dict[str, list[str]]:
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "net --help": [net, "--help"],
        "net due": [net, "due"],
        "net due --limit 20": [net, "due", "--limit", "20"],
        "net due --json": [net, "due", "--json"],
        "net list": [net, "list"],
        "net list --format tsv": [net, "list", "--format", "tsv"],
        "net show": [net, "show", "2"],
        "net find": [net, "find", "rossi"],
        "net path": [net, "path", "#500"],
        "net who": [net, "who", "commercialista"],
        "net match": [net, "match"],
        "net report": [net, "report"],
        "net add": [net, "add", "--force", "Benchmark Person"],
        "net edit": [net, "edit", "#4", "--add-note", "benchmark"],
        "net log": [net, "log", "#3", "-m", "benchmark"],
        "net done": [net, "done", "#5"],
        "net remind": [net, "remind", "#6", "2030-01-01", "-m", "benchmark"],
        "net snooze": [net, "snooze", "#7", "2030-01-01"],
        "net intro": [net, "intro", "#8", "#9", "-m", "benchmark"],
        "net outcome": [net, "outcome", "1", "met"],
        "net ask": [net, "ask", "#10", "a benchmark"],
        "net give": [net, "give", "#11", "a benchmark", "--value", "100"],
        "net got": [net, "got", "#11", "a benchmark"],
        "net link": [net, "link", "#12", "#13", "--note", "benchmark"],
        "net config KEY VALUE": [net, "config", "due.ask_days", "14"],
    }


def one_off_writes(net: str, env: dict[str, str], runs: int) -> dict[str, list[list[str]]]:
    """Writes that change what they act on for good: a fresh record for each run."""

    def made(*args: str) -> int:
        out = subprocess.run([net, *args, "--json"], env=env, capture_output=True, check=True)
        return int(json.loads(out.stdout)["id"])

    cmds: dict[str, list[list[str]]] = {k: [] for k in (
        "net resolve", "net unlink", "net archive", "net rm --yes", "net merge --yes",
    )}  # fmt: skip
    for n in range(runs + 2):
        ask = made("ask", "#14", f"a benchmark need {n}")
        cmds["net resolve"].append([net, "resolve", str(ask)])
        a, b = 100 + 2 * n, 101 + 2 * n  # contacts of the synthetic store
        made("link", f"#{a}", f"#{b}")
        cmds["net unlink"].append([net, "unlink", f"#{a}", f"#{b}"])
        cmds["net archive"].append([net, "archive", f"#{200 + n}"])
        gone = made("add", "--force", f"Benchmark Removed {n}")
        cmds["net rm --yes"].append([net, "rm", f"#{gone}", "--yes"])
        keep = made("add", "--force", f"Benchmark Kept {n}", "--email", f"kept{n}@example.it")
        other = made("add", "--force", f"Benchmark Kept {n}", "--email", f"other{n}@example.it")
        cmds["net merge --yes"].append([net, "merge", f"#{keep}", f"#{other}", "--yes"])
    return cmds


# `net path` may exit 1 (no chain within the hop limit) on a synthetic store: still timed.


def with_hyperfine(cmds: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hf.json"
        args = [
            "hyperfine",
            "-N",
            "-i",
            "--warmup",
            "3",
            "--runs",
            str(runs),
            "--export-json",
            str(out),
            "--output",
            "pipe",  # stdout is a pipe, as in `net due --json | jq`
        ]
        for name, argv in cmds.items():
            args += ["--command-name", name, " ".join(_quote(a) for a in argv)]
        subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
        found = json.loads(out.read_text())["results"]
    return {r["command"]: r["median"] for r in found}


def _quote(arg: str) -> str:
    return arg if arg and all(c.isalnum() or c in "/._-=" for c in arg) else repr(arg)


def with_timer(
    cmds: dict[str, list[str] | list[list[str]]], runs: int, env: dict[str, str]
) -> dict[str, float]:
    """Median of `runs` runs after 2 warm-ups; a list of command lines is one line per run."""
    medians = {}
    for name, argv in cmds.items():
        times = []
        for n in range(runs + 2):
            line = argv[n] if isinstance(argv[0], list) else argv
            start = time.perf_counter()
            subprocess.run(line, env=env, capture_output=True)  # pipes
            if n >= 2:
                times.append(time.perf_counter() - start)
        medians[name] = statistics.median(times)
    return medians


def paired_ratios(
    cmds: dict[str, list[str] | list[list[str]]], runs: int, env: dict[str, str]
) -> dict[str, float]:
    """Each command's median over the median of `python -c pass` runs interleaved with it
    (one floor run before each command run): on a busy machine the load moves both alike,
    where one floor measured at the start would drift away from commands timed minutes later."""
    floor = [sys.executable, "-c", "pass"]
    ratios = {}
    for name, argv in cmds.items():
        base, times = [], []
        for n in range(runs + 2):
            line = argv[n] if isinstance(argv[0], list) else argv
            start = time.perf_counter()
            subprocess.run(floor, env=env, capture_output=True)
            middle = time.perf_counter()
            subprocess.run(line, env=env, capture_output=True)
            if n >= 2:
                base.append(middle - start)
                times.append(time.perf_counter() - middle)
        ratios[name] = statistics.median(times) / statistics.median(base)
    return ratios


def peak_memory_mib(argv: list[str], env: dict[str, str]) -> float:
    """Max RSS of one run, from the child's rusage (Linux reports KiB)."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, *argv], env=env, capture_output=True,
                         text=True, check=True)  # fmt: skip
    return int(out.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--label", default=None)
    parser.add_argument("--json", type=Path, default=None, help="append the results here")
    parser.add_argument(
        "--no-targets", action="store_true", help="the issues' targets are for the 10k store"
    )
    parser.add_argument(
        "--writes",
        action="store_true",
        help="only the write commands, each paired run by run with python -c pass",
    )
    args = parser.parse_args()
    net = shutil.which("net", path=str(Path(sys.executable).parent)) or "net"
    env = dict(os.environ, NET_DB=str(args.store.resolve()))
    env.pop("NO_COLOR", None)
    # Time the commands, not the compiler: with PYTHONDONTWRITEBYTECODE set (as in some
    # containers) every run compiled netcli's modules again, ~15-20 ms of each.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    src = Path(__file__).resolve().parent.parent / "src"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], env=env, check=False)
    cmds = commands(net)
    if args.writes:
        time_writes(net, env, args.runs, cmds)
        return
    tool = "hyperfine" if shutil.which("hyperfine") else "timer"
    timer = with_hyperfine if tool == "hyperfine" else with_timer
    once = one_off_writes(net, env, args.runs)
    medians = timer(cmds, args.runs, env)
    medians.update(with_timer(once, args.runs, env))  # type: ignore[arg-type]
    # Shell completion of a name (`net show giu<TAB>`): the shell runs net with these set.
    completing = dict(env, _NET_COMPLETE="complete_bash", COMP_WORDS="net show giu", COMP_CWORD="2")
    medians.update(timer({"net completion": [net]}, args.runs, completing))
    base = medians["python -c pass"]
    label = args.label or args.store.name
    print(f"{label}: medians of {args.runs} runs ({tool}), ratio to python -c pass")
    for name, seconds in medians.items():
        target = None if args.no_targets else TARGETS.get(name)
        verdict = ""
        if target:
            verdict = f"  (target <= {target:g}x: {'ok' if seconds / base <= target else 'MISSED'})"
        if name in SECONDS_TARGETS and not args.no_targets:
            limit = SECONDS_TARGETS[name]
            verdict = f"  (target <= {limit:g} s: {'ok' if seconds <= limit else 'MISSED'})"
        print(f"  {name:<22} {seconds * 1000:7.1f} ms  {seconds / base:5.1f}x{verdict}")
    rss = peak_memory_mib(cmds["net due"], env)
    ok = "ok" if rss <= MEMORY_TARGET_MIB else "MISSED"
    print(f"  peak memory of net due: {rss:.1f} MiB (target <= {MEMORY_TARGET_MIB}: {ok})")
    if args.json:
        results = json.loads(args.json.read_text()) if args.json.exists() else {}
        results[label] = {"tool": tool, "medians_s": medians, "due_peak_mib": rss}
        args.json.write_text(json.dumps(results, indent=2))


def time_writes(net: str, env: dict[str, str], runs: int, cmds: dict[str, list[str]]) -> None:
    """`--writes`: issue 13's table, every write command as a paired ratio."""
    once = one_off_writes(net, env, runs)
    every: dict[str, list[str] | list[list[str]]] = {
        name: cmds[name] if name in cmds else once[name] for name in WRITES
    }
    ratios = paired_ratios(every, runs, env)
    print(f"write commands: median ratio to python -c pass, {runs} paired runs")
    for name, ratio in ratios.items():
        verdict = "ok" if ratio <= TARGETS[name] else "MISSED"
        print(f"  {name:<22} {ratio:5.1f}x  (target <= {TARGETS[name]:g}x: {verdict})")


if __name__ == "__main__":
    main()
