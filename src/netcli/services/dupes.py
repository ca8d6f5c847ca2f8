"""`net dupes`: likely duplicate contacts, found in blocks of contacts that share something.

Nothing is compared pair by pair across the whole store: contacts are grouped by a key (an
email, a LinkedIn profile, a phone number's last digits, a folded name, a company, a company
e-mail domain with a surname) and only contacts in one group are compared; the fuzzy name rule
runs inside each company in one rapidfuzz batch call per name (services.similar).

Evidence, strongest first (a pair lists every kind it has, in this order):
  same LinkedIn URL · same email · same phone (however it is written) · same name (ignoring
  case, accents, apostrophe style and invisible characters) · close names at one company (an
  initial for a first name, or names at least 85% alike) · an initial for a first name and the
  same surname, with e-mail addresses at one company domain.
A missing value is never evidence, and two different LinkedIn profiles mean two people: such a
pair is shown only on an identical email or phone, marked, and never merged by `--merge-safe`.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from netcli.text import fold

CLOSE_NAME = 0.85  # difflib ratio of folded names at one company
# Past this many colleagues, names 85% alike are mostly different people (and the block is
# slow): a big employer gets the initials rule only.
BIG_COMPANY = 200

# Kinds of evidence, strongest first.
LINKEDIN, EMAIL, PHONE, NAME, CLOSE, INITIALS = range(6)
# Identical identifiers: what `net dupes --merge-safe` merges on.
IDENTICAL = frozenset({LINKEDIN, EMAIL, PHONE})

# Free mailboxes: a shared domain there says nothing about two people.
PUBLIC_DOMAINS = frozenset(
    """gmail.com googlemail.com hotmail.com hotmail.it outlook.com outlook.it live.com live.it
    msn.com yahoo.com yahoo.it ymail.com icloud.com me.com mac.com aol.com gmx.com gmx.net gmx.de
    web.de proton.me protonmail.com libero.it virgilio.it alice.it tim.it tin.it tiscali.it
    fastwebnet.it email.it inwind.it iol.it pec.it legalmail.it arubapec.it postacert.it""".split()
)

_APOSTROPHES = str.maketrans(
    dict.fromkeys("\u2018\u2019\u201b\u02bc\u02b9\u0060\u00b4\u2032\uff07", "'")
)
_AFTER_APOSTROPHE = re.compile(r"'\s+")
_LINKEDIN = re.compile(
    r"(?:https?://)?(?:[a-z]{2,3}\.|www\.)?linkedin\.com/(in|pub)/([^?#]+?)/*(?:[?#].*)?", re.I
)


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    company: str | None
    emails: tuple[str, ...]
    phones: tuple[str, ...] = ()
    url: str | None = None


@dataclass(frozen=True)
class DupePair:
    """Two contacts (a older than b) and what says they are one person, strongest first."""

    a: Person
    b: Person
    evidence: tuple[tuple[int, str], ...]
    conflict: str | None = None  # e.g. "different LinkedIn URLs"

    @property
    def reason(self) -> str:
        parts = [text for _, text in self.evidence]
        if self.conflict:
            parts.append(f"but {self.conflict}")
        return "; ".join(parts)

    @property
    def kinds(self) -> frozenset[int]:
        return frozenset(kind for kind, _ in self.evidence)


@dataclass(frozen=True)
class Merge:
    """One `net merge KEEP OTHER` of `--merge-safe`, with the pair that joined OTHER in."""

    keep: Person
    other: Person
    reason: str


# keys ---------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """The folded name (text.fold) with every apostrophe written `'`, no space after one,
    and no invisible characters: `D’Amico`, `D'Amico`, `D' Amico`, `D\u200bAmico` agree."""
    text = name.translate(_APOSTROPHES)
    if not text.isascii():
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _AFTER_APOSTROPHE.sub("'", _fold(text))


def _fold(text: str | None) -> str:
    """text.fold, without its per-character Unicode work where there is none to do (ASCII):
    most names, and a tenth of the time of `net dupes` on a big store."""
    if text and text.isascii():
        return " ".join(text.lower().split())
    return fold(text)


def linkedin_key(url: str | None) -> str | None:
    """`linkedin.com/in/slug` for any way of writing a LinkedIn profile address, else None."""
    if not url:
        return None
    m = _LINKEDIN.fullmatch(unquote(url.strip()))
    return f"linkedin.com/{m[1].lower()}/{m[2].casefold()}" if m else None


@dataclass(frozen=True)
class Number:
    """A phone number as its digits, and whether they start with a country code."""

    digits: str
    international: bool

    @property
    def block(self) -> str:
        return self.digits[-7:]


def phone_number(text: str) -> Number | None:
    """`+39 333 123 4567` -> 393331234567 (international); None for fewer than 7 digits."""
    stripped = text.strip()
    digits = "".join(str(unicodedata.decimal(ch)) for ch in stripped if ch.isdecimal())
    international = stripped.startswith("+")
    if not international and digits.startswith("00"):
        international, digits = True, digits[2:]
    return Number(digits, international) if len(digits) >= 7 else None


def same_number(x: Number, y: Number) -> bool:
    """The same line: equal digits, or a national number that is an international one less
    its 1-3 digit country code (less a trunk 0 too: `020 7946 0018` is `+44 20 7946 0018`)."""
    if x.international == y.international:
        return x.digits == y.digits
    full, national = (x.digits, y.digits) if x.international else (y.digits, x.digits)
    tails = [national, national[1:]] if national.startswith("0") else [national]
    return any(full.endswith(t) and 1 <= len(full) - len(t) <= 3 for t in tails)


def initials_match(x: str, y: str) -> bool:
    """`m. rossi` and `maria rossi`: same last word, first words agree on their initial."""
    xs, ys = x.replace(".", " ").split(), y.replace(".", " ").split()
    if len(xs) < 2 or len(ys) < 2 or xs[-1] != ys[-1]:
        return False
    short, long_ = (xs, ys) if len(xs[0]) <= len(ys[0]) else (ys, xs)
    return len(short[0]) == 1 and long_[0].startswith(short[0])


def _words(key: str) -> set[str]:
    return {w for w in key.replace(".", " ").split() if len(w) > 1}


# finding pairs ---------------------------------------------------------------------------

_Add = Callable[[int, int, int, str], None]


@dataclass
class _Facts:
    """What the rules compare, computed once per person."""

    person: Person
    name: str
    surname: str | None
    initial: bool  # the first word is a single letter: `m. rossi`
    linkedin: str | None
    phones: list[tuple[str, Number]]  # as written, as read


def _facts(p: Person) -> _Facts:
    key = name_key(p.name)
    words = key.replace(".", " ").split()
    phones = [(raw.strip(), n) for raw in p.phones if (n := phone_number(raw)) is not None]
    return _Facts(
        p,
        key,
        words[-1] if len(words) >= 2 else None,
        len(words) >= 2 and len(words[0]) == 1,
        linkedin_key(p.url),
        phones,
    )


def _groups(pairs: Iterable[tuple[str, int]]) -> list[tuple[str, list[int]]]:
    """(key, indexes) for every key shared by two or more people, keys sorted. An empty key
    is no evidence. Callers give each person's keys once."""
    found: dict[str, list[int]] = {}
    for key, index in pairs:
        if key:
            if key in found:
                found[key].append(index)
            else:
                found[key] = [index]
    return sorted((k, v) for k, v in found.items() if len(v) > 1)


def _all_pairs(indexes: list[int]) -> Iterator[tuple[int, int]]:
    for n, i in enumerate(indexes):
        for j in indexes[n + 1 :]:
            yield i, j


def find_dupes(people: Iterable[Person]) -> list[DupePair]:
    """Every likely duplicate pair once, older contact first, in id order."""
    people = sorted({p.id: p for p in people}.values(), key=lambda p: p.id)
    facts = [_facts(p) for p in people]
    found: dict[tuple[int, int], dict[int, str]] = defaultdict(dict)

    def add(i: int, j: int, kind: int, text: str) -> None:
        if i != j:
            found[(min(i, j), max(i, j))].setdefault(kind, text)

    for key, group in _groups((f.linkedin or "", i) for i, f in enumerate(facts)):
        for i, j in _all_pairs(group):
            add(i, j, LINKEDIN, f"same LinkedIn URL {key}")
    emails = ((e, i) for i, p in enumerate(people) for e in sorted(set(p.emails)))
    for key, group in _groups(emails):
        for i, j in _all_pairs(group):
            add(i, j, EMAIL, f"same email {key}")
    _phone_pairs(facts, add)
    for _, group in _groups((f.name, i) for i, f in enumerate(facts)):
        for i, j in _all_pairs(group):
            add(i, j, NAME, "same name")
    _company_pairs(facts, add)
    _domain_initials(facts, add)

    pairs = []
    for (i, j), evidence in sorted(found.items()):
        x, y = facts[i].linkedin, facts[j].linkedin
        conflict = "different LinkedIn URLs" if x and y and x != y else None
        if conflict and not evidence.keys() & IDENTICAL:
            continue  # a name alone does not outweigh two different profiles
        pairs.append(DupePair(people[i], people[j], tuple(sorted(evidence.items())), conflict))
    return pairs


def _phone_pairs(facts: list[_Facts], add: _Add) -> None:
    """The same number however written: blocks by the last 7 digits, then same_number."""
    blocks = ((b, i) for i, f in enumerate(facts) for b in sorted({n.block for _, n in f.phones}))
    for _, group in _groups(blocks):
        for i, j in _all_pairs(group):
            match = next(
                (
                    (x, y)
                    for x, nx in facts[i].phones
                    for y, ny in facts[j].phones
                    if same_number(nx, ny)
                ),
                None,
            )
            if match:
                x, y = match
                add(i, j, PHONE, f"same phone {x}" if x == y else f"same phone {x} / {y}")


def _company_pairs(facts: list[_Facts], add: _Add) -> None:
    """Close names at one company: fuzzy within each company, initials within its surnames."""
    for _, group in _groups((_fold(f.person.company), i) for i, f in enumerate(facts)):
        label = f"close names at {facts[group[0]].person.company}"
        if len(group) <= BIG_COMPANY:
            from netcli.services import similar

            names = [facts[i].name for i in group]
            for x, y in similar.close_pairs(names, CLOSE_NAME):
                if names[x] != names[y]:
                    add(group[x], group[y], CLOSE, label)
        _initial_pairs(facts, group, add, CLOSE, label)


def _domain_initials(facts: list[_Facts], add: _Add) -> None:
    """`M. Rossi` and `Maria Rossi` with e-mail addresses at one company's domain."""
    domains = (
        (domain, i)
        for i, f in enumerate(facts)
        if f.initial or f.surname
        for domain in sorted({e.rpartition("@")[2] for e in f.person.emails if "@" in e})
        if domain not in PUBLIC_DOMAINS
    )
    for domain, group in _groups(domains):
        label = f"an initial for a first name, both at @{domain}"
        _initial_pairs(facts, group, add, INITIALS, label)


def _initial_pairs(facts: list[_Facts], group: list[int], add: _Add, kind: int, label: str) -> None:
    """Within one block: one surname, and one first name is the other's initial."""
    if not any(facts[i].initial for i in group):
        return
    by_surname: dict[str, list[int]] = defaultdict(list)
    for i in group:
        if surname := facts[i].surname:
            by_surname[surname].append(i)
    for members in by_surname.values():
        for i in members:
            if facts[i].initial:
                for j in members:
                    if facts[j].name != facts[i].name and initials_match(
                        facts[i].name, facts[j].name
                    ):
                        add(i, j, kind, label)


# merging ---------------------------------------------------------------------------------


def merge_command(pair: DupePair | Merge) -> str:
    """The `net merge` line to run: keep the older contact."""
    if isinstance(pair, Merge):
        return f"net merge {pair.keep.id} {pair.other.id}"
    return f"net merge {pair.a.id} {pair.b.id}"


def merge_safe(pair: DupePair) -> bool:
    """An identical email, phone or LinkedIn URL, nothing against it, and for an email or a
    phone (an office mailbox, a switchboard) names that share a word."""
    if pair.conflict or not pair.kinds & IDENTICAL:
        return False
    return LINKEDIN in pair.kinds or bool(
        _words(name_key(pair.a.name)) & _words(name_key(pair.b.name))
    )


def safe_merges(pairs: Iterable[DupePair]) -> list[Merge]:
    """The merges `--merge-safe` runs: each group of contacts joined by safe pairs folds into
    its oldest member, the others in id order, each with the pair that joined it in."""
    edges: dict[int, list[DupePair]] = defaultdict(list)
    for pair in pairs:
        if merge_safe(pair):
            edges[pair.a.id].append(pair)
            edges[pair.b.id].append(pair)
    merges: list[Merge] = []
    seen: set[int] = set()
    for root in sorted(edges):
        if root in seen:
            continue
        seen.add(root)
        keep = edges[root][0].a if edges[root][0].a.id == root else edges[root][0].b
        queue = [root]
        while queue:
            here = queue.pop(0)
            for pair in edges[here]:
                other = pair.b if pair.a.id == here else pair.a
                if other.id in seen:
                    continue
                seen.add(other.id)
                queue.append(other.id)
                through = "" if here == root else f" (through #{here})"
                merges.append(Merge(keep, other, pair.reason + through))
    merges.sort(key=lambda m: (m.keep.id, m.other.id))
    return merges


# reading ---------------------------------------------------------------------------------


def load_people(conn: sqlite3.Connection) -> list[Person]:
    """Every active contact but me, with emails, phones and URL, oldest first."""
    from netcli.store import dupes as store

    emails: dict[int, list[str]] = defaultdict(list)
    for contact_id, email in store.candidate_emails(conn):
        emails[contact_id].append(email)
    phones: dict[int, list[str]] = defaultdict(list)
    for contact_id, phone in store.candidate_phones(conn):
        phones[contact_id].append(phone)
    return [
        Person(cid, name, company, tuple(emails.get(cid, ())), tuple(phones.get(cid, ())), url)
        for cid, name, company, url in store.candidates(conn)
    ]
