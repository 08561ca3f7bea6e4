"""Excel: the filled table in the official layout, as the template holds it once filled.

In Chinese this is exactly :func:`govstat.template.write_workbook` (the official form, which
``govstat validate`` reads back, its check block live); in English the same workbook with every
printed text translated, values and formulas untouched.
"""

from __future__ import annotations

from pathlib import Path

from govstat.fileio import write_atomic
from govstat.forms import get_form
from govstat.model import FilledTable, Lang
from govstat.report.layout import translate_sheet
from govstat.template import paint_template, write_workbook
from govstat.template.printing import refit_rows


def write_xlsx(filled: FilledTable, path: str | Path, lang: Lang = "zh") -> None:
    """Write the workbook render to ``path`` atomically."""
    if lang == "zh":
        write_workbook(filled, path)
        return
    form = get_form(filled.form)
    painted = paint_template(form, filled, lang)
    translate_sheet(form, painted.paint.sheet, painted.paint.addresses, lang)
    refit_rows(painted.paint.sheet)  # English runs longer than Chinese
    write_atomic(path, lambda tmp: painted.book.save(tmp))
