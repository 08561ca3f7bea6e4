"""The assessment written out: text, JSON, xlsx or html, to the screen or a file
(atomically)."""

from __future__ import annotations

import io
from pathlib import Path

from govstat.assess.model import Assessment
from govstat.fileio import write_atomic, write_text_atomic


def assessment_text(result: Assessment) -> str:
    from rich.console import Console

    from govstat.assess.text import print_assessment

    buffer = io.StringIO()
    print_assessment(result, Console(file=buffer, highlight=False, soft_wrap=True, width=200))
    return buffer.getvalue()


def write_assessment(result: Assessment, fmt: str, output: Path | None) -> str | None:
    """Write ``result`` in ``fmt`` to ``output``; without ``output``, return the text."""
    if fmt == "xlsx":
        from govstat.assess.xlsx import write_workbook

        assert output is not None
        write_atomic(output, lambda tmp: write_workbook(result, tmp))
        return None
    if fmt == "html":
        from govstat.assess.html import assessment_html

        text = assessment_html(result)
    elif fmt == "json":
        text = result.model_dump_json(indent=2) + "\n"
    else:
        text = assessment_text(result)
    if output is None:
        return text
    write_text_atomic(output, text)
    return None
