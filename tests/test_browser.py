"""The HTML report in a real browser: Debian's chromium, headless, renders the seed's report;
the rendered page holds the highlighted cells, and its screenshot shows the failing cell red.

Skipped where chromium is absent (``.ci/run`` installs it). The browser runs with no network
use of its own (no sync, no component updates, no background networking) on a file:// page.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import govstat
from govstat.report.html import report_html

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
BROWSER = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="needs headless chromium (Debian chromium) to open the HTML report"
)

ERROR_FILL = (0xFF, 0xC7, 0xCE)
"""The background of a cell an error names (td.sev-error)."""
SIZE = (1100, 2600)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    command = [
        BROWSER,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--window-size={SIZE[0]},{SIZE[1]}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed's HTML report, written as ``govstat validate --format html`` prints it."""
    folder = tmp_path_factory.mktemp("browser")
    path = folder / "seed-report.html"
    path.write_text(report_html([govstat.validate(EXAMPLES / "2018-seed.xlsx")]), "utf-8")
    return path


def test_rendered_page_holds_the_highlighted_cells(seed_page: Path, tmp_path: Path) -> None:
    """The DOM chromium builds marks the nine cells of 2014-3-03 as errors and the three header
    rows as warnings, each linking to its finding, and the finding linking back."""
    dom = chromium(tmp_path, "--dump-dom", seed_page.as_uri()).stdout
    cells = re.findall(r'<td class="([^"]*)" id="cell-([\w.]+)"', dom)
    errors = {ind for classes, ind in cells if "sev-error" in classes.split()}
    warnings = {ind for classes, ind in cells if "sev-warning" in classes.split()}
    assert errors == {
        "replies",
        "replies_already_public",
        "replies_disclosed",
        "replies_partly_disclosed",
        "replies_refused",
        "replies_not_this_agency",
        "replies_not_exist",
        "replies_to_amend",
        "replies_other_channel",
    }
    assert warnings == {"responses", "responses_channels", "requests"}
    assert 'href="#finding-1"' in dom and 'id="finding-1"' in dom
    assert 'href="#cell-replies"' in dom


def test_screenshot_shows_the_failing_cell_red(seed_page: Path, tmp_path: Path) -> None:
    """In the headless screenshot, the pixels of the failing cell 申请答复数 are the error red;
    an unmarked cell is not."""
    from PIL import Image

    # Measure where the cells stand: a copy of the page whose title the browser sets to their
    # boxes (the report itself carries no script).
    probe = tmp_path / "probe.html"
    script = (
        "<script>document.title = JSON.stringify(['cell-replies', 'cell-requests_received']"
        ".map(i => { const r = document.getElementById(i).getBoundingClientRect();"
        " return [r.left, r.top, r.width, r.height]; }));</script></body>"
    )
    probe.write_text(seed_page.read_text("utf-8").replace("</body>", script), "utf-8")
    dom = chromium(tmp_path, "--dump-dom", probe.as_uri()).stdout
    boxes = json.loads(re.search(r"<title>(.*?)</title>", dom, re.S)[1])  # type: ignore[index]
    shot = tmp_path / "seed-report.png"
    chromium(tmp_path, f"--screenshot={shot}", seed_page.as_uri())
    image = Image.open(shot).convert("RGB")
    assert image.size == SIZE

    def left_edge_pixel(box: list[float]) -> tuple[int, ...]:
        left, top, _, height = box
        return tuple(image.getpixel((int(left + 6), int(top + height / 2))))  # type: ignore[arg-type]

    failing, plain = boxes
    assert failing[1] + failing[3] < SIZE[1], "the failing cell is inside the screenshot"
    assert left_edge_pixel(failing) == ERROR_FILL
    assert left_edge_pixel(plain) != ERROR_FILL
