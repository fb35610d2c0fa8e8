"""Serving the portal with uvicorn, with the connection limits `PortalSettings` asks for.

uvicorn closes idle keep-alive connections, but not one that sends no request or trickles its
headers in forever: `_HeaderDeadline` closes a connection whose request headers do not arrive
within `header_timeout`. Slow bodies are the guard's part (HTTP 408)."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from examples.portal.settings import PortalSettings


class _HeaderDeadline(H11Protocol):
    header_timeout = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._header_timer: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # a request is in: its body is timed by the guard
        else:
            self._arm()  # bytes of a request whose headers are not complete yet

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing() and (self.cycle is None or self.cycle.response_complete):
            self.transport.close()


def protocol(header_timeout: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a deadline for request headers."""
    return type("PortalH11Protocol", (_HeaderDeadline,), {"header_timeout": header_timeout})


def config(app: Any, host: str, port: int, settings: PortalSettings, **uvicorn_options: Any) -> Any:
    """A `uvicorn.Config` for `app` with the settings' connection limits."""
    import uvicorn

    options: dict[str, Any] = {"log_level": "warning", **uvicorn_options}
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol(settings.header_timeout),
        timeout_keep_alive=settings.keep_alive,
        limit_concurrency=settings.max_connections,
        h11_max_incomplete_event_size=16 * 1024,  # request line and headers
        **options,
    )
