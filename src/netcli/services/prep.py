"""`net prep REF`: the one-page sheet to read before a one-to-one (spec §6, §10 `prep`).

Everything is read around the one contact (their records through the per-contact indexes,
match candidates narrowed in SQL), so the sheet is as quick on 100,000 contacts as on 40.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from netcli.errors import InputError
from netcli.services import reciprocity, refs
from netcli.services.matching import (
    MatchIndex,
    Profile,
    ask_terms,
    profiles_from_rows,
    score_profiles,
    suggest_matches,
)

MATCHES_PER_ASK = 3
INTRODUCE_TO = 5
INTERACTIONS = 3
REFERRALS = 5


def offers(contact: dict[str, Any], gives: list[dict[str, Any]]) -> list[str]:
    """What they offer, in words: category, title and company, skills, tags, gives made."""
    found = []
    if contact["category"]:
        found.append(contact["category"])
    role = " at ".join(x for x in (contact["title"], contact["company"]) if x)
    if role:
        found.append(role)
    if contact["gains"]["skills"]:
        found.append(f"skills: {contact['gains']['skills']}")
    if contact["tags"]:
        found.append(f"tags: {', '.join(contact['tags'])}")
    made = [g for g in gives if g["giver_id"] == contact["id"]]
    found += [f"gave {g['kind']}: {g['text']}" for g in made[:2]]
    return found


def needs(contact: dict[str, Any], asks: list[dict[str, Any]]) -> list[str]:
    """What they need, in words: their open asks and their goals."""
    found = [a["text"] for a in asks if a["status"] == "open"]
    if contact["gains"]["goals"]:
        found.append(f"goals: {contact['gains']['goals']}")
    return found


def prep_sheet(conn: sqlite3.Connection, ref: str) -> dict[str, Any]:
    """The prep object of spec §10 for one contact (not me)."""
    from netcli.services.groups import profile_of as group_profile
    from netcli.store import insights, queries
    from netcli.store import records as store_records

    row = refs.resolve(conn, ref)
    me = queries.me_id(conn)
    contact_id = int(row["id"])
    if contact_id == me:
        raise InputError("a prep sheet is for a one-to-one with someone else; name a contact")
    profile = queries.profile(conn, contact_id, interactions=INTERACTIONS)
    records = {"intros", "asks", "gives", "give_totals", "interactions", "links"}
    contact = {
        k: v for k, v in profile.items() if k not in records | {"interaction_count", "me_id"}
    }
    their_asks = [a for a in profile["asks"] if a["status"] == "open"]
    matches = suggest_matches(conn, limit=MATCHES_PER_ASK, contact_id=contact_id)
    for ask in their_asks:
        ask["matches"] = [m for m in matches if m["ask_id"] == ask["id"]]

    # my open asks they could help with: their profile holds a word of the ask
    them = profiles_from_rows(insights.profiles_by_id(conn, [contact_id]))
    my_asks = []
    for ask in store_records.open_asks_of(conn, me):
        wanted = ask_terms(ask["text"], ask["tags"])
        scored = score_profiles(MatchIndex(them, wanted), wanted).get(contact_id)
        if scored is not None:
            my_asks.append({**ask, "score": round(scored.score, 3), "reason": scored.reason()})

    gives, intros = queries.ledger_records(conn, me, contact_id)
    people = queries.names_of(conn, {me, contact_id})
    summary = reciprocity.from_records(me, gives, intros, people, contact_id)
    balance = summary.rows[0]
    referrals = [
        g
        for g in profile["gives"]
        if g["kind"] == "referral"
        and me in (g["giver_id"], g["receiver_id"])
        and g.get("status", "open") == "open"
    ][:REFERRALS]

    introduce_to: dict[int, dict[str, Any]] = {}
    for m in matches:  # people who could help with what they need
        introduce_to.setdefault(
            m["candidate_id"],
            {
                "contact_id": m["candidate_id"],
                "contact": m["candidate"],
                "reason": f"could help with a{m['ask_id']}: {m['ask']}",
                "score": m["score"],
            },
        )
    introduced = {
        b if a == contact_id else a for a, b in insights.intro_pairs_of(conn, [contact_id])
    }
    for need in _asks_they_could_answer(conn, them, introduced | {me, contact_id}):
        introduce_to.setdefault(need["contact_id"], need)
    ranked = sorted(introduce_to.values(), key=lambda r: -r["score"])[:INTRODUCE_TO]
    return {
        "contact": contact,
        "offers": offers(contact, profile["gives"]),
        "needs": needs(contact, profile["asks"]),
        "their_asks": their_asks,
        "my_asks": my_asks,
        "referrals": referrals,
        "reminders": [
            {**r, "contact": contact["name"]} for r in insights.pending_reminders(conn, contact_id)
        ],
        "balance": {
            "contact_id": balance.contact_id,
            "contact": balance.contact,
            "given_count": balance.given_count,
            "given_value": queries.money(balance.given_cents),
            "received_count": balance.received_count,
            "received_value": queries.money(balance.received_cents),
            "balance": balance.balance,
        },
        "interactions": profile["interactions"][:INTERACTIONS],
        "introduce_to": [{k: r[k] for k in ("contact_id", "contact", "reason")} for r in ranked],
        "group": group_profile(conn, contact_id),
    }


def _asks_they_could_answer(
    conn: sqlite3.Connection, them: list[Profile], excluded: set[int]
) -> list[dict[str, Any]]:
    """People whose open asks this contact's profile answers (the share of the ask's words
    they hold), best first: whom they could be introduced to, to help."""
    from netcli.store import insights

    found: dict[int, dict[str, Any]] = {}
    for asker_id, asker, ask_id, text, tags in insights.open_asks(conn):
        if asker_id in excluded:
            continue
        wanted = ask_terms(text, json.loads(tags or "[]"))
        scored = score_profiles(MatchIndex(them, wanted), wanted)
        if not scored:
            continue
        score = round(next(iter(scored.values())).score, 3)
        held = found.get(asker_id)
        if held is None or held["score"] < score:
            found[asker_id] = {
                "contact_id": asker_id,
                "contact": asker,
                "reason": f"needs a{ask_id}: {text}",
                "score": score,
            }
    return sorted(found.values(), key=lambda r: -r["score"])[:INTRODUCE_TO]
