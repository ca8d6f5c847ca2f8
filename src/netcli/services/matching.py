"""Text matching for `net match` and `net who`: who in my network fits a need or a word.

The pure part (words, stems, MatchIndex, scoring) has no I/O; `suggest_matches` and
`who_knows` load their input in a few queries and call it. How a score is made (docs/insights.md):

1. Text becomes terms: accents and case folded, split into words, Italian and English stop words
   dropped (articles, prepositions, "cerco", "need"…), each word lightly stemmed so that
   singular/plural and masculine/feminine meet (commercialista/commercialisti → commercialist,
   avvocato/avvocati → avvocat, notaio/notai → nota, lawyer/lawyers → lawyer).
2. A query term found in a person's profile counts by where it was found (FIELD_WEIGHTS:
   category and tags fully, title 0.8, notes half…); a term that is only the start of a profile
   word (design → designer) counts PREFIX_FACTOR× (query terms of 4+ letters).
3. relevance = Σ rarity(t) × weight(t) / Σ rarity(t) over the query terms anyone in the network
   has, rarity being ln(1 + N / people having t): the share of the need a person covers, rare
   words counting more than words everybody has (a city). Always 0–1.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import math
import re
import sqlite3
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from netcli.services import ranking
from netcli.services.ranking import TermBits
from netcli.text import fold, shell_word

FIELD_WEIGHTS = {
    "name": 1.0,
    "category": 1.0,
    "tag": 1.0,
    "title": 0.8,
    "company": 0.6,
    "notes": 0.5,
    "skills": 0.9,
    "networks": 0.5,
    "accomplishments": 0.5,
    "give": 0.5,
    "city": 0.4,
    # what they need (`net who --needs`): their open asks and their goals
    "ask": 1.0,
    "goals": 0.8,
}
OFFER_FIELDS = (
    "category", "title", "company", "city", "notes", "skills", "networks", "accomplishments",
)  # fmt: skip
SHORT_FIELDS = {"name", "category", "tag", "title", "company", "city"}  # reasons quote them whole
PREFIX_FACTOR = 0.7
MIN_PREFIX = 4
DEFAULT_MATCHES = 5  # candidates per ask
PREFILTER_TERMS = 32  # up to this many query stems, fields without one are not split
SEEDS = 64  # holders of an ask's strongest term scored first, to prune the rest

STOP_WORDS = frozenset(
    """
    a ad al alla alle allo ai agli all anche avere bisogno buon buona buono c che chi ci cio
    col coi come con contro cui d da dagli dai dal dall dalla dalle dallo de degli dei del dell
    della delle dello di dove e ed era essere gli ha hanno ho i il in io l la le lei li lo loro
    lui ma me mi mia mie miei mio ne negli nei nel nell nella nelle nello noi non nostra nostre
    nostri nostro o od ogni per perche piu po poco qual qualche qualcosa qualcuno quale quali
    quando quella quelle quelli quello questa queste questi questo se sei si sia sono su sua sue
    sugli sui sul sull sulla sulle sullo suo suoi ti tra fra tu tua tue tuo tuoi tutti tutto un
    una uno vi voi vostra vostro cerco cerca cerchiamo cercando cercare serve servono servirebbe
    vorrei vorremmo trovare bravo brava bravi brave molto
    about after all also am an and any anyone are as at be been being but by can could do does
    for from get good great has have he her here him his how i if in into is it its just know
    like looking look me might more my need needed needs new of on one or our out she should so
    some someone somebody than that the their them then there these they this those to too up
    us want wants was we were what when where which who whom why will with would you your
    seeking find help
    """.split()
)

# Whom a need is for, not what it is: "un commercialista per un cliente", "for a start-up
# client". Such a word soon after "per"/"for" (not "looking for") is no part of the need.
BENEFICIARIES = frozenset(
    """
    cliente clienti cliento client clients customer customers amico amica amici amiche friend
    friends moglie marito wife husband figlio figlia figli son daughter kids collega colleghi
    colleague colleagues socio soci partner partners fratello sorella brother sister mamma madre
    padre mother father parente parenti relative conoscente suocera suocero
    """.split()
)
PURPOSE = frozenset({"per", "for"})
PURPOSE_REACH = 4  # words from "per"/"for" to the beneficiary: "for a start-up client"
SEARCH_VERBS = frozenset({"looking", "look", "looks", "searching", "search", "ask", "asking"})

_WORD = re.compile(r"[a-z0-9]+")
_ORIGINAL_WORD = re.compile(r"[^\W_]+")
_stems: dict[str, str] = {}


def stem(word: str) -> str:
    """A light stem of a folded word: English plurals, then one Italian/English final vowel."""
    found = _stems.get(word)
    if found is not None:
        return found
    s = word
    if len(s) > 3 and not s.isdigit():
        if s.endswith("ies") and len(s) > 4:
            s = s[:-3] + "y"  # companies → company
        elif s.endswith(("sses", "shes", "ches", "xes", "zes")):
            s = s[:-2]  # taxes → tax, coaches → coach
        elif s.endswith("s") and not s.endswith(("ss", "us", "is")):
            s = s[:-1]  # lawyers → lawyer
        if s.endswith("io") and len(s) > 4:
            s = s[:-2]  # notaio → nota, like notai → nota; studio/studi → stud
        elif s[-1] in "aeiou" and len(s) > 3:
            s = s[:-1]  # avvocato/avvocati/avvocata → avvocat
        if s.endswith(("ch", "gh")) and len(s) > 3:
            s = s[:-1]  # banche → banc like banca; tedeschi → tedesc like tedesco
    _stems[word] = s
    return s


def words(text: str | None) -> list[str]:
    """Folded words of a text (accents and case removed; apostrophes split: dell'avvocato)."""
    if not text:
        return []
    # lower() is fold() for ASCII and 20× cheaper: it decides `net who`'s time on 10k contacts
    return _WORD.findall(text.lower() if text.isascii() else fold(text))


def terms(text: str | None, *, keep_stop_words: bool = False) -> list[str]:
    """The distinct stemmed terms of a text, in order, stop words and 1-letter words dropped."""
    found = [
        stem(w) for w in words(text) if len(w) > 1 and (keep_stop_words or w not in STOP_WORDS)
    ]
    return list(dict.fromkeys(found))


def query_terms(texts: Iterable[str | None]) -> list[str]:
    """Terms of a query; if every word is a stop word, those words (so `net who "the"` works)."""
    texts = list(texts)
    found = list(dict.fromkeys(t for text in texts for t in terms(text)))
    if not found:
        found = list(dict.fromkeys(t for text in texts for t in terms(text, keep_stop_words=True)))
    return found


def ask_terms(text: str | None, tags: Iterable[str] = ()) -> list[str]:
    """Terms of an ask: its text's terms without the people it is for ("per un cliente",
    "for a start-up client": cliente/client is whom, not what), then its tags' terms. An
    ask about clients ("nuovi clienti", "looking for clients") keeps the word."""
    found = words(text)
    kept: list[str] = []
    purposes = [
        k
        for k, w in enumerate(found)
        if w in PURPOSE and not (k > 0 and found[k - 1] in SEARCH_VERBS)
    ]
    for i, word in enumerate(found):
        if word in BENEFICIARIES and any(i - PURPOSE_REACH <= k < i for k in purposes):
            continue
        kept.append(word)
    return query_terms([" ".join(kept), *tags]) or query_terms([text, *tags])


# the term index (schema 12, store/terms.py) ------------------------------------------------

# The fields whose terms the index keeps: what a person offers and what they need.
NEED_FIELDS = ("ask", "goals")
MATCH_FIELDS = (*OFFER_FIELDS, "tag")  # what `net match` reads of a candidate
WHO_FIELDS = (*MATCH_FIELDS, "name", "give")  # what `net who` reads


@functools.lru_cache(maxsize=65536)
def field_terms(text: str) -> frozenset[str]:
    """The terms a profile field holds, as MatchIndex keeps them when no query narrows it:
    the stems of its words of two letters or more, stop words aside."""
    return frozenset(stem(w) for w in words(text) if len(w) > 1 and w not in STOP_WORDS)


def index_rows(sources: Iterable[tuple[int, str, str]]) -> set[tuple[str, int, str]]:
    """(term, contact id, field) rows of the term index from (contact id, field, text)
    sources; an ask's tags (`ask_tags`, JSON) count as its text."""
    found: set[tuple[str, int, str]] = set()
    for contact_id, field, text in sources:
        if field == "ask_tags":
            field, text = "ask", " ".join(json.loads(text or "[]"))
        found.update((term, contact_id, field) for term in field_terms(text))
    return found


def refresh_terms(conn: sqlite3.Connection, ids: Iterable[int] | None) -> None:
    """Rewrite the term index rows of these contacts (None: of everyone) from their sources."""
    from netcli.store import terms

    if ids is None:
        terms.rebuild(conn, index_rows)
        return
    wanted = sorted(set(ids))
    if wanted:
        terms.replace(conn, wanted, index_rows(terms.sources(conn, wanted)))


def add_terms(conn: sqlite3.Connection, contact_id: int, field: str, text: str) -> None:
    """Add the terms of one new text of a contact (a give they made) to the index: what a
    refresh of the contact would add, without rereading everything else they hold."""
    from netcli.store import terms

    terms.add(conn, index_rows([(contact_id, field, text)]))


def _after(prefix: str) -> str | None:
    """The least term above every term starting with `prefix` (terms are [0-9a-z]+)."""
    kept = prefix.rstrip("z")
    if not kept:
        return None
    last = kept[-1]
    return kept[:-1] + ("a" if last == "9" else chr(ord(last) + 1))


def lookups(query: Iterable[str]) -> tuple[list[str], list[tuple[str, str | None]]]:
    """What to look up in the term index for these query terms: the short ones exactly,
    the others as a range of terms starting with them (MIN_PREFIX: design → designer)."""
    query = sorted(set(query))
    exact = [t for t in query if len(t) < MIN_PREFIX]
    ranges = [(t, _after(t)) for t in query if len(t) >= MIN_PREFIX]
    return exact, ranges


# the index -----------------------------------------------------------------------------


class Field(NamedTuple):
    """One piece of a person's profile: where it comes from and its text."""

    label: str
    text: str


class Profile(NamedTuple):
    id: int
    name: str
    key: str  # the folded name: ties are ordered by it
    fields: tuple[Field, ...]
    trust: int = 3


class Hit(NamedTuple):
    """Where a term was found in one profile, and how much that place counts."""

    weight: float
    field: Field
    word: str  # the folded profile word that matched

    def reason(self) -> str:
        return _reason(self.field, self.word)


@functools.lru_cache(maxsize=4096)
def _reason(field: Field, word: str) -> str:
    """How a hit is shown: a short field whole, a word of a long one with its accents."""
    if field.label in SHORT_FIELDS:
        return f"{field.label}: {field.text}"
    return f'{field.label}: "{original_word(field.text, word)}"'


def original_word(text: str, folded: str) -> str:
    """The word of `text` (with its accents) whose folded form is `folded`."""
    for m in _ORIGINAL_WORD.finditer(text):
        if folded in words(m.group()):
            return m.group()
    return folded


class Term(NamedTuple):
    """One query term in the index: who holds it (and where), and how rare it is."""

    hits: dict[int, Hit]
    rarity: float


class MatchIndex:
    """Profiles indexed by term. With `wanted`, only terms a query can hit are kept
    (exactly, or as a prefix of a profile word), which keeps one-off commands fast."""

    def __init__(
        self,
        profiles: Iterable[Profile],
        wanted: Collection[str] | None = None,
        population: int | None = None,
    ) -> None:
        self.profiles = {p.id: p for p in profiles}
        # how many people the profiles were drawn from (rarity's N): more than the profiles
        # when a caller read only the candidates holding a query word
        self.population = max(population or 0, len(self.profiles))
        self.postings: dict[str, dict[int, Hit]] = {}
        wanted_set = set(wanted) if wanted is not None else None
        prefixes = tuple(t for t in wanted_set or () if len(t) >= MIN_PREFIX)
        # A field holds a wanted term only if its folded text contains its LIKE stem: most
        # fields of most profiles are skipped without being split into words. The words of
        # each distinct text are found once (many people share a category, a company, a city).
        likes = tuple(like_stems(sorted(wanted_set))) if wanted_set is not None else ()
        if len(likes) > PREFILTER_TERMS:  # many terms: testing each costs more than it saves
            likes = ()
        found: dict[str, list[tuple[str, str]]] = {}  # text -> its (word, term) pairs kept
        for profile in self.profiles.values():
            for fld in profile.fields:
                pairs = found.get(fld.text)
                if pairs is None:
                    pairs = found[fld.text] = self._pairs(fld.text, likes, wanted_set, prefixes)
                if not pairs:
                    continue
                weight = FIELD_WEIGHTS[fld.label]
                for word, term in pairs:
                    postings = self.postings.setdefault(term, {})
                    held = postings.get(profile.id)
                    if held is None or held.weight < weight:
                        postings[profile.id] = Hit(weight, fld, word)
        self.vocabulary = sorted(self.postings)
        self._terms: dict[str, Term | None] = {}
        self._people: ranking.People | None = None
        self._bits: dict[str, TermBits] = {}

    @staticmethod
    def _pairs(
        text: str,
        likes: tuple[str, ...],
        wanted: set[str] | None,
        prefixes: tuple[str, ...],
    ) -> list[tuple[str, str]]:
        """The (folded word, term) pairs of a text that a query can hit, in order."""
        if likes:
            low = text.lower() if text.isascii() else fold(text)
            if not any(like in low for like in likes):
                return []
        pairs = []
        for word in words(text):
            if len(word) < 2 or word in STOP_WORDS:
                continue
            term = stem(word)
            if wanted is not None and not (
                term in wanted or (prefixes and term.startswith(prefixes))
            ):
                continue
            pairs.append((word, term))
        return pairs

    def lookup(self, term: str) -> dict[int, Hit]:
        """Profiles holding `term`: exactly, or (×PREFIX_FACTOR) as the start of a longer term."""
        exact = self.postings.get(term, {})
        found = exact  # the postings themselves, unless longer terms add to them
        if len(term) >= MIN_PREFIX:
            i = bisect_left(self.vocabulary, term)
            while i < len(self.vocabulary) and self.vocabulary[i].startswith(term):
                longer = self.vocabulary[i]
                i += 1
                if longer == term:
                    continue
                if found is exact:
                    found = dict(exact)
                for pid, hit in self.postings[longer].items():
                    weaker = Hit(hit.weight * PREFIX_FACTOR, hit.field, hit.word)
                    held = found.get(pid)
                    if held is None or held.weight < weaker.weight:
                        found[pid] = weaker
        return found

    def term(self, term: str) -> Term | None:
        """The term's holders and rarity (None when nobody holds it); computed once per term."""
        if term in self._terms:
            return self._terms[term]
        hits = self.lookup(term)
        found = Term(hits, math.log(1 + self.population / len(hits))) if hits else None
        self._terms[term] = found
        return found

    def people(self) -> ranking.People:
        """The profiles as services.ranking numbers them: in name order."""
        if self._people is None:
            order = sorted(self.profiles.values(), key=lambda p: (p.key, p.id))
            trust = bytes(max(0, min(p.trust, 5)) for p in order)  # the factor's range
            self._people = ranking.People([p.id for p in order], trust)
        return self._people

    def bits(self, term: str) -> TermBits | None:
        """The term as `rank_candidates` ranks on it: its holders as bit sets."""
        found = self._bits.get(term)
        if found is None:
            people = self.people()
            by_weight: dict[float, list[int]] = {}
            for pid, hit in self.lookup(term).items():
                by_weight.setdefault(hit.weight, []).append(pid)
            by_weight = {w: people.bits(pids) for w, pids in by_weight.items()}
            found = self._bits[term] = ranking.TermBits(people, by_weight.items(), self.population)
        return found if found.count else None


class Scored(NamedTuple):
    id: int
    score: float
    hits: tuple[Hit, ...]  # strongest evidence first

    def reason(self, most: int = 2) -> str:
        shown: list[str] = []
        for hit in self.hits:  # the first `most` different ones
            said = hit.reason()
            if said not in shown:
                shown.append(said)
                if len(shown) == most:
                    break
        return "; ".join(shown)


def _scored(pid: int, score: float, terms: Sequence[Term]) -> Scored:
    evidence = []
    for t in terms:
        hit = t.hits.get(pid)
        if hit is not None:
            evidence.append((t.rarity * hit.weight, hit))
    if len(evidence) > 1:
        evidence.sort(key=_first, reverse=True)  # stable: equal evidence in the terms' order
    return Scored(pid, score, tuple(hit for _, hit in evidence))


def _first(pair: tuple[float, Hit]) -> float:
    return pair[0]


def score_profiles(index: MatchIndex, query: Sequence[str]) -> dict[int, Scored]:
    """Relevance (0–1) of every profile holding at least one query term (`net who`)."""
    terms = [t for t in (index.term(q) for q in query) if t is not None]
    total = sum(t.rarity for t in terms)
    covered: dict[int, float] = {}
    for t in terms:
        for pid, hit in t.hits.items():
            covered[pid] = covered.get(pid, 0.0) + t.rarity * hit.weight
    return {pid: _scored(pid, value / total, terms) for pid, value in covered.items()}


@dataclass(frozen=True)
class Ask:
    id: int
    contact_id: int
    text: str
    tags: tuple[str, ...] = ()

    @functools.cached_property
    def terms(self) -> list[str]:
        """What the ask is about (ask_terms), found once."""
        return ask_terms(self.text, self.tags)


def rank_candidates(
    ask: Ask,
    index: MatchIndex,
    *,
    excluded: Collection[int] = (),
    limit: int = DEFAULT_MATCHES,
) -> list[Scored]:
    """The best `limit` candidates for one ask, never the asker nor anyone in `excluded`:
    score = relevance × trust factor, best first, then folded name and id for ties (found
    on bit sets by services.ranking, without scoring every holder)."""
    asked = [(q, t) for q in ask.terms if (t := index.bits(q)) is not None]
    found = _ranked(asked, index.people(), {ask.contact_id, *excluded}, limit)
    # the evidence in the order the points were added
    terms = [index.term(q) for q, _ in sorted(asked, key=lambda a: a[1].most)]
    return [_scored(pid, score, [t for t in terms if t is not None]) for pid, score in found]


def _ranked(
    terms: Sequence[tuple[str, TermBits]],
    people: ranking.People,
    skip: Collection[int],
    limit: int,
) -> list[tuple[int, float]]:
    """(contact id, score) of the best `limit` people for an ask's terms (in the ask's order)."""
    if not terms:
        return []
    total = sum(t.rarity for _, t in terms)
    ordered = sorted((t for _, t in terms), key=lambda t: t.most)  # points added in this order
    nobody = len(people)
    bits = {b for b in people.bits(list(skip)) if b != nobody}
    return [
        (people.ids[f.bit], f.score / total) for f in ranking.best(people, ordered, bits, limit)
    ]


# shell commands --------------------------------------------------------------------------


def ref_for(contact_id: int, name: str, shared: Collection[str], key: str | None = None) -> str:
    """How to name a contact on a command line: the name when it resolves uniquely, else the
    id (bare: `#12` would start a shell comment). `key`: the folded name, when known."""
    key = fold(name) if key is None else key
    if key in shared or key == "me" or name.strip().isdigit() or name.startswith(("#", "-")):
        return str(contact_id)
    return shell_word(name)


# loaders ----------------------------------------------------------------------------------


def profiles_from_rows(
    rows: Iterable[sqlite3.Row], extra: dict[int, list[Field]] | None = None, names: bool = False
) -> list[Profile]:
    """Profiles from queries.match_profiles rows (plus asks/gives per contact for `who`).
    Columns are read by position: a row's lookup by name compares every column's name."""
    found = []
    at: dict[str, int] = {}
    labels: tuple[tuple[str, int], ...] = ()
    for r in rows:
        if not at:  # the columns the rows have (the same for all)
            at = {name: i for i, name in enumerate(r.keys())}
            labels = tuple((label, at[label]) for label in OFFER_FIELDS if label in at)
            ids, name_at, key_at, trust_at, tags_at = (
                at["id"], at["name"], at["search_key"], at["trust"], at["tags"],
            )  # fmt: skip
        fields = [Field(label, r[i]) for label, i in labels if r[i]]
        fields += [Field("tag", tag) for tag in (r[tags_at] or "").split("\x1f") if tag]
        if names:
            fields.insert(0, Field("name", r[name_at]))
        if extra:
            fields += extra.get(r[ids], [])
        found.append(Profile(r[ids], r[name_at], r[key_at], tuple(fields), r[trust_at]))
    return found


def ask_number(text: str) -> int:
    """`4` or `#4`: an ask's id (spec §3); InputError otherwise."""
    from netcli.services.refs import record_id

    return record_id(text, "an ask")


_BLANK = {label: Field(label, "") for label in FIELD_WEIGHTS}


def bit_index(
    conn: sqlite3.Connection, wanted: Collection[str]
) -> tuple[ranking.People, dict[str, TermBits]]:
    """Everyone active, and the wanted terms' holders in what they offer as bit sets, read
    from the term index: each term's contacts, field by field, come as one JSON array."""
    from netcli.store import terms

    ids, trusts = terms.active_in_name_order(conn)
    people = ranking.People(ids, trusts.encode().translate(_DIGITS))
    exact, ranges = lookups(wanted)
    held: dict[tuple[str, str], list[int]] = {}
    for term, field, ids in terms.holder_lists(conn, exact, ranges, MATCH_FIELDS):
        if (term, field) not in held:  # two looked-up ranges may both hold a term
            held[term, field] = people.bits(ids)
    by_term: dict[str, list[tuple[str, list[int]]]] = {}
    for (term, field), bits in held.items():
        by_term.setdefault(term, []).append((field, bits))
    vocabulary = sorted(by_term)
    found_terms: dict[str, TermBits] = {}
    for q in wanted:
        holdings = [(FIELD_WEIGHTS[f], bits) for f, bits in by_term.get(q, ())]
        if len(q) >= MIN_PREFIX:  # a longer word counts PREFIX_FACTOR of its field
            i = bisect_left(vocabulary, q)
            while i < len(vocabulary) and vocabulary[i].startswith(q):
                if vocabulary[i] != q:
                    holdings += [
                        (FIELD_WEIGHTS[f] * PREFIX_FACTOR, bits)
                        for f, bits in by_term[vocabulary[i]]
                    ]
                i += 1
        t = ranking.TermBits(people, holdings, len(people))
        if t.count:
            found_terms[q] = t
    return people, found_terms


_DIGITS = bytes.maketrans(b"012345", bytes(range(6)))


def explained(
    conn: sqlite3.Connection,
    weighed: dict[str, TermBits],
    results: list[tuple[Ask, Scored]],
    wanted: Collection[str],
) -> tuple[list[tuple[Ask, Scored]], dict[int, Profile]]:
    """The same results with their evidence, read from the candidates' own fields: each
    winner's hits found in their profile (the weights the ranking counted, with the text the
    reason quotes), in the order the ranking added their points; and the winners' profiles."""
    from netcli.store import insights

    ids = sorted({c.id for _, c in results})
    local = MatchIndex(profiles_from_rows(insights.profiles_by_id(conn, ids)), wanted)
    lookups_of: dict[str, dict[int, Hit]] = {}
    own: list[Term] = []
    last = None
    found = []
    for ask, cand in results:
        if ask is not last:  # an ask's candidates come together
            last = ask
            pairs = [(q, t) for q in ask.terms if (t := weighed.get(q)) is not None]
            pairs.sort(key=lambda p: p[1].most)
            own = []
            for q, t in pairs:
                if q not in lookups_of:
                    lookups_of[q] = local.lookup(q)
                own.append(Term(lookups_of[q], t.rarity))
        found.append((ask, _scored(cand.id, cand.score, own)))
    return found, local.profiles


def suggest_matches(
    conn: sqlite3.Connection,
    ask_id: int | None = None,
    *,
    limit: int = DEFAULT_MATCHES,
    contact_id: int | None = None,
) -> list[dict[str, Any]]:
    """Match rows (spec §10) for every open ask of an active contact (or of `contact_id`
    only), or for one ask (any status): the best `limit` candidates each, with the
    `net intro …` command to run.

    For my own asks the command asks the trusted contact who knows the candidate for the
    intro (`net intro me X --by V`); a candidate I know directly gets `net log X -m 'ask #N'`,
    one nobody I trust knows gets `net path X`.

    The asks' terms are read from the term index as bit sets and ranked on them
    (services/ranking.py); the trust graph is read only around the candidates of my own asks.
    """
    with _no_cycle_collection():
        return _suggest_matches(conn, ask_id, limit, contact_id)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: matching every open ask makes ~100,000 small tuples
    and dicts (hits, fields, rows), none of them in a cycle, and the collector, run every 700
    new ones, would walk them hundreds of times for nothing (~50 ms of ~0.9 s on 100k)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _suggest_matches(
    conn: sqlite3.Connection, ask_id: int | None, limit: int, contact_id: int | None
) -> list[dict[str, Any]]:
    from netcli.errors import NotFound
    from netcli.services.graph import reach_around
    from netcli.store import insights, queries, records

    if ask_id is not None:
        one = records.ask(conn, ask_id)
        if one is None:
            raise NotFound(f"no ask #{ask_id}")
        ask_rows = [one]
    elif contact_id is not None:
        ask_rows = records.open_asks_of(conn, contact_id)
    else:
        ask_rows = records.open_asks(conn, active_only=True)
    if not ask_rows:
        return []
    asks = [Ask(a["id"], a["contact_id"], a["text"], tuple(a["tags"])) for a in ask_rows]
    names = {a["contact_id"]: a["contact"] for a in ask_rows}
    wanted = {t for ask in asks for t in ask.terms}
    people, weighed = bit_index(conn, wanted)
    introduced: dict[int, set[int]] = {}
    for a, b in insights.intro_pairs_of(conn, sorted(names)):
        introduced.setdefault(a, set()).add(b)
        introduced.setdefault(b, set()).add(a)
    me = queries.me_id(conn)

    results: list[tuple[Ask, Scored]] = []
    for ask in asks:
        skip = introduced.get(ask.contact_id, set()) | {me, ask.contact_id}
        asked = [(q, t) for q in ask.terms if (t := weighed.get(q)) is not None]
        results += [
            (ask, Scored(pid, score, ())) for pid, score in _ranked(asked, people, skip, limit)
        ]
    results, profiles = explained(conn, weighed, results, wanted)
    mine = [c.id for ask, c in results if ask.contact_id == me]
    reach, via_names = reach_around(conn, me, mine) if mine else ({}, {})
    folded = {cid: fold(name) for cid, name in names.items()}
    folded.update((c.id, profiles[c.id].key) for _, c in results)
    folded.update((w.via, fold(via_names[w.via])) for w in reach.values() if w.via in via_names)
    shared = queries.shared_names(conn, list(folded.values()))
    refs: dict[int, str] = {}

    def ref(contact_id: int, name: str) -> str:
        found = refs.get(contact_id)
        if found is None:
            found = refs[contact_id] = ref_for(contact_id, name, shared, folded[contact_id])
        return found

    found = []
    for ask, cand in results:
        cand_name = profiles[cand.id].name
        cand_ref = ref(cand.id, cand_name)
        if ask.contact_id == me:
            way = reach.get(cand.id)
            if way is not None and way.hops == 1:
                command = f"net log {cand_ref} -m {shell_word(f'ask #{ask.id}')}"
            elif way is not None and way.via is not None:
                via_ref = ref(way.via, via_names[way.via])
                command = f"net intro me {cand_ref} --by {via_ref}"
            else:  # nobody I trust knows them: find a longer chain first
                command = f"net path {cand_ref}"
        else:
            command = f"net intro {ref(ask.contact_id, names[ask.contact_id])} {cand_ref}"
        found.append(
            {
                "ask_id": ask.id,
                "asker_id": ask.contact_id,
                "asker": names[ask.contact_id],
                "ask": ask.text,
                "candidate_id": cand.id,
                "candidate": cand_name,
                "score": round(cand.score, 3),
                "reason": cand.reason(),
                "command": command,
            }
        )
    return found


def like_stems(query: Sequence[str]) -> list[str]:
    """What to look for with LIKE so that every holder of a query term is found: the term
    itself (a stem is the start of the words it comes from), less a final y (companies →
    company: the word has `compan`)."""
    return sorted({t[:-1] if t.endswith("y") and len(t) > 3 else t for t in query})


def who_knows(
    conn: sqlite3.Connection, text: str, *, limit: int | None = None, needs: bool = False
) -> list[dict[str, Any]]:
    """Who rows (spec §10) for TEXT: direct contacts first, then people one trusted contact
    away (naming that contact), then the rest; within each, by score, then name.

    What counts is what a person offers (category, title, company, skills, tags, gives they
    made…), never what they need; with `needs`, only what they need (open asks, goals).
    score = relevance × (0.5 + 0.5 × closeness), closeness being the product of strength/5
    on the way from me (0 when not reachable within two hops).

    Only the contacts holding a query word are read (found in the term index, store/terms.py),
    and the trust graph only around them."""
    from netcli.services.graph import reach_around
    from netcli.store import insights, queries, terms

    query = query_terms([text])
    if not query:
        return []
    exact, ranges = lookups(query)
    holders = terms.holders(conn, exact, ranges, NEED_FIELDS if needs else WHO_FIELDS)
    rows = insights.profiles_by_id(conn, list(holders))
    extra: dict[int, list[Field]] = {}
    if needs:
        for contact_id, said, tags in insights.open_asks_of(conn, [r["id"] for r in rows]):
            tag_text = " ".join(json.loads(tags or "[]"))
            extra.setdefault(contact_id, []).append(Field("ask", f"{said} {tag_text}".strip()))
        profiles = [
            Profile(
                r["id"],
                r["name"],
                r["search_key"],
                tuple(
                    extra.get(r["id"], []) + ([Field("goals", r["goals"])] if r["goals"] else [])
                ),
                r["trust"],
            )
            for r in rows
        ]
    else:
        givers = [i for i, fields in holders.items() if "give" in fields]  # a give holds one
        for contact_id, said in insights.gives_made(conn, givers):
            extra.setdefault(contact_id, []).append(Field("give", said))
        profiles = profiles_from_rows(rows, extra, names=True)
    index = MatchIndex(profiles, query, population=insights.active_count(conn))
    scored = score_profiles(index, query)
    if not scored:
        return []
    me = queries.me_id(conn)
    reach, names = reach_around(conn, me, list(scored))
    found = []
    for pid, match in scored.items():
        way = reach.get(pid)
        closeness = way.score if way else 0.0
        score = round(match.score * (0.5 + 0.5 * closeness), 3)
        name = index.profiles[pid].name
        row = {
            "contact_id": pid,
            "contact": name,
            "score": score,
            "hops": way.hops if way else None,
            "via_id": way.via if way else None,
            "via": names.get(way.via) if way and way.via else None,
            "reason": match.reason(),
        }
        found.append(((way.hops if way else 3), -score, index.profiles[pid].key, pid, row))
    found.sort(key=lambda f: f[:4])
    result = [f[4] for f in found]
    return result[:limit] if limit else result
