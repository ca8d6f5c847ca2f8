"""Time `net dupes` and "did you mean" on a copy of a benchmark store with duplicates planted.

    python benchmarks/dupes_bench.py STORE [--runs N] [--label NAME] [--json OUT]

STORE is built by make_store.py (10,000 contacts at scale 1). Its contacts have one email and a
company each but no phone or LinkedIn URL, and no duplicates but close names, so the copy gets:
a mobile number for 60% of the contacts (written four ways), a LinkedIn URL for 40%, and one
planted duplicate per 100 contacts, of five kinds in turn: the same email in capitals, the same
phone written another way, the same LinkedIn profile written another way, an initial for the
first name at the same company, a typographic apostrophe (`D’Angelo` for `D'Angelo`). The
original store is not changed.

Prints the median wall time of whole `net dupes` processes (target <= 1 s on the 10k store,
<= 10 s on the 100k one), their peak memory (target <= 150 MiB), the pairs found by kind; and
what the "did you mean" line adds to a failing lookup (target <= 20 ms on the 10k store):
`net show 'Giulai Rosi'` (no match: suggestions) and `net show '#99999999'` (no match: none)
are run in pairs, in random order within each pair, and the median of the per-pair
differences is reported (wall and CPU, with their quartiles), so that a change of load on a
shared machine falls on both sides of a pair (this also counts the name resolution that runs
before any suggestion); the first failing lookup of fresh processes, in CPU time, with and
without the suggestion step, also in pairs: what the target is about; and, inside one
process, the suggestion step itself, with difflib's time for the same candidates as before.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from timing import peak_memory_mib  # noqa: E402

from netcli.text import fold  # noqa: E402

PHONE_STYLES = ("+39 {a} {b} {c}", "{a}{b}{c}", "{a}-{b}-{c}", "0039 {a}{b}{c}")
MEMORY_TARGET_MIB = 150
COPY_COLUMNS = "company, title, category, city, trust, is_me, archived, created_at, updated_at"


def mobile(contact_id: int) -> tuple[str, str, str]:
    digits = f"3{contact_id:09d}"
    return digits[:3], digits[3:6], digits[6:]


def plant(db: Path, seed: int = 7) -> Counter[str]:
    """Add phones, LinkedIn URLs and duplicates to the store at `db`; count what was planted."""
    rng = random.Random(seed)
    conn = sqlite3.connect(db)
    planted: Counter[str] = Counter()
    with conn:
        people = conn.execute(
            "SELECT c.id, c.name, e.email FROM contact c JOIN email e ON e.contact_id = c.id "
            "WHERE c.is_me = 0 AND c.archived = 0 ORDER BY c.id"
        ).fetchall()
        phones, urls = [], []
        for cid, name, _ in people:
            if rng.random() < 0.6:
                style = rng.choice(PHONE_STYLES)
                phones.append((cid, style.format(**_split(mobile(cid))), 0))
            if rng.random() < 0.4:
                slug = fold(name).replace(" ", "-").replace("'", "")
                urls.append((f"https://www.linkedin.com/in/{slug}", cid))
        conn.executemany("INSERT INTO phone (contact_id, phone, position) VALUES (?, ?, ?)", phones)
        conn.executemany("UPDATE contact SET url = ? WHERE id = ?", urls)
        has_phone = {cid for cid, _, _ in phones}
        has_url = {cid: url for url, cid in urls}
        apostrophes = [p for p in people if "'" in p[1]]
        kinds = ("email", "phone", "linkedin", "initial", "apostrophe")
        for n, (cid, name, email) in enumerate(rng.sample(people, len(people) // 100)):
            kind = kinds[n % len(kinds)]
            new_name, new_email, new_phone, new_url = name, None, None, None
            if kind == "email":
                new_name, new_email = " ".join(name.split()[:-1]), email.upper()
            elif kind == "phone" and cid in has_phone:
                new_name, new_phone = name.split()[0], "+39 {} {} {}".format(*mobile(cid))
            elif kind == "linkedin" and cid in has_url:
                slug = has_url[cid].rsplit("/", 1)[1]
                new_name, new_url = name.split()[0], f"http://it.linkedin.com/in/{slug.upper()}/"
            elif kind == "initial":
                new_name = f"{name[0]}. {' '.join(name.split()[1:])}"
            elif kind == "apostrophe" and apostrophes:
                cid, name, _ = apostrophes.pop()
                new_name = name.replace("'", "\u2019")
            else:
                continue
            new_id = conn.execute(
                f"INSERT INTO contact (name, search_key, url, {COPY_COLUMNS}) "
                f"SELECT ?, ?, ?, {COPY_COLUMNS} FROM contact WHERE id = ?",
                (new_name, fold(new_name), new_url, cid),
            ).lastrowid
            if new_email:
                conn.execute(
                    "INSERT INTO email (contact_id, email, email_key, position) "
                    "VALUES (?, ?, ?, 0)",
                    (new_id, new_email, new_email.casefold()),
                )
            if new_phone:
                conn.execute(
                    "INSERT INTO phone (contact_id, phone, position) VALUES (?, ?, 0)",
                    (new_id, new_phone),
                )
            planted[kind] += 1
    conn.close()
    return planted


def _split(parts: tuple[str, str, str]) -> dict[str, str]:
    return dict(zip("abc", parts, strict=True))


def paired_extra(
    argv: list[str], base: list[str], env: dict[str, str], runs: int, seed: int = 1
) -> dict[str, float]:
    """What `argv` costs more than `base`, from `runs` pairs of whole runs (each pair in random
    order, after one warm-up pair): the median, first and third quartile of the per-pair
    differences, wall and CPU, in milliseconds."""
    rng = random.Random(seed)
    walls, cpus = [], []
    for n in range(runs + 1):
        order = [argv, base] if rng.random() < 0.5 else [base, argv]
        times = {}
        for cmd in order:
            wall, cpu = _one_run(cmd, env)
            times[id(cmd)] = (wall, cpu)
        if n:
            walls.append((times[id(argv)][0] - times[id(base)][0]) * 1000)
            cpus.append((times[id(argv)][1] - times[id(base)][1]) * 1000)
    result = {}
    for name, diffs in (("wall", walls), ("cpu", cpus)):
        q1, median, q3 = statistics.quantiles(diffs, n=4)
        result |= {f"{name}_ms": median, f"{name}_q1_ms": q1, f"{name}_q3_ms": q3}
    return result


def _one_run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one whole run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def median_times(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of whole runs, in seconds. On a
    machine shared with other jobs the CPU time is the steadier of the two."""
    walls, cpus = [], []
    for n in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if n:  # the first run warms the page cache
            walls.append(wall)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


SUGGESTION_STEP = r"""
import difflib, sqlite3, sys, time
from netcli.store import queries
from netcli.services import refs
conn = sqlite3.connect(sys.argv[1])
key = "giulai rosi"
clock = time.process_time  # CPU time: steadier than wall time on a shared machine
t0 = clock()
from netcli.services import near  # what the first suggestion of a process imports
t1 = clock()
lines = refs._suggestions(conn, key)
t2 = clock()
by_key = {}
for r in queries.active_names(conn):
    by_key.setdefault(r["search_key"], r["name"])
    for word in r["search_key"].split():
        by_key.setdefault(word, r["name"])
joined = queries.active_keys_joined(conn)
t3 = clock()
old = difflib.get_close_matches(key, list(by_key), n=10, cutoff=0.6)
t4 = clock()
new = near.close_candidates(key, joined, n=10, cutoff=0.6)
t5 = clock()
pick = lambda found: list(dict.fromkeys(by_key[k] for k in found))[:3]  # what is shown
assert pick(old) == pick(new), (old, new)
print(f"{(t1 - t0) * 1000:.1f} {(t2 - t1) * 1000:.1f} {(t4 - t3) * 1000:.1f} "
      f"{(t5 - t4) * 1000:.1f} {len(by_key)} {lines[0]!r}")
"""


# The first failing lookup of a process, as a command runs it (so importing the matcher counts),
# in CPU time; with argv[2] == "off" the suggestion step is skipped.
FIRST_LOOKUP = r"""
import sys, time
from netcli.errors import NotFound
from netcli.services import refs
from netcli.store.db import connect_read
from pathlib import Path
conn = connect_read(Path(sys.argv[1]))
if sys.argv[2] == "off":
    refs._suggestions = lambda conn, key: []
start = time.process_time()
try:
    refs.resolve(conn, "Giulai Rosi")
except NotFound as exc:
    details = exc.details
print((time.process_time() - start) * 1000, details)
"""


def suggestion_cost(db: Path, env: dict[str, str], pairs: int, seed: int = 2) -> dict[str, float]:
    """What the suggestions add to the first failing lookup of a process (CPU ms): `pairs`
    pairs of fresh processes, with and without the suggestion step, each pair in random
    order; the median and quartiles of the per-pair differences."""
    rng = random.Random(seed)
    diffs, with_ms, without_ms = [], [], []
    for _ in range(pairs):
        times = {}
        for mode in rng.sample(["on", "off"], 2):
            argv = [sys.executable, "-c", FIRST_LOOKUP, str(db), mode]
            out = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
            times[mode] = float(out.stdout.split(" ", 1)[0])
        diffs.append(times["on"] - times["off"])
        with_ms.append(times["on"])
        without_ms.append(times["off"])
    q1, median, q3 = statistics.quantiles(diffs, n=4)
    return {
        "added_ms": median,
        "added_q1_ms": q1,
        "added_q3_ms": q3,
        "with_ms": statistics.median(with_ms),
        "without_ms": statistics.median(without_ms),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--label", default=None)
    parser.add_argument("--lookup-pairs", type=int, default=41, help="paired failing lookups")
    parser.add_argument("--lookups-only", action="store_true", help="skip timing net dupes")
    parser.add_argument("--json", type=Path, default=None, help="add the results here")
    parser.add_argument("--target-s", type=float, default=None, help="issue 19: 1 (10k), 10 (100k)")
    args = parser.parse_args()
    net = shutil.which("net", path=str(Path(sys.executable).parent)) or "net"
    label = args.label or args.store.name
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dupes.db"
        shutil.copy(args.store, db)
        planted = plant(db)
        env = dict(os.environ, NET_DB=str(db))
        env.pop("NO_COLOR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # time the commands, not the compiler
        src = Path(__file__).resolve().parent.parent / "src"
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], env=env, check=False)
        dupes = [net, "dupes", "--format", "tsv"]
        seconds = cpu = rss = float("nan")
        found: list[dict[str, str]] = []
        if not args.lookups_only:
            seconds, cpu = median_times(dupes, env, args.runs)
            rss = peak_memory_mib(dupes, env)
            out = subprocess.run([net, "dupes", "--json"], env=env, capture_output=True, text=True)
            found = json.loads(out.stdout)
        kinds = Counter(
            " ".join(part.split(" ")[:2]) for row in found for part in row["reason"].split("; ")
        )
        failing = [net, "show", "Giulai Rosi"]
        extra = paired_extra(failing, [net, "show", "#99999999"], env, args.lookup_pairs)
        cost = suggestion_cost(db, env, args.lookup_pairs)
        step_argv = [sys.executable, "-c", SUGGESTION_STEP, str(db)]
        step = subprocess.run(step_argv, env=env, capture_output=True, text=True, check=True)
        imported, suggested, old, new, keys, _ = step.stdout.split(" ", 5)
    print(f"{label}: planted {dict(planted)}")
    print(
        f"  net dupes  {seconds:.3f} s wall, {cpu:.3f} s CPU, peak {rss:.1f} MiB, "
        f"{len(found)} pairs"
    )
    print(f"  evidence   {dict(kinds)}")
    if args.target_s:
        verdict = lambda ok: "ok" if ok else "MISSED"  # noqa: E731
        print(
            f"  targets    net dupes <= {args.target_s:g} s: {verdict(seconds <= args.target_s)} "
            f"(wall), {verdict(cpu <= args.target_s)} (CPU); peak <= {MEMORY_TARGET_MIB} MiB: "
            f"{verdict(rss <= MEMORY_TARGET_MIB)}"
        )
    print(
        f"  'did you mean' adds to a failing lookup (median of {args.lookup_pairs} pairs, "
        f"quartiles): +{extra['wall_ms']:.1f} ms wall ({extra['wall_q1_ms']:.1f} to "
        f"{extra['wall_q3_ms']:.1f}), +{extra['cpu_ms']:.1f} ms CPU ({extra['cpu_q1_ms']:.1f} "
        f"to {extra['cpu_q3_ms']:.1f}), name resolution included"
    )
    print(
        f"  the first failing lookup of a process (CPU, median of {args.lookup_pairs} pairs): "
        f"{cost['with_ms']:.1f} ms with suggestions, {cost['without_ms']:.1f} ms without; "
        f"they add {cost['added_ms']:.1f} ms ({cost['added_q1_ms']:.1f} to "
        f"{cost['added_q3_ms']:.1f}); target <= 20 ms"
    )
    print(
        f"  in one process (CPU): importing the matcher {imported} ms, the suggestion step "
        f"{suggested} ms; matching (again) {new} ms, difflib over {keys} keys and words {old} ms"
    )
    if args.json:
        results = json.loads(args.json.read_text()) if args.json.exists() else {}
        results[label] = {
            "dupes_s": seconds,
            "dupes_cpu_s": cpu,
            "dupes_peak_mib": rss,
            "pairs": len(found),
            "evidence": kinds,
            "planted": planted,
            "did_you_mean_extra": extra,
            "did_you_mean_cpu": cost,
            "matcher_import_cpu_ms": float(imported),
            "suggestion_step_cpu_ms": float(suggested),
            "difflib_cpu_ms": float(old),
            "matching_cpu_ms": float(new),
        }
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
