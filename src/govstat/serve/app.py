"""The local page's web application: routes, the token guard, and where tables are kept.

Every request must carry the server's token: in the query (``?token=…``, as the printed URL
and the page's downloads do), in the ``X-Govstat-Token`` header (as the page's scripts do) or
in the cookie the first page load sets; any other request answers 403. Uploads are streamed
into a private folder under generated names and deleted once read; the tables read stay in
memory (the latest few hundred) so that the page can edit and download them. Checks run in
worker processes, under validate's time limit, so that one slow file never blocks the page.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from govstat.bulk import FileSummary, summarise
from govstat.errors import GovstatError
from govstat.model import FilledTable, Lang, Report
from govstat.serve import checks
from govstat.serve.uploads import (
    DEFAULT_LIMIT,
    Body,
    TooLarge,
    Upload,
    is_zip,
    read_multipart,
    unpack_zip,
)

TOKEN_HEADER = "x-govstat-token"
MAX_TABLES = 300
"""Tables kept for editing and downloads; the oldest is forgotten first."""
SECURITY_HEADERS = {
    # The page is ours alone: no other origin, no inline script, no framing, no referrer
    # (the URL carries the token).
    "content-security-policy": "default-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
}

MAX_JSON = 1024 * 1024
"""The largest JSON body (a table's changes, a list of units) read."""

T = TypeVar("T")


class Refused(Exception):
    """A request answered with a one-line message and a status (400, 404, 413, 422)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Entry:
    """A table the page has open: as read, with the clerk's changes, and as now checked."""

    id: str
    name: str
    read: dict[str, FilledTable]
    """The table as read, in each language."""
    table: FilledTable
    report: Report
    layout: list[dict[str, Any]]
    changes: dict[str, str] = field(default_factory=dict)
    lang: Lang = "zh"

    def answer(self) -> dict[str, Any]:
        """The JSON the page draws: the table's layout and its report."""
        return {
            "id": self.id,
            "name": self.name,
            "changes": self.changes,
            "report": json.loads(self.report.model_dump_json()),
            "layout": self.layout,
            "names": _names(self.table.form, self.lang),
            "form": _form_title(self.table.form, self.lang),
        }

    def summary(self) -> FileSummary:
        return summarise(self.name, self.table, self.report.findings)


def _names(form_id: str, lang: Lang) -> dict[str, str]:
    """Each cell's name in ``lang``, as findings name it (the report holds the official
    Chinese labels)."""
    from govstat.forms import get_form

    return {ind.id: ind.name(lang) for ind in get_form(form_id).indicators}


def _form_title(form_id: str, lang: Lang) -> str:
    """``2014《政府信息公开情况统计表》`` or its English, as reports print it."""
    from govstat.forms import get_form
    from govstat.report.findings import form_title

    return form_title(get_form(form_id), lang)


class Workspace:
    """Where the server keeps its state: the private folder, the tables, the worker pool."""

    def __init__(self, max_upload: int, workers: int | None = None) -> None:
        self.max_upload = max_upload
        self.root = Path(tempfile.mkdtemp(prefix="govstat-serve-"))  # mode 0700
        self.tables: OrderedDict[str, Entry] = OrderedDict()
        self.workers = workers or 2
        self._pool: ProcessPoolExecutor | None = None

    def folder(self) -> Path:
        """A fresh private folder for one request's files."""
        return Path(tempfile.mkdtemp(dir=self.root))

    def pool(self) -> ProcessPoolExecutor:
        """The worker processes, started on first use (spawned: the server has threads)."""
        if self._pool is None:
            import multiprocessing

            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=checks.init_worker,
            )
        return self._pool

    def warm(self) -> None:
        """Start the workers now, so that the first file is not kept waiting for them."""
        for _ in range(self.workers):
            self.pool().submit(checks.ready)

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function`` in a worker process, off the event loop."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.pool(), function, *args)
        except BrokenProcessPool as error:
            self._pool = None  # a worker died (out of memory?): the next request starts anew
            raise Refused(
                500, "检查进程意外退出，请重试 (the checking process stopped; try again)"
            ) from error

    def keep(self, entry: Entry) -> Entry:
        self.tables[entry.id] = entry
        self.tables.move_to_end(entry.id)
        while len(self.tables) > MAX_TABLES:
            self.tables.popitem(last=False)
        return entry

    def entry(self, table_id: str) -> Entry:
        entry = self.tables.get(table_id)
        if entry is None:
            raise Refused(
                404,
                "此表已不在服务器上，请重新上传 (this table is no longer open; upload it again)",
            )
        return entry

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        shutil.rmtree(self.root, ignore_errors=True)


def cookie_name(token: str) -> str:
    """The cookie of this server's token (another server on another port has its own)."""
    return "govstat_" + hashlib.sha256(token.encode()).hexdigest()[:12]


class TokenGuard:
    """Refuse (403) every request that does not carry the token."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token
        self.cookie = cookie_name(token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            given = (
                request.query_params.get("token")
                or request.headers.get(TOKEN_HEADER)
                or request.cookies.get(self.cookie)
                or ""
            )
            if not secrets.compare_digest(given.encode(), self.token.encode()):
                message = "缺少或错误的令牌 (missing or wrong token)"
                response = JSONResponse({"error": message}, 403, headers=SECURITY_HEADERS)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _lang(request: Request) -> Lang:
    return "en" if request.query_params.get("lang") == "en" else "zh"


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status, headers=SECURITY_HEADERS)


async def _body(request: Request, space: Workspace, folder: Path) -> Body:
    """The request's multipart body, streamed into ``folder`` within the upload limit."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > space.max_upload:
        raise TooLarge(space.max_upload)  # refused before reading a byte
    try:
        return await read_multipart(
            request.headers.get("content-type", ""), request.stream(), folder, space.max_upload
        )
    except GovstatError as error:
        raise Refused(400, str(error)) from error


async def _json(request: Request) -> Any:
    """The request's JSON body, read up to :data:`MAX_JSON` bytes."""
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_JSON:
            raise TooLarge(MAX_JSON)
    return json.loads(body)


def _unreadable(name: str, message: str) -> dict[str, Any]:
    """The row of a unit that could not be read."""
    message = message.removeprefix(f"{name}: ")
    return {"id": None, "file": name, "status": "unreadable", "message": message}


def _one(body: Body, name: str) -> Upload:
    found = body.named(name)
    if len(found) != 1:
        raise Refused(
            400,
            f"请在 {name} 字段上传一个文件 (send one file in the multipart field “{name}”)",
        )
    return found[0]


async def _check(request: Request, space: Workspace) -> checks.Checked:
    """Read and check the request's ``file`` (and ``previous``), deleting them after."""
    folder = space.folder()
    try:
        body = await _body(request, space, folder)
        upload = _one(body, "file")
        previous = body.named("previous")
        if len(previous) > 1:
            raise Refused(400, "previous 字段只能有一个文件 (one file in “previous”)")
        last = (str(previous[0].path), previous[0].name) if previous else None
        form = request.query_params.get("form") or body.fields.get("form") or None
        result = await space.run(
            checks.check_upload, str(upload.path), upload.name, last, _lang(request), form
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if isinstance(result, checks.Failure):
        raise Refused(422, result.message)
    return result


def _new_entry(space: Workspace, name: str, checked: checks.Checked, lang: Lang) -> Entry:
    entry = Entry(
        secrets.token_urlsafe(9),
        name,
        checked.read or {lang: checked.table},
        checked.table,
        checked.report,
        checked.layout,
        lang=lang,
    )
    return space.keep(entry)


def create_app(token: str, max_upload: int = DEFAULT_LIMIT, workers: int | None = None) -> ASGIApp:
    """The application, guarded by ``token``; uploads over ``max_upload`` bytes answer 413."""
    space = Workspace(max_upload, workers)
    static = files("govstat.serve").joinpath("static")
    cookie = cookie_name(token)

    async def index(request: Request) -> Response:
        html = static.joinpath("index.html").read_text(encoding="utf-8")
        response = Response(html, media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)
        response.set_cookie(cookie, token, httponly=True, samesite="strict", path="/")
        return response

    async def config(request: Request) -> Response:
        from govstat.forms import all_forms

        forms = [{"id": f.id, "title": f.title, "years": f.years} for f in all_forms()]
        return JSONResponse({"max_upload": space.max_upload, "forms": forms})

    async def validate(request: Request) -> Response:
        """Exactly ``govstat validate --format json``."""
        checked = await _check(request, space)
        return Response(
            checked.report.model_dump_json(indent=2) + "\n",
            media_type="application/json",
            headers=SECURITY_HEADERS,
        )

    async def check(request: Request) -> Response:
        checked = await _check(request, space)
        name = checked.table.source
        return JSONResponse(_new_entry(space, name, checked, _lang(request)).answer())

    async def show(request: Request) -> Response:
        entry = space.entry(request.path_params["id"])
        lang = _lang(request)
        if lang != entry.lang:
            await _recheck(entry, entry.changes, lang)
        return JSONResponse(entry.answer())

    async def _recheck(entry: Entry, changes: dict[str, str], lang: Lang) -> None:
        original = entry.read.get(lang) or entry.read[entry.lang]
        result = await space.run(checks.recheck, original, changes, lang)
        if isinstance(result, checks.Failure):
            raise Refused(422, result.message)
        entry.table, entry.report, entry.layout = result.table, result.report, result.layout
        entry.changes, entry.lang = dict(changes), lang

    async def edit(request: Request) -> Response:
        """Check the table again with the values the clerk typed (all of them, each time)."""
        entry = space.entry(request.path_params["id"])
        try:
            document = await _json(request)
            changes = document.get("changes", {})
            if not isinstance(changes, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and len(v) <= 200
                for k, v in changes.items()
            ):
                raise ValueError("changes")
        except (ValueError, AttributeError) as error:
            raise Refused(
                400, '请求须为 {"changes": {"指标": "数值"}} (send {"changes": {id: text}})'
            ) from error
        await _recheck(entry, changes, _lang(request))
        return JSONResponse(entry.answer())

    async def download(request: Request) -> Response:
        entry = space.entry(request.path_params["id"])
        kind = request.path_params["kind"]
        lang = _lang(request)
        if kind not in ("xlsx", "docx", "html"):
            raise Refused(404, f"没有 {kind} 格式的下载 (no download as {kind})")
        if lang != entry.lang:
            await _recheck(entry, entry.changes, lang)
        stem = entry.name.rsplit(".", 1)[0] if "." in entry.name else entry.name
        word = {"xlsx": ("统计表", "table")}.get(kind, ("检查报告", "report"))
        name = f"{stem}-{word[0] if lang == 'zh' else word[1]}.{kind}"
        return await _file(entry.table, entry.report, kind, lang, name)

    async def _file(
        table: FilledTable, report: Report | None, kind: str, lang: Lang, name: str
    ) -> Response:
        folder = space.folder()
        try:
            out = folder / "out"
            await space.run(checks.render, table, report, kind, lang, str(out))
            content = out.read_bytes()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        media = {
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "template": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "html": "text/html; charset=utf-8",
        }[kind]
        ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
        disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
        return Response(
            content,
            media_type=media,
            headers={**SECURITY_HEADERS, "content-disposition": disposition},
        )

    async def template(request: Request) -> Response:
        from govstat.forms import FORM_MODULES

        form_id = request.path_params["form"]
        if form_id not in FORM_MODULES:
            raise Refused(404, f"未知表式 {form_id} (unknown form {form_id})")
        blank = FilledTable(form=form_id, source="", values={})  # only its form is used
        return await _file(blank, None, "template", "zh", f"统计表模板-{form_id}.xlsx")

    async def units(request: Request) -> Response:
        """Several units (files or zips of files): each read and checked, one row each."""
        folder = space.folder()
        lang = _lang(request)
        try:
            body = await _body(request, space, folder)
            uploads: list[Upload] = []
            rows: list[dict[str, Any]] = []
            for upload in body.files:
                if not is_zip(upload):
                    uploads.append(upload)
                    continue
                try:
                    unpacked, refused = unpack_zip(upload, folder, space.max_upload)
                except GovstatError as error:
                    rows.append(_unreadable(upload.name, str(error)))
                    continue
                uploads += unpacked
                rows += [_unreadable(r.name, f"{upload.name}: {r.refused}") for r in refused]
            if not uploads and not rows:
                raise Refused(400, "没有上传文件 (no file in the request)")
            results = await asyncio.gather(
                *(space.run(checks.check_upload, str(u.path), u.name, None, lang) for u in uploads)
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        for upload, result in zip(uploads, results, strict=True):
            if isinstance(result, checks.Failure):
                rows.append(_unreadable(upload.name, result.message))
                continue
            entry = _new_entry(space, upload.name, result, lang)
            rows.append({"id": entry.id, **entry.summary().model_dump(mode="json")})
        return JSONResponse({"units": rows})

    async def compile_(request: Request) -> Response:
        """The sum of the given units that pass (no error), checked."""
        try:
            ids = (await _json(request)).get("ids")
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise ValueError("ids")
        except (ValueError, AttributeError) as error:
            raise Refused(400, '请求须为 {"ids": [...]} (send {"ids": [...]})') from error
        entries = [space.entry(i) for i in ids]
        passing = [e for e in entries if e.summary().status == "ok"]
        left_out = [e.name for e in entries if e.summary().status != "ok"]
        if not passing:
            raise Refused(
                422, "没有通过检查的单位可汇总 (no unit passes the checks, nothing to compile)"
            )
        lang = _lang(request)
        name = "汇总表.xlsx" if lang == "zh" else "compiled.xlsx"
        result = await space.run(checks.compile_tables, [e.table for e in passing], name, lang)
        if isinstance(result, checks.Failure):
            raise Refused(422, result.message)
        entry = _new_entry(space, name, result, lang)
        return JSONResponse(
            {**entry.answer(), "included": [e.name for e in passing], "left_out": left_out}
        )

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, Refused)
        return _error(error.status, str(error))

    async def too_large(request: Request, error: Exception) -> Response:
        return _error(413, str(error))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        space.warm()
        try:
            yield
        finally:
            space.close()

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/api/config", config),
            Route("/api/validate", validate, methods=["POST"]),
            Route("/api/check", check, methods=["POST"]),
            Route("/api/units", units, methods=["POST"]),
            Route("/api/compile", compile_, methods=["POST"]),
            Route("/api/tables/{id}", show),
            Route("/api/tables/{id}", edit, methods=["POST"]),
            Route("/api/tables/{id}/{kind}", download),
            Route("/api/templates/{form}", template),
            Mount("/static", StaticFiles(packages=[("govstat.serve", "static")]), name="static"),
        ],
        exception_handlers={Refused: refused, TooLarge: too_large},
        lifespan=lifespan,
    )
    app.state.workspace = space
    return TokenGuard(app, token)
