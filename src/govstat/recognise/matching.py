"""Matching cell text to printed labels: exactly, loosely, by a known alias, or by a typo."""

from __future__ import annotations

import bisect
import difflib
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from govstat.labels import loose, norm

Quality = Literal["exact", "alias", "loose", "fuzzy"]

FUZZY_RATIO = 0.84
"""How alike a typo'd label must be to the official one (difflib ratio of the loose forms)."""

MIN_LOOSE = 3
"""Shorter labels match only as printed, numbering included."""

MAX_LABEL = 160
"""Longer cell text is prose or a note, never a label."""

MEMO_SIZE = 20_000
"""Texts a Matcher remembers before starting afresh."""


@dataclass(frozen=True)
class LabelMatch:
    """A cell whose text matched one or more labels (several when a label repeats)."""

    row: int
    col: int
    text: str
    candidates: tuple[int, ...]  # positions in the list of labels the Matcher was built on
    quality: Quality


class Matcher:
    """Matches cell text to a list of labels, each with optional aliases.

    Exact (after normalisation) first, then a declared alias, then without numbering and
    bracketed notes, then a unique close typo. Never guesses between two candidates.
    """

    def __init__(self, labels: Iterable[tuple[str, Iterable[str]]]) -> None:
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.alias: dict[str, list[int]] = defaultdict(list)
        self.loose: dict[str, list[int]] = defaultdict(list)
        for index, (label, aliases) in enumerate(labels):
            self.exact[norm(label)].append(index)
            self.loose[loose(label)].append(index)
            for alias in aliases:
                self.alias[norm(alias)].append(index)
                self.alias[loose(alias)].append(index)
        # Typo candidates by length: difflib's own first cut, real_quick_ratio, keeps only keys
        # whose length is within a factor of the cell text's; bisect finds them at once.
        by_length = sorted((len(k), k) for k in self.loose if len(k) >= 4)
        self._lengths = [n for n, _ in by_length]
        self._loose_keys = [k for _, k in by_length]
        self._memo: dict[str, tuple[tuple[int, ...], Quality] | None] = {}

    def match(self, text: str) -> tuple[tuple[int, ...], Quality] | None:
        """The labels ``text`` matches and how, or None; remembered per text, since every
        file of a bulk run holds the same labels."""
        try:
            return self._memo[text]
        except KeyError:
            pass
        if len(self._memo) >= MEMO_SIZE:
            self._memo.clear()  # bounded: memory stays flat over any number of files
        found = self._memo[text] = self._match(text)
        return found

    def _candidates(self, lkey: str) -> list[str]:
        """The loose keys difflib could find close to ``lkey``: 2·min/(a+b) ≥ the cutoff."""
        n = len(lkey)
        low = math.floor(n * FUZZY_RATIO / (2 - FUZZY_RATIO))
        high = math.ceil(n * (2 - FUZZY_RATIO) / FUZZY_RATIO)
        return self._loose_keys[
            bisect.bisect_left(self._lengths, low) : bisect.bisect_right(self._lengths, high)
        ]

    def _match(self, text: str) -> tuple[tuple[int, ...], Quality] | None:
        key = norm(text)
        if not key or len(key) > MAX_LABEL:
            return None
        if key in self.exact:
            return tuple(self.exact[key]), "exact"
        if key in self.alias:
            return tuple(self.alias[key]), "alias"
        lkey = loose(text)
        if len(lkey) < MIN_LOOSE:
            return None  # 其他, 总计: column heads too, so they only match with their numbering
        if lkey in self.loose:
            return tuple(self.loose[lkey]), "loose"
        if lkey in self.alias:
            return tuple(self.alias[lkey]), "alias"
        if len(lkey) < 4:
            return None  # a typo in a short word is too easy to find anywhere
        candidates = self._candidates(lkey)
        if not candidates:
            return None
        close = difflib.get_close_matches(lkey, candidates, n=2, cutoff=FUZZY_RATIO)
        if len(close) == 1:
            return tuple(self.loose[close[0]]), "fuzzy"
        if len(close) == 2:
            first, second = (difflib.SequenceMatcher(None, lkey, c).ratio() for c in close)
            if first - second >= 0.05:
                return tuple(self.loose[close[0]]), "fuzzy"
        return None
