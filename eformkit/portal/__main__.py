"""`python -m eformkit.portal` (or `eformkit serve`): the demo portal on http://127.0.0.1:8000.

Needs the `demo` extra (starlette, uvicorn, python-multipart): importing this module without it raises
ImportError, which `eformkit serve` turns into a message naming the extra."""

from __future__ import annotations

import argparse

import uvicorn

from eformkit.portal.app import create_app
from eformkit.portal.server import config
from eformkit.portal.settings import PortalSettings


def main(
    host: str = "127.0.0.1", port: int = 8000, forwarded_allow_ips: str | None = None, store: str | None = None
) -> None:
    """Run the portal with uvicorn, with the limits of `PortalSettings` (slow clients dropped).

    `forwarded_allow_ips`: proxies trusted to say the client used HTTPS (X-Forwarded-Proto), so
    cookies get the `Secure` flag behind them. `store`: the portal's SQLite file (receipts, records,
    feedback, access log); by default `$EFORMKIT_PORTAL_DB` or the user cache."""
    settings = PortalSettings()
    extra = {"forwarded_allow_ips": forwarded_allow_ips} if forwarded_allow_ips else {}
    print(f"eformkit demo portal: http://{host}:{port}/  (Ctrl+C to stop / dừng)", flush=True)
    app = create_app(settings=settings, store=store)
    uvicorn.Server(config(app, host, port, settings, **extra)).run()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="eformkit demo portal")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--forwarded-allow-ips", default=None, help="Proxies trusted for X-Forwarded-Proto.")
    parser.add_argument("--store", default=None, help="The portal's SQLite file (receipts, records, feedback, log).")
    args = parser.parse_args()
    main(args.host, args.port, args.forwarded_allow_ips, args.store)
