"""The portal's JSON API: forms, schemas, prefill for the signed-in subject, validate, submit, receipts.

`create_api(portal)` is an ASGI app a Starlette, FastAPI or Django (ASGI) app mounts; the demo portal
mounts it at ``/api``, sharing its sign-in sessions, storage, access log and key (docs/integration.md).
The rules are the HTML portal's: cross-site requests refused, every POST carries ``X-CSRF-Token`` (from
``GET /session``), body limits and security headers from its own `Guard`; reads of personal data go
through the engine's access log; a submission is accepted only by `check_submission` with the page's
signed prefill token, and stored by the same code as the HTML form's post (`eformkit.portal.submit`).
Every answer is JSON; errors are ``{"error": {"code", "message", "pointer"?}}`` with stable codes
(`EFK-API-*` in docs/findings.md, the token's `EFK-TOKEN-*`) and messages in ``?lang=vi|en``; a message
never quotes a submitted value.
"""

from __future__ import annotations

import hashlib
import hmac
import inspect
import json
import secrets
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from eformkit.pointers import escape
from eformkit.portal import receipts
from eformkit.portal.citizen import QUOTA, notices
from eformkit.portal.guard import JSON_CODES, GuardedStarlette, request_lang
from eformkit.portal.keys import derived_key
from eformkit.portal.session import same_token
from eformkit.portal.submit import check_post, store_accepted
from eformkit.prefill.identity import Identity
from eformkit.render.form_post import Envelope
from eformkit.render.texts import source_label
from eformkit.render.view import form_view
from eformkit.schema.ui_adapters import UI_FORMATS, jsonforms_ui_schema, rjsf_ui_schema
from eformkit.text import mask_id

if TYPE_CHECKING:
    from eformkit.portal.app import Portal
    from eformkit.prefill.submission import SubmissionIssue
    from eformkit.schema.form import Form
    from eformkit.schema.validation_report import ValidationIssue

__all__ = ["CSRF_COOKIE", "CSRF_HEADER", "ERRORS", "Identify", "create_api"]

Identify = Callable[[Request], "Identity | Awaitable[Identity | None] | None"]
CSRF_HEADER = "x-csrf-token"
# With a host's `identify`, the CSRF token is bound to this random cookie (there is no portal session).
CSRF_COOKIE = "efk_api_csrf"

# code → (HTTP status, Vietnamese, English). Stable: documented in docs/findings.md.
ERRORS: dict[str, tuple[int, str, str]] = {
    "EFK-API-001": (400, "Nội dung yêu cầu không phải JSON hợp lệ ({where}).",
                    "The request body is not valid JSON ({where})."),
    "EFK-API-002": (400, "Nội dung yêu cầu không đúng dạng: {what}.", "The request body has the wrong shape: {what}."),
    "EFK-API-003": (401, "Bạn chưa đăng nhập hoặc phiên đăng nhập đã hết hạn.",
                    "You are not signed in, or your session has ended."),
    "EFK-API-004": (403, "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token); hãy lấy lại từ /session.",
                    "The X-CSRF-Token header is missing or wrong; get it again from /session."),
    "EFK-API-005": (403, "Yêu cầu từ trang khác bị từ chối.", "A request from another site was refused."),
    "EFK-API-006": (404, "Không có biểu mẫu này.", "There is no such form."),
    "EFK-API-007": (404, "Không tìm thấy biên nhận này.", "There is no such receipt."),
    "EFK-API-008": (413, "Yêu cầu quá lớn (tối đa {mb} MB).", "The request is too large (at most {mb} MB)."),
    "EFK-API-009": (408, "Gửi dữ liệu quá chậm; vui lòng thử lại.", "The request took too long to arrive; try again."),
    "EFK-API-010": (422, "Hồ sơ chưa hợp lệ; xem từng lỗi bên dưới.", "The submission is not valid; see each error."),
    "EFK-API-011": (429, QUOTA[0], QUOTA[1]),
    "EFK-API-012": (400, "Loại giao diện không hợp lệ; dùng rjsf, jsonforms hoặc eformkit.",
                    "Unknown UI schema kind; use rjsf, jsonforms or eformkit."),
    "EFK-API-013": (404, "Không có địa chỉ hoặc phương thức này trong API.", "No such route or method in the API."),
    "EFK-API-014": (500, "Lỗi hệ thống; vui lòng thử lại sau.", "Something went wrong on our side; try again later."),
}  # fmt: skip
assert set(JSON_CODES.values()) <= set(ERRORS)  # the guard's refusals speak the same codes

_SHAPES = {
    "object": ("phải là một đối tượng JSON", "must be a JSON object"),
    "string": ("phải là chuỗi", "must be a string"),
    "list": ("phải là danh sách", "must be a list"),
    "number": ("NaN và Infinity không phải JSON", "NaN and Infinity are not JSON"),
}
_WHAT = {"utf-8": ("không phải UTF-8", "not UTF-8"), "nesting": ("lồng nhau quá sâu", "nested too deeply")}
_STATUS_CODES = {404: "EFK-API-013", 405: "EFK-API-013", 408: "EFK-API-009", 413: "EFK-API-008"}



class ApiError(Exception):
    """An answer with one of `ERRORS` (raised inside a route, rendered by `_Api.error`)."""

    def __init__(
        self,
        code: str,
        pointer: str | None = None,
        *,
        errors: list[dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None,
        refused: str | None = None,
        **fmt: Any,
    ) -> None:
        super().__init__(code)
        self.code, self.pointer, self.errors, self.extra, self.fmt = code, pointer, errors, extra or {}, fmt
        self.refused = refused  # a token refusal's own message (EFK-TOKEN-*, already in the asked language)


def _shape(pointer: str, kind: str) -> ApiError:
    return ApiError("EFK-API-002", pointer, what=kind)


def _issue(issue: SubmissionIssue | ValidationIssue) -> dict[str, Any]:
    out = {"pointer": issue.pointer, "code": issue.code, "message": issue.message, "severity": issue.severity}
    label = getattr(issue, "label", None)
    return {**out, "label": label} if label else out


class _NotJson:
    """Stands for NaN or Infinity in a parsed body, so the error can give its JSON pointer."""


def _find(doc: Any) -> Iterator[str]:
    """The pointers of the `_NotJson` stand-ins in `doc`, depth first (a loop: any depth the parser took)."""
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, _NotJson):
            yield pointer
        elif isinstance(value, dict):
            keys = [escape(str(k)) for k in value]
            stack.extend((f"{pointer}/{k}", v) for k, v in reversed(list(zip(keys, value.values(), strict=True))))
        elif isinstance(value, list):
            stack.extend((f"{pointer}/{i}", v) for i, v in reversed(list(enumerate(value))))


def _parse(raw: bytes, *, empty_ok: bool = False) -> dict[str, Any]:
    """The body as a JSON object; bad JSON is EFK-API-001 with its line and column, a wrong shape EFK-API-002."""
    if not raw.strip() and empty_ok:
        return {}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ApiError("EFK-API-001", extra={"line": line, "column": col}, where=(line, col, "utf-8")) from None
    try:
        doc = json.loads(text, parse_constant=lambda _name: _NotJson())
    except json.JSONDecodeError as exc:
        raise ApiError("EFK-API-001", extra={"line": exc.lineno, "column": exc.colno},
                       where=(exc.lineno, exc.colno, exc.msg)) from None  # fmt: skip
    except RecursionError:
        raise ApiError("EFK-API-001", where=(None, None, "nesting")) from None
    bad = next(_find(doc), None)
    if bad is not None:
        raise _shape(bad, "number")
    if not isinstance(doc, dict):
        raise _shape("", "object")
    return doc


def _data(body: dict[str, Any]) -> dict[str, Any]:
    data = body.get("data", {})
    if not isinstance(data, dict):
        raise _shape("/data", "object")
    return data


def _corrections(body: dict[str, Any]) -> list[dict[str, str]]:
    items = body.get("corrections", [])
    if not isinstance(items, list):
        raise _shape("/corrections", "list")
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise _shape(f"/corrections/{i}", "object")
        for member in ("pointer", "reason"):
            if not isinstance(item.get(member, ""), str):
                raise _shape(f"/corrections/{i}/{member}", "string")
        out.append({"pointer": str(item.get("pointer", "")), "reason": str(item.get("reason", ""))})
    return out


class _Api:
    def __init__(self, portal: Portal, identify: Identify | None) -> None:
        self.portal = portal
        self.identify = identify
        self._csrf_key = derived_key(portal.key, "api-csrf")

    # -- who is asking --------------------------------------------------------------------------------
    async def identity(self, request: Request) -> Identity:
        """The signed-in identity (the host's `identify`, else the portal's session), or EFK-API-003."""
        if self.identify is None:
            session = self.portal.session(request)
            found = session.identity if session is not None else None
        else:
            answer = self.identify(request)
            found = await answer if inspect.isawaitable(answer) else answer
        if not isinstance(found, Identity):
            raise ApiError("EFK-API-003")
        return found

    def csrf(self, request: Request, identity: Identity, binding: str | None = None) -> str | None:
        """The CSRF token of this caller: the portal session's own, else one bound to the CSRF cookie."""
        if self.identify is None:
            session = self.portal.session(request)
            return session.csrf if session is not None else None
        binding = binding or request.cookies.get(CSRF_COOKIE)
        if not binding or len(binding) > 100:
            return None
        message = "\x00".join((identity.personal_id, str(identity.level), identity.method, binding)).encode()
        return hmac.new(self._csrf_key, message, hashlib.sha256).hexdigest()

    async def poster(self, request: Request) -> Identity:
        """The identity of a POST whose X-CSRF-Token matches (compared in constant time), or an error."""
        identity = await self.identity(request)
        expected = self.csrf(request, identity)
        given = request.headers.get(CSRF_HEADER, "")
        if expected is None or not same_token(given, expected):
            raise ApiError("EFK-API-004")
        return identity

    def form(self, request: Request) -> Form:
        form = self.portal.forms.get(request.path_params["form_id"])
        if form is None:
            raise ApiError("EFK-API-006")
        return form

    # -- answers ------------------------------------------------------------------------------------
    def error(self, request: Request, exc: ApiError) -> JSONResponse:
        status, vi, en = (403, exc.refused, exc.refused) if exc.refused is not None else ERRORS[exc.code]
        lang = request_lang(request.scope)
        fmt = dict(exc.fmt)
        if "where" in fmt:  # the parser's own words are English: the Vietnamese message gives the place only
            line, col, what = fmt["where"]
            what = _WHAT.get(what, ("", what))[lang == "en"]
            at = (f"line {line}, column {col}" if lang == "en" else f"dòng {line}, cột {col}") if line else ""
            fmt["where"] = "; ".join(x for x in (at, what) if x)
        if "what" in fmt:
            fmt["what"] = f"{exc.pointer or '/'} {_SHAPES[fmt['what']][lang == 'en']}"
        limit = self.portal.settings.max_body
        fmt.setdefault("mb", f"{limit / (1024 * 1024):g}")
        error: dict[str, Any] = {"code": exc.code, "message": (en if lang == "en" else vi).format(**fmt), **exc.extra}
        if exc.pointer is not None:
            error["pointer"] = exc.pointer
        body: dict[str, Any] = {"error": error}
        if exc.errors is not None:
            body["errors"] = exc.errors  # every located problem (the `error` is the first, or the summary)
        return JSONResponse(body, status)

    async def http_error(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        code = _STATUS_CODES.get(status, "EFK-API-014" if status >= 500 else "EFK-API-002")
        return self.error(request, ApiError(code, what="object"))

    async def api_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return self.error(request, exc)

    # -- routes -------------------------------------------------------------------------------------
    async def session(self, request: Request) -> Response:
        identity = await self.identity(request)
        binding = request.cookies.get(CSRF_COOKIE) if self.identify is not None else None
        fresh = self.identify is not None and not (binding and len(binding) <= 100)
        if fresh:
            binding = secrets.token_urlsafe(24)
        body = {"subject": mask_id(identity.personal_id), "level": identity.level,
                "csrf": self.csrf(request, identity, binding)}  # fmt: skip
        response = JSONResponse(body)
        if fresh and binding:
            response.set_cookie(CSRF_COOKIE, binding, httponly=True, samesite="strict", path="/",
                                secure=self.portal.settings.cookie_secure(request.url.scheme))  # fmt: skip
        return response

    async def forms(self, request: Request) -> Response:
        lang = request_lang(request.scope)
        views = [form_view(f, lang) for f in self.portal.forms.values()]
        return JSONResponse([{"id": v.form_id, "code": v.code, "title": v.title} for v in views])

    async def schema(self, request: Request) -> Response:
        return JSONResponse(self.form(request).json_schema(request_lang(request.scope)))

    async def ui(self, request: Request) -> Response:
        form, lang = self.form(request), request_lang(request.scope)
        kind = request.query_params.get("kind", "rjsf")
        if kind not in UI_FORMATS:
            raise ApiError("EFK-API-012")
        if kind == "rjsf":
            return JSONResponse(rjsf_ui_schema(form, lang))
        return JSONResponse(jsonforms_ui_schema(form, lang) if kind == "jsonforms" else form.ui_schema())

    async def prefill(self, request: Request) -> Response:
        identity = await self.poster(request)
        form, lang = self.form(request), request_lang(request.scope)
        _parse(await request.body(), empty_ok=True)  # `{}`: nothing is read from it, but it must be JSON
        prefill = await self.portal.engine.run(form, identity)  # the engine writes the access log
        fields = {}
        for pointer in prefill.values:
            origin = prefill.provenance.get(pointer)
            source = origin.source if origin is not None else ""
            fields[pointer] = {
                "source": source,
                "source_label": source_label(source, lang) if source else None,
                "verified": bool(origin and origin.verified),
                "locked": pointer in prefill.locked,
                "pick_list": pointer in prefill.picks,  # a locked table whose rows the citizen may drop
            }
        sources: dict[str, str] = {}
        for outcome in prefill.outcomes:
            sources.setdefault(outcome.connector, outcome.outcome.value)
        notice = " ".join(notices(prefill, lang, identity.level, form.definition.prefill_assurance)) or None
        return JSONResponse({"data": prefill.data, "token": prefill.token, "fields": fields, "sources": sources,
                             "notice": notice})  # fmt: skip

    async def validate(self, request: Request) -> Response:
        await self.poster(request)
        form, lang = self.form(request), request_lang(request.scope)
        report = form.validate(_data(_parse(await request.body())), lang)
        return JSONResponse({"valid": report.valid, "errors": [_issue(i) for i in report.errors],
                             "warnings": [_issue(i) for i in report.warnings]})  # fmt: skip

    async def submit(self, request: Request) -> Response:
        identity = await self.poster(request)
        form, lang = self.form(request), request_lang(request.scope)
        body = _parse(await request.body())
        data, corrections, token = _data(body), _corrections(body), body.get("token")
        if token is not None and not isinstance(token, str):
            raise _shape("/token", "string")
        # Locks come from the signed token alone; the subject from the sign-in, never from the body.
        checked = check_post(self.portal, form, identity, data, token=token, corrections=corrections, lang=lang)
        check = checked.check
        if check.tamper:
            first = check.tamper[0]
            issues = [_issue(i) for i in check.issues]
            raise ApiError(first.code, first.pointer or None, errors=issues, refused=first.message)
        if not check.accepted:
            raise ApiError("EFK-API-010", errors=[_issue(i) for i in check.issues])
        # As the HTML form's post: the record takes everything about the prefilled values from the token,
        # so the sources are not read again.
        envelope = Envelope(form.id, lang, data, checked.corrections, token)
        rid = store_accepted(self.portal, form, checked, envelope, identity)
        if rid is None:
            raise ApiError("EFK-API-011")
        base = request.scope.get("root_path", "")
        return JSONResponse({"receipt_id": rid, "receipt": f"{base}/receipts/{rid}?lang={lang}"}, 201)

    async def _receipt(self, request: Request) -> tuple[Any, Form]:
        identity = await self.identity(request)
        found = receipts.receipt_for(self.portal, request.path_params["receipt_id"], identity.personal_id)
        if found is None:
            raise ApiError("EFK-API-007")
        return found

    async def receipt(self, request: Request) -> Response:
        receipt, form = await self._receipt(request)
        base = f"{request.scope.get('root_path', '')}/receipts/{receipt.id}"
        body = receipt.body
        return JSONResponse({"receipt_id": receipt.id, "form_id": form.id, "data": body["data"],
                             "warnings": body.get("warnings", []), "corrections": body.get("corrections", []),
                             "links": {"word": f"{base}/word.docx", "record": f"{base}/record.json"}})  # fmt: skip

    async def word(self, request: Request) -> Response:
        return receipts.word_response(self.portal, *await self._receipt(request))

    async def record(self, request: Request) -> Response:
        receipt, _form = await self._receipt(request)
        response = receipts.record_response(self.portal, receipt)
        if response.status_code == 404:
            raise ApiError("EFK-API-007")
        return response

    async def disconnected(self, request: Request, exc: Exception) -> Response:
        return Response(status_code=400)  # the client is gone: nothing to log, nobody to answer


def create_api(portal: Portal, *, identify: Identify | None = None) -> Starlette:
    """The JSON API over `portal` (routes and shapes: docs/integration.md).

    `identify`: the host app's authentication, a function (sync or async) from the request to the
    signed-in `Identity` or None; by default the portal's own session cookie (the HTML sign-in). With
    `identify`, ``GET /session`` sets a cookie the CSRF token is bound to."""
    api = _Api(portal, identify)
    routes = [
        Route("/session", api.session),
        Route("/forms", api.forms),
        Route("/forms/{form_id}/schema", api.schema),
        Route("/forms/{form_id}/ui", api.ui),
        Route("/forms/{form_id}/prefill", api.prefill, methods=["POST"]),
        Route("/forms/{form_id}/validate", api.validate, methods=["POST"]),
        Route("/forms/{form_id}/submit", api.submit, methods=["POST"]),
        Route("/receipts/{receipt_id}", api.receipt),
        Route("/receipts/{receipt_id}/word.docx", api.word),
        Route("/receipts/{receipt_id}/record.json", api.record),
    ]
    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        ApiError: api.api_error, HTTPException: api.http_error, 500: api.http_error,
        ClientDisconnect: api.disconnected,
    }  # fmt: skip
    app = GuardedStarlette(routes=routes, exception_handlers=handlers, settings=portal.settings,
                           guard={"json_api": True})  # fmt: skip
    app.state.portal = portal
    return app
