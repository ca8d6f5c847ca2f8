"""Build a large synthetic store for the benchmarks, through the project's own store layer.

    python benchmarks/make_store.py bench.db              # 10,000 contacts …
    python benchmarks/make_store.py bench10.db --scale 10 # 100,000 contacts …

At scale 1: 10,000 contacts (with cadences and birthdays), 100,000 interactions, 5,000 intros,
5,000 asks, 20,000 gives, 2,000 reminders. Rows go in as bulk inserts (one executemany per
table) inside the project's one write transaction (store.db.write_connection). The derived
columns are then set with the project's own rules: last_contact by one set-based query (the
same definition as services.touch), next_due by services.touch.next_due; a sample of
contacts is then re-checked with services.touch.refresh_contacts, which must change nothing.

The data has a realistic shape for a well-kept network: a fifth of the contacts get most of the
interactions, most past reminders are done, most old intros have an outcome, most asks are
closed. Fixed seed: the same store for the same --today and --scale.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

FIRST = (
    "Giulia Marco Francesca Nicolò Sofia Luca Chiara Matteo Elena Andrea Martina Lorenzo Sara "
    "Davide Alessia Simone Giorgia Federico Valentina Tommaso Beatrice Riccardo Noemi Pietro "
    "Aurora Emanuele Irene Gabriele Ludovica Filippo Camilla Mattia Anna Jacopo Rebecca Edoardo "
    "Ginevra Niccolò Marta Giosuè"
).split()
LAST = (
    "Rossi Bianchi Ferrari Sartori Colombo Galli Fumagalli Cattaneo Conti Mariani Ricci Greco "
    "Bruno Romano Moretti Barbieri Lombardi Costa Esposito Fontana Rinaldi Caruso De Luca Gallo "
    "Marchetti Santoro Longo Leone Mancini Cantù D'Angelo Ferrè Giordano Pellegrino Vitale "
    "Serra Bellini Fabbri Sorrentino Benedetti Bertolè"
).split()
CATEGORIES = (
    "commercialista avvocato notaio architetto ingegnere geometra agente-immobiliare "
    "consulente-finanziario broker-assicurativo consulente-del-lavoro grafico sviluppatore "
    "fotografo tipografo interior-designer impresa-edile dentista fisioterapista nutrizionista "
    "idraulico psicologo elettricista wedding-planner ristoratore agente-di-viaggio "
    "consulente-marketing traduttore personal-trainer fiorista mediatore-creditizio"
).split()
TAGS = (
    "bni legal tax real-estate design construction finance insurance hr web software photo "
    "print home health sport food trades events weddings travel marketing translation beauty"
).split()
CITIES = ("Milano", "Monza", "Bergamo", "Como", "Brescia", "Varese", "Lecco", "Pavia", "Lodi")
CADENCES = ("2w", "1m", "1m", "3m", "3m", "6m", "1y")
INTERACTION_KINDS = ("call", "meeting", "one-to-one", "email", "message", "event", "other")
GIVE_KINDS = ("referral", "intro", "advice", "business", "favor", "gift", "other")

BASE = {
    "contacts": 10_000,
    "interactions": 100_000,
    "intros": 5_000,
    "asks": 5_000,
    "gives": 20_000,
    "reminders": 2_000,
}

LAST_CONTACT_ALL = """
WITH touch(contact_id, d) AS (
  SELECT ic.contact_id, i.date FROM interaction i
    JOIN interaction_contact ic ON ic.interaction_id = i.id
  UNION ALL SELECT receiver_id, date FROM give WHERE giver_id = :me
  UNION ALL SELECT giver_id, date FROM give WHERE receiver_id = :me
  UNION ALL SELECT a_id, date FROM intro WHERE by_id = :me
  UNION ALL SELECT b_id, date FROM intro WHERE by_id = :me
  UNION ALL SELECT by_id, date FROM intro WHERE a_id = :me
  UNION ALL SELECT b_id, date FROM intro WHERE a_id = :me
  UNION ALL SELECT by_id, date FROM intro WHERE b_id = :me
  UNION ALL SELECT a_id, date FROM intro WHERE b_id = :me
)
UPDATE contact SET last_contact = (SELECT max(d) FROM touch WHERE touch.contact_id = contact.id)
WHERE is_me = 0
"""


def build(path: Path, scale: float, today: date, seed: int = 7) -> dict[str, int]:
    from netcli.services.touch import next_due, refresh_contacts
    from netcli.store import queries
    from netcli.store.db import write_connection
    from netcli.text import fold

    if path.exists():
        sys.exit(f"{path} exists; pick a new file")
    rng = random.Random(seed)
    n = {k: max(1, int(v * scale)) for k, v in BASE.items()}
    tz = datetime.now().astimezone().tzinfo

    def stamp(day: date) -> str:
        return datetime(day.year, day.month, day.day, 9, 0, tzinfo=tz).isoformat()

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def insert(table: str, rows: list[dict[str, Any]]) -> None:
        """Rows of one table; the columns they leave out take their (NULL) defaults."""
        columns = list(rows[0])
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join(':' + c for c in columns)})",
            [{k: v.isoformat() if isinstance(v, date) else v for k, v in r.items()} for r in rows],
        )

    with write_connection(path) as conn:
        me = queries.me_id(conn)
        first_id = me + 1
        ids = list(range(first_id, first_id + n["contacts"]))
        contacts, emails, tags = [], [], []
        for k, cid in enumerate(ids):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {k}"
            added = ago(rng.randint(400, 1100))
            birthday = None
            if rng.random() < 0.3:
                born = date(rng.randint(1950, 2000), 1, 1) + timedelta(days=rng.randint(0, 364))
                birthday = born.isoformat() if rng.random() < 0.5 else born.strftime("%m-%d")
            contacts.append(
                {
                    "id": cid,
                    "name": name,
                    "search_key": fold(name),
                    "company": f"{rng.choice(LAST)} {rng.choice(['Srl', 'Studio', 'SpA'])}",
                    "category": rng.choice(CATEGORIES),
                    "city": rng.choice(CITIES),
                    "birthday": birthday,
                    "trust": rng.randint(0, 5),
                    # Cadences are for the close fifth of the network (see below), mostly.
                    "every": rng.choice(CADENCES)
                    if rng.random() < (0.5 if k < n["contacts"] // 5 else 0.02)
                    else None,
                    "is_me": False,
                    "archived": rng.random() < 0.03,
                    "created_at": stamp(added),
                    "updated_at": stamp(added),
                }
            )
            email = f"{fold(name).replace(' ', '.').replace(chr(39), '')}@example.it"
            emails.append({"contact_id": cid, "email": email, "email_key": email, "position": 0})
            for tag in rng.sample(TAGS, rng.randint(1, 3)):
                tags.append({"contact_id": cid, "tag": tag})
        insert("contact", contacts)
        insert("email", emails)
        insert("tag", tags)

        # A fifth of the network gets most of the attention (and keeps its cadence).
        close = ids[: len(ids) // 5]

        def someone() -> int:
            return rng.choice(close) if rng.random() < 0.8 else rng.choice(ids)

        interactions, links = [], []
        for iid in range(1, n["interactions"] + 1):
            on = ago(int(rng.triangular(0, 730, 0)))
            interactions.append(
                {
                    "id": iid,
                    "kind": rng.choice(INTERACTION_KINDS),
                    "date": on,
                    "note": rng.choice([None, "coffee", "referral talk", "follow-up"]),
                    "created_at": stamp(on),
                }
            )
            for person in {someone() for _ in range(rng.choice([1, 1, 1, 2, 3]))}:
                links.append({"interaction_id": iid, "contact_id": person})
        insert("interaction", interactions)
        insert("interaction_contact", links)

        intros = []
        for _ in range(n["intros"]):
            age = rng.randint(0, 730)
            if rng.random() < 0.5:
                by, (a, b) = me, rng.sample(ids, 2)
            else:
                by, a, b = rng.sample(ids, 3)
            # Old intros almost always have an outcome; recent ones often not yet.
            made = rng.random() < (0.5 if age < 30 else 0.01)
            status = "made" if made else rng.choice(["met", "met", "business", "declined"])
            intros.append(
                {
                    "by_id": by,
                    "a_id": a,
                    "b_id": b,
                    "date": ago(age),
                    "status": status,
                    "value_cents": rng.randint(10, 500) * 1000 if status == "business" else None,
                    "outcome_on": None if made else ago(max(0, age - rng.randint(1, 30))),
                    "created_at": stamp(ago(age)),
                }
            )
        insert("intro", intros)

        asks = []
        for aid in range(1, n["asks"] + 1):
            age = rng.randint(0, 730)
            still_open = rng.random() < (0.6 if age < 30 else 0.01)
            asks.append(
                {
                    "id": aid,
                    "contact_id": rng.choice([me, *rng.sample(ids, 4)]),
                    "text": f"a {rng.choice(CATEGORIES)} in {rng.choice(CITIES)}",
                    "tags": json.dumps(rng.sample(TAGS, 1)),
                    "status": "open" if still_open else rng.choice(["resolved", "dropped"]),
                    "created_on": ago(age),
                    "resolved_on": None if still_open else ago(max(0, age - 10)),
                    "created_at": stamp(ago(age)),
                }
            )
        insert("ask", asks)

        gives = []
        for _ in range(n["gives"]):
            on = ago(rng.randint(0, 730))
            other = someone()
            giver, receiver = (me, other) if rng.random() < 0.5 else (other, me)
            if rng.random() < 0.2:
                giver, receiver = rng.sample(ids, 2)
            kind = rng.choice(GIVE_KINDS)
            gives.append(
                {
                    "giver_id": giver,
                    "receiver_id": receiver,
                    "text": f"{kind}: {rng.choice(CATEGORIES)}",
                    "kind": kind,
                    "value_cents": rng.randint(1, 300) * 1000 if kind == "business" else None,
                    "date": on,
                    "created_at": stamp(on),
                }
            )
        insert("give", gives)

        reminders = []
        for _ in range(n["reminders"]):
            offset = rng.randint(-365, 90)  # days from today
            on = today + timedelta(days=offset)
            done = offset < 0 and rng.random() < 0.97
            reminders.append(
                {
                    "contact_id": someone(),
                    "date": on,
                    "note": rng.choice([None, "send the proposal", "ask about the referral"]),
                    "done_on": on if done else None,
                    "created_at": stamp(min(on, today)),
                }
            )
        insert("reminder", reminders)

        # Derived columns by the project's rules, set-based (refresh_contacts works per
        # contact: right for a command's few contacts, slow for a whole synthetic store).
        conn.execute(LAST_CONTACT_ALL, {"me": me})
        open_by: dict[int, list[date]] = {}
        for cid, day in conn.execute("SELECT contact_id, date FROM reminder WHERE done_on IS NULL"):
            open_by.setdefault(cid, []).append(date.fromisoformat(day))
        updates = []
        for cid, every, last, created, snoozed in conn.execute(
            "SELECT id, every, last_contact, created_at, snoozed_until FROM contact WHERE is_me = 0"
        ):
            due = next_due(
                every,
                date.fromisoformat(last) if last else None,
                date.fromisoformat(created[:10]),
                open_by.get(cid, []),
                date.fromisoformat(snoozed) if snoozed else None,
            )
            updates.append((due.isoformat() if due else None, cid))
        conn.executemany("UPDATE contact SET next_due = ? WHERE id = ?", updates)

        # The set-based pass must agree with the write path's own refresh.
        sample = rng.sample(ids, min(100, len(ids)))
        marks = ",".join("?" * len(sample))
        select = f"SELECT id, last_contact, next_due FROM contact WHERE id IN ({marks}) ORDER BY id"
        before = conn.execute(select, sample).fetchall()
        refresh_contacts(conn, sample)
        after = conn.execute(select, sample).fetchall()
        if before != after:
            raise SystemExit("derived columns disagree with services.touch.refresh_contacts")
    return {**n, "interaction_contacts": len(links)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="the store file to create (must not exist)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every count (10: 10x)")
    parser.add_argument("--today", default=None, help="YYYY-MM-DD (default: NET_TODAY or today)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from netcli import dates

    today = date.fromisoformat(args.today) if args.today else dates.today()
    started = time.perf_counter()
    counts = build(args.path, args.scale, today, args.seed)
    took = time.perf_counter() - started
    size = args.path.stat().st_size / 2**20
    summary = ", ".join(f"{v:,} {k}" for k, v in counts.items())
    print(f"{args.path}: {summary} ({size:.1f} MiB, {took:.1f} s)")


if __name__ == "__main__":
    main()
