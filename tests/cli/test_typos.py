"""A mistyped command or option gets one `error:` line that names what was probably meant."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ad", "Maria"], "error: no such command 'ad' (did you mean: add?)"),
        (["shwo", "maria"], "error: no such command 'shwo' (did you mean: show?)"),
        (["unarchve", "luca"], "error: no such command 'unarchve' (did you mean: unarchive"),
        (["du"], "error: no such command 'du' (did you mean: due, dupes?)"),
        (["db", "pth"], "error: no such command 'pth' (did you mean: path?)"),
        (["frobnicate"], "error: no such command 'frobnicate' (see 'net --help')"),
        (
            ["add", "Maria", "--emial", "m@x.it"],
            "error: no such option: --emial (did you mean: --email?)",
        ),
        (["list", "--sortt", "name"], "error: no such option: --sortt (did you mean: --sort?)"),
    ],
)
def test_typos_get_did_you_mean_in_one_line(net, args, message):
    result = net(*args, code=2)
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""


def test_a_typo_in_a_real_process_is_exit_2(net_proc):
    result = net_proc("ad", "Maria Rossi")
    assert (result.returncode, result.stderr) == (
        2,
        "error: no such command 'ad' (did you mean: add?)\n",
    )
