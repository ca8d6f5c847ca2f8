"""`net find`: what it matches (every field, any part of a word, accents and apostrophes
folded), where it says it matched, and that the fast path (cli/fast.py) prints exactly what
Typer's command prints."""

from __future__ import annotations

import contextlib
import io
from typing import Any

import pytest

from netcli.cli import fast


@pytest.fixture
def people(net: Any) -> None:
    net("add", "Maria Nicolò D’Angelo", "--company", "Studio Legale")
    net("add", "Giulia De Rossi", "--tag", "bni")
    net("add", "Luca Bianchi", "--company", "Studio Rossi & Figli")
    net("add", "Paolo Verdi", "--city", "Roma")
    net("add", "Sara Neri")
    net("add", "Enzo Gialli")
    net("add", "Teo Viola")
    net("log", "Sara", "-m", "Caffè con la sig.ra Rossini")
    net("log", "Teo")  # no note: never matches
    net("give", "Enzo", "contatto per il dott. Rossi", "--from", "Paolo")


def fast_run(argv: list[str]) -> tuple[int | None, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = fast.run_fast(argv)
    return code, out.getvalue(), err.getvalue()


def test_find_matches_inside_words_and_says_where(people: None, net: Any):
    found = net.json("find", "ROSSI")
    assert [(c["name"], c["matched"]) for c in found] == [
        ("Enzo Gialli", "give"),  # received it
        ("Giulia De Rossi", "name"),  # a word in the middle of the name
        ("Luca Bianchi", "company"),
        ("Paolo Verdi", "give"),  # gave it (`--from`)
        ("Sara Neri", "interaction"),  # "rossini": part of a word
    ]
    assert [c["name"] for c in net.json("find", "oss")] == [
        "Enzo Gialli", "Giulia De Rossi", "Luca Bianchi", "Paolo Verdi", "Sara Neri",
    ]  # fmt: skip
    assert net.json("find", "Viola")[0]["matched"] == "name"
    assert [c["name"] for c in net.json("find", "legale")] == ["Maria Nicolò D’Angelo"]


@pytest.mark.parametrize(
    "text", ["nicolò", "NICOLO", "nicolo d'angelo", "Nicolò D’Angelo", "d'ang", "angelo", "ò d"]
)
def test_find_folds_accents_and_apostrophes(people: None, net: Any, text: str):
    found = net.json("find", text)
    assert [(c["name"], c["matched"]) for c in found] == [("Maria Nicolò D’Angelo", "name")]


def test_find_takes_wildcards_literally(people: None, net: Any):
    net("add", "Ugo 100% Blu", "--company", "a_b")
    assert [c["name"] for c in net.json("find", "100%")] == ["Ugo 100% Blu"]
    assert [c["name"] for c in net.json("find", "a_b")] == ["Ugo 100% Blu"]
    assert net.json("find", "0%b") == [] and net.json("find", "x_b") == []
    net("find", "100%x", "-q", code=1)


@pytest.mark.parametrize(
    "argv",
    [
        ["find", "rossi"],
        ["find", "rossi", "--json"],
        ["find", "--format", "csv", "oss"],
        ["find", "d’angelo", "--format=tsv"],
        ["find", "nessuno"],
        ["find", "nessuno", "-q"],
        ["find", "-q", "caffè"],
        ["find", "rossi", "--format", "jsonl"],
    ],
)
def test_fast_path_prints_what_typer_prints(people: None, net: Any, argv: list[str]):
    code, out, err = fast_run(argv)
    assert code is not None, "the fast path took the line"
    typer_run = net(*argv, code=None)
    assert (code, out, err) == (typer_run.exit_code, typer_run.stdout, typer_run.stderr)


@pytest.mark.parametrize("text", ["rossi", "oss", "caffè", "bni", "dott", "%", "", "zzz"])
def test_distinct_texts_and_a_plain_scan_find_the_same(
    people: Any, net: Any, monkeypatch: pytest.MonkeyPatch, text: str
):
    """Tags, gives and notes are matched once per distinct text (a hop through the index
    from one text to the next) while texts repeat, else by one scan: the same answers."""
    from netcli.store import queries

    net("log", "Enzo", "-m", "caffè")
    net("log", "Luca", "-m", "caffè")  # the same note twice
    hopped = net.json("find", text)
    monkeypatch.setattr(queries, "_matching_keys", lambda *args: None)
    assert net.json("find", text) == hopped


def test_many_distinct_notes_fall_back_to_one_scan(net: Any, monkeypatch: pytest.MonkeyPatch):
    from netcli.store import queries

    net("add", "Anna Blu")
    net("add", "Bruno Neri")
    monkeypatch.setattr(queries, "MIN_HOPS", 2)  # more distinct notes than that: a scan
    for n in range(5):
        net("log", "Anna", "-m", f"nota {n} per Rossi")
    net("log", "Bruno", "-m", "altro")
    calls: list[Any] = []
    real = queries._matching_keys
    monkeypatch.setattr(queries, "_matching_keys", lambda *a: calls.append(real(*a)) or calls[-1])
    assert [(c["name"], c["matched"]) for c in net.json("find", "ross")] == [
        ("Anna Blu", "interaction")
    ]
    assert None in calls  # the notes were scanned
