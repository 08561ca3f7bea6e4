"""The shortcuts that make recognition fast give the answers the slow way gives.

A Matcher remembers each text's match and hands difflib only the labels of a compatible
length; recognition reads the values of the winning form only. None of it may change what
is recognised or read.
"""

from __future__ import annotations

import difflib
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from govstat.forms import all_forms
from govstat.labels import loose
from govstat.readers import read_book
from govstat.recognise import _Candidate, recognise
from govstat.recognise.matching import FUZZY_RATIO, MEMO_SIZE, Matcher
from helpers_current import CONSISTENT

LABELS = sorted(
    {row.label for form in all_forms() for table in form.tables for row in table.rows if row.label}
)
CHARS = sorted(set("".join(LABELS)))


def slow_fuzzy(matcher: Matcher, text: str) -> list[str]:
    """difflib over every loose key, as the Matcher did before narrowing by length."""
    return difflib.get_close_matches(loose(text), matcher._loose_keys, n=2, cutoff=FUZZY_RATIO)


def typo(rng: random.Random, label: str) -> str:
    """A label with a character or two dropped, doubled or replaced."""
    chars = list(label)
    for _ in range(rng.randint(1, 2)):
        i = rng.randrange(len(chars))
        action = rng.choice(["drop", "double", "replace"])
        if action == "drop" and len(chars) > 1:
            del chars[i]
        elif action == "double":
            chars.insert(i, chars[i])
        else:
            chars[i] = rng.choice(CHARS)
    return "".join(chars)


def test_narrowed_candidates_find_what_all_labels_find() -> None:
    """For 3,000 typo'd labels, difflib over the length window equals difflib over all."""
    rng = random.Random(6)
    matcher = Matcher((label, ()) for label in LABELS)
    for _ in range(3000):
        text = loose(typo(rng, rng.choice(LABELS)))
        if len(text) < 4:
            continue
        narrowed = difflib.get_close_matches(
            text, matcher._candidates(text), n=2, cutoff=FUZZY_RATIO
        )
        assert narrowed == slow_fuzzy(matcher, text), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(CHARS), min_size=4, max_size=40))
def test_narrowed_candidates_for_any_text(text: str) -> None:
    """Any text of label characters: the window never loses a close label."""
    matcher = Matcher((label, ()) for label in LABELS)
    key = loose(text)
    if len(key) >= 4:
        narrowed = difflib.get_close_matches(key, matcher._candidates(key), n=2, cutoff=FUZZY_RATIO)
        assert narrowed == slow_fuzzy(matcher, text)


def test_a_remembered_match_is_the_same_match() -> None:
    """Asking twice gives the same answer, exact, loose, fuzzy or none."""
    matcher = Matcher((label, ()) for label in LABELS)
    texts = ["（一）予以公开", " 予以公开 ", "予以公幵", "东湖市市场监督管理局", "其他"]
    first = [matcher.match(t) for t in texts]
    assert [matcher.match(t) for t in texts] == first
    assert first[0] is not None and first[0][1] == "exact"
    assert first[3] is None


def test_the_memory_of_a_matcher_is_bounded() -> None:
    """However many different texts it sees, a Matcher keeps at most MEMO_SIZE of them."""
    matcher = Matcher((label, ()) for label in LABELS[:5])
    for index in range(MEMO_SIZE + 50):
        matcher.match(f"单位{index}")
    assert len(matcher._memo) <= MEMO_SIZE


def test_only_the_winning_form_reads_its_values() -> None:
    """A form-2021 workbook: form 2019's tables are located but not read."""
    book = read_book(CONSISTENT)
    table = recognise(book)
    loser = _Candidate(book, next(f for f in all_forms() if f.id == "2019"), "zh")
    pending = [r for r in loser.reads.values() if r is not None and r.fill is not None]
    assert pending and all(r.values == {} for r in pending)
    assert table.form == "2021" and table.values["t3.new.total"].number == 49
