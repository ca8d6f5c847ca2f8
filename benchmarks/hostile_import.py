"""Peak memory and lock time of `net import` on hostile files (issue 12.6), and 5,000 cards.

    python benchmarks/hostile_import.py

Targets: any import of a file of N MB peaks below 50 MiB + 10 x N MiB; no single contact's
import holds the write lock for more than 1 s. Each file is imported by its own process; the
lock time of a one-contact file is bounded by the time of its whole write transaction, which
is measured inside that process (the file is read before it). Peak RSS is the child's rusage.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run in the child: import one file and print how long the write transaction was open.
CHILD = r"""
import resource, sys, time
from netcli.cli import _context, data

original = _context.writing_sql
spans = []

def timed_writing(*args, **kwargs):
    import contextlib

    @contextlib.contextmanager
    def wrapper():
        started = time.perf_counter()
        try:
            with original(*args, **kwargs) as session:
                yield session
        finally:
            spans.append(time.perf_counter() - started)
    return wrapper()

_context.writing_sql = timed_writing
from netcli.cli import app
try:
    app(["import", sys.argv[1]], prog_name="net")
except SystemExit as exc:
    code = exc.code or 0
else:
    code = 0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"RESULT {code} {max(spans, default=0):.3f} {peak:.0f}", file=sys.stderr)
"""


def _tags_csv(path: Path, tags: int) -> None:
    path.write_text("Name,Tags\nTroppi Tag," + ";".join(f"t{n}" for n in range(tags)) + "\n")


def _photo_vcard(path: Path, megabytes: int) -> None:
    line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4\r\n"
    count = megabytes * 1024 * 1024 // (len(line) + 1)
    with path.open("w", newline="") as out:
        out.write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Con Foto\r\nPHOTO;ENCODING=b;TYPE=JPEG:\r\n")
        for _ in range(count):
            out.write(" " + line)
        out.write("END:VCARD\r\n")


def _cards(path: Path, count: int) -> None:
    with path.open("w", newline="") as out:
        for n in range(count):
            out.write(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Persona {n}\r\nN:{n};Persona;;;\r\n"
                f"EMAIL:persona{n}@example.it\r\nTEL:+39 333 {n:07d}\r\nORG:Azienda {n % 50}\r\n"
                f"CATEGORIES:clienti,milano\r\nNOTE:Conosciuto al Salone\\, richiamare.\r\n"
                "END:VCARD\r\n"
            )


def _run(path: Path, folder: str) -> tuple[int, float, float, float]:
    env = {**os.environ, "NET_DB": os.path.join(folder, f"{path.stem}.db"), "NO_COLOR": "1"}
    # The store exists already, as it would: its creation is not part of an import.
    subprocess.run([sys.executable, "-m", "netcli", "add", "Seed"], env=env, capture_output=True)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    line = next(x for x in result.stderr.splitlines() if x.startswith("RESULT"))
    _, code, lock, peak = line.split()
    return int(code), float(lock), float(peak), elapsed


def main() -> None:
    cases = [
        ("one contact, 500 tags (the cap)", "tags500.csv", lambda p: _tags_csv(p, 500)),
        ("one contact, 20,000 tags", "tags20k.csv", lambda p: _tags_csv(p, 20_000)),
        ("one contact, 100,000 tags", "tags100k.csv", lambda p: _tags_csv(p, 100_000)),
        ("vCard with a 7 MB photo", "photo7.vcf", lambda p: _photo_vcard(p, 7)),
        ("vCard with a 67 MB photo", "photo67.vcf", lambda p: _photo_vcard(p, 67)),
        ("5,000 cards", "cards5000.vcf", lambda p: _cards(p, 5_000)),
    ]
    print("| file | size | exit | lock held | peak RSS | budget | total |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for label, name, make in cases:
            path = Path(folder) / name
            make(path)
            size = path.stat().st_size / 1024 / 1024
            code, lock, peak, elapsed = _run(path, folder)
            budget = 50 + 10 * size
            print(
                f"| {label} | {size:.1f} MB | {code} | {lock:.2f} s | {peak:.0f} MiB | "
                f"{budget:.0f} MiB | {elapsed:.2f} s |"
            )
            path.unlink()


if __name__ == "__main__":
    main()
