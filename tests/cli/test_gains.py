"""GAINS fields on a contact (spec §6 `net prep`, §10): add, edit, show, JSON, export, import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

GAINS = ("goals", "accomplishments", "interests", "networks", "skills")


@pytest.fixture
def maria(net: Any) -> Any:
    net(
        "add", "Maria Rossi", "--category", "notaio",
        "--goals", "Aprire uno studio a Milano",
        "--accomplishments", "Cento rogiti nel 2025",
        "--interests", "vela, ciclismo",
        "--networks", "BNI Milano Centro; Rotary",
        "--skills", "successioni, compravendite",
    )  # fmt: skip
    return net


def test_add_stores_gains_and_show_prints_them(maria: Any) -> None:
    shown = maria("show", "maria").stdout
    assert "goals" in shown and "Aprire uno studio a Milano" in shown
    assert "successioni, compravendite" in shown
    assert maria.json("show", "maria")["gains"] == {
        "goals": "Aprire uno studio a Milano",
        "accomplishments": "Cento rogiti nel 2025",
        "interests": "vela, ciclismo",
        "networks": "BNI Milano Centro; Rotary",
        "skills": "successioni, compravendite",
    }


def test_edit_changes_and_clears_gains_and_says_so(maria: Any) -> None:
    result = maria("edit", "maria", "--goals", "", "--skills", "donazioni")
    assert "goals cleared" in result.stdout
    assert "skills donazioni" in result.stdout
    gains = maria.json("show", "maria")["gains"]
    assert gains["goals"] is None and gains["skills"] == "donazioni"
    assert maria.json("show", "maria")["gains"]["interests"] == "vela, ciclismo"


def test_a_contact_without_gains_has_them_null(net: Any) -> None:
    net("add", "Paolo Neri")
    assert net.json("show", "paolo")["gains"] == dict.fromkeys(GAINS)


@pytest.mark.parametrize("fmt", ["json", "csv", "vcard"])
def test_gains_survive_export_and_import(maria: Any, fmt: str, tmp_path: Path, monkeypatch) -> None:
    exported = maria("export", "--to", fmt).stdout
    before = maria.json("show", "maria")["gains"]
    monkeypatch.setenv("NET_DB", str(tmp_path / "other.db"))
    maria("import", "-", "--from", fmt, input=exported)
    assert maria.json("show", "maria")["gains"] == before


def test_import_fills_empty_gains_of_an_existing_contact(
    maria: Any, tmp_path: Path, monkeypatch
) -> None:
    exported = maria("export").stdout
    monkeypatch.setenv("NET_DB", str(tmp_path / "other.db"))
    maria("add", "Maria Rossi", "--skills", "testamenti")
    maria("add", "Someone Else")
    maria("import", "-", input=exported)
    gains = maria.json("show", "maria")["gains"]
    assert gains["skills"] == "testamenti"  # a filled field is kept
    assert gains["goals"] == "Aprire uno studio a Milano"  # an empty one is filled


@pytest.mark.parametrize(
    ("gains", "message"),
    [
        ('"vela"', "gains must be an object"),
        ('{"hobbies": "vela"}', "gains has no field 'hobbies'"),
        ('{"goals": 3}', "gains.goals must be text"),
    ],
)
def test_a_document_with_bad_gains_imports_nothing(net: Any, gains: str, message: str) -> None:
    net("add", "Paolo Neri")
    document = json.loads(net("export").stdout)
    document["contacts"].append({"id": 7, "name": "Anna Blu", "gains": json.loads(gains)})
    result = net("import", "-", "--from", "json", input=json.dumps(document), code=3)
    assert message in result.stderr
    assert [c["name"] for c in net.json("list")] == ["Paolo Neri"]
