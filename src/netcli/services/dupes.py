"""`net dupes`: likely duplicate contacts, as pure rules over (id, name, company, emails)."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from netcli.text import fold

CLOSE_NAME = 0.85  # SequenceMatcher ratio of folded names at the same company


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    company: str | None
    emails: tuple[str, ...]


@dataclass(frozen=True)
class DupePair:
    a: Person
    b: Person
    reason: str


def _initials_match(x: str, y: str) -> bool:
    """`m. rossi` and `maria rossi`: same last word, first words agree on their initial."""
    xs, ys = x.replace(".", " ").split(), y.replace(".", " ").split()
    if len(xs) < 2 or len(ys) < 2 or xs[-1] != ys[-1]:
        return False
    short, long_ = (xs, ys) if len(xs[0]) <= len(ys[0]) else (ys, xs)
    return len(short[0]) == 1 and long_[0].startswith(short[0])


def close_names(x: str, y: str) -> bool:
    """Folded names that are probably the same person's."""
    if x == y:
        return True
    if _initials_match(x, y):
        return True
    return difflib.SequenceMatcher(None, x, y).ratio() >= CLOSE_NAME


def find_dupes(people: Iterable[Person]) -> list[DupePair]:
    """Pairs sharing an email, a folded name, or close names at one company; each pair once."""
    people = list(people)
    found: dict[tuple[int, int], str] = {}

    def add(a: Person, b: Person, reason: str) -> None:
        key = (min(a.id, b.id), max(a.id, b.id))
        found.setdefault(key, reason)

    by_email: dict[str, list[Person]] = defaultdict(list)
    by_name: dict[str, list[Person]] = defaultdict(list)
    by_company: dict[str, list[Person]] = defaultdict(list)
    for p in people:
        for email in p.emails:
            by_email[email.casefold()].append(p)
        by_name[fold(p.name)].append(p)
        if p.company:
            by_company[fold(p.company)].append(p)
    for email, group in by_email.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                add(a, b, f"same email {email}")
    for group in by_name.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                add(a, b, "same name")
    for group in by_company.values():
        if len(group) > 200:  # a big employer: pairwise fuzzy matching would be slow and noisy
            continue
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if close_names(fold(a.name), fold(b.name)):
                    add(a, b, f"close names at {a.company}")
    by_id = {p.id: p for p in people}
    return [DupePair(by_id[a], by_id[b], reason) for (a, b), reason in sorted(found.items())]


def merge_command(pair: DupePair) -> str:
    """The `net merge` line to run: keep the older contact."""
    return f"net merge {pair.a.id} {pair.b.id}"
