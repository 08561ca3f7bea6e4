"""``govstat rules --format md``: the rule reference documents every rule, and ``docs/rules.md``
(``docs/rules.en.md``) is exactly its output, so the docs cannot drift from the rules.

After a change of the rules, regenerate the docs with::

    govstat rules --format md > docs/rules.md
    govstat rules --format md --lang en > docs/rules.en.md

(or run the tests with ``GOVSTAT_UPDATE_GOLDEN=1``) and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from govstat.forms import all_forms, get_form
from govstat.rules import Relation
from support import invoke

DOCS = Path(__file__).resolve().parents[1] / "docs"
UPDATE = os.environ.get("GOVSTAT_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize(("lang", "name"), [("zh", "rules.md"), ("en", "rules.en.md")])
def test_docs_rules_is_the_generated_reference(lang: str, name: str) -> None:
    """docs/rules.md is byte for byte ``govstat rules --format md``: it fails when they drift."""
    result = invoke("rules", "--format", "md", "--lang", lang)
    assert result.exit_code == 0
    if UPDATE:
        (DOCS / name).write_text(result.stdout, encoding="utf-8", newline="")
    assert result.stdout == (DOCS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("form_id", ["2014", "2019", "2021"])
def test_reference_documents_every_rule_of_the_form(form_id: str) -> None:
    """Each rule of the form has its section with id, severity, what it checks and every
    relation it declares; no other form's rule is listed."""
    form = get_form(form_id)
    text = invoke("rules", "--form", form_id, "--format", "md").stdout
    sections = re.split(r"^### ", text, flags=re.M)[1:]
    by_id = {section.split("\n", 1)[0]: section for section in sections}
    assert list(by_id) == list(dict.fromkeys(r.id for r in form.rules))
    for rule in form.rules:
        section = by_id[rule.id]
        assert f"级别：{rule.severity.label('zh')}" in section
        assert f"检查内容：{rule.title.zh}" in section
        relation = rule.relation(form, "zh")
        if isinstance(rule, Relation) and relation != rule.title.zh:  # else the title says it
            assert f"  - {relation}\n" in section


def test_reference_of_all_forms_lists_each_form() -> None:
    """Without --form the reference holds every form, in order."""
    text = invoke("rules", "--format", "md").stdout
    heads = re.findall(r"^## (\d{4})", text, flags=re.M)
    assert heads == [f.id for f in all_forms()]
