"""A signed session cookie (the demo's stand-in for VNeID sign-in), CSRF tokens and in-memory storage."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

COOKIE = "efk_session"


@dataclass
class Session:
    subject: str
    csrf: str


class Sessions:
    """Sessions signed with HMAC-SHA256; the cookie holds the subject, never shown in a URL or a log."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    def _mac(self, body: bytes) -> str:
        return base64.urlsafe_b64encode(hmac.new(self.key, body, hashlib.sha256).digest()).decode().rstrip("=")

    def issue(self, subject: str) -> tuple[str, Session]:
        session = Session(subject, secrets.token_urlsafe(16))
        body = base64.urlsafe_b64encode(json.dumps({"s": subject, "c": session.csrf}).encode()).decode()
        return f"{body}.{self._mac(body.encode())}", session

    def read(self, cookie: str | None) -> Session | None:
        if not cookie or "." not in cookie:
            return None
        body, mac = cookie.rsplit(".", 1)
        if not hmac.compare_digest(mac, self._mac(body.encode())):
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            return Session(str(data["s"]), str(data["c"]))
        except (ValueError, KeyError, TypeError):
            return None


@dataclass
class Receipt:
    id: str
    form_id: str
    subject: str
    lang: str
    data: dict[str, Any]
    envelope: dict[str, Any]
    warnings: list[dict[str, Any]]
    at: float = field(default_factory=time.time)


class Store:
    """Receipts and uploads in memory (a demo: nothing survives a restart)."""

    def __init__(self, max_items: int = 500) -> None:
        self.receipts: dict[str, Receipt] = {}
        self.uploads: dict[str, bytes] = {}
        self.max_items = max_items

    def add_receipt(self, receipt: Receipt) -> None:
        if len(self.receipts) >= self.max_items:
            self.receipts.pop(next(iter(self.receipts)))
        self.receipts[receipt.id] = receipt

    def add_upload(self, data: bytes) -> str:
        if len(self.uploads) >= self.max_items:
            self.uploads.pop(next(iter(self.uploads)))
        ref = secrets.token_urlsafe(9)
        self.uploads[ref] = data
        return ref
