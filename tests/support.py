"""What every test module shares: the example modules loaded by path, and the spec's rule
table of form 2014."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from typer.testing import CliRunner, Result

from govstat.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def load_example(name: str) -> ModuleType:
    """A module of ``examples/`` (not a package), with that folder importable as the
    example scripts expect."""
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    spec = importlib.util.spec_from_file_location(
        f"govstat_examples_{name}", EXAMPLES / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def invoke(*args: object, env: dict[str, str | None] | None = None) -> Result:
    """Run the app in-process; an exception other than a deliberate exit fails the test."""
    runner = CliRunner(env={"GOVSTAT_LANG": None, "FORCE_COLOR": None, **(env or {})})
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"govstat crashed: {result.exception!r}\n{result.output}")
    return result


SPEC_RULES_2014 = {
    "2014-0-01": "error",
    "2014-0-02": "warning",
    "2014-0-03": "warning",
    "2014-1-01": "error",
    "2014-1-02": "error",
    "2014-1-03": "warning",
    "2014-1-04": "warning",
    "2014-2-01": "error",
    "2014-2-02": "error",
    "2014-3-01": "error",
    "2014-3-02": "error",
    "2014-3-03": "error",
    "2014-3-04": "error",
    "2014-3-05": "warning",
    "2014-3-06": "warning",
    "2014-4-01": "error",
    "2014-5-01": "error",
    "2014-7-01": "error",
    "2014-8-01": "info",
}
"""The rule table of forms.md, "Rules of form 2014": id → severity."""
