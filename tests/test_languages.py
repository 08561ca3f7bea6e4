"""Both languages everywhere: every rule of every form says what it checks, and words its
messages, in Chinese and in English; every word of every format has both texts; the English
of everything a form prints is known."""

from __future__ import annotations

import re

import pytest
from openpyxl.cell.cell import Cell

from govstat.forms import all_forms
from govstat.model import Text
from govstat.report.words import KINDS, WORDS, translate
from govstat.rules import ReaderRule, Relation, Unlikely
from govstat.template import paint_template
from govstat.template.checks import WORDS as CHECK_WORDS

CJK = re.compile(r"[\u4e00-\u9fff]")
KEPT = re.compile(
    r"万元|〔\d+〕\d+号|[国办发公开函]+|表[二三四]|《[^》]*》|[二三四]\b|“[^”]*”"
    r"|[（(][一二三四五六七八九十]+[)）]"
)
"""Chinese an English text may quote: the unit 万元, document numbers, table and item
numbers ((一) to (六)), titles."""
UNITS = {"条", "件", "次", "篇", "个", "人", "人次", "万元", "项", "——"}


def english(text: str) -> bool:
    """An English text: Latin words, and no Chinese beyond what it quotes."""
    return bool(re.search(r"[A-Za-z]{2}", text)) and not CJK.search(KEPT.sub("", text))


def both(text: Text) -> None:
    assert text.zh.strip() and CJK.search(text.zh), text
    assert english(text.en), text


@pytest.mark.parametrize("form", all_forms(), ids=lambda f: f.id)
def test_every_rule_has_both_texts(form: object) -> None:
    """Each rule's title, message and side names exist in Chinese and in English."""
    for rule in form.rules:  # type: ignore[attr-defined]
        both(rule.title)
        texts: list[Text | None] = []
        if isinstance(rule, Relation):
            texts = [rule.message, rule.left_name, rule.right_name]
        elif isinstance(rule, Unlikely | ReaderRule):
            texts = [rule.message]
        for text in texts:
            if text is not None:
                both(text)


@pytest.mark.parametrize("form", all_forms(), ids=lambda f: f.id)
def test_every_relation_reads_in_both_languages(form: object) -> None:
    """``govstat rules`` words each relation over the rows' names in both languages."""
    for rule in form.rules:  # type: ignore[attr-defined]
        zh, en = rule.relation(form, "zh"), rule.relation(form, "en")  # type: ignore[arg-type]
        assert CJK.search(zh), (rule.id, zh)
        assert english(en), (rule.id, en)


@pytest.mark.parametrize(
    ("name", "table"), [("WORDS", WORDS), ("KINDS", KINDS), ("checks", CHECK_WORDS)]
)
def test_every_word_of_every_format_has_both_texts(name: str, table: dict[str, Text]) -> None:
    """The headings, captions and legends of every format exist in both languages."""
    for text in table.values():
        both(text)


def test_every_rule_kind_is_named() -> None:
    """The rule reference can name the kind of every rule."""
    kinds = {rule.kind for form in all_forms() for rule in form.rules}
    assert kinds <= set(KINDS)


@pytest.mark.parametrize("form", all_forms(), ids=lambda f: f.id)
def test_everything_a_form_prints_has_an_english_text(form: object) -> None:
    """Each text the official layout prints (titles, heads, rows, corners, captions) has its
    English; only units stay as printed."""
    painted = paint_template(form)  # type: ignore[arg-type]
    sheet = painted.paint.sheet
    for row in sheet.iter_rows(max_col=painted.checks.column - 1):
        for cell in row:
            if isinstance(cell, Cell) and isinstance(cell.value, str) and cell.value not in UNITS:
                assert english(translate(form, cell.value, "en")), cell.value  # type: ignore[arg-type]
