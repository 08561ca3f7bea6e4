"""``govstat serve`` in a real browser: Debian's headless chromium, driven by selenium, on the
page of a server started in this process (uvicorn, a free loopback port, in a thread).

A clerk's path: drop the seed's workbook, see 2014-3-03 and C34 marked, type 7 into C34, see
the error go, download the corrected workbook (which validates without error); drop the three
units of the example region and download their compiled table. Skipped where chromium or
chromedriver is absent (``.ci/run`` installs both).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
)
pytest.importorskip("selenium")
pytest.importorskip("uvicorn")

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import (  # noqa: E402
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

import govstat  # noqa: E402
from govstat.serve import Server  # noqa: E402
from support import EXAMPLES  # noqa: E402

UNITS = EXAMPLES / "region" / "units"
WAIT = 60


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """The page's server on a free loopback port, running in a thread."""
    served = Server("127.0.0.1", 0, workers=2)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not served.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert served.started
    yield served
    served.stop()
    thread.join(WAIT)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, downloads: Path) -> Iterator[WebDriver]:
    """Headless chromium with a fresh profile, no network of its own, downloads kept."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--window-size=1440,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('profile')}",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    yield driver
    driver.quit()


def wait_for(driver: WebDriver, condition: Callable[[WebDriver], Any]) -> Any:
    """Wait for ``condition``, looking again when the page redraws under it."""
    ignored = (NoSuchElementException, StaleElementReferenceException)
    wait = WebDriverWait(driver, WAIT, poll_frequency=0.1, ignored_exceptions=ignored)
    return wait.until(condition)


def open_page(driver: WebDriver, server: Server) -> None:
    driver.get(server.url)
    wait_for(driver, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))


def drop(driver: WebDriver, *paths: Path) -> None:
    """Drop files on the page as a clerk does: a drop event carrying them."""
    driver.execute_script(
        "const probe = document.createElement('input'); probe.type = 'file';"
        "probe.multiple = true; probe.id = 'probe'; document.body.append(probe);"
    )
    driver.find_element(By.ID, "probe").send_keys("\n".join(str(p) for p in paths))
    driver.execute_script(
        "const probe = document.getElementById('probe'); const data = new DataTransfer();"
        "for (const f of probe.files) data.items.add(f); probe.remove();"
        "document.getElementById('drop').dispatchEvent("
        "new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));"
    )


def downloaded(folder: Path, suffix: str, before: set[Path]) -> Path:
    """The file a download left in ``folder``, once complete."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(f"*{suffix}") if p not in before]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} was downloaded into {folder}")


def cell(driver: WebDriver, address: str) -> Any:
    return driver.find_element(By.CSS_SELECTOR, f"#table td[data-address='{address}']")


def test_check_fix_and_download_the_seed(
    browser: WebDriver, server: Server, downloads: Path
) -> None:
    """Dropping the seed's workbook marks 2014-3-03 and C34; typing 7 into C34 clears the
    error at once; the corrected workbook downloads and validates without error."""
    open_page(browser, server)
    drop(browser, EXAMPLES / "2018-seed.xlsx")
    wait_for(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, "li.finding[data-rule='2014-3-03']")
    )
    assert "sev-error" in cell(browser, "C34").get_attribute("class").split()
    assert "温州市商务局" in browser.find_element(By.ID, "sheet-meta").text

    cell(browser, "C34").click()
    editor = wait_for(browser, lambda d: d.find_element(By.ID, "cell-value"))
    assert editor.get_attribute("value") == "5"
    panel = browser.find_element(By.ID, "cell-panel").text
    assert "2014-3-03" in panel and "建议" in panel
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys("7", Keys.ENTER)
    wait_for(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "li.finding.error"))
    classes = cell(browser, "C34").get_attribute("class").split()
    assert "sev-error" not in classes and "edited" in classes
    assert cell(browser, "C34").text.startswith("7")

    before = set(downloads.iterdir())
    browser.find_element(By.ID, "download-xlsx").click()
    fixed = downloaded(downloads, ".xlsx", before)
    report = govstat.validate(fixed)
    assert report.counts.error == 0
    assert next(v for v in report.values if v.cell and v.cell.address == "C34").value == 7


def test_english_switch(browser: WebDriver, server: Server) -> None:
    """The English switch redraws the page's words and the findings in English."""
    open_page(browser, server)
    drop(browser, EXAMPLES / "2018-seed.xlsx")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "li.finding.error"))
    browser.find_element(By.ID, "lang-en").click()
    wait_for(browser, lambda d: "Findings" in d.find_element(By.TAG_NAME, "aside").text)
    first = "li.finding.error .finding-message"
    message = wait_for(
        browser,
        lambda d: (m := d.find_element(By.CSS_SELECTOR, first).text).startswith("Replies") and m,
    )
    assert message.startswith("Replies is 5") and not re.search(r"[\u4e00-\u9fff]", message)
    browser.find_element(By.ID, "lang-zh").click()
    wait_for(browser, lambda d: "发现的问题" in d.find_element(By.TAG_NAME, "aside").text)


def test_units_compile_to_one_table(browser: WebDriver, server: Server, downloads: Path) -> None:
    """Dropping the three units lists each as passing; a click opens a unit's table; the
    compiled table downloads as a workbook holding their sum."""
    open_page(browser, server)
    units = sorted(UNITS.glob("*.xlsx"))
    drop(browser, *units)
    rows = wait_for(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#unit-list tbody tr") or None
    )
    assert len(rows) == 3
    statuses = [r.find_element(By.CSS_SELECTOR, ".status").text for r in rows]
    assert statuses == ["通过"] * 3

    rows[0].click()
    wait_for(browser, lambda d: d.find_element(By.ID, "sheet").is_displayed())
    assert browser.find_element(By.ID, "sheet-title").text == units[0].name
    browser.find_element(By.ID, "back").click()
    wait_for(browser, lambda d: d.find_element(By.ID, "units").is_displayed())

    before = set(downloads.iterdir())
    browser.find_element(By.ID, "compile").click()
    compiled = downloaded(downloads, ".xlsx", before)
    assert "3" in browser.find_element(By.ID, "compile-result").text
    table = govstat.read_table(compiled)
    parts = [govstat.read_table(u) for u in units]
    assert table.form == "2021"
    new = "t3.new.total"
    assert table.values[new].number == sum(p.values[new].number or 0 for p in parts)
