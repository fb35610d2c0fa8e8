"""`python -m examples.portal`: the demo portal on http://127.0.0.1:8000 (embedded registry)."""

from __future__ import annotations

import argparse


def main(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the portal with uvicorn."""
    import uvicorn

    from examples.portal.app import create_app

    print(f"eformkit demo portal: http://{host}:{port}/  (Ctrl+C to stop / dừng)")
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="eformkit demo portal")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    main(args.host, args.port)
