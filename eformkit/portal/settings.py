"""The portal's limits and lifetimes in one place (every one configurable through `create_app`)."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class PortalSettings:
    """Limits that keep one client from exhausting the server, and session lifetimes.

    Body limits are enforced while the body streams in, before anything parses it; a declared
    `Content-Length` over the limit is refused without reading a byte."""

    max_body: int = 10 * MB  # any request body
    max_signin_body: int = 16 * 1024  # /signin and /signout: unauthenticated, a few short fields
    max_upload: int = 5 * MB  # one attached file
    upload_disk_budget: int = 200 * MB  # all stored uploads together (on disk, oldest dropped first)
    body_timeout: float = 30.0  # seconds for a whole request body to arrive (slow clients get 408)
    header_timeout: float = 10.0  # seconds for request headers to arrive (server: connection closed)
    keep_alive: int = 5  # seconds an idle keep-alive connection stays open (server)
    max_connections: int = 1000  # server: more open connections get 503
    session_idle: float = 30 * 60  # a session unused this long ends
    session_absolute: float = 8 * 3600  # a session ends this long after sign-in, used or not
    max_sessions: int = 10_000  # the oldest sessions end first when more are open
    # Receipts are dossiers and are never dropped: past this many, a citizen's new submissions are refused (429).
    receipts_per_citizen: int = 200
    agency: str | None = None  # the receiving agency's code written into each dossier record
    secure_cookies: bool | None = None  # None: `Secure` when the request came over HTTPS

    def cookie_secure(self, scheme: str) -> bool:
        """Whether cookies get `Secure`: as set, else when the request came over HTTPS (behind a proxy,
        uvicorn's proxy headers, trusted with `--forwarded-allow-ips`, set the scheme)."""
        return scheme == "https" if self.secure_cookies is None else self.secure_cookies
