"""The web application: four pages (总览, 收件, 一篇案例, 输出) and a JSON API under /api/, over one round folder.

A thin shell like the CLI: every finding, decision and output comes from the same actions and outputs; this
module only parses requests, checks who asks, and renders. Pages are server-rendered Jinja2 (autoescaped) with
one small script for drag and drop and progress; nothing is loaded from outside the server.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rich.text import Text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from jlt_cli import __version__
from jlt_cli.actions import ActionError
from jlt_cli.actions.links import LINK_PREFIX
from jlt_cli.config import ConfigError
from jlt_cli.config.edit import add_waiver, clear_file_decision, ensure_config, remove_waiver, set_file_decision
from jlt_cli.model import BlockKind, Case, Severity
from jlt_cli.outputs.common import STATUS_TEXT, case_status, decision_text, location_label, status_text, type_text, unit_of
from jlt_cli.outputs.console import status_label, type_label
from jlt_cli.outputs.json_report import render_json
from jlt_cli.outputs.stats import compute_stats
from jlt_cli.pipeline import check_rule_ids
from jlt_cli.web import uploads
from jlt_cli.web.auth import COOKIE, CSRF_FIELD, CSRF_HEADER, Auth
from jlt_cli.web.jobs import KINDS, Jobs, available_kinds, download_path
from jlt_cli.web.state import Round
from jlt_cli.web.unit_pages import UnitPages

HERE = Path(__file__).parent
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # nothing (no token) ever leaves in a Referer to another site
    (b"cache-control", b"no-store"),
]
NO_TOKEN = "需要访问令牌。请用 jlt serve 启动时显示的完整地址（含 ?token=…）打开本页；脚本请在请求头中带 Authorization: Bearer <令牌>。"
BAD_CSRF = "表单已过期或来自其他网站（CSRF 校验未通过），未做任何修改。请刷新页面后重试。"


def plain(markup: str) -> str:
    """The CLI's rich-markup labels (type, status) as plain text: one wording for the terminal and the page."""
    return Text.from_markup(markup).plain


class Guard:
    """Every request: the token (query once, then cookie; or Bearer), the Origin of a POST, security headers."""

    def __init__(self, app: ASGIApp, auth: Auth, templates: Environment) -> None:
        self.app, self.auth, self.templates = app, auth, templates

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() not in dict(SECURITY_HEADERS)]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        if request.url.path.startswith(LINK_PREFIX):
            # a unit's link: its token in the address is the credential, checked by the unit's pages (unit_pages.py)
            await self.app(scope, receive, send_with_headers)
            return
        principal = self.auth.principal(dict(request.headers), dict(request.cookies), dict(request.query_params))
        api = request.url.path.startswith("/api/")
        if principal is None:
            if api:
                response = JSONResponse({"error": NO_TOKEN}, status_code=401)
            else:
                page = self.templates.get_template("denied.html").render(message=NO_TOKEN, version=__version__)
                response = HTMLResponse(page, status_code=401)
            await response(scope, receive, send_with_headers)
            return
        if principal.via == "query" and request.method == "GET":
            # the token leaves the address bar (and the history) at once; the cookie carries the visit from here on
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + ("?" + urlencode(rest) if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(COOKIE, self.auth.session, httponly=True, samesite="strict", path="/")
            await response(scope, receive, send_with_headers)
            return
        if request.method not in ("GET", "HEAD") and principal.via != "bearer":
            origin = request.headers.get("origin")
            host = request.headers.get("host", "")
            # a form from another site names its origin; "null" (a sandboxed frame, some privacy settings) says
            # nothing, and the CSRF token every form carries decides
            if origin and origin != "null" and origin.split("://", 1)[-1] != host:
                response = _refuse(api, self.templates, BAD_CSRF, 403)
                await response(scope, receive, send_with_headers)
                return
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send_with_headers)


def _refuse(api: bool, templates: Environment, message: str, status: int) -> Response:
    if api:
        return JSONResponse({"error": message}, status_code=status)
    return HTMLResponse(templates.get_template("denied.html").render(message=message, version=__version__),
                        status_code=status)


class WebApp:
    def __init__(self, root: Path, token: str) -> None:
        self.round = Round(root)
        uploads.clean_temporary(self.round)
        self.auth = Auth(token)
        self.jobs = Jobs(self.round)
        self.templates = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                                     autoescape=select_autoescape(default=True, default_for_string=True))
        self.templates.globals.update(version=__version__, kinds=KINDS)
        self.templates.filters["q"] = lambda s: quote(str(s), safe="")
        self.templates.filters["when"] = lambda t: time.strftime("%Y-%m-%d %H:%M", time.localtime(t)) if t else ""
        self.units = UnitPages(self)

    # -- helpers ----------------------------------------------------------------------------------

    def page(self, request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        context.update(csrf=self.auth.csrf, path=request.url.path, round=self.round,
                       config_error=self.round.config_error())
        return HTMLResponse(self.templates.get_template(name).render(**context), status_code=status)

    async def csrf_ok(self, request: Request, form=None) -> bool:
        principal = request.scope["state"]["principal"]
        if principal.via == "bearer":
            return True
        given = request.headers.get(CSRF_HEADER)
        if given is None and form is not None:
            given = form.get(CSRF_FIELD)
        return self.auth.check_csrf(given if isinstance(given, str) else None)

    async def run(self):
        return await run_in_threadpool(self.round.run)

    def error_page(self, request: Request, message: str, status: int = 400) -> HTMLResponse:
        return self.page(request, "error.html", status=status, message=message)

    # -- pages ------------------------------------------------------------------------------------

    async def overview(self, request: Request) -> Response:
        try:
            result = await self.run()
        except ActionError as exc:
            return self.error_page(request, exc.message, 500)
        config = result.config
        stats = compute_stats(result.cases, config)
        counts = dict((k, n) for k, _, n in stats.by_status)
        last = self.round.last_build()
        return self.page(request, "overview.html", result=result, stats=stats, counts=counts,
                         missing=stats.missing, last_build=last, jobs=self.jobs.recent(5),
                         ignored=result.ignored)

    def _rows(self, result) -> list[dict]:
        config = result.config
        originals = self.round.originals()
        rows = []
        for case in result.cases:
            name = Path(case.display_path).name
            rows.append({
                "case": case,
                "file": case.display_path,
                "name": name,
                "original": originals[name]["original"] if name in originals and case.path.parent.resolve() == self.round.inbox else None,
                "unit": case.unit or "",
                "unit_key": unit_of(case),
                "title": case.title or "",
                "type": case.type or "",
                "type_full": type_text(case, config),
                "type_label": plain(type_label(case)),
                "status": case_status(case),
                "status_label": plain(status_label(case)),
                "errors": case.errors,
                "warnings": case.warnings,
                "rules": sorted({f.rule for f in case.findings}),
                "decided": case.decision is not None,
            })
        return rows

    async def inbox(self, request: Request) -> Response:
        try:
            result = await self.run()
        except ActionError as exc:
            return self.error_page(request, exc.message, 500)
        rows = self._rows(result)
        q = request.query_params
        filters = {k: q.get(k, "") for k in ("unit", "type", "status", "rule")}
        choices = {
            "unit": sorted({r["unit_key"] for r in rows}),
            "type": [t for t in result.config.type_names if any(r["type"] == t for r in rows)],
            "status": [k for k in STATUS_TEXT if any(r["status"] == k for r in rows)],
            "rule": sorted({rule for r in rows for rule in r["rules"]}),
        }
        shown = [r for r in rows if (not filters["unit"] or r["unit_key"] == filters["unit"])
                 and (not filters["type"] or r["type"] == filters["type"])
                 and (not filters["status"] or r["status"] == filters["status"])
                 and (not filters["rule"] or filters["rule"] in r["rules"])]
        sort = q.get("sort", "")
        desc = q.get("order") == "desc"
        keys = {"file": lambda r: r["file"], "unit": lambda r: r["unit_key"], "title": lambda r: r["title"],
                "type": lambda r: r["type_full"], "status": lambda r: (r["status"], -r["errors"]),
                "findings": lambda r: (r["errors"], r["warnings"])}
        if sort in keys:
            shown.sort(key=keys[sort], reverse=desc)
        links = {}
        for col in keys:
            order = "desc" if sort == col and not desc else "asc"
            params = {k: v for k, v in filters.items() if v}
            params.update(sort=col, order=order)
            links[col] = "/inbox?" + urlencode(params)
        counts = Counter(r["status"] for r in rows)
        return self.page(request, "inbox.html", rows=shown, total=len(rows), filters=filters, choices=choices,
                         sort=sort, desc=desc, links=links, counts=counts, status_keys=STATUS_TEXT, result=result,
                         max_files=int(result.config.get("serve", "max_upload_files")),
                         max_mb=float(result.config.get("limits", "max_file_mb")))

    async def case_page(self, request: Request) -> Response:
        display = request.query_params.get("path", "")
        try:
            result = await self.run()
        except ActionError as exc:
            return self.error_page(request, exc.message, 500)
        case = self.round.find_case(result, display)
        if case is None:
            return self.error_page(request, f"收件中没有“{display}”。文件可能已被移走或改名，请回到收件列表。", 404)
        return self.page(request, "case.html", **self._case_context(result, case), saved=request.query_params.get("saved"))

    def _case_context(self, result, case: Case) -> dict:
        config = result.config
        by_line: dict[int, list] = {}
        by_section: dict[str, list] = {}
        general = []
        shown_lines = {b.line for s in case.sections for b in s.blocks if b.line}
        shown_lines |= {b.line for b in case.preamble if b.line}
        section_names = {s.name for s in case.sections}
        for f in case.findings:
            if f.line and f.line in shown_lines:
                by_line.setdefault(f.line, []).append(f)
            elif f.section and f.section in section_names and not f.line:
                by_section.setdefault(f.section, []).append(f)
            else:
                general.append(f)
        name = Path(case.display_path).name
        key = self._decision_key(result, case)
        entry = config.file_decision(case.display_path)
        originals = self.round.originals()
        versions = []
        if case.path.parent.resolve() == self.round.inbox:
            for v in uploads.versions_of(self.round, name):
                rec = originals.get(v)
                versions.append({"name": v, "display": str(self.round.inputs()[0] / v), "current": v == name,
                                 "original": rec["original"] if rec else None, "uploaded": rec["uploaded"] if rec else None,
                                 "number": uploads.base_name(v)[1]})
        lead = [b for b in case.preamble if (b.line or 0) not in case.metadata_lines]
        return {
            "case": case, "config": config, "by_line": by_line, "by_section": by_section, "general": general,
            "decision_key": key, "entry": entry, "versions": versions, "lead": lead, "BlockKind": BlockKind,
            "location": lambda f: location_label(case, f), "Severity": Severity,
            "type_label": plain(type_label(case)), "status_label": plain(status_label(case)), "status_key": case_status(case),
            "status_text": status_text(case), "type_full": type_text(case, config),
            "decision_text": decision_text(case, config),
        }

    def _decision_key(self, result, case: Case) -> str:
        """How jlt.yaml names the file: by its name, unless two files of the run share it (then by its path)."""
        name = Path(case.display_path).name
        same = sum(1 for c in result.cases if Path(c.display_path).name == name)
        return name if same == 1 else case.display_path

    async def outputs_page(self, request: Request) -> Response:
        return self.page(request, "outputs.html", jobs=self.jobs.recent(20), available=available_kinds(),
                         started=request.query_params.get("started"))

    # -- writing decisions -------------------------------------------------------------------------

    async def decide(self, request: Request) -> Response:
        form = await request.form()
        if not await self.csrf_ok(request, form):
            return self.error_page(request, BAD_CSRF, 403)
        display = str(form.get("path", ""))
        action = str(form.get("action", ""))
        result = await self.run()
        case = self.round.find_case(result, display)
        if case is None:
            return self.error_page(request, f"收件中没有“{display}”，未做修改。", 404)
        key = self._decision_key(result, case)
        reason = str(form.get("reason", "")).strip()
        config_file = result.config.source or self.round.config_file
        try:
            await run_in_threadpool(ensure_config, config_file)
            if action == "decide":
                include = {"yes": True, "no": False}.get(str(form.get("include", "")))
                await run_in_threadpool(lambda: set_file_decision(
                    config_file, key, reason=reason, type=str(form.get("type", "")) or None,
                    unit=str(form.get("unit", "")).strip() or None, title=str(form.get("title", "")).strip() or None,
                    include=include, check=check_rule_ids))
            elif action == "undecide":
                await run_in_threadpool(clear_file_decision, config_file, key, check_rule_ids)
            elif action == "waive":
                rule = str(form.get("rule", ""))
                if rule not in {f.rule for f in case.findings}:
                    return self.error_page(request, f"此文件没有“{rule}”问题，未做修改。", 400)
                await run_in_threadpool(lambda: add_waiver(config_file, key, rule, reason, check=check_rule_ids))
            elif action == "unwaive":
                await run_in_threadpool(lambda: remove_waiver(config_file, key, str(form.get("rule", "")), check=check_rule_ids))
            else:
                return self.error_page(request, "未知的操作。", 400)
        except ConfigError as exc:
            return self.page(request, "case.html", status=400, **self._case_context(result, case), form_error=str(exc))
        except OSError as exc:
            return self.error_page(request, f"无法写入 {config_file}：{exc.strerror or exc}", 500)
        return RedirectResponse(f"/case?path={quote(display, safe='')}&saved={action}", status_code=303)

    # -- uploads ----------------------------------------------------------------------------------

    async def _receive_files(self, request: Request) -> tuple[list[dict], str | None, int]:
        """(what became of each file, an error for the whole request, HTTP status)."""
        config = self.round.config()
        max_files = int(config.get("serve", "max_upload_files"))
        limit = int(float(config.get("limits", "max_file_mb")) * 1024 * 1024)
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_files * (limit + 64 * 1024):
            return [], f"一次上传的内容过大（上限为 {max_files} 个文件、每个 {limit / 1024 / 1024:g} MB）。请分批上传。", 413
        try:
            form = await request.form(max_files=max_files, max_fields=20)
        except HTTPException as exc:
            if "files" in str(exc.detail).lower():
                return [], f"一次最多上传 {max_files} 个文件（jlt.yaml 的 serve.max_upload_files），请分批上传。", 413
            return [], "上传的内容无法解析，请重试。", 400
        if not await self.csrf_ok(request, form):
            await form.close()
            return [], BAD_CSRF, 403
        files = [v for v in form.getlist("file") if isinstance(v, UploadFile)]
        if not files:
            await form.close()
            return [], "没有收到文件：请在字段 file 中上传一个或多个文件。", 400
        out = []
        try:
            for f in files:
                data = await f.read(limit + 1)
                stored = await run_in_threadpool(uploads.store, self.round, f.filename or "", data, limit)
                out.append(stored.to_dict())
        finally:
            await form.close()
        return out, None, 200

    async def api_files(self, request: Request) -> Response:
        stored, error, status = await self._receive_files(request)
        if error:
            return JSONResponse({"error": error}, status_code=status)
        return JSONResponse({"files": stored})

    async def upload_form(self, request: Request) -> Response:
        stored, error, status = await self._receive_files(request)
        if error:
            return self.error_page(request, error, status)
        return self.page(request, "uploaded.html", stored=stored)

    # -- outputs ----------------------------------------------------------------------------------

    async def build_form(self, request: Request) -> Response:
        form = await request.form()
        if not await self.csrf_ok(request, form):
            return self.error_page(request, BAD_CSRF, 403)
        try:
            job = self.jobs.submit(str(form.get("kind", "")))
        except ActionError as exc:
            return self.error_page(request, exc.message, 400)
        return RedirectResponse(f"/outputs?started={job}", status_code=303)

    async def api_build(self, request: Request) -> Response:
        if not await self.csrf_ok(request):
            return JSONResponse({"error": BAD_CSRF}, status_code=403)
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            return JSONResponse({"error": "请求体应为 JSON，例如 {\"format\": \"pdf\"}。"}, status_code=400)
        kind = body.get("format") if isinstance(body, dict) else None
        if not isinstance(kind, str) or kind not in available_kinds():
            return JSONResponse({"error": f"format 应为 {'、'.join(available_kinds())} 之一。"}, status_code=400)
        return JSONResponse({"job": self.jobs.submit(kind)}, status_code=202)

    async def api_job(self, request: Request) -> Response:
        job = self.jobs.get(request.path_params["job"])
        if job is None:
            return JSONResponse({"error": "没有这个任务。"}, status_code=404)
        return JSONResponse(job.to_dict())

    async def api_jobs(self, request: Request) -> Response:
        return JSONResponse({"jobs": [j.to_dict() for j in self.jobs.recent(20)]})

    async def download(self, request: Request) -> Response:
        row = self.round.db.one("SELECT * FROM jobs WHERE id = ? AND state = 'done'", (request.path_params["job"],))
        path = download_path(self.round, row["output"]) if row else None
        if path is None:
            return self.error_page(request, "没有可下载的文件：任务未完成，或文件已被移走。请在“输出”页重新生成。", 404)
        return FileResponse(path, filename=path.name)

    async def api_cases(self, request: Request) -> Response:
        try:
            result = await self.run()
        except ActionError as exc:
            return JSONResponse({"error": exc.message}, status_code=409)
        return Response(render_json(result) + "\n", media_type="application/json; charset=utf-8")


def create_app(root: Path, token: str) -> Starlette:
    web = WebApp(root, token)
    routes = [
        Route("/", web.overview),
        Route("/inbox", web.inbox),
        Route("/inbox/upload", web.upload_form, methods=["POST"]),
        Route("/case", web.case_page),
        Route("/case/decide", web.decide, methods=["POST"]),
        Route("/outputs", web.outputs_page),
        Route("/outputs/build", web.build_form, methods=["POST"]),
        Route("/download/{job}", web.download),
        Route("/api/cases", web.api_cases),
        Route("/api/files", web.api_files, methods=["POST"]),
        Route("/api/build", web.api_build, methods=["POST"]),
        Route("/api/jobs", web.api_jobs),
        Route("/api/jobs/{job}", web.api_job),
        *web.units.routes(),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]

    async def not_found(request: Request, exc: HTTPException) -> Response:
        api = request.url.path.startswith("/api/")
        message = "没有这个页面。" if exc.status_code == 404 else f"请求无法处理（{exc.status_code}）。"
        return _refuse(api, web.templates, message, exc.status_code)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        web.jobs.start()
        try:
            yield
        finally:
            web.jobs.stop()

    app = Starlette(routes=routes, middleware=[Middleware(Guard, auth=web.auth, templates=web.templates)],
                    exception_handlers={HTTPException: not_found}, lifespan=lifespan)
    app.state.web = web
    return app
