"""The demo portal (Starlette): demo sign-in, catalogue, prefilled e-forms, validation, receipts.

Locked values are never taken from the post: the prefill token is checked on every submission and
a changed locked value is refused. The signed-in identity (personal ID, VNeID level 1 or 2, method) lives
in the server-side session. Every accepted post leaves a dossier record built from signed state (the
token and the session); receipts, records, correction requests and the access log live in the portal's
SQLite file (docs/dossier.md §7), so a restart loses nothing. Nothing personal is logged. Limits,
headers and cross-site refusals live in `guard`, sessions and sign-in CSRF in `session`, receipts and
their downloads (the dossier record as JSON and XML) in `receipts`, the citizen's requests and access
log in `citizen`.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from eformkit.dossier.access_log import AccessLog
from eformkit.dossier.storage import SqliteStorage
from eformkit.pointers import MISSING, get
from eformkit.portal import citizen, receipts
from eformkit.portal.api import create_api
from eformkit.portal.citizen import QUOTA, with_notice
from eformkit.portal.guard import SECURITY_HEADERS, GuardedStarlette, request_lang
from eformkit.portal.keys import default_store_path, derived_key, portal_secret
from eformkit.portal.session import (
    COOKIE,
    PRE_COOKIE,
    Session,
    Sessions,
    SigninGuard,
    SqliteSessions,
    Store,
    same_token,
)
from eformkit.portal.settings import PortalSettings
from eformkit.portal.submit import check_post, store_accepted
from eformkit.prefill.defaults import default_registry
from eformkit.prefill.embedded import default_db
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.identity import AssuranceLevel
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.result import PrefillResult
from eformkit.prefill.submission import SubmissionCheck
from eformkit.render.environment import STATIC_DIR, environment
from eformkit.render.form_post import apply_action, parse_envelope
from eformkit.render.html_form import Account, RenderOptions, render_form
from eformkit.render.print_view import render_print
from eformkit.render.texts import ui_text
from eformkit.render.view import form_view
from eformkit.schema.form import Form, load_form
from eformkit.shipped import catalogue_dir
from eformkit.text import mask_id

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
_HEADERS = SECURITY_HEADERS  # the guard adds them to every response too (errors, redirects, files)


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



_ERRORS = {
    400: ("Yêu cầu không hợp lệ.", "The request is not valid."),
    403: ("Yêu cầu bị từ chối; vui lòng tải lại trang.", "The request was refused; reload the page and retry."),
    404: ("Không tìm thấy trang này.", "This page does not exist."),
    405: ("Phương thức không được hỗ trợ.", "This method is not allowed here."),
    408: ("Gửi dữ liệu quá chậm; vui lòng thử lại.", "The request took too long to arrive; please try again."),
    413: ("Yêu cầu quá lớn (tối đa {mb} MB).", "The request is too large (at most {mb} MB)."),
    500: ("Lỗi hệ thống; vui lòng thử lại sau.", "Something went wrong on our side; please try again later."),
}  # fmt: skip


class Portal:
    def __init__(
        self,
        forms_dir: Path,
        template_dirs: list[Path],
        key: bytes,
        settings: PortalSettings | None = None,
        store_path: str | Path = ":memory:",
        *,
        previous_keys: Sequence[bytes] = (),
        previous_audit_keys: Sequence[bytes] = (),
        registry: ConnectorRegistry | None = None,
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
        # After a rotation (docs/integration.md#keys-and-their-rotation): tokens signed with an earlier secret
        # still verify (keep it a token lifetime), access-log entries hashed with one are still found (keep it
        # as long as the log); nothing new is signed or hashed with them.
        self.previous_keys = tuple(previous_keys)
        self.settings = settings = settings or PortalSettings()
        idle, absolute, most = settings.session_idle, settings.session_absolute, settings.max_sessions
        # With a file, sessions live in it: every worker process on that file (and a restart) shares them.
        self.sessions = (
            Sessions(idle=idle, absolute=absolute, max_open=most)
            if str(store_path) == ":memory:"
            else SqliteSessions(store_path, idle=idle, absolute=absolute, max_open=most)
        )
        self.signin_guard = SigninGuard(key)
        self.store = Store(upload_budget=settings.upload_disk_budget)
        self.storage = SqliteStorage(store_path)
        self.db = default_db()
        # Reads are credited to every person they reach (the father read through the son's form).
        self.access_log = AccessLog(self.storage.audit, key=derived_key(key, "audit"), reader="portal",
                                    relations=self.db.related,
                                    previous_keys=[derived_key(k, "audit") for k in previous_audit_keys])  # fmt: skip
        registry = registry if registry is not None else default_registry()
        self.engine = PrefillEngine(registry, audit=self.access_log, token_key=key)
        self.env = environment([PAGES])
        self._citizens: list[dict[str, str]] | None = None

    def close(self) -> None:
        """Close the storage and the session table (the engine's clients close with `engine.aclose()`)."""
        if isinstance(self.sessions, SqliteSessions):
            self.sessions.close()
        self.storage.close()

    # -- helpers ------------------------------------------------------------------------------------
    def citizens(self, n: int = 8) -> list[dict[str, str]]:
        if self._citizens is not None:
            return self._citizens
        out = []
        for pid in self.db.person_ids(n):
            person = self.db.person(pid) or {}
            handle = self.signin_guard.handle(pid)
            out.append({"id": pid, "handle": handle, "masked": mask_id(pid), "name": str(person.get("full_name", ""))})
        self._citizens = out
        return out

    def session(self, request: Request) -> Session | None:
        return self.sessions.read(request.cookies.get(COOKIE))

    def account(self, session: Session | None) -> Account | None:
        """The header's "signed in as" (the registry's name, else the masked ID) and its sign-out button."""
        if session is None:
            return None
        name = str((self.db.person(session.subject) or {}).get("full_name") or mask_id(session.subject))
        return Account(name, "/signout", session.csrf)

    def page(self, name: str, request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        lang = request_lang(request.scope)
        account = self.account(self.session(request))
        opts = RenderOptions(static_url="/static/eform", nav=self.nav(lang), account=account)
        body = self.env.get_template(name).render(c=_Page(lang, request.url.path), lang=lang, opts=opts, **ctx)
        return HTMLResponse(body, status, headers=_HEADERS)

    def nav(self, lang: str) -> list[tuple[str, str]]:
        q = "?lang=en" if lang == "en" else ""
        en = lang == "en"
        return [(f"/{q}", "eformkit"), (f"/forms{q}", "Forms" if en else "Biểu mẫu"),
                (f"/requests{q}", "My correction requests" if en else "Đề nghị điều chỉnh của tôi"),
                (f"/access-log{q}", "Who viewed my data" if en else "Ai đã xem dữ liệu của tôi")]  # fmt: skip

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
            account=self.account(session),
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
                                secure=self.settings.cookie_secure(request.url.scheme))  # fmt: skip
        return response

    async def signin(self, request: Request) -> Response:
        lang = request_lang(request.scope)
        post = await request.form(max_files=0, max_fields=8, max_part_size=1024)
        if not self.signin_guard.valid(request.cookies.get(PRE_COOKIE), str(post.get("_csrf", ""))):
            return self.page("message.html", request, 403, message=ui_text("csrf", lang))
        # The level is chosen at sign-in, as VNeID does, and kept in the server-side session only.
        level: AssuranceLevel = 2 if post.get("level") == "2" else 1
        chosen = str(post.get("subject", ""))
        subject = next((c["id"] for c in self.citizens() if same_token(chosen, c["handle"])), None)
        if subject is None:
            return RedirectResponse("/", 303)
        self.sessions.end(request.cookies.get(COOKIE))  # a new sign-in never reuses an old session
        cookie, _ = self.sessions.issue(subject, level, "vneid")
        response = RedirectResponse(f"/forms?lang={lang}", 303)
        response.set_cookie(COOKIE, cookie, httponly=True, samesite="lax", path="/",
                            secure=self.settings.cookie_secure(request.url.scheme))  # fmt: skip
        return response

    async def catalogue(self, request: Request) -> Response:
        session = self.session(request)
        if session is None:
            return RedirectResponse("/", 303)
        lang = request_lang(request.scope)
        forms = [(f.id, form_view(f, lang).code, form_view(f, lang).title) for f in self.forms.values()]
        return self.page("catalogue.html", request, forms=forms)

    async def form_page(self, request: Request) -> Response:
        session = self.session(request)
        form = self.forms.get(request.path_params["form_id"])
        if form is None:
            return self.page("message.html", request, 404, message=ui_text("not_found", request_lang(request.scope)))
        if session is None:
            return RedirectResponse("/", 303)
        lang = request_lang(request.scope)
        identity = session.identity  # from the server-side session, never from the post
        if request.method == "GET":
            prefill = await self.engine.run(form, identity)
            body = render_form(form, prefill=prefill, lang=lang, options=self.form_options(form, lang, session))
            notice = with_notice(body, prefill, lang, identity.level, form.definition.prefill_assurance)
            return HTMLResponse(notice, headers=_HEADERS)
        post = await request.form(max_files=20, max_fields=2000)
        if not same_token(str(post.get("_csrf", "")), session.csrf):
            return self.page("message.html", request, 403, message=ui_text("csrf", lang))
        envelope = parse_envelope(form, post, uploads=self._upload)
        lang = envelope.lang
        # Locks come from the posted page's signed token alone. A post without a good token, or that changes
        # a locked value, is refused.
        checked = check_post(self, form, identity, envelope.data, token=envelope.token,
                             corrections=envelope.corrections, lang=lang)  # fmt: skip
        check, flags = checked.check, checked.flags
        envelope.corrections = checked.corrections
        opts = self.form_options(form, lang, session, envelope.rows)
        acted = apply_action(envelope, form)
        if acted or not check.accepted:
            # The page is shown again: a fresh prefill lends it the source labels and the registry's locked
            # values, a real read of the citizen's data (logged as one). An accepted post reads nothing: its
            # record takes everything about the prefilled values from the token.
            shown = _shown_again(await self.engine.run(form, identity), envelope.data, check, envelope.token)
            issues = () if acted else check.issues
            body = render_form(form, envelope.data, prefill=shown, issues=issues, flags=flags, lang=lang, options=opts)
            return HTMLResponse(body, 200 if acted else 422, headers=_HEADERS)
        rid = store_accepted(self, form, checked, envelope, identity)
        if rid is None:
            return self.page("message.html", request, 429, message=QUOTA[lang == "en"])  # nothing is ever dropped
        return RedirectResponse(f"/receipts/{rid}?lang={lang}", 303)

    def _upload(self, pointer: str, upload: Any) -> str | None:
        ref = self.store.add_upload(upload.file, self.settings.max_upload)  # to disk; refused ones are not kept
        if ref is None:
            return None
        name = re.sub(r"[^\w.\-]+", "_", str(upload.filename or "file"))[-80:]
        return f"upload:{ref}/{name}"

    async def print_page(self, request: Request) -> Response:
        form = self.forms.get(request.path_params["form_id"])
        session = self.session(request)
        if form is None or session is None:
            return Response(status_code=404)
        prefill = await self.engine.run(form, session.identity)
        opts, lang = RenderOptions(static_url="/static/eform"), request_lang(request.scope)
        return HTMLResponse(render_print(form, prefill.data, lang=lang, options=opts), headers=_HEADERS)

    async def communes(self, request: Request) -> Response:
        from eformkit.packs.vn.admin_units import communes

        code = request.path_params["province"]
        units = communes(code) if re.fullmatch(r"\d{2}", code) else ()
        return JSONResponse([{"code": u.code, "name": u.name} for u in units], headers=_HEADERS)

    async def signout(self, request: Request) -> Response:
        session = self.session(request)
        post = await request.form(max_files=0, max_fields=8, max_part_size=1024)
        if session is not None and not same_token(str(post.get("_csrf", "")), session.csrf):
            return self.page("message.html", request, 403, message=ui_text("csrf", request_lang(request.scope)))
        self.sessions.end(request.cookies.get(COOKIE))  # ended on the server: a copied cookie stops working
        response = RedirectResponse("/", 303)
        response.delete_cookie(COOKIE, path="/")
        return response

    # -- errors -------------------------------------------------------------------------------------
    async def http_error(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        vi, en = _ERRORS.get(status, _ERRORS[400])
        limit = self.settings.max_signin_body if request.url.path in ("/signin", "/signout") else self.settings.max_body
        message = (en if request_lang(request.scope) == "en" else vi).format(mb=f"{limit / (1024 * 1024):g}")
        response = self.page("message.html", request, status, message=message)
        if isinstance(exc, HTTPException) and exc.headers:
            response.headers.update(exc.headers)
        return response

    async def disconnected(self, request: Request, exc: Exception) -> Response:
        return Response(status_code=400)  # the client is gone: nothing to log, nobody to answer


def create_portal(
    forms_dir: str | Path | None = None,
    template_dirs: list[str | Path] | None = None,
    key: bytes | None = None,
    settings: PortalSettings | None = None,
    store: str | Path | None = None,
    *,
    previous_keys: Sequence[bytes] = (),
    previous_audit_keys: Sequence[bytes] = (),
    registry: ConnectorRegistry | None = None,
) -> Portal:
    """The `Portal` (forms, key, sessions, storage, prefill engine with its access log) that `create_app`
    serves, for a host app that mounts only the JSON API (`eformkit.portal.api.create_api`).

    `forms_dir`: default the shipped catalogue. Word templates: `template_dirs`, else the portal's links
    folder; `$EFORMKIT_TEMPLATE_DIRS` is searched after either (the templates themselves are not shipped).
    `settings`: limits and session lifetimes (`PortalSettings()` by default). `store`: the SQLite file of
    receipts, records, feedback and the access log (default: `keys.default_store_path`:
    ``$EFORMKIT_PORTAL_DB``, else the user cache; ``":memory:"`` keeps nothing). `key`: the secret (default:
    `keys.portal_secret`, which outlives a restart); give a restarted portal the same file and key and
    nothing is lost. After a key rotation: `previous_keys`, earlier secrets (newest first) whose prefill
    tokens are still accepted, and `previous_audit_keys`, earlier secrets whose access-log entries are still
    looked up (docs/integration.md). `registry`: the sources of citizen data (default:
    `default_registry()`, i.e. plugins plus ``$EFORMKIT_CONNECTORS``). The caller closes it:
    ``await portal.engine.aclose(); portal.close()``."""
    dirs = [Path(d) for d in template_dirs] if template_dirs is not None else [HERE / "word"]
    chosen = str(store) if store is not None else str(default_store_path())
    store_path = None if chosen == ":memory:" else Path(chosen)
    if store_path is not None:
        store_path.parent.mkdir(parents=True, exist_ok=True)
    secret = key or portal_secret(store_path)
    catalogue = Path(forms_dir) if forms_dir else catalogue_dir()
    if catalogue is None:
        raise FileNotFoundError("no form catalogue in this install: pass forms_dir")
    return Portal(catalogue, dirs, secret, settings or PortalSettings(), store_path or ":memory:",
                  previous_keys=previous_keys, previous_audit_keys=previous_audit_keys, registry=registry)  # fmt: skip


def create_app(
    forms_dir: str | Path | None = None,
    template_dirs: list[str | Path] | None = None,
    key: bytes | None = None,
    settings: PortalSettings | None = None,
    store: str | Path | None = None,
    *,
    previous_keys: Sequence[bytes] = (),
    previous_audit_keys: Sequence[bytes] = (),
    registry: ConnectorRegistry | None = None,
) -> Starlette:
    """The portal app over `forms_dir` (arguments as `create_portal`), with the JSON API mounted at ``/api``
    (`eformkit.portal.api`; it shares the portal's sign-in sessions, storage, access log and key)."""
    settings = settings or PortalSettings()
    portal = create_portal(forms_dir, template_dirs, key, settings, store, previous_keys=previous_keys,
                           previous_audit_keys=previous_audit_keys, registry=registry)  # fmt: skip

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await portal.engine.aclose()  # pooled clients of HTTP connectors
        portal.close()

    routes = [
        Route("/", portal.home),
        Route("/signin", portal.signin, methods=["POST"]),
        Route("/signout", portal.signout, methods=["POST"]),
        Route("/forms", portal.catalogue),
        Route("/forms/{form_id}", portal.form_page, methods=["GET", "POST"]),
        Route("/forms/{form_id}/print", portal.print_page),
        Route("/receipts/{receipt_id}", partial(receipts.receipt_page, portal)),
        Route("/receipts/{receipt_id}/word.docx", partial(receipts.word, portal)),
        Route("/receipts/{receipt_id}/submission.json", partial(receipts.submission_json, portal)),
        Route("/receipts/{receipt_id}/print", partial(receipts.print_view, portal)),
        Route("/receipts/{receipt_id}/record.json", partial(receipts.record_json, portal)),
        Route("/receipts/{receipt_id}/record.xml", partial(receipts.record_xml, portal)),
        Route("/requests", partial(citizen.my_requests, portal)),
        Route("/access-log", partial(citizen.access_log, portal)),
        Route("/units/{province}.json", portal.communes),
        Mount("/static/eform", StaticFiles(directory=STATIC_DIR), name="static"),
        Mount("/api", app=create_api(portal)),  # guarded by its own guard (JSON errors)
    ]
    handlers: dict[Any, Any] = {HTTPException: portal.http_error, 500: portal.http_error,
                                ClientDisconnect: portal.disconnected}  # fmt: skip
    app = GuardedStarlette(routes=routes, exception_handlers=handlers, settings=settings, lifespan=lifespan,
                           guard={"delegate": "/api"})  # fmt: skip
    app.state.portal = portal
    return app
