"""govstat: check and render the statistics tables of 政府信息公开工作年度报告.

>>> import govstat
>>> report = govstat.validate("examples/2018-seed.xlsx")   # doctest: +SKIP
>>> [f.rule for f in report.findings if f.severity == "error"]   # doctest: +SKIP
['2014-3-03']
"""

from govstat.api import build_report, read_table, validate
from govstat.engine import check
from govstat.errors import GovstatError
from govstat.forms import all_forms, get_form
from govstat.model import FilledTable, Finding, Report, Severity

__version__ = "0.1.0"

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
    "validate",
]
