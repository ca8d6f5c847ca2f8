"""Write a synthetic LinkedIn Connections.csv (current form) with N rows.

python benchmarks/make_linkedin.py Connections.csv 40000
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, timedelta

FIRST = [
    "Nicolò",
    "Lucía",
    "Zoë",
    "Giulia",
    "Marco",
    "Luca",
    "Chiara",
    "Paolo",
    "Anna",
    "Francesca",
    "Matteo",
    "Sofia",
    "Alessandro",
    "Martina",
    "Davide",
    "Elena",
]
LAST = [
    "Rossi",
    "Bianchi",
    "Ferrari",
    "Esposito",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "De Luca",
    "Mancini",
    "Costa",
    "D'Angelo",
]
COMPANIES = [
    "Studio Rossi",
    "Bianchi, Verdi & Associati",
    "Telefónica",
    "Moretti Labs, Inc.",
    "Rossi S.p.A.",
    "Il Vittoriale",
    "Enel",
    "Intesa Sanpaolo",
    "",
]
TITLES = ["Avvocato", "Commercialista", "Notaio", "Architetto", "CEO", "Head of Sales, EMEA"]

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address using this setting."\n'
    "\n"
)


def write_linkedin(path: str, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = date(2012, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(PREAMBLE)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "First Name",
                "Last Name",
                "URL",
                "Email Address",
                "Company",
                "Position",
                "Connected On",
            ]
        )
        for i in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            slug = f"{first}-{last}-{i:x}".lower().replace(" ", "-")
            email = f"{slug}@example.com" if rng.random() < 0.1 else ""
            day = start + timedelta(days=rng.randrange(5000))
            writer.writerow(
                [
                    first,
                    f"{last} {i}",
                    f"https://www.linkedin.com/in/{slug}",
                    email,
                    rng.choice(COMPANIES),
                    rng.choice(TITLES),
                    day.strftime("%d %b %Y"),
                ]
            )


if __name__ == "__main__":
    write_linkedin(sys.argv[1], int(sys.argv[2]))
