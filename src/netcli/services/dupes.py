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
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import NamedTuple
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
_NOT_DIGITS = re.compile(r"[^0-9]+")
_LINKEDIN = re.compile(
    r"(?:https?://)?(?:[a-z]{2,3}\.|www\.)?linkedin\.com/(in|pub)/([^?#]+?)/*(?:[?#].*)?", re.I
)


class Person(NamedTuple):
    """A contact as the rules see it (a tuple: a store has 100,000 of them)."""

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
    """The folded name (text.fold) with every apostrophe written `'`, no space after one, and
    no invisible characters (Unicode format characters such as the zero-width space): `Luca
    D’Amico`, `luca d'amico` and `Luca D' Amico` agree."""
    text = name.translate(_APOSTROPHES)
    if not text.isascii():
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _AFTER_APOSTROPHE.sub("'", _fold(text))


def _fold(text: str | None) -> str:
    """text.fold, skipping its per-character Unicode work where there is none to do: for
    ASCII text it is lower case and single spaces. Most names and companies are ASCII."""
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
    if stripped.isascii():
        digits = _NOT_DIGITS.sub("", stripped)
    else:  # Arabic-Indic, full-width… digits are digits too
        digits = "".join(str(unicodedata.decimal(ch)) for ch in stripped if ch.isdecimal())
    international = stripped.lstrip("( ").startswith("+")  # `(+39) 02 …` too
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


def _split(key: str) -> list[str]:
    return key.replace(".", " ").split()


def _surname(key: str) -> str | None:
    words = _split(key)
    return words[-1] if len(words) >= 2 else None


def _initial(key: str) -> bool:
    """`m. rossi`, `m rossi`, `m.rossi`: a first name written as its initial."""
    return key[1:2] in (" ", ".") and _surname(key) is not None


def _groups(pairs: list[tuple[str, int]]) -> list[tuple[str, list[int]]]:
    """(key, people) for every key two or more people share, keys sorted. An empty key is no
    evidence; a person counts once (pairs come person by person). Most keys are unique: they
    are counted in C and left there."""
    counts = Counter(map(itemgetter(0), pairs))
    counts.pop("", None)
    shared = {key for key, count in counts.items() if count > 1}
    found: dict[str, list[int]] = {}
    for key, i in pairs:
        if key in shared:
            group = found.setdefault(key, [])
            if not group or group[-1] != i:
                group.append(i)
    return sorted((key, group) for key, group in found.items() if len(group) > 1)


def _all_pairs(indexes: list[int]) -> Iterator[tuple[int, int]]:
    for n, i in enumerate(indexes):
        for j in indexes[n + 1 :]:
            yield i, j


def find_dupes(people: Iterable[Person]) -> list[DupePair]:
    """Every likely duplicate pair once, older contact first, in id order."""
    people = sorted({p.id: p for p in people}.values(), key=attrgetter("id"))
    names = [name_key(p.name) for p in people]
    found: dict[tuple[int, int], dict[int, str]] = defaultdict(dict)

    def add(i: int, j: int, kind: int, text: str) -> None:
        if i != j:
            found[(min(i, j), max(i, j))].setdefault(kind, text)

    profiles = {i: key for i, p in enumerate(people) if (key := linkedin_key(p.url))}
    for key, group in _groups([(key, i) for i, key in profiles.items()]):
        for i, j in _all_pairs(group):
            add(i, j, LINKEDIN, f"same LinkedIn URL {key}")
    for key, group in _groups([(e, i) for i, p in enumerate(people) for e in p.emails]):
        for i, j in _all_pairs(group):
            add(i, j, EMAIL, f"same email {key}")
    _phone_pairs(people, add)
    for _, group in _groups(list(zip(names, range(len(names)), strict=True))):
        for i, j in _all_pairs(group):
            add(i, j, NAME, "same name")
    _company_pairs(people, names, add)
    _domain_initials(people, names, add)

    pairs = []
    for (i, j), evidence in sorted(found.items()):
        x, y = profiles.get(i), profiles.get(j)
        conflict = "different LinkedIn URLs" if x and y and x != y else None
        if conflict and not evidence.keys() & IDENTICAL:
            continue  # a name alone does not outweigh two different profiles
        pairs.append(DupePair(people[i], people[j], tuple(sorted(evidence.items())), conflict))
    return pairs


def _phone_pairs(people: list[Person], add: _Add) -> None:
    """The same number however written: blocks by the last 7 digits, then same_number."""
    numbers = {
        i: [(raw.strip(), n) for raw in p.phones if (n := phone_number(raw))]
        for i, p in enumerate(people)
        if p.phones
    }
    blocks = [(n.block, i) for i, found in numbers.items() for _, n in found]
    for _, group in _groups(blocks):
        for i, j in _all_pairs(group):
            match = next(
                ((x, y) for x, nx in numbers[i] for y, ny in numbers[j] if same_number(nx, ny)),
                None,
            )
            if match:
                x, y = match
                add(i, j, PHONE, f"same phone {x}" if x == y else f"same phone {x} / {y}")


def _company_pairs(people: list[Person], names: list[str], add: _Add) -> None:
    """Close names at one company: fuzzy within each company, initials within its surnames."""
    folded = {c: _fold(c) for c in {p.company for p in people if p.company}}
    companies = [(folded[p.company], i) for i, p in enumerate(people) if p.company]
    for _, group in _groups(companies):
        label = f"close names at {people[group[0]].company}"
        if len(group) <= BIG_COMPANY:
            from netcli.services import similar

            keys = [names[i] for i in group]
            for x, y in similar.close_pairs(keys, CLOSE_NAME):
                if keys[x] != keys[y]:
                    add(group[x], group[y], CLOSE, label)
        _initial_pairs(names, group, add, CLOSE, label)


def _domain_initials(people: list[Person], names: list[str], add: _Add) -> None:
    """`M. Rossi` and `Maria Rossi` with e-mail addresses at one company's domain."""

    def domains(p: Person) -> set[str]:
        found = {e.rpartition("@")[2] for e in p.emails if "@" in e}
        return found - PUBLIC_DOMAINS

    wanted = set().union(*(domains(people[i]) for i, key in enumerate(names) if _initial(key)))
    if not wanted:
        return
    members = [
        (domain, i)
        for i, p in enumerate(people)
        if p.emails
        for domain in sorted(domains(p) & wanted)
    ]
    for domain, group in _groups(members):
        label = f"an initial for a first name, both at @{domain}"
        _initial_pairs(names, group, add, INITIALS, label)


def _initial_pairs(names: list[str], group: list[int], add: _Add, kind: int, label: str) -> None:
    """Within one block: one surname, and one first name is the other's initial."""
    initials = [i for i in group if _initial(names[i])]
    if not initials:
        return
    by_surname: dict[str, list[int]] = defaultdict(list)
    for i in group:
        if surname := _surname(names[i]):
            by_surname[surname].append(i)
    for i in initials:
        for j in by_surname[_surname(names[i]) or ""]:
            if names[j] != names[i] and initials_match(names[i], names[j]):
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
    return [  # pop: each list is freed as its contact is built (a third less peak memory)
        Person(cid, name, company, tuple(emails.pop(cid, ())), tuple(phones.pop(cid, ())), url)
        for cid, name, company, url, active in store.candidates(conn)
        if active
    ]
