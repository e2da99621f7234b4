"""The per-unit links in the browser: the staff's 单位链接 page (create, re-issue, revoke, export, the deadline, a
unit's history with the changes) and the unit's own page under ``/u/<token>`` with its small API.

A unit's page needs no staff token: the link's token in the address is its credential. Each request through a
link is checked by ``unit_request`` (the address's failures per minute, the link, the Origin of a POST and, for a
browser that carries the unit cookie, the CSRF token); the staff's pages keep the staff's guard.
"""

from __future__ import annotations

import hmac
import json
from pathlib import Path
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from jlt_cli.actions import ActionError
from jlt_cli.actions.links import LINK_PREFIX, Link, active_links, create_links, links_csv, links_xlsx, reissue, revoke, units_of_call
from jlt_cli.config import ConfigError
from jlt_cli.config.edit import ensure_config, set_setting
from jlt_cli.outputs.json_report import render_json
from jlt_cli.understand.units import display_name
from jlt_cli.web.auth import CSRF_FIELD, CSRF_HEADER, UNIT_COOKIE
from jlt_cli.web.units import (
    BAD_LINK, RATE_LIMITED, Desk, UnitError, closed_message, deadline_of, deadline_text, parse_deadline, receipt_text,
)

BAD_CSRF = "表单已过期或来自其他网站（校验未通过），未做任何修改。请刷新页面后重试。"
MAX_UNIT_FILES = 5
STATIC = {"style.css": "text/css", "app.js": "text/javascript", "favicon.svg": "image/svg+xml"}  # files in one upload through a link: a unit sends its case, not a folder


def client_of(request: Request) -> str:
    return request.client.host if request.client else "?"


def _download(data: bytes, name: str, media: str) -> Response:
    # RFC 5987: the Chinese name for browsers, an ASCII fallback for the rest
    disposition = f"attachment; filename=\"download{Path(name).suffix}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media, headers={"content-disposition": disposition})


class UnitPages:
    def __init__(self, web) -> None:
        self.web = web
        self.desk = Desk(web.round)

    @property
    def round(self):
        return self.web.round

    def db(self):
        return self.round.db.conn()

    def display(self, unit: str) -> str:
        try:
            return display_name(unit, self.round.config())
        except ActionError:
            return unit

    # -- a request through a link ------------------------------------------------------------------

    def _refuse(self, request: Request, message: str, status: int) -> Response:
        if "/api/" in request.url.path:
            return JSONResponse({"error": message}, status_code=status)
        page = self.web.templates.get_template("denied.html").render(message=message)
        return HTMLResponse(page, status_code=status)

    def unit_request(self, request: Request) -> tuple[Link | None, Response | None]:
        client = client_of(request)
        try:
            limit = int(self.round.config().get("serve", "unit_failures_per_minute"))
        except ActionError:
            limit = 10
        if self.desk.limiter.blocked(client, limit):
            self.desk.record(client, "rate-limited", detail=request.url.path[:12])
            return None, self._refuse(request, RATE_LIMITED, 429)
        token = request.path_params.get("token", "")
        link = self.desk.link(token)
        if link is None:
            self.desk.limiter.fail(client)
            self.desk.record(client, "bad-token", detail=f"{token[:4]}… ({len(token)} 字符) {request.method} {request.url.path[-40:]}")
            return None, self._refuse(request, BAD_LINK, 404)
        if request.method not in ("GET", "HEAD"):
            origin = request.headers.get("origin")
            if origin and origin != "null" and origin.split("://", 1)[-1] != request.headers.get("host", ""):
                self.desk.record(client, "cross-site", link.unit, origin[:100])
                return None, self._refuse(request, BAD_CSRF, 403)
        return link, None

    def csrf_ok(self, request: Request, link: Link, form=None) -> bool:
        """A browser that has the unit's cookie must send the page's CSRF token; a script with the link has no
        cookie and is trusted by the link alone (it is the credential, and never sent by a browser on its own)."""
        cookie = request.cookies.get(UNIT_COOKIE)
        if not cookie:
            return True
        given = request.headers.get(CSRF_HEADER)
        if given is None and form is not None:
            given = form.get(CSRF_FIELD)
        want = self.web.auth.unit_secret(link.token, "csrf")
        return isinstance(given, str) and hmac.compare_digest(given.encode("utf-8", "replace"), want.encode())

    # -- the unit's page -------------------------------------------------------------------------------

    def _unit_context(self, link: Link) -> dict:
        config = self.round.config()
        when = deadline_of(config)
        history = self.desk.history(link.unit)
        import datetime

        closed = when is not None and datetime.datetime.now() > when
        return {"link": link, "unit": self.display(link.unit), "history": history,
                "latest": history[0] if history else None, "submitted": self.desk.submitted(link.unit),
                "deadline": deadline_text(when) if when else "", "closed": closed_message(when) if closed else "",
                "base": link.path(), "max_mb": float(config.get("limits", "max_file_mb"))}

    async def unit_page(self, request: Request) -> Response:
        link, refused = self.unit_request(request)
        if refused:
            return refused
        try:
            context = await run_in_threadpool(self._unit_context, link)
        except ActionError as exc:
            return self._refuse(request, exc.message, 500)
        q = request.query_params
        uploaded = q.get("uploaded", "")
        context.update(
            csrf=self.web.auth.unit_secret(link.token, "csrf"), version=self.web.templates.globals["version"],
            uploaded=int(uploaded) if uploaded.isdigit() else None, marked=q.get("marked"), error=q.get("error", "")[:300])
        response = HTMLResponse(self.web.templates.get_template("unit.html").render(**context))
        response.set_cookie(UNIT_COOKIE, self.web.auth.unit_secret(link.token, "cookie"), httponly=True,
                            samesite="strict", path=link.path())
        return response

    async def _receive(self, request: Request, link: Link) -> tuple[list[dict], str | None, int]:
        config = self.round.config()
        limit = int(float(config.get("limits", "max_file_mb")) * 1024 * 1024)
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_UNIT_FILES * (limit + 64 * 1024):
            self.desk.record(client_of(request), "too-large", link.unit, length)
            return [], f"上传的内容过大（每个文件不超过 {limit / 1024 / 1024:g} MB）。", 413
        try:
            form = await request.form(max_files=MAX_UNIT_FILES, max_fields=10)
        except HTTPException as exc:
            self.desk.record(client_of(request), "bad-form", link.unit, str(exc.detail)[:100])
            if "files" in str(exc.detail).lower():
                return [], f"一次最多上传 {MAX_UNIT_FILES} 个文件。请只上传本单位的案例文件。", 413
            return [], "上传的内容无法解析，请重试。", 400
        try:
            if not self.csrf_ok(request, link, form):
                return [], BAD_CSRF, 403
            files = [v for v in form.getlist("file") if isinstance(v, UploadFile)]
            if not files:
                return [], "没有收到文件：请选择案例的 Word（.docx）或 Markdown（.md）文件。", 400
            out = []
            for f in files:
                data = await f.read(limit + 1)
                try:
                    version, new = await run_in_threadpool(self.desk.store, link.unit, f.filename or "", data,
                                                           client_of(request))
                except UnitError as exc:
                    if len(files) == 1:
                        return [], exc.message, exc.status
                    out.append({"name": f.filename or "", "error": exc.message})
                    continue
                out.append({"name": f.filename or "", "new": new, **version.to_dict()})
            return out, None, 200
        finally:
            await form.close()

    async def unit_api_files(self, request: Request) -> Response:
        link, refused = self.unit_request(request)
        if refused:
            return refused
        stored, error, status = await self._receive(request, link)
        if error:
            return JSONResponse({"error": error}, status_code=status)
        return JSONResponse({"files": stored})

    async def unit_upload_form(self, request: Request) -> Response:
        link, refused = self.unit_request(request)
        if refused:
            return refused
        stored, error, status = await self._receive(request, link)
        if error:
            return RedirectResponse(f"{link.path()}?error={quote(error)}", status_code=303)
        last = [s for s in stored if "version" in s]
        return RedirectResponse(f"{link.path()}?uploaded={last[-1]['version']}" if last else link.path(), status_code=303)

    async def unit_api_cases(self, request: Request) -> Response:
        link, refused = self.unit_request(request)
        if refused:
            return refused
        try:
            result = await run_in_threadpool(self.desk.unit_run, link.unit)
        except ActionError as exc:
            return JSONResponse({"error": exc.message}, status_code=409)
        if result is None:
            return JSONResponse({"error": "本单位还没有上传文件。"}, status_code=404)
        return Response(render_json(result) + "\n", media_type="application/json; charset=utf-8")

    async def _mark(self, request: Request, link: Link, number) -> tuple[dict | None, str | None, int]:
        if not isinstance(number, int) or isinstance(number, bool):
            return None, "请给出要正式报送的版本号，例如 {\"version\": 2}。", 400
        try:
            version = await run_in_threadpool(self.desk.mark, link.unit, number, client_of(request))
        except UnitError as exc:
            return None, exc.message, exc.status
        return {"submitted": version.number, "receipt": version.receipt()}, None, 200

    async def unit_api_submit(self, request: Request) -> Response:
        link, refused = self.unit_request(request)
        if refused:
            return refused
        if not self.csrf_ok(request, link):
            return JSONResponse({"error": BAD_CSRF}, status_code=403)
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            body = None
        number = body.get("version") if isinstance(body, dict) else None
        answer, error, status = await self._mark(request, link, number)
        if error:
            return JSONResponse({"error": error}, status_code=status)
        return JSONResponse(answer)

    async def unit_submit_form(self, request: Request) -> Response:
        link, refused = self.unit_request(request)
        if refused:
            return refused
        form = await request.form(max_files=0, max_fields=5)
        if not self.csrf_ok(request, link, form):
            return self._refuse(request, BAD_CSRF, 403)
        raw = str(form.get("version", ""))
        _, error, _ = await self._mark(request, link, int(raw) if raw.isdigit() else None)
        if error:
            return RedirectResponse(f"{link.path()}?error={quote(error)}", status_code=303)
        return RedirectResponse(f"{link.path()}?marked={raw}", status_code=303)

    def _unit_version(self, request: Request):
        """(link, the version named in the address, None) for this unit, or a refusal as the third item."""
        link, refused = self.unit_request(request)
        if refused:
            return None, None, refused
        raw = request.path_params.get("number", "")
        version = self.desk.version(link.unit, int(raw)) if str(raw).isdigit() else None
        if version is None:
            return link, None, self._refuse(request, "没有这个版本。", 404)
        return link, version, None

    async def unit_receipt(self, request: Request) -> Response:
        link, version, refused = self._unit_version(request)
        if refused:
            return refused
        text = receipt_text(version, self.display(link.unit))
        return _download(text.encode("utf-8-sig"), f"回执-第{version.number}版-{Path(version.original).stem}.txt",
                         "text/plain; charset=utf-8")

    async def unit_annotated(self, request: Request) -> Response:
        link, version, refused = self._unit_version(request)
        if refused:
            return refused
        made = await run_in_threadpool(self.desk.annotated, version)
        if made is None:
            return self._refuse(request, "这一版没有需要修改的问题，无需批注稿。", 404)
        name, data = made
        media = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document" if name.endswith(".docx")
                 else "text/plain; charset=utf-8")
        return _download(data, name, media)

    async def unit_static(self, request: Request) -> Response:
        """The stylesheet, script and icon under the link (the staff's /static/ needs the staff's token)."""
        link, refused = self.unit_request(request)
        if refused:
            return refused
        name = request.path_params["name"]
        if name not in STATIC:
            return self._refuse(request, "没有这个文件。", 404)
        return FileResponse(Path(__file__).parent / "static" / name, media_type=STATIC[name])

    # -- the staff's side ------------------------------------------------------------------------------

    def _links_context(self, request: Request) -> dict:
        config = self.round.config()
        links = active_links(self.db())
        overview = self.desk.overview()
        rows = []
        for unit in units_of_call(config):
            link = links.get(unit)
            rows.append({"unit": unit, "full": display_name(unit, config), "link": link,
                         "url": link.url(config) if link else "", **overview.get(unit, {})})
        try:
            when = parse_deadline(config.get("serve", "deadline"))
            deadline_error = ""
        except ValueError as exc:
            when, deadline_error = None, str(exc)
        return {"rows": rows, "made": len(links), "deadline": str(config.get("serve", "deadline") or ""),
                "deadline_shown": deadline_text(when) if when else "", "deadline_error": deadline_error}

    async def links_page(self, request: Request) -> Response:
        try:
            context = self._links_context(request)
        except ActionError as exc:
            return self.web.error_page(request, exc.message, 500)
        return self.web.page(request, "links.html", **context, saved=request.query_params.get("saved"))

    def _base(self, request: Request) -> str:
        return str(request.base_url).rstrip("/")

    async def links_create(self, request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=10)
        if not await self.web.csrf_ok(request, form):
            return self.web.error_page(request, BAD_CSRF, 403)
        action, unit = str(form.get("action", "")), str(form.get("unit", ""))
        config = self.round.config()
        try:
            if action == "all":
                create_links(self.db(), config, self._base(request))
            elif action == "reissue":
                reissue(self.db(), config, unit, self._base(request))
                self.desk.record(client_of(request), "reissued", unit)
            elif action == "revoke":
                revoke(self.db(), unit)
                self.desk.record(client_of(request), "revoked", unit)
            else:
                return self.web.error_page(request, "未知的操作。", 400)
        except ActionError as exc:
            return self.web.error_page(request, exc.message, 400)
        return RedirectResponse(f"/links?saved={action}", status_code=303)

    async def links_deadline(self, request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=5)
        if not await self.web.csrf_ok(request, form):
            return self.web.error_page(request, BAD_CSRF, 403)
        value = str(form.get("deadline", "")).strip()
        try:
            parse_deadline(value)
        except ValueError as exc:
            return self.web.error_page(request, str(exc), 400)
        config_file = self.round.config().source or self.round.config_file
        try:
            await run_in_threadpool(ensure_config, config_file)
            await run_in_threadpool(set_setting, config_file, "serve", "deadline", value)
        except ConfigError as exc:
            return self.web.error_page(request, f"未保存：{exc}", 400)
        except OSError as exc:
            return self.web.error_page(request, f"无法写入 {config_file}：{exc.strerror or exc}", 500)
        return RedirectResponse("/links?saved=deadline", status_code=303)

    async def links_export(self, request: Request) -> Response:
        config = self.round.config()
        links = [link for unit, link in active_links(self.db()).items()]
        order = {u: i for i, u in enumerate(units_of_call(config))}
        links.sort(key=lambda link: order.get(link.unit, len(order)))
        if request.path_params["fmt"] not in ("csv", "xlsx"):
            return self.web.error_page(request, "只能导出为 .csv 或 .xlsx。", 404)
        if request.path_params["fmt"] == "xlsx":
            return _download(links_xlsx(links, config), "单位链接.xlsx",
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        return _download(links_csv(links, config), "单位链接.csv", "text/csv; charset=utf-8")

    async def links_unit(self, request: Request) -> Response:
        unit = request.query_params.get("unit", "")
        config = self.round.config()
        if unit not in units_of_call(config) and unit not in self.desk.units_with_versions():
            return self.web.error_page(request, f"“{unit}”不在本轮的单位名单中。", 404)
        copy = self.desk.inbox_copy(unit)
        return self.web.page(request, "unit_history.html", unit=unit, full=display_name(unit, config),
                             history=self.desk.history(unit), submitted=self.desk.submitted(unit),
                             inbox=str(self.round.inputs()[0] / copy.name) if copy else "")

    async def api_links(self, request: Request) -> Response:
        config = self.round.config()
        if request.method == "POST":
            if not await self.web.csrf_ok(request):
                return JSONResponse({"error": BAD_CSRF}, status_code=403)
            try:
                links = create_links(self.db(), config, self._base(request))
            except ActionError as exc:
                return JSONResponse({"error": exc.message}, status_code=400)
        else:
            have = active_links(self.db())
            links = [have[u] for u in units_of_call(config) if u in have]
        return JSONResponse([{"unit": link.unit, "url": link.url(config)} for link in links])

    def routes(self) -> list[Route]:
        u = LINK_PREFIX + "{token}"
        return [
            Route("/links", self.links_page),
            Route("/links/create", self.links_create, methods=["POST"]),
            Route("/links/deadline", self.links_deadline, methods=["POST"]),
            Route("/links/export.{fmt:str}", self.links_export),
            Route("/links/unit", self.links_unit),
            Route("/api/links", self.api_links, methods=["GET", "POST"]),
            Route(u, self.unit_page),
            Route(u + "/upload", self.unit_upload_form, methods=["POST"]),
            Route(u + "/submit", self.unit_submit_form, methods=["POST"]),
            Route(u + "/api/files", self.unit_api_files, methods=["POST"]),
            Route(u + "/api/cases", self.unit_api_cases),
            Route(u + "/api/submit", self.unit_api_submit, methods=["POST"]),
            Route(u + "/receipt/{number}", self.unit_receipt),
            Route(u + "/annotated/{number}", self.unit_annotated),
            Route(u + "/static/{name}", self.unit_static),
        ]
