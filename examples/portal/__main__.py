"""`python -m examples.portal`: the demo portal on http://127.0.0.1:8000 (embedded registry)."""

from __future__ import annotations

import argparse


def main(host: str = "127.0.0.1", port: int = 8000, forwarded_allow_ips: str | None = None) -> None:
    """Run the portal with uvicorn, with the limits of `PortalSettings` (slow clients dropped).

    `forwarded_allow_ips`: proxies trusted to say the client used HTTPS (X-Forwarded-Proto), so
    cookies get the `Secure` flag behind them."""
    import uvicorn

    from examples.portal.app import create_app
    from examples.portal.server import config
    from examples.portal.settings import PortalSettings

    settings = PortalSettings()
    extra = {"forwarded_allow_ips": forwarded_allow_ips} if forwarded_allow_ips else {}
    print(f"eformkit demo portal: http://{host}:{port}/  (Ctrl+C to stop / dừng)")
    uvicorn.Server(config(create_app(settings=settings), host, port, settings, **extra)).run()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="eformkit demo portal")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--forwarded-allow-ips", default=None, help="Proxies trusted for X-Forwarded-Proto.")
    args = parser.parse_args()
    main(args.host, args.port, args.forwarded_allow_ips)
