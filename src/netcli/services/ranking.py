"""The best candidates for many asks at once (`net match` over every open ask), on bit sets.

Every active contact is one bit, numbered in name order (folded name, then id): the lowest bits
of a set are its first people by name, the order ties are broken in. A query term's holders are
split by the weight it has for them (a category counts 1.0, a city 0.4, a longer word PREFIX_FACTOR
of its field's weight…) and everyone by trust (0–5), one Python int each: intersecting two sets of
100,000 people costs a microsecond, in C.

Everyone with the same weight level in each of an ask's terms (or none) and the same trust has
the same score, made by the same float additions as scoring each person: a class. The classes are
walked best score first (a heap of level choices, each reached one way), and each non-empty one
gives its first people by name, until `limit` people who are not skipped are found and the next
class scores lower. A class whose first few choices already hold nobody is cut with everything
below it. Exact: the same people, scores and order as scoring everyone (tests compare the two).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import NamedTuple

TRUSTS = range(6)
MAX_STEPS = 1024  # classes looked at for one ask before scoring its people one by one (each
# kept class start is a set of up to 12.5 KB per 100,000 people: this bounds the memory too)
WALK_TERMS = 12  # more terms than this (an ask written as an essay): score one by one
_WIDTH = 256
_WINDOW = (1 << _WIDTH) - 1


def trust_factor(trust: int) -> float:
    """How much a candidate's trust counts in `net match`: 0.75 (not met yet) to 1.0 (5)."""
    return 0.75 + 0.05 * max(0, min(trust, 5))


_FACTORS = [trust_factor(t) for t in TRUSTS]


def bits_of(flags: bytes | bytearray, wanted: bytes) -> int:
    """The set of positions whose byte in `flags` is one of `wanted`."""
    table = bytes(49 if b in wanted else 48 for b in range(256))  # b"1" / b"0"
    text = flags.translate(table)
    return int(text[::-1], 2) if text else 0


def members(bits: int) -> Iterator[int]:
    """The positions in a bit set, lowest first: a window of bits after the lowest at a
    time, found in C (a few operations on the whole set each), read as a small int."""
    base = 0
    while bits:
        low = (bits & -bits).bit_length() - 1
        window = (bits >> low) & _WINDOW
        while window:
            lowest = window & -window
            yield base + low + lowest.bit_length() - 1
            window ^= lowest
        bits >>= low + _WIDTH
        base += low + _WIDTH


class People:
    """The active contacts in name order: bit numbers, trust, and everyone as a set."""

    def __init__(self, ids: Sequence[int], trust: bytes) -> None:
        self.ids = list(ids)  # bit -> contact id
        self.trust = trust  # bit -> trust, one byte each (0–5)
        self.everyone = (1 << len(self.ids)) - 1
        self.by_trust = [bits_of(trust, bytes([t])) for t in TRUSTS]
        self._bits_of_ids: list[int] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def bits(self, ids: Sequence[int]) -> list[int]:
        """The bits of these contact ids; len(self), past everyone, for a contact who is not
        among these people (archived, me)."""
        table = self._bits_of_ids
        if table is None:  # id -> bit: a list reads faster than a dict
            table = self._bits_of_ids = [len(self.ids)] * (max(self.ids, default=0) + 1)
            for i, cid in enumerate(self.ids):
                table[cid] = i
        try:
            return list(map(table.__getitem__, ids))
        except IndexError:  # an id above everyone's: someone archived since
            nobody = len(self.ids)
            return [table[i] if i < len(table) else nobody for i in ids]


class TermBits:
    """One query term: its holders by weight level (highest first), how rare it is, and each
    level's points per trust (rarity × weight × trust factor, the float scoring makes)."""

    def __init__(
        self, people: People, holdings: Iterable[tuple[float, Sequence[int]]], population: int
    ) -> None:
        holdings = sorted(holdings, key=lambda h: h[0])  # the highest weight is written last
        self.weights = sorted({w for w, _ in holdings}, reverse=True)
        code = {w: i + 1 for i, w in enumerate(self.weights)}  # 0: does not hold it
        level = bytearray(len(people) + 1)  # and one past everyone, for nobody
        for weight, bits in holdings:
            c = code[weight]
            for b in bits:
                level[b] = c
        del level[len(people) :]
        self.level = bytes(level)  # bit -> 1 + its level index, or 0
        self.sets = [bits_of(self.level, bytes([code[w]])) for w in self.weights]
        self.held = 0
        for s in self.sets:
            self.held |= s
        self.others = people.everyone ^ self.held  # who does not hold it
        self.count = self.held.bit_count()
        self.rarity = math.log(1 + population / self.count) if self.count else 0.0
        # points[level code][trust]; code 0 (not held) scores nothing
        self.points = [[0.0] * len(TRUSTS)] + [
            [self.rarity * w * _FACTORS[t] for t in TRUSTS] for w in self.weights
        ]
        # the highest points anyone has (the order an ask's points are added in)
        self.most = max(
            (
                self.points[j + 1][t]
                for j, held in enumerate(self.sets)
                for t in TRUSTS
                if held & people.by_trust[t]
            ),
            default=0.0,
        )

        # the choices a class makes for this term: a level, or (last) not holding it
        self.choices = [*self.sets, self.others]
        self.gains = [*self.points[1:], self.points[0]]  # their points, per trust


class Found(NamedTuple):
    bit: int
    score: float  # the sum of points, before dividing by the ask's total rarity


def score_of(people: People, terms: Sequence[TermBits], bit: int) -> float:
    """One person's sum of points, the terms added in the order given."""
    trust = people.trust[bit]
    total = 0.0
    for t in terms:
        total += t.points[t.level[bit]][trust]
    return total


def best(
    people: People,
    terms: Sequence[TermBits],
    skip: Collection[int],
    limit: int,
) -> list[Found]:
    """The best `limit` people for these terms (added in the order given), never a skipped
    bit: highest sum of points first, ties by bit (name order)."""
    terms = [t for t in terms if t.count]
    if not terms or limit <= 0:
        return []
    if len(terms) > WALK_TERMS:  # each class would have as many next ones to weigh
        return _scored_one_by_one(people, terms, skip, limit)
    n = len(terms)
    gains = [t.gains for t in terms]
    choices = [t.choices for t in terms]
    last = [len(c) - 1 for c in choices]
    prefix: dict[tuple[int, tuple[int, ...]], int] = {}

    def value(trust: int, choice: tuple[int, ...]) -> float:
        total = 0.0  # the points added in the terms' order, as scoring one person does
        for g, c in zip(gains, choice, strict=True):
            total += g[c][trust]
        return total

    def bits_before(trust: int, choice: tuple[int, ...], p: int) -> int:
        """Who has this trust and the first `p` choices (from the longest start known: not
        recursive, so that no cycle keeps the sets alive after the ask)."""
        known = p
        while known and (trust, choice[:known]) not in prefix:
            known -= 1
        found = prefix[trust, choice[:known]] if known else people.by_trust[trust]
        for i in range(known, p):
            found &= choices[i][choice[i]]
            prefix[trust, choice[: i + 1]] = found
        return found

    start = (0,) * n
    heap = [(-value(t, start), t, start, 0) for t in TRUSTS if people.by_trust[t]]
    heapq.heapify(heap)
    found: list[tuple[float, int]] = []  # (-score, bit)
    kept = 0  # people found, not skipped, scoring more than `score`
    kept_here = 0  # and scoring `score`
    score = None
    floor: float | None = None
    steps = 0
    while heap:
        neg, trust, choice, p = heap[0]
        if floor is not None and -neg < floor:
            break
        heapq.heappop(heap)
        steps += 1
        if steps > MAX_STEPS:
            return _scored_one_by_one(people, terms, skip, limit)
        if not bits_before(trust, choice, p):
            continue  # nobody has these first choices: nor anything below them
        here = bits_before(trust, choice, n)
        if here and neg < 0:
            if neg != score:
                score, kept, kept_here = neg, kept + kept_here, 0
            need = limit - kept  # the first of this class by name that can be in the answer
            taken = 0
            for bit in members(here):
                found.append((neg, bit))
                if bit not in skip:
                    taken += 1
                    if taken == need:
                        break
            kept_here += taken
            if floor is None and kept + kept_here >= limit:
                floor = -neg
        for i in range(p, n):
            if choice[i] < last[i]:
                nxt = (*choice[:i], choice[i] + 1, *choice[i + 1 :])
                heapq.heappush(heap, (-value(trust, nxt), trust, nxt, i))
    found.sort()
    top = [(-neg, bit) for neg, bit in found if bit not in skip][:limit]
    return [Found(bit, score) for score, bit in top]


def _scored_one_by_one(
    people: People, terms: Sequence[TermBits], skip: Collection[int], limit: int
) -> list[Found]:
    """`best` by scoring every holder of a term (many terms, or a long way to the answer)."""
    held = 0
    for t in terms:
        held |= t.held
    scored = [(-score_of(people, terms, bit), bit) for bit in members(held) if bit not in skip]
    top = heapq.nsmallest(limit, scored)
    return [Found(bit, -neg) for neg, bit in top if neg < 0]
