"""Normalising printed labels so that real tables match the official wording.

Real labels carry stray spaces and line breaks, mixed full- and half-width brackets, 1. or 1、
numbering, and the odd typo. :func:`norm` makes two spellings of the same label equal;
:func:`loose` also drops numbering and notes in brackets, for a second, weaker match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCT = str.maketrans(
    {
        "、": ".",  # 1、 as 1.  (after NFKC, ． is already .)
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "〔": "[",
        "〕": "]",
        "【": "[",
        "】": "]",
        "—": "-",
        "，": ",",
        "；": ";",
    }
)
_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+\.|\([一二三四五六七八九十]+\)|\d+\.|其中:)+")
_BRACKETED = re.compile(r"\([^()]*\)")


@lru_cache(maxsize=65_536)
def norm(text: str) -> str:
    """NFKC, no whitespace, one spelling for each punctuation mark."""
    folded = unicodedata.normalize("NFKC", text)
    return _SPACE.sub("", folded).replace("\u00a0", "").translate(_PUNCT)


@lru_cache(maxsize=65_536)
def loose(text: str) -> str:
    """:func:`norm` without leading numbering and without notes in brackets."""
    stripped = _BRACKETED.sub("", norm(text))
    return _NUMBERING.sub("", stripped)
