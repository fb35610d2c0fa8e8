"""The demo portal (Starlette): demo sign-in, catalogue, prefilled e-forms, validation, receipts.

Locked values are never taken from the post: the prefill token is checked on every submission and
a changed locked value is refused. Nothing personal is logged; receipts live in memory. Limits,
headers and cross-site refusals live in `guard`, sessions and sign-in CSRF in `session`.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import replace
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from eformkit.pointers import MISSING, get
from eformkit.prefill.defaults import default_registry
from eformkit.prefill.embedded import default_db
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.result import PrefillResult
from eformkit.prefill.submission import SubmissionCheck, check_submission
from eformkit.render.display import display_value
from eformkit.render.environment import STATIC_DIR, environment
from eformkit.render.form_post import apply_action, parse_envelope
from eformkit.render.html_form import RenderOptions, render_form
from eformkit.render.outputs import word_file
from eformkit.render.print_view import render_print
from eformkit.render.texts import ui_text
from eformkit.render.view import form_view
from eformkit.schema.form import Form, load_form
from examples.portal.guard import SECURITY_HEADERS, Guard
from examples.portal.session import COOKIE, PRE_COOKIE, Receipt, Session, Sessions, SigninGuard, Store
from examples.portal.settings import PortalSettings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PAGES = HERE / "pages"
_HEADERS = SECURITY_HEADERS  # the guard adds them to every response too (errors, redirects, files)
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class _Page:
    """What base.html needs on pages that are not forms."""

    def __init__(self, lang: str, path: str) -> None:
        self.lang = lang
        self.path = path

    def t(self, key: str) -> str:
        return ui_text(key, self.lang)

    def lang_href(self) -> str:
        return f"{self.path}?lang={'vi' if self.lang == 'en' else 'en'}"

    def asset(self, name: str) -> str:  # pragma: no cover - portal pages link their assets
        return ""


def _shown_again(
    prefill: PrefillResult, data: dict[str, Any], check: SubmissionCheck, token: str | None
) -> PrefillResult:
    """The page shown again after a post keeps the posted page's token and locks.

    Only a token that is itself refused (absent, forged, expired, another form or person) gives a new
    page, as a fresh visit would. Locked values show the registry's value where the fresh prefill has
    it, else the posted one (which the token has matched, or refused with a message)."""
    if not check.locked:
        return prefill
    changed = {issue.pointer for issue in check.tamper}
    values = dict(prefill.values)
    for pointer in check.locked:
        value = get(data, pointer)
        if value is not MISSING and not (pointer in changed and pointer in values):
            values[pointer] = value
    return replace(prefill, values=values, locked=set(check.locked) & set(values), token=token)


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "vi"


def _mask(pid: str) -> str:
    return pid[:3] + "*" * 7 + pid[-2:] if len(pid) == 12 else "*" * len(pid)


_ERRORS = {
    400: ("Yêu cầu không hợp lệ.", "The request is not valid."),
    403: ("Yêu cầu bị từ chối; vui lòng tải lại trang.", "The request was refused; reload the page and retry."),
    404: ("Không tìm thấy trang này.", "This page does not exist."),
    405: ("Phương thức không được hỗ trợ.", "This method is not allowed here."),
    408: ("Gửi dữ liệu quá chậm; vui lòng thử lại.", "The request took too long to arrive; please try again."),
    413: ("Yêu cầu quá lớn (tối đa {mb} MB).", "The request is too large (at most {mb} MB)."),
    500: ("Lỗi hệ thống; vui lòng thử lại sau.", "Something went wrong on our side; please try again later."),
}  # fmt: skip


def _secure(request: Request, settings: PortalSettings) -> bool:
    # Behind a proxy, uvicorn's proxy headers (trusted `--forwarded-allow-ips`) set the scheme.
    return request.url.scheme == "https" if settings.secure_cookies is None else settings.secure_cookies


class Portal:
    def __init__(
        self, forms_dir: Path, template_dirs: list[Path], key: bytes, settings: PortalSettings | None = None
    ) -> None:
        self.forms: dict[str, Form] = {}
        for path in sorted(forms_dir.glob("*.yaml")):
            try:
                form = load_form(path)
            except Exception:
                continue
            self.forms[form.id] = form
        self.template_dirs = template_dirs
        self.key = key
        self.settings = settings = settings or PortalSettings()
        self.sessions = Sessions(
            idle=settings.session_idle, absolute=settings.session_absolute, max_open=settings.max_sessions
        )
        self.signin_guard = SigninGuard(key)
        self.store = Store(
            receipts_per_citizen=settings.receipts_per_citizen,
            bytes_per_citizen=settings.receipt_bytes_per_citizen,
            max_citizens=settings.max_citizens_with_receipts,
            upload_budget=settings.upload_disk_budget,
        )
        self.engine = PrefillEngine(default_registry(), token_key=key)
        self.db = default_db()
        self.env = environment([PAGES])
        self._citizens: list[dict[str, str]] | None = None

    # -- helpers ------------------------------------------------------------------------------------
    def citizens(self, n: int = 8) -> list[dict[str, str]]:
        if self._citizens is not None:
            return self._citizens
        out = []
        for pid in self.db.person_ids(n):
            person = self.db.person(pid) or {}
            handle = self.signin_guard.handle(pid)
            out.append({"id": pid, "handle": handle, "masked": _mask(pid), "name": str(person.get("full_name", ""))})
        self._citizens = out
        return out

    def session(self, request: Request) -> Session | None:
        return self.sessions.read(request.cookies.get(COOKIE))

    def page(self, name: str, request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        lang = _lang(request)
        opts = RenderOptions(static_url="/static/eform", nav=self.nav(lang))
        body = self.env.get_template(name).render(c=_Page(lang, request.url.path), lang=lang, opts=opts, **ctx)
        return HTMLResponse(body, status, headers=_HEADERS)

    def nav(self, lang: str) -> list[tuple[str, str]]:
        q = "?lang=en" if lang == "en" else ""
        return [(f"/{q}", "eformkit"), (f"/forms{q}", "Biểu mẫu" if lang == "vi" else "Forms")]

    def form_options(
        self, form: Form, lang: str, session: Session, rows: dict[str, int] | None = None
    ) -> RenderOptions:
        base = f"/forms/{form.id}"
        return RenderOptions(
            action=f"{base}?lang={lang}",
            lang_url=f"{base}?lang={{lang}}",
            static_url="/static/eform",
            communes_url="/units/{province}.json",
            hidden={"_csrf": session.csrf},
            nav=self.nav(lang),
            rows=rows or {},
        )

    # -- routes -------------------------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        pre = request.cookies.get(PRE_COOKIE, "")
        fresh = not (0 < len(pre) <= 100)
        pre = self.signin_guard.new_pre() if fresh else pre
        response = self.page(
            "home.html", request, citizens=self.citizens(), session=self.session(request),
            signin_csrf=self.signin_guard.token(pre),
        )  # fmt: skip
        if fresh:
            response.set_cookie(PRE_COOKIE, pre, httponly=True, samesite="strict", path="/",
                                secure=_secure(request, self.settings))  # fmt: skip
        return response

    async def signin(self, request: Request) -> Response:
        lang = _lang(request)
        post = await request.form(max_files=0, max_fields=8, max_part_size=1024)
        if not self.signin_guard.valid(request.cookies.get(PRE_COOKIE), str(post.get("_csrf", ""))):
            return self.page("message.html", request, 403, message=ui_text("csrf", lang))
        chosen = str(post.get("subject", ""))
        subject = next((c["id"] for c in self.citizens() if secrets.compare_digest(c["handle"], chosen)), None)
        if subject is None:
            return RedirectResponse("/", 303)
        self.sessions.end(request.cookies.get(COOKIE))  # a new sign-in never reuses an old session
        cookie, _ = self.sessions.issue(subject)
        response = RedirectResponse(f"/forms?lang={lang}", 303)
        response.set_cookie(COOKIE, cookie, httponly=True, samesite="lax", path="/",
                            secure=_secure(request, self.settings))  # fmt: skip
        return response

    async def catalogue(self, request: Request) -> Response:
        session = self.session(request)
        if session is None:
            return RedirectResponse("/", 303)
        lang = _lang(request)
        forms = [(f.id, form_view(f, lang).code, form_view(f, lang).title) for f in self.forms.values()]
        return self.page("catalogue.html", request, forms=forms)

    async def form_page(self, request: Request) -> Response:
        session = self.session(request)
        form = self.forms.get(request.path_params["form_id"])
        if form is None:
            return self.page("message.html", request, 404, message=ui_text("not_found", _lang(request)))
        if session is None:
            return RedirectResponse("/", 303)
        lang = _lang(request)
        prefill = await self.engine.run(form, session.subject)
        if request.method == "GET":
            body = render_form(form, prefill=prefill, lang=lang, options=self.form_options(form, lang, session))
            return HTMLResponse(body, headers=_HEADERS)
        post = await request.form(max_files=20, max_fields=2000)
        if not secrets.compare_digest(str(post.get("_csrf", "")), session.csrf):
            return self.page("message.html", request, 403, message=ui_text("csrf", lang))
        envelope = parse_envelope(form, post, uploads=self._upload)
        lang = envelope.lang
        # Locks come from the posted page's signed token alone; the fresh prefill above only lends the
        # page its source labels. A post without a good token, or that changes a locked value, is refused.
        check = check_submission(form, envelope.data, token=envelope.token, key=self.key, subject=session.subject,
                                 lang=lang)  # fmt: skip
        shown = _shown_again(prefill, envelope.data, check, envelope.token)
        flags = {c["pointer"]: c["reason"] for c in envelope.corrections if c["pointer"] in check.locked}
        envelope.corrections = [c for c in envelope.corrections if c["pointer"] in flags]
        opts = self.form_options(form, lang, session, envelope.rows)
        if apply_action(envelope, form):
            return HTMLResponse(render_form(form, envelope.data, prefill=shown, flags=flags, lang=lang, options=opts),
                                headers=_HEADERS)  # fmt: skip
        if not check.accepted:
            body = render_form(
                form, envelope.data, prefill=shown, issues=check.issues, flags=flags, lang=lang, options=opts
            )
            return HTMLResponse(body, 422, headers=_HEADERS)
        receipt = Receipt(
            secrets.token_urlsafe(12), form.id, session.subject, lang, check.data, envelope.to_json(),
            [i.to_dict() for i in check.report.warnings] if check.report else [],
        )  # fmt: skip
        receipt.envelope["data"] = check.data
        self.store.add_receipt(receipt)
        return RedirectResponse(f"/receipts/{receipt.id}?lang={lang}", 303)

    def _upload(self, pointer: str, upload: Any) -> str | None:
        ref = self.store.add_upload(upload.file, self.settings.max_upload)  # to disk; refused ones are not kept
        if ref is None:
            return None
        name = re.sub(r"[^\w.\-]+", "_", str(upload.filename or "file"))[-80:]
        return f"upload:{ref}/{name}"

    def _receipt(self, request: Request) -> tuple[Receipt, Form] | None:
        session = self.session(request)
        receipt = self.store.receipts.get(request.path_params["receipt_id"])
        if session is None or receipt is None or receipt.subject != session.subject:
            return None
        return receipt, self.forms[receipt.form_id]

    async def receipt(self, request: Request) -> Response:
        found = self._receipt(request)
        lang = _lang(request)
        if found is None:
            return self.page("message.html", request, 404, message=ui_text("not_found", lang))
        receipt, form = found
        view = form_view(form, lang)
        rows = []
        for f in view.fields():
            if f.in_table or "/" in f.pointer[1:] or f.type in ("note", "person"):
                continue
            value = receipt.data.get(f.id)
            if f.type == "table":
                shown = f"{len(value)} {ui_text('row', lang)}" if isinstance(value, list) else ""
            else:
                shown = display_value(f, value, lang)
            if shown:
                rows.append((f.label, shown))
        linked = word_file(form, {}, lang=lang, dirs=self.template_dirs).filled
        return self.page("receipt.html", request, receipt=receipt, view=view, rows=rows, linked=linked)

    async def receipt_word(self, request: Request) -> Response:
        found = self._receipt(request)
        if found is None:
            return Response(status_code=404)
        receipt, form = found
        made = word_file(form, receipt.data, lang="vi", dirs=self.template_dirs)
        headers = {"Content-Disposition": f'attachment; filename="{made.filename}"', **_HEADERS}
        return Response(made.data, media_type=_DOCX, headers=headers)

    async def receipt_json(self, request: Request) -> Response:
        found = self._receipt(request)
        if found is None:
            return Response(status_code=404)
        receipt, _form = found
        body = {"receipt": receipt.id, **receipt.envelope, "warnings": receipt.warnings}
        name = f"{receipt.form_id.replace('.', '-')}-{receipt.id}.json"
        return JSONResponse(body, headers={"Content-Disposition": f'attachment; filename="{name}"', **_HEADERS})

    async def receipt_print(self, request: Request) -> Response:
        found = self._receipt(request)
        if found is None:
            return Response(status_code=404)
        receipt, form = found
        opts = RenderOptions(static_url="/static/eform")
        return HTMLResponse(render_print(form, receipt.data, lang=_lang(request), options=opts), headers=_HEADERS)

    async def print_page(self, request: Request) -> Response:
        form = self.forms.get(request.path_params["form_id"])
        session = self.session(request)
        if form is None or session is None:
            return Response(status_code=404)
        prefill = await self.engine.run(form, session.subject)
        opts = RenderOptions(static_url="/static/eform")
        return HTMLResponse(render_print(form, prefill.data, lang=_lang(request), options=opts), headers=_HEADERS)

    async def communes(self, request: Request) -> Response:
        from eformkit.packs.vn.admin_units import communes

        code = request.path_params["province"]
        units = communes(code) if re.fullmatch(r"\d{2}", code) else ()
        return JSONResponse([{"code": u.code, "name": u.name} for u in units], headers=_HEADERS)

    async def signout(self, request: Request) -> Response:
        session = self.session(request)
        post = await request.form(max_files=0, max_fields=8, max_part_size=1024)
        if session is not None and not secrets.compare_digest(str(post.get("_csrf", "")), session.csrf):
            return self.page("message.html", request, 403, message=ui_text("csrf", _lang(request)))
        self.sessions.end(request.cookies.get(COOKIE))  # ended on the server: a copied cookie stops working
        response = RedirectResponse("/", 303)
        response.delete_cookie(COOKIE, path="/")
        return response

    # -- errors -------------------------------------------------------------------------------------
    async def http_error(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        vi, en = _ERRORS.get(status, _ERRORS[400])
        limit = self.settings.max_signin_body if request.url.path in ("/signin", "/signout") else self.settings.max_body
        message = (en if _lang(request) == "en" else vi).format(mb=f"{limit / (1024 * 1024):g}")
        response = self.page("message.html", request, status, message=message)
        if isinstance(exc, HTTPException) and exc.headers:
            response.headers.update(exc.headers)
        return response

    async def disconnected(self, request: Request, exc: Exception) -> Response:
        return Response(status_code=400)  # the client is gone: nothing to log, nobody to answer


class _GuardedStarlette(Starlette):
    """Starlette with `Guard` outside its whole stack (so error pages get the headers too)."""

    def __init__(self, *args: Any, settings: PortalSettings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._settings = settings

    def build_middleware_stack(self) -> Any:
        return Guard(super().build_middleware_stack(), self._settings)


def create_app(
    forms_dir: str | Path | None = None,
    template_dirs: list[str | Path] | None = None,
    key: bytes | None = None,
    settings: PortalSettings | None = None,
) -> Starlette:
    """The portal app. Templates: `template_dirs`, else the portal's links folder and ../shared/templates.
    `settings`: limits and session lifetimes (`PortalSettings()` by default)."""
    dirs = (
        [Path(d) for d in template_dirs]
        if template_dirs is not None
        else [HERE / "word", ROOT.parent / "shared" / "templates"]
    )
    secret = key or (os.environ.get("EFORMKIT_PORTAL_KEY", "").encode() or secrets.token_bytes(32))
    settings = settings or PortalSettings()
    portal = Portal(Path(forms_dir) if forms_dir else ROOT / "forms", dirs, secret, settings)
    routes = [
        Route("/", portal.home),
        Route("/signin", portal.signin, methods=["POST"]),
        Route("/signout", portal.signout, methods=["POST"]),
        Route("/forms", portal.catalogue),
        Route("/forms/{form_id}", portal.form_page, methods=["GET", "POST"]),
        Route("/forms/{form_id}/print", portal.print_page),
        Route("/receipts/{receipt_id}", portal.receipt),
        Route("/receipts/{receipt_id}/word.docx", portal.receipt_word),
        Route("/receipts/{receipt_id}/submission.json", portal.receipt_json),
        Route("/receipts/{receipt_id}/print", portal.receipt_print),
        Route("/units/{province}.json", portal.communes),
        Mount("/static/eform", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    handlers: dict[Any, Any] = {HTTPException: portal.http_error, 500: portal.http_error,
                                ClientDisconnect: portal.disconnected}  # fmt: skip
    app = _GuardedStarlette(routes=routes, exception_handlers=handlers, settings=settings)
    app.state.portal = portal
    return app
