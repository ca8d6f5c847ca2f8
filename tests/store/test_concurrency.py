"""Several real processes writing the same store at once lose nothing (spec §2)."""

from __future__ import annotations

import json

import pytest

ADD_AND_EDIT = """
worker = sys.argv[1]
for i in range(int(sys.argv[2])):
    name = f"Worker {worker} Person {i}"
    net("add", name, "--company", f"Company {worker}", "--force")
    net("edit", name, "--tag", f"w{worker}", "--note", f"edited by {worker}")
"""


@pytest.mark.slow
def test_six_processes_adding_and_editing_keep_every_change(net, net_workers, backend):
    workers, each = 6, 50
    assert net_workers(ADD_AND_EDIT, workers, str(each)).wait() == []
    contacts = json.loads(net("list", "--json").stdout)
    assert len(contacts) == workers * each
    for c in contacts:
        worker = c["company"].split()[-1]
        assert c["tags"] == [f"w{worker}"], c
        assert c["notes"] == f"edited by {worker}"
