"""The outermost ASGI layer: security headers on every response, a request-body size limit and
deadline enforced while the body streams in, and cross-site posts refused before any route runs.

It wraps Starlette's whole stack, error pages and static files included, so no response leaves
without the headers. The JSON API (`eformkit.portal.api`) has a guard of its own that answers in JSON and
refuses cross-site reads too; the portal's guard lets the API's paths through to it (`delegate`)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.exceptions import HTTPException

from eformkit.portal.settings import PortalSettings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: under no-referrer a browser posts `Origin: null` even from our own
    # pages, which the cross-site check must refuse (a sandboxed attacker frame sends null too).
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
_RAW_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
SMALL_BODY_PATHS = frozenset({"/signin", "/signout"})
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_REFUSALS = {
    403: ("Yêu cầu từ trang khác bị từ chối.", "A request from another site was refused."),
    413: ("Yêu cầu quá lớn (tối đa {mb} MB).", "The request is too large (at most {mb} MB)."),
}
# The JSON API's codes for the guard's refusals (docs/findings.md).
JSON_CODES = {403: "EFK-API-005", 413: "EFK-API-008"}


def cross_site(scope: Scope) -> bool:
    """True when the browser says the request comes from another site (Sec-Fetch-Site or Origin)."""
    headers: dict[bytes, bytes] = dict(scope.get("headers") or [])
    site = headers.get(b"sec-fetch-site")
    if site is not None and site not in (b"same-origin", b"none"):
        return True
    origin = headers.get(b"origin")
    if origin is None:
        return False  # old browsers and non-browser clients; the forms' CSRF tokens still apply
    # Hosts only: behind a TLS proxy the browser's origin says https while this hop may be http.
    return origin.partition(b"://")[2] != headers.get(b"host", b"")


class Guard:
    """Wrap `app` (the whole Starlette stack) with the portal's limits and headers.

    `json_api`: refusals as the JSON API's errors, and cross-site requests refused whatever the method (the
    API's reads return personal data). `delegate`: a path prefix whose requests go through untouched, to
    an app with a guard of its own."""

    def __init__(
        self, app: ASGIApp, settings: PortalSettings, *, json_api: bool = False, delegate: str | None = None
    ) -> None:
        self.app = app
        self.settings = settings
        self.json_api = json_api
        self.delegate = delegate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (self.delegate and _under(scope["path"], self.delegate)):
            await self.app(scope, receive, send)
            return
        limit = self.settings.max_signin_body if scope["path"] in SMALL_BODY_PATHS else self.settings.max_body
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        chunked = b"transfer-encoding" in headers
        if declared is not None and (not declared.isdigit() or len(declared) > 15 or int(declared) > limit):
            await _refuse(send, 413, limit, scope if self.json_api else None)
            return
        if (self.json_api or scope["method"] in _UNSAFE) and cross_site(scope):
            await _refuse(send, 403, limit, scope if self.json_api else None)
            return
        body = _Body(receive, limit, self.settings.body_timeout, chunked or bool(declared and int(declared)))

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _RAW_HEADERS if k not in present]
                if body.pending:  # the body was not read to its end: close rather than read the rest
                    extra.append((b"connection", b"close"))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, body.receive, send_guarded)


class _Body:
    """`receive` with a byte limit and a deadline for the whole body; past either the request ends
    with 413 or 408 (Starlette's HTTPException, rendered by the app's error page)."""

    def __init__(self, receive: Receive, limit: int, timeout: float, expected: bool) -> None:
        self._receive = receive
        self._limit = limit
        self._deadline = asyncio.get_running_loop().time() + timeout
        self._received = 0
        self.pending = expected

    async def receive(self) -> Message:
        if not self.pending:
            return await self._receive()
        left = self._deadline - asyncio.get_running_loop().time()
        try:
            if left <= 0:
                raise TimeoutError
            message = await asyncio.wait_for(self._receive(), left)
        except (TimeoutError, asyncio.TimeoutError):
            raise HTTPException(408) from None
        if message["type"] == "http.request":
            self._received += len(message.get("body", b""))
            if self._received > self._limit:
                raise HTTPException(413)
            self.pending = bool(message.get("more_body"))
        else:
            self.pending = False
        return message


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


def request_lang(scope: Scope) -> str:
    """The language a request asks for (``?lang=en``, else Vietnamese): pages, API answers and refusals."""
    query = parse_qs(bytes(scope.get("query_string") or b"").decode("latin-1"))
    return "en" if query.get("lang", [""])[0] == "en" else "vi"


async def _refuse(send: Send, status: int, limit: int, json_scope: Scope | None = None) -> None:
    """Refuse with the bilingual text, or (the JSON API: `json_scope` given) its JSON error in the asked language."""
    vi, en = _REFUSALS[status]
    mb = f"{limit / (1024 * 1024):g}" if limit >= 1024 * 1024 else f"{limit / (1024 * 1024):.3f}"
    if json_scope is not None:
        message = (en if request_lang(json_scope) == "en" else vi).format(mb=mb)
        text = json.dumps({"error": {"code": JSON_CODES[status], "message": message}}, ensure_ascii=False).encode()
        kind = b"application/json"
    else:
        text, kind = f"{vi.format(mb=mb)}\n{en.format(mb=mb)}\n".encode(), b"text/plain; charset=utf-8"
    headers = [
        (b"content-type", kind),
        (b"content-length", str(len(text)).encode()),
        (b"connection", b"close"),
        *_RAW_HEADERS,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": text})


class GuardedStarlette(Starlette):
    """Starlette with `Guard` outside its whole stack (so error pages get the headers too)."""

    def __init__(
        self, *args: Any, settings: PortalSettings, guard: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._settings = settings
        self._guard_options = guard or {}

    def build_middleware_stack(self) -> Any:
        return Guard(super().build_middleware_stack(), self._settings, **self._guard_options)
