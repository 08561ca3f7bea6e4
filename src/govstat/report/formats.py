"""Every output format, by the name ``--format`` takes: one small renderer each, configured
once here, imported only when its format is asked for.

- :data:`TEXT_RENDERS` a filled table → text (md, csv, json, html);
- :data:`FILE_RENDERS` a filled table → a file (xlsx, docx);
- :data:`REPORTS` validation reports → text (json, md, html, junit, sarif); ``text`` is the
  console report of :mod:`govstat.report.console`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from govstat.model import FilledTable, Lang, Report, Severity

TextRender = Callable[[FilledTable, Lang], str]
FileRender = Callable[[FilledTable, Path, Lang], None]
ReportRender = Callable[[Sequence[Report], Lang, Severity], str]


def _html(filled: FilledTable, lang: Lang) -> str:
    from govstat.report.html import render_html

    return render_html(filled, lang)


def _xlsx(filled: FilledTable, path: Path, lang: Lang) -> None:
    from govstat.report.xlsx import write_xlsx

    write_xlsx(filled, path, lang)


def _docx(filled: FilledTable, path: Path, lang: Lang) -> None:
    from govstat.report.docx import write_docx

    write_docx(filled, path, lang)


def _text_renders() -> dict[str, TextRender]:
    from govstat.report.render import RENDERERS

    return {**RENDERERS, "html": _html}


TEXT_RENDERS: dict[str, TextRender] = _text_renders()
FILE_RENDERS: dict[str, FileRender] = {"xlsx": _xlsx, "docx": _docx}


def _json(reports: Sequence[Report], lang: Lang, fail_on: Severity) -> str:
    """One report exactly as ``govstat.validate(FILE).model_dump_json(indent=2)``; several as
    a JSON array of such documents."""
    if len(reports) == 1:
        return reports[0].model_dump_json(indent=2) + "\n"
    documents = [json.loads(r.model_dump_json()) for r in reports]
    return json.dumps(documents, ensure_ascii=False, indent=2) + "\n"


def _md(reports: Sequence[Report], lang: Lang, fail_on: Severity) -> str:
    from govstat.report.markdown import report_markdown

    return report_markdown(reports, lang)


def _report_html(reports: Sequence[Report], lang: Lang, fail_on: Severity) -> str:
    from govstat.report.html import report_html

    return report_html(reports, lang)


def _junit(reports: Sequence[Report], lang: Lang, fail_on: Severity) -> str:
    from govstat.report.junit import report_junit

    return report_junit(reports, lang, fail_on)


def _sarif(reports: Sequence[Report], lang: Lang, fail_on: Severity) -> str:
    from govstat.report.sarif import report_sarif

    return report_sarif(reports, lang)


REPORTS: dict[str, ReportRender] = {
    "json": _json,
    "md": _md,
    "html": _report_html,
    "junit": _junit,
    "sarif": _sarif,
}


def report_schema() -> str:
    """The JSON Schema of ``validate --format json``, as shipped in the package."""
    from importlib.resources import files

    return files("govstat").joinpath("schemas/report.schema.json").read_text(encoding="utf-8")


def generate_report_schema() -> str:
    """The JSON Schema of :class:`~govstat.model.Report`, generated from the model (the shipped
    file is this text; a test keeps them equal)."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Report.model_json_schema(mode="serialization"),
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
