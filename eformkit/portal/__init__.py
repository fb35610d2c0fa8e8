"""The eformkit demo portal: pick a demo citizen, open a prefilled form, submit, get the Word file.

Needs the `demo` extra (`pip install "eformkit[demo]"`); run it with `eformkit serve`. Nothing in the rest of
the library imports this package. `create_app`, `create_portal` and `create_api` (the JSON API a host app
mounts, docs/integration.md) are imported on first use, so importing the package itself needs no extra.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_api", "create_app", "create_portal"]


def __getattr__(name: str) -> Any:
    if name == "create_api":
        from eformkit.portal.api import create_api

        return create_api
    if name in ("create_app", "create_portal"):
        from eformkit.portal import app

        return getattr(app, name)
    raise AttributeError(f"module 'eformkit.portal' has no attribute {name!r}")
