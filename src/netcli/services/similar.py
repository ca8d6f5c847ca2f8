"""How alike two names are: the one similarity measure of `net dupes` and "did you mean".

The measure is difflib's `ratio()`, 2 * matches / total length, with the matches counted
exactly (the longest common subsequence, through rapidfuzz's Indel distance) where difflib's
heuristic sometimes undercounts them, and depends on which string comes first. On names the
answers are difflib's, except those few pairs; and about 35 times faster. rapidfuzz is
imported here only, and this module only by the commands that compare names (~12 ms):
`net dupes` and a group's "did you mean"; a contact's "did you mean" computes the same measure
without it (services/near.py).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import Indel

# rapidfuzz's cut-off is a float turned into a whole distance its own way: 17 of 20 characters
# alike (exactly 0.85) fell out of `score_cutoff=0.85 - 1e-9`. So it only narrows the choices,
# with room to spare, and `ratio`, the float difflib would compute, decides.
_SLACK = 0.01


def ratio(x: str, y: str) -> float:
    """difflib's ratio of two strings, 0.0 to 1.0 (1.0 for two empty strings)."""
    total = len(x) + len(y)
    if not total:
        return 1.0
    matches = (total - Indel.distance(x, y)) // 2
    return 2.0 * matches / total


def _hits(word: str, choices: Sequence[str], cutoff: float) -> list[tuple[str, int]]:
    """The choices at least `cutoff` alike to `word`, with their index: one call into C."""
    found = process.extract(
        word,
        choices,
        scorer=Indel.normalized_similarity,
        score_cutoff=max(cutoff - _SLACK, 0.0),
        limit=None,
    )
    return [(choice, index) for choice, _, index in found if ratio(word, choice) >= cutoff]


def close_pairs(names: Sequence[str], cutoff: float) -> list[tuple[int, int]]:
    """Index pairs (i < j) of `names` at least `cutoff` alike, in index order.

    One batch call per name against the names after it, so the pairwise loop runs in C.
    """
    found: list[tuple[int, int]] = []
    for i in range(len(names) - 1):
        found.extend((i, i + 1 + j) for _, j in _hits(names[i], names[i + 1 :], cutoff))
    found.sort()
    return found


def close_names(
    word: str, possibilities: Sequence[str], n: int = 3, cutoff: float = 0.6
) -> list[str]:
    """`difflib.get_close_matches` with the common letters counted exactly: the best `n`
    possibilities at least `cutoff` alike, best first, a tie to the later string in code-point
    order as there. difflib undercounts some far-apart pairs, so this may find a few more.
    A possibility listed twice counts once (removing repeats from a long list in Python costs
    more than matching them twice in C)."""
    if n <= 0 or not possibilities:
        return []
    hits = dict.fromkeys(choice for choice, _ in _hits(word, possibilities, cutoff))
    scored = [(ratio(word, choice), choice) for choice in hits]
    return [choice for _, choice in heapq.nlargest(n, scored)]
