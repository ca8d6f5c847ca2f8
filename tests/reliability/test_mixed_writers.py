"""Eight processes doing what a user and cron jobs do, on one store: nothing lost, never locked."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.slow

MIXED = """
w, rounds = sys.argv[1], int(sys.argv[2])
for i in range(rounds):
    me = f"Writer {w} Friend {i}"
    net("add", me, "--every", "2w")
    net("log", me, "Shared Person", "--kind", "call", "-m", f"w{w} r{i}")
    net("give", "Shared Person", f"referral w{w} r{i}", "--value", "10.05")
    net("edit", "Shared Person", "--tag", f"w{w}r{i}")
    net("remind", me, "tomorrow")
    net("done", me, "-m", f"done w{w} r{i}")
"""


def test_eight_mixed_writers_lose_nothing(net, net_workers, backend):
    """On SQLite (BEGIN IMMEDIATE) and on PostgreSQL (the advisory lock at the start of
    each write): every read-modify-write survives."""
    net("add", "Shared Person")
    workers, rounds = 8, 6
    assert net_workers(MIXED, workers, str(rounds)).wait() == []
    total = workers * rounds
    doc = json.loads(net("export").stdout)
    shared = next(c for c in doc["contacts"] if c["name"] == "Shared Person")
    assert len(shared["tags"]) == total  # every read-modify-write of one row survived
    # and the derived tag list kept on the row (a trigger) saw every tag
    listed = next(c for c in net.json("list") if c["name"] == "Shared Person")
    assert len(listed["tags"]) == total
    assert len([c for c in doc["contacts"] if c["name"].startswith("Writer ")]) == total
    assert len(doc["gives"]) == total
    assert sum(g["value"] for g in doc["gives"]) == pytest.approx(10.05 * total)
    notes = [i["note"] for i in doc["interactions"]]
    assert len([n for n in notes if n.startswith("done ")]) == total
    assert len([n for n in notes if n.startswith("w")]) == total
    assert all(r["done_on"] is None for r in doc["reminders"])  # tomorrow's: not due yet
    assert len(doc["reminders"]) == total
