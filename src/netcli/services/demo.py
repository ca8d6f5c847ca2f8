"""`net demo`: a sample referral network — an Italian referral group, one member per profession.

Everything is generated from a fixed seed with dates relative to today (NET_TODAY), so the
same command gives the same network on the same day, and on any day every view has something
to show: `net due` (each of the five reasons), `net balance`, `net intros`, `net asks`, `net show`.
The rows go in through store/transfer.py, numbered in order, in the caller's one transaction.
"""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from netcli import dates
from netcli.errors import InputError
from netcli.services.touch import refresh_contacts
from netcli.store import queries, referrals, transfer
from netcli.text import fold

SEED = 20240611  # fixed: the demo is the same network every time

# name, profession (category), company, tags, city
MEMBERS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    (
        "Giulia Bianchi",
        "commercialista",
        "Studio Bianchi & Associati",
        ("tax", "accounting"),
        "Milano",
    ),
    ("Nicolò Ferrari", "avvocato", "Ferrari Legal", ("legal", "contracts"), "Milano"),
    ("Francesca Sartori", "notaio", "Studio Notarile Sartori", ("legal", "real-estate"), "Monza"),
    ("Matteo Colombo", "architetto", "Colombo Architetti", ("design", "real-estate"), "Milano"),
    ("Chiara Galli", "ingegnere strutturista", "Galli Engineering", ("construction",), "Bergamo"),
    (
        "Luca Fumagalli",
        "geometra",
        "Studio Tecnico Fumagalli",
        ("construction", "real-estate"),
        "Monza",
    ),
    ("Sofia Cattaneo", "agente immobiliare", "Cattaneo Immobiliare", ("real-estate",), "Milano"),
    ("Andrea Conti", "consulente finanziario", "Conti Wealth", ("finance",), "Como"),
    (
        "Elena Mariani",
        "broker assicurativo",
        "Mariani Assicurazioni",
        ("insurance", "finance"),
        "Milano",
    ),
    ("Davide Ricci", "consulente del lavoro", "Ricci Paghe", ("hr", "payroll"), "Lecco"),
    ("Martina Greco", "grafica", "Studio Greco Design", ("design", "branding"), "Milano"),
    ("Lorenzo Bruno", "sviluppatore web", "Bruno Digital", ("web", "software"), "Milano"),
    ("Alessia Romano", "fotografa", "Romano Foto", ("photo", "events"), "Varese"),
    ("Simone Moretti", "tipografo", "Tipografia Moretti", ("print",), "Monza"),
    ("Giorgia Barbieri", "interior designer", "Barbieri Interni", ("design", "home"), "Milano"),
    (
        "Federico Lombardi",
        "impresa edile",
        "Lombardi Costruzioni",
        ("construction", "home"),
        "Bergamo",
    ),
    ("Valentina Costa", "dentista", "Studio Dentistico Costa", ("health",), "Milano"),
    ("Tommaso Esposito", "fisioterapista", "FisioEsposito", ("health", "sport"), "Monza"),
    ("Sara Fontana", "nutrizionista", "Fontana Nutrizione", ("health", "food"), "Milano"),
    ("Giacomo Rinaldi", "idraulico", "Rinaldi Impianti", ("home", "trades"), "Sesto San Giovanni"),
    ("Beatrice Caruso", "psicologa", "Studio Caruso", ("health",), "Milano"),
    ("Riccardo De Luca", "elettricista", "De Luca Elettroimpianti", ("home", "trades"), "Monza"),
    ("Noemi Gallo", "wedding planner", "Noemi Gallo Eventi", ("events", "weddings"), "Como"),
    ("Pietro Marchetti", "ristoratore", "Trattoria Da Pietro", ("food", "events"), "Milano"),
    ("Aurora Santoro", "agente di viaggio", "Santoro Viaggi", ("travel",), "Milano"),
    ("Emanuele Longo", "consulente marketing", "Longo Marketing", ("marketing",), "Milano"),
    ("Irene Leone", "traduttrice", "Leone Traduzioni", ("translation", "legal"), "Pavia"),
    ("Gabriele Mancini", "personal trainer", "Mancini Fit", ("sport", "health"), "Milano"),
    ("Ludovica Cantù", "fiorista", "Fiori Cantù", ("events", "weddings"), "Monza"),
    (
        "Filippo D'Angelo",
        "mediatore creditizio",
        "D'Angelo Mutui",
        ("finance", "real-estate"),
        "Milano",
    ),
    ("Camilla Ferrè", "estetista", "Beauty Ferrè", ("beauty",), "Lodi"),
    ("Mattia Giordano", "serramentista", "Giordano Serramenti", ("home", "trades"), "Bergamo"),
    ("Anna Pellegrino", "osteopata", "Pellegrino Osteopatia", ("health",), "Milano"),
    ("Jacopo Vitale", "videomaker", "Vitale Video", ("video", "events"), "Milano"),
    ("Rebecca Serra", "copywriter", "Serra Parole", ("marketing", "writing"), "Milano"),
    ("Edoardo Bellini", "consulente IT", "Bellini Sistemi", ("software", "it"), "Monza"),
    ("Ginevra Fabbri", "formatrice", "Fabbri Formazione", ("training", "hr"), "Brescia"),
    ("Niccolò Sorrentino", "enologo", "Enoteca Sorrentino", ("wine", "food", "events"), "Milano"),
    ("Marta Benedetti", "avvocata del lavoro", "Benedetti Lavoro", ("legal", "hr"), "Milano"),
    ("Giosuè Bertolè", "private banker", "Banca Bertolè", ("finance",), "Milano"),
)

ASK_TEXTS = {
    "tax": "a young commercialista for a start-up client",
    "legal": "an avvocato for a rental contract dispute",
    "real-estate": "a notaio for a house purchase in Monza",
    "design": "a graphic designer for a new logo",
    "construction": "a builder for a bathroom renovation",
    "finance": "a mutuo for a first home",
    "web": "a web developer for an e-commerce site",
    "events": "a location for a 60-person company dinner",
    "health": "a physiotherapist for a back problem",
    "home": "an electrician for an office rewiring",
    "marketing": "someone to run LinkedIn ads",
}
OPEN_ASKS = (  # text, tags, asker (index in MEMBERS), days old
    ("a commercialista who knows forfettario for freelancers", ("tax", "commercialista"), 5, 40),
    ("an interior designer for a restaurant refit", ("design", "interior"), 23, 20),
    ("introductions to HR managers in Bergamo", ("hr",), 38, 5),
)
MY_ASK = "introductions to owners of companies with 10-50 employees"
# What each kind of give says: a business give is work bought or hired, a gift a gift.
GIVE_TEXTS = {
    "referral": (
        "a client who needs your services",
        "a family buying a flat in Monza: they need you",
        "a start-up founder looking for someone like you",
        "a restaurant owner who asked for your number",
        "a colleague of my wife's, moving his office",
        "a company in Bergamo changing supplier",
    ),
    "business": (
        "hired them for the office refit",
        "bought the annual insurance policy",
        "a new website for my studio",
        "photos for the chapter's brochure",
        "catering for the company dinner",
        "their team ran our staff training",
    ),
    "advice": (
        "advice on pricing",
        "tips on the new VAT rules",
        "a second opinion on a lease",
        "how to structure a proposal",
        "feedback on my presentation",
        "advice on hiring a first employee",
    ),
    "intro": (
        "an introduction to a design agency",
        "an introduction to the chamber of commerce",
        "a contact at a bank in Como",
        "an introduction to a wedding venue",
        "a contact at the Bergamo trade fair",
        "an introduction to a family-office manager",
    ),
    "favor": (
        "a review on Google",
        "covered my slot at the chapter meeting",
        "lent the projector for a workshop",
        "shared my post with their clients",
        "a lift to the trade fair",
        "proofread my newsletter",
    ),
    "gift": (
        "two tickets for the trade fair",
        "a bottle of Franciacorta",
        "a book on negotiation",
        "panettone for the holidays",
        "flowers for the studio opening",
        "a cookery class voucher",
    ),
}
INTRO_NOTES = (
    "{need} for {who}",
    "{who} asked for a good {need}",
    "both work with young families; {who} needs a {need}",
    "{who} is expanding and needs a {need}",
    "met at the aperitivo; {who} wants a {need} she can trust",
    "a {need} for {who}'s new clients",
)
INTRO_TO_ME_NOTES = (
    "thought you two should talk",
    "a client of hers who needs exactly what you do",
    "met at a wedding fair; he asked about you",
    "his cousin, just opened a studio in Milano",
    "she sits on the board of a local association",
    "they are hiring and need help",
)
INTERACTION_NOTES = {
    "one-to-one": ("one-to-one over coffee", "one-to-one at their office", "one-to-one on Zoom"),
    "call": ("quick call", "call about a referral", "catch-up call"),
    "message": ("WhatsApp catch-up", "sent the article we talked about", "thanks for the referral"),
    "email": ("sent my presentation", "followed up on the proposal", None),
    "meeting": ("chapter meeting", "visitor day", "lunch"),
    "event": ("networking aperitivo", "chapter anniversary dinner", "trade fair"),
}


@dataclass
class DemoSummary:
    contacts: int
    intros: int
    asks: int
    gives: int
    interactions: int
    links: int
    reminders: int


def _stamp(day: date) -> str:
    tz = dates.now().tzinfo
    return datetime.combine(day, time(9, 0), tzinfo=tz).isoformat()


def fill_demo(conn: sqlite3.Connection, today: date | None = None) -> DemoSummary:
    """Fill an empty store with the demo network; InputError (exit 3) on a non-empty one."""
    if not queries.store_is_empty(conn):
        raise InputError(
            "the store is not empty; the demo needs a new one "
            "(try: net --db demo.db demo, then net --db demo.db due)"
        )
    t = today or dates.today()
    rng = random.Random(SEED)
    story = random.Random(SEED + 1)  # the results loop's records: the main stream unchanged
    me = queries.me_id(conn)

    def ago(days: int) -> date:
        return t - timedelta(days=days)

    # Rows by table, each numbered after the store's last id, as SQLite would number them.
    tables: dict[str, list[dict[str, Any]]] = {table: [] for table in transfer.RECORD_COLUMNS}
    members: list[dict[str, Any]] = []
    first_contact = transfer.next_contact_id(conn)

    def add(table: str, **values: Any) -> int:
        found = tables[table]
        values["id"] = (found[-1]["id"] + 1) if found else transfer.next_id(conn, table)
        for column in transfer.RECORD_COLUMNS[table]:
            value = values.setdefault(column, None)
            if isinstance(value, date):
                values[column] = value.isoformat()
        found.append(values)
        return int(values["id"])

    # contacts -----------------------------------------------------------------------
    # Five members have lapsed (monthly cadence, nothing for 40+ days): cadence items.
    lapsed = {3, 11, 19, 26, 35}
    ids: list[int] = []
    last_allowed: dict[int, int] = {}  # contact id -> most recent day (days ago) for history
    for n, (name, category, company, tags, city) in enumerate(MEMBERS):
        first, _, last = name.partition(" ")
        email_user = fold(f"{first}.{last}").replace(" ", "").replace("'", "")
        birthday: str | None = None
        if n == 4:
            birthday = ago(-2).strftime("%m-%d")  # in two days
        elif n == 7:
            birthday = f"{t.year - 44}-{t.strftime('%m-%d')}"  # today, turns 44
        elif rng.random() < 0.7:
            born = date(rng.randint(1965, 1995), 1, 1) + timedelta(days=rng.randint(0, 364))
            birthday = born.isoformat() if rng.random() < 0.5 else born.strftime("%m-%d")
        if n in lapsed:
            every: str | None = "1m"
        else:
            every = rng.choice(["1m", "3m", "3m", "6m", None, None, None])
        added = ago(rng.randint(370, 400))
        contact_id = first_contact + n
        members.append(
            dict.fromkeys(transfer.CONTACT_COLUMNS)
            | {
                "id": contact_id,
                "name": name,
                "search_key": fold(name),
                "company": company,
                "category": category,
                "city": city,
                "birthday": birthday,
                "trust": rng.choice([2, 3, 3, 4, 4, 5]),
                "every": every,
                "met_on": added.isoformat(),
                "notes": rng.choice(
                    [
                        None,
                        None,
                        "Member of the chapter since 2019.",
                        "Prefers WhatsApp to email.",
                        "Great at giving referrals; ask about their clients.",
                        "Speaks English and German.",
                    ]
                ),
                "is_me": False,
                "archived": False,
                "created_at": _stamp(added),
                "updated_at": _stamp(added),
                "via_id": None,
            }
        )
        ids.append(contact_id)
        last_allowed[contact_id] = rng.randint(41, 70) if n in lapsed else 0
        members[-1]["emails"] = [f"{email_user}@example.it"]
        members[-1]["phones"] = [f"+39 3{rng.randint(20, 49)} {rng.randint(1000000, 9999999)}"]
        members[-1]["tags"] = ["bni", *tags]

    def day_for(*contact_ids: int, lo: int = 0, hi: int = 360) -> date:
        """A day in the past year that keeps lapsed members out of recent history."""
        floor = max([lo, *(last_allowed.get(c, 0) for c in contact_ids)])
        return ago(rng.randint(floor, max(floor, hi)))

    counts = {"intros": 0, "asks": 0, "gives": 0, "interactions": 0, "links": 0, "reminders": 0}

    # intros -------------------------------------------------------------------------
    def add_intro(
        by: int, a: int, b: int, on: date, status: str, note: str | None, cents: int | None = None
    ) -> None:
        outcome_on = None
        if status not in ("made", "proposed"):
            outcome_on = min(t, on + timedelta(days=rng.randint(5, 30)))
        add(
            "intro",
            by_id=by,
            a_id=a,
            b_id=b,
            date=on,
            note=note,
            status=status,
            value_cents=cents,
            outcome_on=outcome_on,
            outcome_note="signed" if status == "business" else None,
            created_at=_stamp(on),
        )
        counts["intros"] += 1

    for _ in range(30):
        a, b = rng.sample(ids, 2)
        on = day_for(a, b, lo=45)
        status = rng.choice(["met", "met", "business", "business", "declined"])
        cents = rng.randint(5, 150) * 10000 if status == "business" else None
        add_intro(
            me,
            a,
            b,
            on,
            status,
            story.choice(INTRO_NOTES).format(
                need=MEMBERS[ids.index(b)][1], who=MEMBERS[ids.index(a)][0].split()[0]
            ),
            cents,
        )
    for _ in range(10):  # members introducing me to their clients and friends
        by = rng.choice(ids)
        b = rng.choice([c for c in ids if c != by])
        on = day_for(by, b, lo=45)
        status = rng.choice(["met", "business", "business"])
        cents = rng.randint(10, 80) * 10000 if status == "business" else None
        add_intro(by, me, b, on, status, story.choice(INTRO_TO_ME_NOTES), cents)
    for _ in range(6):  # intros among members that I only heard about
        by, a, b = rng.sample(ids, 3)
        add_intro(by, a, b, ago(rng.randint(30, 300)), rng.choice(["met", "business"]), None)
    # Fresh intros still waiting for an outcome: check-ins overdue and upcoming.
    add_intro(me, ids[0], ids[13], ago(10), "made", "printing for a client's annual report")
    add_intro(me, ids[22], ids[28], ago(3), "made", "flowers for her weddings")
    add_intro(ids[9], me, ids[37], ago(12), "made", "wine for the chapter dinner")
    # Double opt-in: I asked Anna whether she wants to meet Tommaso; no answer yet.
    add_intro(
        me, ids[17], ids[32], ago(4), "proposed", "a physio and an osteopath could share patients"
    )

    # asks and gives --------------------------------------------------------------------
    for n in range(9):  # resolved asks, each fulfilled by a give
        asker = rng.choice(ids)
        tag = rng.choice(list(ASK_TEXTS))
        created = ago(rng.randint(80, 330))
        resolved = created + timedelta(days=rng.randint(3, 25))
        ask_id = add(
            "ask",
            contact_id=asker,
            text=ASK_TEXTS[tag],
            tags=json.dumps([tag]),
            status="resolved" if n % 4 else "dropped",
            created_on=created,
            resolved_on=resolved,
            resolution_note="found someone" if n % 4 else "no longer needed",
            created_at=_stamp(created),
        )
        counts["asks"] += 1
        if n % 4:
            add(
                "give",
                giver_id=me,
                receiver_id=asker,
                text=f"found {ASK_TEXTS[tag]}",
                kind="referral",
                date=resolved,
                ask_id=ask_id,
                created_at=_stamp(resolved),
            )
            counts["gives"] += 1
    for text, tags, member, days_old in OPEN_ASKS:
        add(
            "ask",
            contact_id=ids[member],
            text=text,
            tags=json.dumps(list(tags)),
            status="open",
            created_on=ago(days_old),
            created_at=_stamp(ago(days_old)),
        )
        counts["asks"] += 1
    add(
        "ask",
        contact_id=me,
        text=MY_ASK,
        tags=json.dumps(["business"]),
        status="open",
        created_on=ago(30),
        created_at=_stamp(ago(30)),
    )
    counts["asks"] += 1

    kinds = ("referral", "referral", "business", "advice", "intro", "favor", "gift")
    for n in range(44):
        other = rng.choice(ids)
        on = day_for(other, lo=1)
        kind = rng.choice(kinds)
        cents = rng.randint(2, 120) * 5000 if kind in ("referral", "business") else None
        # Members give me a little more than I give them: some owe me, I owe others.
        giver, receiver = (other, me) if n % 5 < 3 else (me, other)
        add(
            "give",
            giver_id=giver,
            receiver_id=receiver,
            text=GIVE_TEXTS[kind][rng.choice(range(6))],
            kind=kind,
            value_cents=cents,
            date=on,
            created_at=_stamp(on),
        )
        counts["gives"] += 1
    for _ in range(8):  # gives between members
        giver, receiver = rng.sample(ids, 2)
        on = ago(rng.randint(5, 340))
        add(
            "give",
            giver_id=giver,
            receiver_id=receiver,
            text="a client passed on at the chapter meeting",
            kind="referral",
            value_cents=rng.randint(5, 60) * 10000,
            date=on,
            created_at=_stamp(on),
        )
        counts["gives"] += 1

    # interactions ----------------------------------------------------------------------
    def log(kind: str, on: date, people: list[int], note: str | None) -> None:
        add(
            "interaction",
            kind=kind,
            date=on,
            note=note,
            created_at=_stamp(on),
            contact_ids=list(dict.fromkeys(people)),
        )
        counts["interactions"] += 1

    for _ in range(140):
        person = rng.choice(ids)
        kind = rng.choice(["one-to-one", "one-to-one", "call", "message", "message", "email"])
        log(kind, day_for(person, lo=1), [person], rng.choice(INTERACTION_NOTES[kind]))
    for week in range(2, 52, 4):  # a monthly event with a few members
        on = ago(week * 7)
        people = [c for c in rng.sample(ids, 6) if last_allowed[c] <= week * 7]
        if people:
            kind = rng.choice(["meeting", "event"])
            log(kind, on, people, rng.choice(INTERACTION_NOTES[kind]))

    # links and reminders ------------------------------------------------------------------
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 28:
        a, b = sorted(rng.sample(ids, 2))
        pairs.add((a, b))
    for a, b in sorted(pairs):
        add(
            "link",
            a_id=a,
            b_id=b,
            strength=rng.randint(2, 5),
            note=rng.choice([None, "work together", "old friends", "same building"]),
            created_at=_stamp(ago(200)),
        )
        counts["links"] += 1
    for contact_id, offset, note, done_on in (
        (ids[1], 0, "send the NDA template he asked for", None),
        (ids[16], 2, "ask how the new clinic is going", None),
        (ids[24], -3, "propose a joint event for the spring", None),
        (ids[10], 30, "quote for the chapter's new brochure", ago(25)),
    ):
        when = ago(offset)
        add(
            "reminder",
            contact_id=contact_id,
            date=when,
            note=note,
            done_on=done_on,
            created_at=_stamp(min(t, when)),
        )
        counts["reminders"] += 1

    counts["gives"] += _results_loop(tables["give"], members, story, me, ids, t, add)
    transfer.insert_contacts(conn, members)
    for table in ("intro", "ask", "give", "interaction", "link", "reminder"):
        transfer.insert_records(conn, table, tables[table])
    referrals.start_lifecycles(conn)  # history rows for the other intros and referrals
    refresh_contacts(conn, [*ids, me])  # my own asks and gives are in the term index too
    transfer.ids_given(conn)
    return DemoSummary(contacts=len(ids), **counts)


def _results_loop(
    gives: list[dict[str, Any]],
    members: list[dict[str, Any]],
    rng: random.Random,
    me: int,
    ids: list[int],
    t: date,
    add: Any,
) -> int:
    """Referrals at every stage, closed values, and chains of introductions three deep so
    that `net referrals`, `net due` (reason referral) and `net credit` have a story to tell.
    Returns how many gives it added."""

    def ago(days: int) -> date:
        return t - timedelta(days=days)

    # Older referrals have an outcome by now: most closed, some declined.
    for g in gives:
        if g["kind"] != "referral":
            continue
        on = date.fromisoformat(g["date"])
        age = (t - on).days
        g["hot"] = rng.choice([2, 3, 3, 4, 5])
        if age <= 10 and me in (g["giver_id"], g["receiver_id"]):
            g["status"], status_on = "contacted", on + timedelta(days=1)
        elif rng.random() < 0.7:
            g["status"], status_on = "business", min(t, on + timedelta(days=rng.randint(7, 40)))
            g["closed_value_cents"] = g["value_cents"] or rng.randint(4, 120) * 5000
        else:
            g["status"], status_on = "declined", min(t, on + timedelta(days=rng.randint(3, 20)))
        g["status_on"] = status_on.isoformat()

    # Who brought whom: Giulia introduced me to Luca, Luca to Alessia (a chain three deep);
    # Davide introduced me to Valentina, Valentina to Sara.
    by_id = {m["id"]: m for m in members}
    for contact_id, via in ((ids[5], ids[0]), (ids[12], ids[5]), (ids[16], ids[9]),
                            (ids[18], ids[16])):  # fmt: skip
        by_id[contact_id]["via_id"] = via

    added = 0

    def referral(
        giver: int,
        receiver: int,
        text: str,
        days_ago: int,
        prospect: int | None,
        hot: int,
        stages: tuple[tuple[str, int, int | None, str | None], ...] = (),
        expected: int | None = None,
    ) -> None:
        nonlocal added
        on = ago(days_ago)
        status, status_on, cents = "open", on, None
        if stages:
            status, last_ago, cents, _ = stages[-1]
            status_on = ago(last_ago)
        history = [("open", days_ago, None, None), *stages]
        add(
            "give",
            giver_id=giver, receiver_id=receiver, text=text, kind="referral",
            value_cents=expected, date=on, created_at=_stamp(on), status=status,
            status_on=status_on, hot=hot, prospect_id=prospect,
            closed_value_cents=cents if status == "business" else None,
            history=[
                {
                    "status": step, "date": ago(step_ago).isoformat(), "value_cents": value,
                    "note": note, "created_at": _stamp(ago(step_ago)),
                }
                for step, step_ago, value, note in history
            ],
        )  # fmt: skip
        added += 1

    # received: one two days ago (due today), one yesterday (due tomorrow), one contacted,
    # one met, one closed through the three-deep chain, one that came to nothing
    referral(
        ids[14],
        me,
        "Pietro is opening a second trattoria and wants to talk to you",
        2,
        ids[23],
        5,
        expected=1200000,
    )
    referral(ids[20], me, "Camilla needs help with the accounts of her new salon", 1, ids[30], 4)
    referral(
        ids[2],
        me,
        "Filippo's clients keep asking for someone like you",
        9,
        ids[29],
        3,
        (("contacted", 8, None, "called him, meeting next week"),),
    )
    referral(
        ids[16],
        me,
        "Gabriele wants to expand his gym",
        25,
        ids[27],
        4,
        (("contacted", 23, None, None), ("met", 15, None, "good meeting at the gym")),
    )
    referral(
        ids[12],
        me,
        "Ludovica is moving her shop and needs everything redone",
        70,
        ids[28],
        5,
        (
            ("contacted", 69, None, None),
            ("met", 60, None, None),
            ("business", 40, 850000, "signed: thank you Alessia!"),
        ),
        expected=600000,
    )
    referral(
        ids[18],
        me,
        "Noemi's wedding clients need a photographer",
        50,
        ids[22],
        2,
        (("contacted", 48, None, None), ("declined", 41, None, "went with a cousin")),
    )
    # given by me: one just passed, one contacted and overdue for a check, one closed
    referral(me, ids[1], "Marta's firm is looking for a second legal adviser", 3, ids[38], 3)
    referral(
        me,
        ids[6],
        "Jacopo wants to buy a studio in Milano",
        20,
        ids[33],
        4,
        (("contacted", 18, None, "Sofia called him"),),
    )
    referral(
        me,
        ids[8],
        "Emanuele's agency needs a group insurance",
        60,
        ids[25],
        4,
        (("contacted", 58, None, None), ("business", 30, 420000, "policy signed")),
    )
    return added
