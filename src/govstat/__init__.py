"""govstat: check and render the statistics tables of 政府信息公开工作年度报告.

>>> import govstat
>>> report = govstat.validate("examples/2018-seed.xlsx")   # doctest: +SKIP
>>> [f.rule for f in report.findings if f.severity == "error"]   # doctest: +SKIP
['2014-3-03']

The names below are imported on first use, so that ``govstat --help`` and the command line's
start do not pay for pydantic and the forms before they need them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "build_report": "govstat.api",
    "read_table": "govstat.api",
    "read_tables": "govstat.api",
    "validate": "govstat.api",
    "validate_all": "govstat.api",
    "check": "govstat.engine",
    "GovstatError": "govstat.errors",
    "all_forms": "govstat.forms",
    "get_form": "govstat.forms",
    "FilledTable": "govstat.model",
    "Finding": "govstat.model",
    "Report": "govstat.model",
    "Severity": "govstat.model",
}

if TYPE_CHECKING:
    from govstat.api import build_report, read_table, read_tables, validate, validate_all
    from govstat.engine import check
    from govstat.errors import GovstatError
    from govstat.forms import all_forms, get_form
    from govstat.model import FilledTable, Finding, Report, Severity


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'govstat' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "FilledTable",
    "Finding",
    "GovstatError",
    "Report",
    "Severity",
    "__version__",
    "all_forms",
    "build_report",
    "check",
    "get_form",
    "read_table",
    "read_tables",
    "validate",
    "validate_all",
]
