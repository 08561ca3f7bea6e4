"""How the web page reader scales with Word's inline style: ``python benchmarks/webpage.py``
prints, for the portal page of examples/ with its inline styles made longer and longer (up
to the 16 MB a page may have), the page's size and the time to read it and to validate it.

Run on demand; the tests never assert a time.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import govstat
from govstat.readers import read_book

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
sys.path.insert(0, str(EXAMPLES))

import make_portal_page  # noqa: E402  (an example script, beside the examples)


def page_with_style(times: int) -> bytes:
    """The portal page with every inline style ``times`` as long, as Word pads its runs."""
    module = make_portal_page
    saved = (module.P_STYLE, module.SPAN_STYLE, module.TD_STYLE)
    try:
        module.P_STYLE, module.SPAN_STYLE, module.TD_STYLE = (";".join([s] * times) for s in saved)
        return module.page().encode("gbk")
    finally:
        module.P_STYLE, module.SPAN_STYLE, module.TD_STYLE = saved


def main() -> None:
    print(f"{'page (KB)':>10} {'read (ms)':>10} {'validate (ms)':>14}")
    with tempfile.TemporaryDirectory() as scratch:
        for times in (1, 4, 16, 50):
            path = Path(scratch) / f"portal-{times}.htm"
            path.write_bytes(page_with_style(times))
            start = time.perf_counter()
            read_book(path)
            read = time.perf_counter() - start
            start = time.perf_counter()
            govstat.validate(path, hints=False)
            checked = time.perf_counter() - start
            size = path.stat().st_size // 1024
            print(f"{size:>10} {read * 1000:>10.0f} {checked * 1000:>14.0f}")


if __name__ == "__main__":
    main()
