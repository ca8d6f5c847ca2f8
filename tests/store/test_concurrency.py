"""Several real processes writing the same store at once lose nothing (spec §2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

WORKER = r"""
import sys
from netcli.cli import app

def net(*args):
    try:
        app(list(args), prog_name="net")
    except SystemExit as exc:
        if exc.code:
            print(f"net {' '.join(args)} exited {exc.code}", file=sys.stderr)
            sys.exit(exc.code)

worker = sys.argv[1]
for i in range(int(sys.argv[2])):
    name = f"Worker {worker} Person {i}"
    net("add", name, "--company", f"Company {worker}", "--force")
    net("edit", name, "--tag", f"w{worker}", "--note", f"edited by {worker}")
"""


@pytest.mark.slow
def test_six_processes_adding_and_editing_keep_every_change(env: Path, net):
    workers, each = 6, 50
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(w), str(each)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for w in range(workers)
    ]
    errors = []
    for p in procs:
        _, err = p.communicate(timeout=300)
        if p.returncode != 0 or err:
            errors.append(err)
    assert errors == []
    contacts = json.loads(net("list", "--json").stdout)
    assert len(contacts) == workers * each
    for c in contacts:
        worker = c["company"].split()[-1]
        assert c["tags"] == [f"w{worker}"], c
        assert c["notes"] == f"edited by {worker}"
