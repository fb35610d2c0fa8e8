"""Embed eformkit's JSON API in your own Starlette app, behind your own sign-in.

    python examples/embed_starlette.py          # http://127.0.0.1:8001/  (needs the `demo` extra)

Your app signs citizens in (in production: the VNeID OpenID Connect callback) and keeps its own session;
eformkit asks it who is signed in through `identify` and does the rest: forms, schemas, prefill with
locks and provenance, validation, submission with the signed token, receipts, the access log. The API is
mounted at /api; its routes and error codes are in docs/integration.md.

Environment: EFORMKIT_PORTAL_DB (the SQLite file of receipts, records, feedback, the access log and
sessions; ":memory:" keeps nothing, the default here), EFORMKIT_PORTAL_KEY (the secret; the same for every
worker), EFORMKIT_CONNECTORS (a YAML file of HTTP connectors, docs/connectors.md).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route

from eformkit.portal.api import create_api
from eformkit.portal.app import create_portal
from eformkit.prefill.identity import Identity

portal = create_portal(store=os.environ.get("EFORMKIT_PORTAL_DB", ":memory:"))

# The host's own sessions: cookie → who signed in and at which VNeID level. A real app keeps these in its
# session store (a database, Redis); eformkit never sees the cookie, only the Identity `identify` returns.
HOST_COOKIE = "host_session"
host_sessions: dict[str, Identity] = {}


def identify(request: Request) -> Identity | None:
    """Who is signed in, as the host app knows it (may also be `async def`)."""
    return host_sessions.get(request.cookies.get(HOST_COOKIE, ""))


async def home(request: Request) -> Response:
    signed_in = identify(request) is not None
    return HTMLResponse(
        "<!doctype html><meta charset=utf-8><title>Host app</title>"
        f"<p>{'Signed in.' if signed_in else 'Not signed in.'} Try <a href=/api/forms>/api/forms</a>.</p>"
        '<form method=post action=/login><button>Sign in as a demo citizen</button></form>'
    )


async def login(request: Request) -> Response:
    """Stands in for the VNeID callback: a real one checks the identity provider's answer (and its state
    parameter) before it makes a session. Here the first citizen of the demo registry signs in at level 2."""
    cookie = secrets.token_urlsafe(32)
    host_sessions[cookie] = Identity(portal.citizens(1)[0]["id"], 2, "vneid")
    response = RedirectResponse("/", 303)
    response.set_cookie(HOST_COOKIE, cookie, httponly=True, samesite="lax")
    return response


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    yield
    await portal.engine.aclose()  # the HTTP connectors' pooled clients
    portal.close()


app = Starlette(
    routes=[
        Route("/", home),
        Route("/login", login, methods=["POST"]),
        Mount("/api", app=create_api(portal, identify=identify)),
    ],
    lifespan=lifespan,
)

if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=8001)
