"""``govstat serve``: its JSON API, its token, its limits, and the command that starts it.

The application is driven through Starlette's TestClient; one client (and so one pool of
worker processes) serves the whole module.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import warnings
import zipfile
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
pytest.importorskip("python_multipart")

with warnings.catch_warnings():  # Starlette 1.x asks for httpx2; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

import govstat
from govstat.compile import compile_units
from govstat.serve.app import create_app
from govstat.serve.uploads import MAX_NAME
from support import EXAMPLES, invoke

TOKEN = "test-token"
UNITS = EXAMPLES / "region" / "units"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = create_app(TOKEN, max_upload=50 * 1024 * 1024, workers=2)
    with TestClient(app, headers={"X-Govstat-Token": TOKEN}) as test_client:
        yield test_client


def workspace(client: TestClient) -> Path:
    """The server's private folder."""
    root: Path = client.app.app.state.workspace.root  # type: ignore[attr-defined]
    return root


def upload(path: Path, name: str | None = None) -> dict[str, Any]:
    return {"file": (name or path.name, path.read_bytes())}


def test_no_token_is_refused(client: TestClient) -> None:
    """Without the token (or with a wrong one) every route answers 403, the page included;
    the token in the query, the header or the cookie the page sets lets a request in."""
    client.cookies.clear()
    bare = {"X-Govstat-Token": ""}
    for url in ("/", "/static/app.js", "/api/config", "/api/templates/2014"):
        assert client.get(url, headers=bare).status_code == 403, url
        wrong = client.get(url, params={"token": "wrong"}, headers=bare)
        assert wrong.status_code == 403, url
    refused = client.post("/api/validate", files=upload(EXAMPLES / "2018-seed.xlsx"), headers=bare)
    assert refused.status_code == 403
    assert "token" in refused.json()["error"]
    assert client.get("/api/config", headers={"X-Govstat-Token": TOKEN}).status_code == 200
    page = client.get("/", params={"token": TOKEN}, headers=bare)
    assert page.status_code == 200 and "govstat" in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'self'" in page.headers["content-security-policy"]
    # The page's own assets come with the cookie its first load set.
    assert client.get("/static/app.js", headers=bare).status_code == 200
    assert client.get("/static/app.css", headers=bare).status_code == 200
    client.cookies.clear()
    assert client.get("/static/app.css", headers=bare).status_code == 403


def test_validate_answers_the_json_of_validate(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """POST /api/validate answers exactly ``govstat validate --format json`` of the file, named
    as uploaded."""
    answer = client.post("/api/validate", files=upload(EXAMPLES / "2018-seed.xlsx"))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    monkeypatch.chdir(EXAMPLES)
    expected = invoke("validate", "2018-seed.xlsx", "--format", "json").output
    assert answer.text == expected


def test_validate_with_last_years_table(client: TestClient) -> None:
    """The optional ``previous`` field adds the carry-over rules, naming last year's cells by
    its uploaded name."""
    files = {
        **upload(EXAMPLES / "2023-form2021.xlsx"),
        "previous": ("2022.xlsx", (EXAMPLES / "2022-form2021.xlsx").read_bytes()),
    }
    report = client.post("/api/validate", files=files).json()
    assert report["previous"] == "2022.xlsx"
    carried = [f for f in report["findings"] if f["rule"] == "2021-3-06"]
    assert carried and carried[0]["cells"][-1]["cell"]["file"] == "2022.xlsx"


def test_upload_over_the_limit_is_413_and_the_server_lives_on(client: TestClient) -> None:
    """A 64 MB upload answers 413 with the limit, whether it declares its length or streams
    without one (stopped at the limit, not read to the end); the next request is served and
    nothing is left in the private folder."""
    chunk = b"\0" * (1024 * 1024)
    boundary = "govstat-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()

    def body() -> Iterator[bytes]:
        yield head
        for _ in range(64):
            yield chunk
        yield f"\r\n--{boundary}--\r\n".encode()

    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    streamed = client.post("/api/validate", content=body(), headers=headers)
    assert streamed.status_code == 413
    assert "50 MB" in streamed.json()["error"]
    declared = client.post("/api/check", files={"file": ("big.xlsx", chunk * 64)})
    assert declared.status_code == 413
    assert client.post("/api/validate", files=upload(EXAMPLES / "2018-seed.xlsx")).is_success
    assert list(workspace(client).iterdir()) == []


def test_upload_is_stopped_at_the_limit_while_streaming(tmp_path: Path) -> None:
    """The body is read only up to the limit: the rest of a 64 MB stream is never pulled, and
    the part written so far stays in the request's folder (which the route deletes)."""
    import asyncio

    from govstat.serve.uploads import TooLarge, read_multipart

    pulled = {"chunks": 0}

    async def stream() -> AsyncIterator[bytes]:
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n\r\n'
        for _ in range(64):
            pulled["chunks"] += 1
            yield b"\0" * (1024 * 1024)

    with pytest.raises(TooLarge, match="8 MB"):
        asyncio.run(read_multipart("multipart/form-data; boundary=b", stream(), tmp_path, 8 << 20))
    assert pulled["chunks"] == 8
    assert [p.stat().st_size for p in tmp_path.iterdir()] == [7 << 20]


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "..\\..\\boot.ini", "a\0b.xlsx", "x" * 5000 + ".xlsx", ".."],
    ids=["traversal", "windows", "nul", "long", "dots"],
)
def test_hostile_file_names_are_only_shown(client: TestClient, name: str) -> None:
    """A client's file name never becomes a path: the file is checked, the name shown is its
    last part without control characters, short; nothing is written outside the private folder
    and nothing is left in it."""
    answer = client.post("/api/check", files=upload(EXAMPLES / "2018-seed.xlsx", name))
    assert answer.status_code == 200
    shown = answer.json()["name"]
    assert "/" not in shown and "\\" not in shown and "\0" not in shown
    assert len(shown) <= MAX_NAME and not shown.startswith(".")
    assert answer.json()["report"]["counts"]["error"] == 1
    assert list(workspace(client).iterdir()) == []
    assert oct(workspace(client).stat().st_mode & 0o777) == "0o700"


def test_unreadable_file_answers_its_one_line(client: TestClient) -> None:
    """A file that holds no table answers 422 with the one-line message, naming the file as
    uploaded (never the server's generated path)."""
    answer = client.post("/api/validate", files={"file": ("notes.xlsx", b"just some text\n")})
    assert answer.status_code == 422
    message = answer.json()["error"]
    assert message.startswith("notes.xlsx: ") and "\n" not in message
    assert "govstat-serve" not in message


def test_malformed_requests_answer_400(client: TestClient) -> None:
    """No ``file`` field, or a body that is not multipart, answers 400 with a message."""
    answer = client.post("/api/validate", files={"other": ("a.xlsx", b"x")})
    assert answer.status_code == 400 and "file" in answer.json()["error"]
    answer = client.post("/api/validate", content=b"{}", headers={"Content-Type": "text/plain"})
    assert answer.status_code == 400 and "multipart" in answer.json()["error"]


def test_concurrent_uploads_each_get_their_own_answer(client: TestClient) -> None:
    """Six uploads at once are each answered with the report of their own file."""
    names = [
        "2018-seed.xlsx",
        "2023-form2021-errors.xlsx",
        "2020-form2019.xlsx",
        "2018-corrected.xlsx",
        "2018-seed.csv" if (EXAMPLES / "2018-seed.csv").exists() else "2018-seed-gbk.csv",
        "2023-form2021.xlsx",
    ]
    expected = {n: govstat.validate(EXAMPLES / n).counts.model_dump() for n in names}

    def post(name: str) -> tuple[str, dict[str, int]]:
        report = client.post("/api/validate", files=upload(EXAMPLES / name)).json()
        return report["file"], report["counts"]

    with ThreadPoolExecutor(len(names)) as pool:
        answers = dict(pool.map(post, names))
    assert answers == expected


def test_edited_value_is_checked_again_and_downloads(client: TestClient, tmp_path: Path) -> None:
    """Typing 7 into C34 of the seed clears its error; the table downloads as the official
    workbook, which validates without error, and the report as Word and HTML; the uploaded
    bytes are untouched."""
    seed = EXAMPLES / "2018-seed.xlsx"
    before = seed.read_bytes()
    opened = client.post("/api/check", files=upload(seed)).json()
    assert opened["report"]["counts"]["error"] == 1
    replies = next(v for v in opened["report"]["values"] if v["cell"]["address"] == "C34")
    edited = client.post(
        f"/api/tables/{opened['id']}", json={"changes": {replies["indicator"]: "7"}}
    ).json()
    assert edited["report"]["counts"]["error"] == 0
    assert edited["changes"] == {replies["indicator"]: "7"}
    workbook = client.get(f"/api/tables/{opened['id']}/xlsx")
    assert workbook.headers["content-type"] == XLSX
    assert "attachment" in workbook.headers["content-disposition"]
    (tmp_path / "fixed.xlsx").write_bytes(workbook.content)
    fixed = govstat.validate(tmp_path / "fixed.xlsx")
    assert fixed.counts.error == 0
    assert next(v for v in fixed.values if v.indicator == replies["indicator"]).value == 7
    word = client.get(f"/api/tables/{opened['id']}/docx")
    assert word.status_code == 200 and word.content[:2] == b"PK"
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "2014-3-06" in text and "2014-3-03" not in text
    page = client.get(f"/api/tables/{opened['id']}/html", params={"lang": "en"})
    assert "Findings" in page.text
    assert seed.read_bytes() == before


def test_english_switch(client: TestClient) -> None:
    """With lang=en the findings and the table's labels are in English."""
    opened = client.post("/api/check", files=upload(EXAMPLES / "2018-seed.xlsx")).json()
    english = client.get(f"/api/tables/{opened['id']}", params={"lang": "en"}).json()
    error = next(f for f in english["report"]["findings"] if f["rule"] == "2014-3-03")
    assert not re.search(r"[\u4e00-\u9fff]", error["message"])
    texts = [
        b["text"] for p in english["layout"] if p["kind"] == "band" for r in p["rows"] for b in r
    ]
    assert any("request" in t.lower() for t in texts)


def test_prose_findings_carry_the_sentence(client: TestClient) -> None:
    """A whole report's prose findings name the paragraph and hold its sentence."""
    report = client.post("/api/check", files=upload(EXAMPLES / "2018-report.docx")).json()
    prose = [f for f in report["report"]["findings"] if f["rule"].endswith("T-01")]
    assert prose
    sentence = prose[0]["cells"][0]
    assert "paragraph" in sentence["cell"] and "。" in sentence["value"]


def unit_files() -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (p.name, p.read_bytes())) for p in sorted(UNITS.glob("*.xlsx"))]


def test_units_and_their_compiled_table(client: TestClient, tmp_path: Path) -> None:
    """Three units give a row each, all passing; their compiled table downloads as a workbook
    equal to ``govstat compile`` of the same units."""
    units = client.post("/api/units", files=unit_files()).json()["units"]
    assert [u["status"] for u in units] == ["ok", "ok", "ok"]
    compiled = client.post("/api/compile", json={"ids": [u["id"] for u in units]}).json()
    assert compiled["included"] == [u["file"] for u in units] and compiled["left_out"] == []
    workbook = client.get(f"/api/tables/{compiled['id']}/xlsx")
    (tmp_path / "region.xlsx").write_bytes(workbook.content)
    ours = govstat.read_table(tmp_path / "region.xlsx")
    theirs = compile_units([UNITS]).table
    assert theirs is not None
    assert {k: v.number for k, v in ours.values.items()} == {
        k: v.number for k, v in theirs.values.items() if k in ours.values
    }


def test_units_in_a_zip_with_hostile_members(client: TestClient) -> None:
    """A zip of units is opened safely: its members are checked under generated names (one
    named ``../../evil.xlsx`` is shown as ``evil.xlsx``), a member inflating far beyond its
    size is refused as a row, and nothing is written outside or left in the private folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(UNITS.glob("*.xlsx")):
            archive.writestr(f"units/{path.name}", path.read_bytes())
        archive.writestr("../../evil.xlsx", (EXAMPLES / "2018-seed.xlsx").read_bytes())
        archive.writestr("bomb.xlsx", b"\0" * (60 * 1024 * 1024))
        archive.writestr("__MACOSX/._x.xlsx", b"junk")
    answer = client.post("/api/units", files={"files": ("units.zip", buffer.getvalue())})
    rows = answer.json()["units"]
    names = sorted(r["file"] for r in rows)
    assert names == sorted(
        ["2023-dongcheng.xlsx", "2023-nanhu.xlsx", "2023-xicheng.xlsx", "evil.xlsx", "bomb.xlsx"]
    )
    bomb = next(r for r in rows if r["file"] == "bomb.xlsx")
    assert bomb["status"] == "unreadable" and "units.zip" in bomb["message"]
    assert "zip bomb" in bomb["message"]
    assert not (workspace(client).parent / "evil.xlsx").exists()
    assert list(workspace(client).iterdir()) == []


def test_compile_refuses_mixed_forms_and_a_unit_twice(client: TestClient) -> None:
    """Compiling units of different forms, or the same unit (填报单位 and year) twice, answers
    422 saying why; a unit with errors is left out and named."""
    seed = client.post(
        "/api/units",
        files=[
            ("files", ("seed.xlsx", (EXAMPLES / "2018-corrected.xlsx").read_bytes())),
            *unit_files(),
        ],
    ).json()["units"]
    mixed = client.post("/api/compile", json={"ids": [u["id"] for u in seed]})
    assert mixed.status_code == 422 and "2014: seed.xlsx" in mixed.json()["error"]
    dongcheng = (UNITS / "2023-dongcheng.xlsx").read_bytes()
    twice = client.post(
        "/api/units",
        files=[("files", ("a.xlsx", dongcheng)), ("files", ("b.xlsx", dongcheng))],
    ).json()["units"]
    refused = client.post("/api/compile", json={"ids": [u["id"] for u in twice]})
    assert refused.status_code == 422
    assert "a.xlsx, b.xlsx" in refused.json()["error"]
    errors = client.post(
        "/api/units",
        files=[
            *unit_files(),
            ("files", ("bad.xlsx", (EXAMPLES / "2023-form2021-errors.xlsx").read_bytes())),
        ],
    ).json()["units"]
    compiled = client.post("/api/compile", json={"ids": [u["id"] for u in errors]}).json()
    assert compiled["left_out"] == ["bad.xlsx"] and len(compiled["included"]) == 3


def test_blank_templates_download(client: TestClient, tmp_path: Path) -> None:
    """Each form's blank template downloads and reads back as that form; an unknown form is
    404."""
    for form in ("2014", "2019", "2021"):
        answer = client.get(f"/api/templates/{form}")
        assert answer.headers["content-type"] == XLSX
        path = tmp_path / f"{form}.xlsx"
        path.write_bytes(answer.content)
        assert govstat.read_table(path).form == form
    assert client.get("/api/templates/1999").status_code == 404


def test_unknown_table_is_404(client: TestClient) -> None:
    """A table id the server does not hold answers 404 with a message."""
    answer = client.get("/api/tables/nope/xlsx")
    assert answer.status_code == 404 and "upload" in answer.json()["error"]


def test_serve_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without starlette/uvicorn/python-multipart, ``govstat serve`` exits 2 naming the
    extra govstat[serve]."""
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = invoke("serve", "--no-browser")
    assert result.exit_code == 2
    assert "govstat[serve]" in result.output and "uvicorn" in result.output


def test_serve_prints_its_url_first_and_warns_off_loopback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first line is the URL with its token; another host than loopback gets a warning."""
    from govstat.serve import Server

    monkeypatch.setattr(Server, "run", lambda self: None)
    result = invoke("serve", "--no-browser", "--port", "0")
    assert result.exit_code == 0
    first = result.output.splitlines()[0]
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{20,}", first)
    other = invoke("serve", "--no-browser", "--port", "0", "--host", "0.0.0.0")
    assert "0.0.0.0" in other.output and "警告" in other.output
    english = invoke(
        "serve", "--no-browser", "--port", "0", "--host", "0.0.0.0", env={"GOVSTAT_LANG": "en"}
    )
    assert "warning" in english.output


def test_sigint_ends_the_server_cleanly(tmp_path: Path) -> None:
    """``govstat serve`` serves its page, and Ctrl+C (SIGINT) ends it with status 0, its
    private folder removed."""
    import httpx

    env = {**os.environ, "TMPDIR": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "govstat", "serve", "--no-browser", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert httpx.get(url, timeout=30).status_code == 200
        assert httpx.get(url.split("?")[0], timeout=30).status_code == 403
        assert [p.name.startswith("govstat-serve-") for p in tmp_path.iterdir()] == [True]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert list(tmp_path.iterdir()) == []
    assert json.dumps(process.stderr.read() if process.stderr else "").count("Traceback") == 0


def test_checks_run_under_validates_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A check taking longer than GOVSTAT_TIMEOUT is stopped in its worker process and
    answers 422 with validate's message; the server answers the next request."""
    monkeypatch.setenv("GOVSTAT_TIMEOUT", "0.001")
    with TestClient(create_app(TOKEN, workers=1), headers={"X-Govstat-Token": TOKEN}) as slow:
        answer = slow.post("/api/validate", files=upload(EXAMPLES / "2018-seed.xlsx"))
        assert answer.status_code == 422
        assert "checking took longer than 0 s" in answer.json()["error"]
        assert slow.get("/api/config").status_code == 200


def test_edits_are_bounded_and_checked(client: TestClient) -> None:
    """An edit that is not ``{"changes": {id: text}}`` answers 400, an unknown cell 422, a JSON
    body over 1 MB 413."""
    opened = client.post("/api/check", files=upload(EXAMPLES / "2018-seed.xlsx")).json()
    url = f"/api/tables/{opened['id']}"
    assert client.post(url, json=["replies"]).status_code == 400
    assert client.post(url, json={"changes": {"replies": 7}}).status_code == 400
    unknown = client.post(url, json={"changes": {"no_such_cell": "1"}})
    assert unknown.status_code == 422 and "no_such_cell" in unknown.json()["error"]
    huge = client.post(url, content=b'{"changes": {"x": "' + b"1" * (2 << 20) + b'"}}')
    assert huge.status_code == 413
