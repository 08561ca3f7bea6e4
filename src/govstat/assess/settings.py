"""Every threshold of the assessment, in one place; each finding states the ones it used."""

from __future__ import annotations

from decimal import Decimal

JUMP_RATIO = Decimal(3)
"""A-01: a key figure jumps when this year's is more than this many times last year's, or
less than its reciprocal…"""
JUMP_FLOOR = Decimal(50)
"""…and it changed by more than this much, so that 2 → 5 is no jump and 95 → 3,119 is."""

SAME_SHARE = 0.05
"""A-02, A-03: two tables are nearly the same when at most this share of their filled cells
differ (at least one differing cell is always allowed)…"""
SAME_MIN_CELLS = 20
"""…and they hold at least this many cells other than blank and 0 (two empty tables are
alike without anyone copying)."""

PROSE_SHARE = 0.8
"""A-04: a section's text is nearly the same as another when this share of it is shared."""
PROSE_MIN_CHARS = 40
"""A-04: shorter sections are not compared (a sentence of boilerplate is no copy)."""
SHINGLE = 8
"""A-04: shared text is counted in runs of this many characters."""

BLANK_SHARE = 0.5
"""A-05: a table is largely blank when fewer than this share of its cells hold a number."""
EMPTY_SECTION_CHARS = 10
"""A-07: the section on problems and improvements is empty below this many characters."""

MIN_COUNT = 30
"""Indicators: a rate over a denominator below this is shown but not ranked."""
