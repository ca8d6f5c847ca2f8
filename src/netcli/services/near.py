"""The names close to a typed one, for "did you mean", in pure Python: no rapidfuzz to import.

The answer is `similar.close_names(key, refs.candidates(keys))`: difflib's ratio,
2 * common letters / total length, with the common letters counted exactly (the longest common
subsequence, LCS), against every key, every word of one and every part after an apostrophe or
a hyphen (`angelo` in `d'angelo`). Importing rapidfuzz for that cost ~14 ms, and a Python loop
over the ~20,000 candidates of 10,000 keys costs more; so the LCS of the typed key with every
candidate is computed at once, bit-parallel (Allison and Dix; Hyyrö), with one bit per
character of the keys in a few Python integers:

- the keys are laid out in one text, one per line, then the parts after a joiner; a mask per
  character of the typed key marks where that character is in the text, built in C from a few
  "bit planes" (the bits of each character's number: `bytes.translate`, then
  `int.from_bytes` of every 8th byte);
- `s = (s + u) | (s ^ u)` with `u = s & mask[ch]`, once per typed character, advances the LCS
  of every candidate at once; separators are kept at 0, so no carry crosses from one
  candidate to the next, and each candidate's LCS is the number of its 0 bits. One pass cuts
  the text at line ends (the keys), another also at spaces (the words);
- a candidate needs at least `m` common letters to reach the cut-off (its length and the
  typed key's give `m`); `m - 1` rounds of "drop the lowest bit of each candidate" leave bits
  in those candidates only, so Python looks only at those few, and checks each exactly.
"""

from __future__ import annotations

import heapq
import math

_NEWLINE = "\n"
_JOINERS = "'-"  # text.WORD_JOINERS


def close_candidates(key: str, joined: str, n: int = 10, cutoff: float = 0.6) -> list[str]:
    """The best `n` candidates of the keys in `joined` (one a line) at least `cutoff` alike to
    `key`, best first, a tie to the later string in code-point order:
    `similar.close_names(key, refs.candidates(joined.split("\\n")), n, cutoff)`, for
    0 < cutoff <= 1 and keys folded as `text.fold` folds them (no other whitespace than
    single spaces)."""
    if n <= 0 or not key or not joined:
        return []
    if len(key) > 40:  # no candidate is longer than the longest key: may it reach the cut-off?
        longest = max(map(len, joined.split(_NEWLINE)))
        if 2 * longest < cutoff * (len(key) + longest) - 1e-9:
            return []  # and not one pass per character of a pasted paragraph
    after = _after_joiners(joined)
    text = _NEWLINE.join([joined, *after]) if after else joined
    masks = _masks(text, {*key, _NEWLINE, " "})
    scores: dict[str, float] = {}
    _score(key, text, len(joined), False, masks, cutoff, scores)  # the keys, whole
    _score(key, text, len(text), True, masks, cutoff, scores)  # and every word
    best = heapq.nlargest(n, ((r, word) for word, r in scores.items() if r >= cutoff))
    return [word for _, word in best]


def _after_joiners(joined: str) -> list[str]:
    """Each run of non-spaces right after an apostrophe or a hyphen (as `refs.candidates`
    finds them), once each."""
    found: dict[str, None] = {}
    for joiner in _JOINERS:
        at = joined.find(joiner)
        while at != -1:
            space = joined.find(" ", at)
            line = joined.find(_NEWLINE, at)
            end = line if space == -1 or -1 < line < space else space
            end = len(joined) if end == -1 else end
            if end > at + 1:
                found[joined[at + 1 : end]] = None
            at = joined.find(joiner, at + 1)
    return list(found)


def _masks(text: str, chars: set[str]) -> dict[str, int]:
    """For each of `chars`, an integer with the bit `len(text) - 1 - i` set where `text[i]` is
    that character (the text's first character is the highest bit)."""
    # Outside ASCII (and `?`, which stands for any of those in the ASCII text), a character of
    # `chars` is first replaced by a control character that is in neither (a folded key has
    # none): `str.replace` in C, where a Python loop over its places would cost more.
    odd = [ch for ch in chars if not ch.isascii() or ch == "?"]
    spare = [chr(c) for c in range(1, 32) if chr(c) != _NEWLINE]
    stand_ins: dict[str, str] = {}
    for ch in odd:
        while spare and (spare[-1] in text or spare[-1] in chars):
            spare.pop()
        if spare:
            stand_ins[ch] = spare.pop()
            text = text.replace(ch, stand_ins[ch])
    masks = {ch: _mask_by_search(text, ch) for ch in odd if ch not in stand_ins}
    plain = sorted({ch for ch in chars if ch not in odd} | set(stand_ins.values()))
    # Each character as its number in `plain` (1, 2, …; 0 for any other), one byte each, after
    # `pad` zero bytes, and every 8th byte of those as one integer: bit b of the number of the
    # byte 8q + r (r = 0…7) is then bit b of byte q of integer r.
    table = bytearray(256)
    for number, ch in enumerate(plain, 1):
        table[ord(ch)] = number
    pad = -len(text) % 8
    numbers = bytes(pad) + text.encode("ascii", "replace").translate(table)  # `?`: any other
    strided = [int.from_bytes(numbers[r::8]) for r in range(8)]
    ones = int.from_bytes(b"\x01" * (len(numbers) // 8))
    every = (1 << len(text)) - 1
    planes = []  # bit b of each character's number: where it is 1, where it is 0
    for bit in range(len(plain).bit_length()):
        plane = 0
        for r, every_8th in enumerate(strided):
            plane |= (every_8th >> bit & ones) << (7 - r)
        planes.append((plane, every ^ plane))
    # A character's mask is the AND of its planes: of the low half, then the high half, each
    # half's combinations computed once.
    half = len(planes) // 2
    halves: list[tuple[int, list[tuple[int, int]], dict[int, int]]] = [
        (0, planes[:half], {}),
        (half, planes[half:], {}),
    ]
    for number, ch in enumerate(plain, 1):
        mask = every
        for shift, some, done in halves:
            code = number >> shift & ((1 << len(some)) - 1)
            if code not in done:
                both = every
                for bit, (one, zero) in enumerate(some):
                    both &= one if code >> bit & 1 else zero
                done[code] = both
            mask &= done[code]
        masks[ch] = mask
    for ch, stand_in in stand_ins.items():
        masks[ch] = masks.pop(stand_in)
    return masks


def _mask_by_search(text: str, ch: str) -> int:
    """The mask of one character, found by `str.find`: when control characters run out."""
    digits = bytearray(b"0" * len(text))
    at = text.find(ch)
    while at != -1:
        digits[at] = ord("1")
        at = text.find(ch, at + 1)
    return int(digits, 2) if digits else 0


def _score(
    key: str,
    text: str,
    length: int,
    words: bool,
    masks: dict[str, int],
    cutoff: float,
    scores: dict[str, float],
) -> None:
    """Add to `scores` the ratio of `key` to each candidate in the first `length` characters
    of `text` that may reach `cutoff`: the candidates are its lines, or with `words` the
    words of its lines."""
    size = len(text)
    area = ((1 << length) - 1) << (size - length)
    cuts = (masks[_NEWLINE] | masks[" "] if words else masks[_NEWLINE]) & area
    inside = area ^ cuts
    # ratio = 2 * common / (len(key) + length) >= cutoff, with length >= common: the fewest
    # common letters that can reach it, with the shortest candidate's length
    need = max(math.ceil(cutoff * len(key) / (2 - cutoff) - 1e-9), 1)
    ends = (cuts << 1) | (1 << (size + 1)) | (1 << (size - length))  # and the area's ends
    gap = 1
    while not (ends >> gap & ends):  # the shortest candidate is at least `gap` long
        gap += 1
        need = max(need, math.ceil(cutoff * (len(key) + gap - 1) / 2 - 1e-9))
        if need > len(key):
            return
    if need > len(key):
        return
    s = inside
    for ch in reversed(key):  # the bits run from the text's end: the LCS of both reversed
        u = s & masks[ch]
        s = ((s + u) | (s ^ u)) & inside
    left = s ^ inside  # the common letters: 1 where a candidate's character is matched
    guard = ((1 << (size + 1)) - 1) ^ inside
    lowest = inside & ~(inside << 1)  # each candidate's lowest bit
    for _ in range(need - 1):  # drop each candidate's lowest common letter
        y = left | guard
        left = y & (y - lowest) & inside
    if not left:
        return
    bits = format(left, "b").zfill(size)
    at = bits.find("1")
    while at != -1:
        start = text.rfind(_NEWLINE, 0, at) + 1
        end = text.find(_NEWLINE, at)
        end = size if end == -1 else end
        if words:
            start = max(start, text.rfind(" ", start, at) + 1)
            space = text.find(" ", at, end)
            end = end if space == -1 else space
        word = text[start:end]
        if word not in scores:
            common = bits.count("1", start, end) + need - 1
            scores[word] = 2.0 * common / (len(key) + len(word))
        at = bits.find("1", end)
