"""The rule reference: every rule of a form with its id, severity, kind, what it checks and
why, and each relation it declares, as Markdown. ``docs/rules.md`` is this text."""

from __future__ import annotations

from collections.abc import Sequence

from govstat.forms import Form
from govstat.model import Lang
from govstat.report.words import KINDS, word


def rules_markdown(forms: Sequence[Form], lang: Lang = "zh") -> str:
    """The reference of ``forms``' rules; each rule once per form, all its relations listed."""
    sep = "：" if lang == "zh" else ": "
    title = word("rules_title", lang)
    scope = ",".join(f.id for f in forms) if len(forms) == 1 else None
    lines = [f"# {title}", ""]
    intro = word("rules_intro", lang).format(form=scope or "…")
    if scope is None:
        intro = intro.replace(" --form …", "")
    lines += [f"> {intro}", ""]
    for form in forms:
        lines += [f"## {form.id}《{form.title}》", "", f"{form.source.get(lang)}（{form.years}）"]
        lines.append("")
        seen: dict[str, list[str]] = {}
        order = []
        for rule in form.rules:
            if rule.id not in seen:
                seen[rule.id] = []
                order.append(rule)
            relation = rule.relation(form, lang)
            if relation != rule.title.get(lang) and relation not in seen[rule.id]:
                seen[rule.id].append(relation)
        for rule in order:
            lines += [f"### {rule.id}", ""]
            lines.append(f"- {word('severity', lang)}{sep}{rule.severity.label(lang)}")
            lines.append(f"- {word('kind', lang)}{sep}{KINDS[rule.kind].get(lang)}")
            lines.append(f"- {word('why', lang)}{sep}{rule.title.get(lang)}")
            relations = seen[rule.id]
            if relations:
                lines.append(f"- {word('relation', lang)}{sep}")
                lines += [f"  - {relation}" for relation in relations]
            lines.append("")
    if scope is None:
        lines += _assessment_rules(lang)
    return "\n".join(lines).rstrip("\n") + "\n"


def _assessment_rules(lang: Lang) -> list[str]:
    """The rules of ``govstat assess``, after the forms' (listed with every form's)."""
    from govstat.assess.rules import ASSESS_RULES, KINDS

    sep = "：" if lang == "zh" else ": "
    lines = [f"## {word('assess_rules', lang)}", "", word("assess_intro", lang), ""]
    for rule in ASSESS_RULES:
        lines += [f"### {rule.id}", ""]
        lines.append(f"- {word('severity', lang)}{sep}{rule.severity.label(lang)}")
        lines.append(f"- {word('kind', lang)}{sep}{KINDS[rule.kind].get(lang)}")
        lines.append(f"- {word('why', lang)}{sep}{rule.title.get(lang)}")
        lines.append("")
    return lines
