"""`net prep REF`: the sheet before a one-to-one (spec §6, §10 `prep`)."""

from __future__ import annotations

from typing import Any

import pytest

PREP_KEYS = {
    "contact", "offers", "needs", "their_asks", "my_asks", "referrals", "reminders", "balance",
    "interactions", "introduce_to",
}  # fmt: skip


@pytest.fixture
def chapter(net: Any) -> Any:
    """Luca is a geometra with an open ask; Giulia answers it; Marta needs what Luca offers."""
    net(
        "add", "Luca Fumagalli", "--category", "geometra", "--company", "Studio Fumagalli",
        "--tag", "bni", "--trust", "4",
        "--goals", "Aprire un secondo studio a Milano",
        "--skills", "pratiche catastali, successioni immobiliari",
        "--networks", "BNI Monza",
    )  # fmt: skip
    net("add", "Giulia Bianchi", "--category", "commercialista", "--tag", "tax", "--trust", "5")
    net("add", "Marta Benedetti", "--category", "avvocata", "--trust", "3")
    net("add", "Paolo Neri", "--category", "cliente", "--trust", "5")
    net("ask", "Luca", "un commercialista per un cliente", "--tag", "tax")
    net("ask", "Marta", "Cerco un geometra per pratiche catastali")
    net("ask", "me", "introductions to owners of companies")
    net("ask", "me", "un geometra per la casa al mare")
    net("got", "Luca", "a client who needs a survey", "--date", "2026-11-01")
    net("give", "Luca", "a lead for a renovation", "--value", "500", "--date", "2026-11-10")
    net("log", "Luca", "--kind", "one-to-one", "-m", "coffee", "--date", "2026-10-01")
    net("log", "Luca", "-m", "chapter meeting", "--date", "2026-11-20")
    for day in ("2025-01-10", "2025-02-10"):
        net("log", "Luca", "-m", "old", "--date", day)
    net("remind", "Luca", "2026-12-03", "-m", "send the quote")
    return net


def test_prep_json_has_every_section(chapter: Any) -> None:
    sheet = chapter.json("prep", "Luca")
    assert set(sheet) >= PREP_KEYS
    assert sheet["contact"]["gains"]["skills"] == "pratiche catastali, successioni immobiliari"
    assert "geometra" in sheet["offers"]
    assert sheet["needs"] == [
        "un commercialista per un cliente",
        "goals: Aprire un secondo studio a Milano",
    ]
    ask = sheet["their_asks"][0]
    # the ask is for a client: Paolo (category `cliente`) is no candidate
    assert [m["candidate"] for m in ask["matches"]] == ["Giulia Bianchi"]
    assert [a["text"] for a in sheet["my_asks"]] == ["un geometra per la casa al mare"]
    assert [r["note"] for r in sheet["reminders"]] == ["send the quote"]
    assert sheet["balance"]["given_count"] == 1 and sheet["balance"]["received_count"] == 1
    assert [i["note"] for i in sheet["interactions"]] == ["chapter meeting", "coffee", "old"]
    assert [r["contact"] for r in sheet["introduce_to"]] == ["Giulia Bianchi", "Marta Benedetti"]
    assert "geometra" in sheet["introduce_to"][1]["reason"]
    referrals = sheet["referrals"]
    assert {(g["giver"], g["receiver"]) for g in referrals} == {
        ("Luca Fumagalli", "Me"),
        ("Me", "Luca Fumagalli"),
    }


def test_prep_text_fits_80_columns_in_a_pipe(chapter: Any, net_proc: Any) -> None:
    result = net_proc("prep", "Luca")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Luca Fumagalli (#2) - geometra, Studio Fumagalli"
    assert max(len(line) for line in lines) <= 80
    titles = ["GAINS", "Offers", "Needs", "Their open asks", "My open asks they could help with"]
    titles += ["Open referrals", "Reminders", "Balance", "Last interactions", "Introduce them to"]
    assert [line for line in lines if line in titles] == titles
    assert "\x1b" not in result.stdout
    assert 'net intro "Luca Fumagalli" "Giulia Bianchi"' in result.stdout


def test_prep_markdown(chapter: Any) -> None:
    text = chapter("prep", "Luca", "--format", "markdown").stdout
    assert text.startswith("# Luca Fumagalli (#2)")
    assert "\n## Their open asks\n\n- a1 un commercialista per un cliente" in text
    assert (
        "  - Giulia Bianchi (" in text and '`net intro "Luca Fumagalli" "Giulia Bianchi"`' in text
    )


def test_prep_of_a_new_contact_says_what_is_missing(net: Any) -> None:
    net("add", "Anna Blu")
    text = net("prep", "anna").stdout
    assert "(none yet: net edit REF --goals/--skills/… TEXT)" in text
    assert "you owe" not in text and "even: you gave 0, received 0" in text


def test_prep_neutralises_control_characters(net: Any) -> None:
    net("add", "Anna Blu", "--goals", "evil\x1b[31m red")
    assert "\x1b" not in net("prep", "anna").stdout


@pytest.mark.parametrize(("ref", "code"), [("me", 3), ("nobody", 3)])
def test_prep_refuses_me_and_unknown_people(net: Any, ref: str, code: int) -> None:
    net("add", "Anna Blu")
    result = net("prep", ref, code=None)
    assert result.exit_code != 0 and result.stderr.startswith("error: ")
