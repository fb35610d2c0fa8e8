"""Server-side sessions (the demo's stand-in for VNeID sign-in), sign-in CSRF and upload storage.

The session cookie is a random id and nothing else: the subject, the level of assurance and the sign-in
method stay on the server, so a cookie says nothing about who it belongs to, no post can raise its level,
and it stops working the moment the session ends (sign-out, idle or absolute expiry). `Sessions` keeps them
in the process's memory; `SqliteSessions` in a table of the portal's SQLite file, so several worker
processes (and a restart) share them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import shutil
import sqlite3
import tempfile
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from eformkit.prefill.identity import AssuranceLevel, Identity

COOKIE = "efk_session"
PRE_COOKIE = "efk_pre"  # a random id given before sign-in; the sign-in form's CSRF token is bound to it


@dataclass
class Session:
    subject: str
    csrf: str
    started: float = 0.0
    seen: float = 0.0
    level: AssuranceLevel = 1  # VNeID's level of assurance of this sign-in (1 or 2)
    method: str = "vneid"

    @property
    def identity(self) -> Identity:
        """Who is signed in and how sure the portal is of it: only ever built from this server-side session."""
        return Identity(self.subject, self.level, self.method)


def same_token(given: str, expected: str) -> bool:
    """Constant-time equality of two tokens; any text may be posted (`compare_digest` refuses non-ASCII str)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))



def _id_key(cookie: str) -> str:
    # Sessions are filed under a hash of the cookie: a dump of the table holds no usable cookie.
    return hashlib.sha256(cookie.encode()).hexdigest()


class Sessions:
    """Open sessions by cookie; each ends after `idle` seconds unused or `absolute` seconds in all."""

    def __init__(
        self, *, idle: float, absolute: float, max_open: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.idle = idle
        self.absolute = absolute
        self.max_open = max_open
        self.clock = clock
        self._open: dict[str, Session] = {}

    def issue(self, subject: str, level: AssuranceLevel = 1, method: str = "vneid") -> tuple[str, Session]:
        now = self.clock()
        cookie = secrets.token_urlsafe(32)
        session = Session(subject, secrets.token_urlsafe(24), now, now, level, method)
        while len(self._open) >= self.max_open:
            self._open.pop(next(iter(self._open)))
        self._open[_id_key(cookie)] = session
        return cookie, session

    def read(self, cookie: str | None) -> Session | None:
        if not cookie or len(cookie) > 100:
            return None
        key = _id_key(cookie)
        session = self._open.get(key)
        if session is None:
            return None
        now = self.clock()
        if now - session.seen > self.idle or now - session.started > self.absolute:
            del self._open[key]
            return None
        session.seen = now
        return session

    def end(self, cookie: str | None) -> None:
        if cookie:
            self._open.pop(_id_key(cookie), None)


class SqliteSessions(Sessions):
    """`Sessions` in the table ``sessions`` of an SQLite file (the portal's), shared by every process that
    opens it. Rows are filed under a hash of the cookie, as in memory. Times are wall-clock seconds
    (`time.time`): a monotonic clock means nothing in another process."""

    def __init__(
        self, path: str | Path, *, idle: float, absolute: float, max_open: int, clock: Callable[[], float] = time.time
    ) -> None:
        super().__init__(idle=idle, absolute=absolute, max_open=max_open, clock=clock)
        self._conn = sqlite3.connect(str(path), check_same_thread=False, timeout=10)
        self._lock = threading.Lock()
        with self._lock, self._conn:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, subject TEXT, csrf TEXT, "
                               "started REAL, seen REAL, level INTEGER, method TEXT)")  # fmt: skip
            self._conn.execute("CREATE INDEX IF NOT EXISTS ix_sessions_started ON sessions(started)")

    def issue(self, subject: str, level: AssuranceLevel = 1, method: str = "vneid") -> tuple[str, Session]:
        now = self.clock()
        cookie = secrets.token_urlsafe(32)
        session = Session(subject, secrets.token_urlsafe(24), now, now, level, method)
        with self._lock, self._conn:
            expired = (now - self.idle, now - self.absolute)
            self._conn.execute("DELETE FROM sessions WHERE seen < ? OR started < ?", expired)
            (count,) = self._conn.execute("SELECT COUNT(*) FROM sessions").fetchone()
            if count >= self.max_open:  # the oldest end first, as in memory
                self._conn.execute("DELETE FROM sessions WHERE id IN (SELECT id FROM sessions ORDER BY started "
                                   "LIMIT ?)", (count - self.max_open + 1,))  # fmt: skip
            self._conn.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?)",
                               (_id_key(cookie), subject, session.csrf, now, now, level, method))  # fmt: skip
        return cookie, session

    def read(self, cookie: str | None) -> Session | None:
        if not cookie or len(cookie) > 100:
            return None
        key = _id_key(cookie)
        now = self.clock()
        with self._lock, self._conn:
            row = self._conn.execute("SELECT subject, csrf, started, seen, level, method FROM sessions WHERE id = ?",
                                     (key,)).fetchone()  # fmt: skip
            if row is None:
                return None
            session = Session(*row)
            if now - session.seen > self.idle or now - session.started > self.absolute:
                self._conn.execute("DELETE FROM sessions WHERE id = ?", (key,))
                return None
            self._conn.execute("UPDATE sessions SET seen = ? WHERE id = ?", (now, key))
        session.seen = now
        return session

    def end(self, cookie: str | None) -> None:
        if cookie:
            with self._lock, self._conn:
                self._conn.execute("DELETE FROM sessions WHERE id = ?", (_id_key(cookie),))

    def close(self) -> None:
        self._conn.close()


class SigninGuard:
    """Login CSRF: the sign-in form carries HMAC(key, pre-session cookie). A third-party page can
    make the browser post, but cannot read the cookie, so it cannot compute the token."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    @staticmethod
    def new_pre() -> str:
        return secrets.token_urlsafe(24)

    def token(self, pre: str) -> str:
        mac = hmac.new(self._key, b"eformkit-portal-signin\x00" + pre.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def valid(self, pre: str | None, token: str) -> bool:
        return bool(pre) and len(pre or "") <= 100 and same_token(token, self.token(pre or ""))

    def handle(self, subject: str) -> str:
        """An opaque, stable stand-in for a personal ID in a page (the radio buttons of the home page)."""
        mac = hmac.new(self._key, b"eformkit-portal-citizen\x00" + subject.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac[:15]).decode()


class Store:
    """Uploads in a temporary folder on disk within a byte budget (receipts and records are the portal's
    SQLite storage, `eformkit.dossier.SqliteStorage`)."""

    def __init__(self, *, upload_budget: int = 200 * 1024 * 1024) -> None:
        self.upload_budget = upload_budget
        self._upload_dir: Path | None = None
        self._uploads: dict[str, int] = {}  # ref → size, oldest first
        self._upload_bytes = 0

    @property
    def upload_dir(self) -> Path:
        """A temporary folder made on the first upload, removed with the store."""
        if self._upload_dir is None:
            self._upload_dir = Path(tempfile.mkdtemp(prefix="eformkit-portal-"))
            weakref.finalize(self, shutil.rmtree, self._upload_dir, True)
        return self._upload_dir

    def add_upload(self, source: BinaryIO, limit: int) -> str | None:
        """Copy an uploaded file to disk in chunks; None (and nothing kept) when empty or over `limit`."""
        ref = secrets.token_urlsafe(9)
        path = self.upload_dir / ref
        with path.open("wb") as out:
            shutil.copyfileobj(_Capped(source, limit + 1), out, 64 * 1024)
            size = out.tell()
        if size == 0 or size > limit:
            path.unlink()
            return None
        self._uploads[ref] = size
        self._upload_bytes += size
        while self._upload_bytes > self.upload_budget and self._uploads:
            old = next(iter(self._uploads))
            self._upload_bytes -= self._uploads.pop(old)
            (self.upload_dir / old).unlink(missing_ok=True)
        return ref


class _Capped:
    """A reader that stops after `limit` bytes, so an oversized upload is never copied whole."""

    def __init__(self, source: BinaryIO, limit: int) -> None:
        self._source, self._left = source, limit

    def read(self, n: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        chunk = self._source.read(self._left if n < 0 else min(n, self._left))
        self._left -= len(chunk)
        return chunk
