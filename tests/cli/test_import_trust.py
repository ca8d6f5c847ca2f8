"""`net import --trust`, and LinkedIn connections imported at trust 1 (spec §6, §9)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

DATA = Path(__file__).parent.parent / "data"


def trusts(net: Any) -> dict[str, int]:
    return {c["name"]: c["trust"] for c in net.json("list")}


def test_linkedin_connections_get_trust_1(net: Any):
    net("import", str(DATA / "linkedin_current.csv"))
    assert set(trusts(net).values()) == {1}


def test_other_files_get_trust_3(net: Any):
    net("import", str(DATA / "google_current.csv"))
    assert set(trusts(net).values()) == {3}


def test_trust_sets_it_for_new_contacts(net: Any):
    net("import", str(DATA / "linkedin_current.csv"), "--trust", "0")
    assert set(trusts(net).values()) == {0}


def test_existing_contacts_keep_their_trust(net: Any, tmp_path: Path):
    net("add", "Nicolò Bianchi", "--trust", "5")
    net("import", str(DATA / "linkedin_current.csv"))
    assert trusts(net)["Nicolò Bianchi"] == 5


def test_trust_out_of_range_and_on_json(net: Any, tmp_path: Path):
    result = net("import", str(DATA / "linkedin_current.csv"), "--trust", "9", code=2)
    assert "--trust" in result.stderr
    net("add", "Maria Rossi")
    doc = tmp_path / "all.json"
    doc.write_bytes(net("export").stdout_bytes)
    result = net("import", str(doc), "--trust", "2", code=2)
    assert result.stderr.startswith("error: --trust applies to contact files")


def test_path_prefers_a_friend_over_a_linkedin_click(net: Any, tmp_path: Path):
    """500 accepted invitations are not 500 trusted friends: a path through a real friend who
    knows them beats the direct edge of a LinkedIn connection."""
    csv = tmp_path / "Connections.csv"
    rows = [f"Persona{i},Cognome{i},,,Ditta {i},Titolare,01 Jan 2025" for i in range(500)]
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    net("import", str(csv))
    net("add", "Anna Amica", "--trust", "4")
    net("link", "Anna Amica", "Persona7 Cognome7", "--strength", "3")
    paths = net.json("path", "Persona7 Cognome7")
    assert [p["hops"] for p in paths[:2]] == [2, 1]
    assert paths[0]["path"][1]["name"] == "Anna Amica"
    assert paths[0]["score"] > paths[1]["score"] == 0.2
