"""`net demo --group`: the demo network's referral group as a chapter (spec §12).

Twenty-four of the demo's professionals and me, six months of weekly meetings with attendance,
slips at every stage of their life, thanks for closed business, one-to-ones and visitors — so
`net group report`, `gaps` and `scorecard` show something real. Runs after `fill_demo`, in the
same transaction; generated from a fixed seed with dates relative to today.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from netcli.services import groups
from netcli.store import groups as rows

SEED = 20261128
MEMBERS = 24  # besides me
WEEKS = 26

# What members pass each other, by the receiver's category; any other category gets a lead
# in its own words.
LEADS: dict[str, tuple[str, ...]] = {
    "commercialista": ("apre una srl a gennaio e cerca chi tenga la contabilità",),
    "avvocato": ("contratto d'affitto commerciale da rivedere prima di firmare",),
    "notaio": ("eredità con un immobile da dividere tra tre fratelli", "compra casa a marzo"),
    "architetto": ("ristruttura la casa al lago e vuole un progetto",),
    "geometra": ("pratica catastale per un rustico in Brianza",),
    "agente immobiliare": ("vende il bilocale in centro", "cerca un trilocale a Monza"),
    "consulente finanziario": ("liquidità dell'azienda da investire",),
    "broker assicurativo": ("polizza per la flotta aziendale (12 furgoni)",),
    "consulente del lavoro": ("assume due persone: buste paga e contratti",),
    "grafica": ("logo e immagine coordinata per una startup",),
    "sviluppatore web": ("nuovo sito per lo studio dentistico",),
    "fotografa": ("matrimonio a giugno: servizio fotografico",),
    "impresa edile": ("rifare il tetto del capannone prima dell'inverno",),
    "dentista": ("tutta la famiglia cerca un nuovo dentista",),
    "fisioterapista": ("riabilitazione dopo un intervento al ginocchio",),
    "wedding planner": ("sposi di settembre che non sanno da dove partire",),
}
PROSPECTS = (
    "Giorgio Marchetti",
    "Sara Fontana",
    "Paolo Gentile",
    "Lucia Moretti",
    "Irene e Tommaso Villa",
    "Dott. Enrico Villa",
    "Marco e Giada Rota",
    "Trasporti Bassi srl",
    "Officina Ferri",
    "Anna Colombo",
    "Verde Lab",
    "Meccanica Riva spa",
    "Gruppo Sala",
)
DECLINE_NOTES = ("ha scelto un altro fornitore", "budget rimandato all'anno prossimo", "")
VISITORS = (
    ("Giovanni Neri", "idraulico"),
    ("Serena Vitali", "interior designer"),
    ("Alberto Costa", "tipografia"),
    ("Veronica Sala", "catering"),
    ("Fabio Marini", "videomaker"),
    ("Ilaria Gatti", "nutrizionista"),
    ("Stefano Monti", "web agency"),
    ("Claudia Parisi", "wedding planner"),
)


@dataclass(frozen=True)
class GroupSummary:
    members: int
    meetings: int
    slips: int
    thanks: int
    one_to_ones: int
    visitors: int


def fill_group_demo(conn: sqlite3.Connection, today: date) -> GroupSummary:
    """Add the chapter to a store `fill_demo` just filled."""
    rnd = random.Random(SEED)
    start = today - timedelta(weeks=WEEKS)
    me_member = groups.init(conn, "BNI Leonardo", "coach aziendale", start)
    taken = {groups.category_key("coach aziendale")}
    member_ids = [me_member]
    for contact in rows.categorised_contacts(conn):
        key = groups.category_key(contact["category"])
        if key in taken:
            continue
        taken.add(key)
        since = start if len(member_ids) < MEMBERS - 2 else today - timedelta(weeks=8)
        member_ids.append(
            rows.insert_member(
                conn,
                name=contact["name"],
                name_key=contact["search_key"],
                category=contact["category"],
                category_key=key,
                company=contact["company"],
                contact_id=contact["id"],
                role=None,
                admin=len(member_ids) in (1, 2),  # a president and a secretary beside me
                since=since,
                created_at=_stamp(since),
            )
        )
        if len(member_ids) == MEMBERS + 1:
            break
    leaver = member_ids[-3]
    left_on = today - timedelta(weeks=3)

    def on_roster(mid: int, day: date) -> bool:
        row = rows.member(conn, mid)
        assert row is not None
        gone = mid == leaver and day >= left_on
        return date.fromisoformat(row["since"]) <= day and not gone

    # weekly meetings, Thursdays
    first = start + timedelta(days=(3 - start.weekday()) % 7)
    meetings = 0
    day = first
    while day <= today:
        meeting_id = rows.insert_meeting(conn, day, _stamp(day))
        marks: list[tuple[int, str, str | None]] = []
        for mid in member_ids:
            if not on_roster(mid, day):
                continue
            roll = rnd.random()
            if mid == member_ids[5] and roll < 0.35:  # one member who often misses
                marks.append((mid, "absent", None))
            elif roll < 0.05:
                marks.append((mid, "absent", None))
            elif roll < 0.09:
                marks.append((mid, "late", None))
            elif roll < 0.12:
                marks.append((mid, "substitute", rnd.choice(("Marco Sala", "Laura Fabbri"))))
            else:
                marks.append((mid, "present", None))
        rows.insert_attendance(conn, meeting_id, marks)
        meetings += 1
        day += timedelta(weeks=1)
    rows.set_left(conn, leaver, left_on)

    # slips: busy givers and quiet ones, at every stage of their life
    slips = thanks = 0
    # a few busy givers, most members steady, some quiet: the scorecard gets every colour
    weights = [8 if i < 5 else 4 if i < 16 else 1 for i in range(len(member_ids))]
    for _ in range(240):
        on = start + timedelta(days=rnd.randrange(0, (today - start).days + 1))
        giver = rnd.choices(member_ids, weights)[0]
        receiver = rnd.choice([m for m in member_ids if m != giver])
        if not (on_roster(giver, on) and on_roster(receiver, on)):
            continue
        prospect = rnd.choice(PROSPECTS)
        text = _lead(rnd, rows.member(conn, receiver))
        slip_id = rows.insert_slip(
            conn,
            from_id=giver,
            to_id=receiver,
            text=text,
            hot=rnd.randint(1, 5),
            prospect=prospect,
            on=on,
            created_at=_stamp(on),
        )
        slips += 1
        age = (today - on).days
        stages = ["contacted", "met"]
        end = rnd.choice(("business", "business", "declined")) if age > 30 else None
        when = on
        for status in stages[: 0 if age < 7 else 1 if age < 14 else 2]:
            when = min(today, when + timedelta(days=rnd.randint(1, 6)))
            rows.set_slip_status(conn, slip_id, status, when, None)
            rows.insert_slip_history(conn, slip_id, when, status, None, None)
        if end is not None:
            when = min(today, when + timedelta(days=rnd.randint(5, 25)))
            if end == "business":
                cents = rnd.choice((800, 1500, 2400, 3500, 6000, 12000)) * 100
                rows.set_slip_status(conn, slip_id, "business", when, cents)
                rows.insert_slip_history(conn, slip_id, when, "business", cents, None)
                rows.insert_thanks(
                    conn,
                    from_id=receiver,
                    to_id=giver,
                    value_cents=cents,
                    on=when,
                    slip_id=slip_id,
                    note="grazie per la referenza",
                    created_at=_stamp(when),
                )
                thanks += 1
            else:
                note = rnd.choice(DECLINE_NOTES) or None
                rows.set_slip_status(conn, slip_id, "declined", when, None)
                rows.insert_slip_history(conn, slip_id, when, "declined", None, note)

    one_to_ones = 0
    for _ in range(160):
        a, b = rnd.choices(member_ids, weights)[0], rnd.choice(member_ids)
        if a == b:
            continue
        on = start + timedelta(days=rnd.randrange(0, (today - start).days + 1))
        if on_roster(a, on) and on_roster(b, on):
            rows.insert_one_to_one(conn, a, b, on, "caffè e presentazione", _stamp(on))
            one_to_ones += 1

    for n, (name, category) in enumerate(VISITORS):
        on = first + timedelta(weeks=3 * n + 1)
        by = member_ids[(n * 3) % 10]
        rows.insert_visitor(conn, name, category, by, min(on, today), _stamp(min(on, today)))

    return GroupSummary(
        members=len(member_ids),
        meetings=meetings,
        slips=slips,
        thanks=thanks,
        one_to_ones=one_to_ones,
        visitors=len(VISITORS),
    )


def _lead(rnd: random.Random, receiver: dict[str, object] | None) -> str:
    assert receiver is not None
    key = str(receiver["category_key"] or "")
    texts = next((t for c, t in LEADS.items() if groups.category_key(c) == key), None)
    if texts:
        text = rnd.choice(texts)
        return text[0].upper() + text[1:]
    return f"Cliente che cerca: {receiver['category']}"


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T09:00:00+00:00"
