"""The React example, served: the demo portal (HTML pages, sign-in, and the JSON API at /api) with the
built page mounted at /react/ on the same origin, so the portal's session cookie reaches the API.

    cd examples/react && npm ci && npm run build     # once: bundles src/ into dist/
    python server.py                                  # http://127.0.0.1:8000/

Sign in on http://127.0.0.1:8000/ (a demo citizen, level 2), then open
http://127.0.0.1:8000/react/?form=vn.bca.ct01 (add &lang=en for English).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

DIST = Path(__file__).resolve().parent / "dist"

# The portal's Content-Security-Policy, plus 'unsafe-eval' for this page's scripts only: ajv (RJSF's
# validator) compiles each schema into a JavaScript function. Everything else stays as strict: scripts
# and styles from this origin only, no inline scripts, no framing.
PAGE_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class _PageHeaders:
    """The static page with its own CSP (the portal's guard adds its other security headers)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def send_with_csp(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"content-security-policy", PAGE_CSP.encode())]
            await send(message)

        await self.app(scope, receive, send_with_csp)


def not_built_message(dist: Path) -> str:
    return (
        f"The React page is not built ({dist / 'index.html'} is missing).\n"
        f"Build it first:  cd {dist.parent} && npm ci && npm run build"
    )


def create_app(dist: Path = DIST, **portal_options: Any) -> Any:
    """`eformkit.portal.app.create_app(**portal_options)` with `dist` (the built page) at /react/."""
    if not (dist / "index.html").is_file():
        raise FileNotFoundError(not_built_message(dist))
    from eformkit.portal.app import create_app as create_portal

    app = create_portal(**portal_options)
    app.router.routes.append(Mount("/react", app=_PageHeaders(StaticFiles(directory=dist, html=True)), name="react"))
    return app


def main() -> int:
    parser = argparse.ArgumentParser(description="eformkit React example (portal + JSON API + RJSF page)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--store", default=None, help="The portal's SQLite file (default: the portal's).")
    args = parser.parse_args()
    try:
        app = create_app(store=args.store)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    import uvicorn

    from eformkit.portal.server import config
    from eformkit.portal.settings import PortalSettings

    base = f"http://{args.host}:{args.port}"
    print(f"Sign in on {base}/ then open {base}/react/?form=vn.bca.ct01  (Ctrl+C to stop / dừng)", flush=True)
    uvicorn.Server(config(app, args.host, args.port, PortalSettings())).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
