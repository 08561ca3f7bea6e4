"""The assessment's html page in a real browser (Debian's chromium, headless, driven by
selenium through /usr/bin/chromedriver): the charts are drawn, the Chinese text is set in a
CJK font, and the page fetches nothing but itself.

Skipped where chromium, chromedriver or selenium is absent (``.ci/run`` installs them).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from govstat.assess import assess
from govstat.assess.html import assessment_html
from support import EXAMPLES

DRIVER = shutil.which("chromedriver")
BROWSER = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
pytestmark = pytest.mark.skipif(
    DRIVER is None or BROWSER is None, reason="chromium or chromedriver is not installed"
)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example folder's assessment, with its list of units, as ``-o report.html``."""
    result = assess([EXAMPLES / "assess" / "reports"], EXAMPLES / "assess" / "units.csv", jobs=1)
    path = tmp_path_factory.mktemp("assess-html") / "report.html"
    path.write_text(assessment_html(result), "utf-8")
    return path


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(BROWSER)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--window-size=900,1400",
        f"--user-data-dir={tmp_path_factory.mktemp('profile')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    yield driver
    driver.quit()


def test_the_page_shows_its_charts_renders_chinese_and_fetches_nothing(
    page: Path,
    browser,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    """Every chart is an SVG with bars drawn at a visible size (findings by rule and by unit,
    the jumps, the tables alike, each indicator); the title is drawn in a CJK font with every
    glyph found (as chromium reports the fonts it used); the only request over the network or
    the disk is the page itself; a screenshot is written."""
    browser.get(page.as_uri())
    charts = browser.execute_script(
        "return [...document.querySelectorAll('figure.chart')].map(f => {"
        " const r = f.querySelector('svg').getBoundingClientRect();"
        " return [f.querySelector('figcaption').textContent, r.width, r.height,"
        " f.querySelectorAll('rect').length]; })"
    )
    captions = [c[0] for c in charts]
    assert "按规则统计的问题" in captions and "按单位统计的问题" in captions
    assert "与对方相同的单元格比例" in captions and "予以公开率（予以公开+部分公开）" in captions
    assert any("变为 400" in c for c in captions)  # the planted jump
    assert all(width > 300 and height > 15 and bars > 0 for _, width, height, bars in charts)
    # The fonts chromium actually drew the title with: a CJK face, every glyph found in it.
    root = browser.execute_cdp_cmd("DOM.getDocument", {})["root"]["nodeId"]
    title = browser.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": "h1"})
    browser.execute_cdp_cmd("CSS.enable", {})
    fonts = browser.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": title["nodeId"]})
    used = {f["familyName"]: f["glyphCount"] for f in fonts["fonts"]}
    assert any("CJK" in name for name in used), used
    assert sum(used.values()) == len("政府信息公开工作年度报告评估"), used
    heading = browser.execute_script("return document.querySelector('h1').textContent")
    assert heading == "政府信息公开工作年度报告评估"
    requests = [json.loads(entry["message"])["message"] for entry in browser.get_log("performance")]
    urls = {
        m["params"]["request"]["url"]
        for m in requests
        if m["method"] == "Network.requestWillBeSent"
    }
    # The browser's own pages (chrome://) are no fetch of the page's.
    fetched = {
        u for u in urls if u.split(":", 1)[0] in ("http", "https", "ws", "wss", "ftp", "file")
    }
    assert fetched == {page.as_uri()}, fetched
    assert browser.save_screenshot(str(tmp_path / "assess.png"))
