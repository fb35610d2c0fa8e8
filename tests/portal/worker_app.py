"""`uvicorn --factory worker_app:create --workers N` for the multi-worker test: the demo portal, each answer
saying which worker process gave it (X-Worker), so the test knows its requests really were spread."""

from __future__ import annotations

import os
from typing import Any

from eformkit.portal.app import create_app


def create() -> Any:
    app = create_app(template_dirs=[])
    inner = app.build_middleware_stack()
    pid = str(os.getpid()).encode()

    async def tagged(scope: Any, receive: Any, send: Any) -> None:
        async def send_tagged(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-worker", pid)]
            await send(message)

        await inner(scope, receive, send_tagged)

    async def lifespan_too(scope: Any, receive: Any, send: Any) -> None:
        await (tagged if scope["type"] == "http" else app)(scope, receive, send)

    return lifespan_too
