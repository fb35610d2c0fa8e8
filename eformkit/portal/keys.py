"""Where the portal keeps its SQLite file, and the secret that must outlive a restart.

The token key signs prefill pages and the audit key hashes subjects in the access log: with a new random
secret after a restart, a citizen's earlier reads could no longer be found. So the secret comes from
``$EFORMKIT_PORTAL_KEY``, else from a key file made once beside the database (owner-only), and each
purpose gets its own key derived from it."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

__all__ = ["KEY_ENV", "STORE_ENV", "default_store_path", "derived_key", "portal_secret"]

KEY_ENV = "EFORMKIT_PORTAL_KEY"
STORE_ENV = "EFORMKIT_PORTAL_DB"


def default_store_path() -> Path:
    """``$EFORMKIT_PORTAL_DB``, else ``portal.sqlite`` in the user cache (``$XDG_CACHE_HOME/eformkit``)."""
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV])
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "eformkit"
    return cache / "portal.sqlite"


def portal_secret(store_path: Path | None) -> bytes:
    """``$EFORMKIT_PORTAL_KEY``; else the key file beside `store_path` (made on first use, mode 0600); else,
    for an in-memory store, a random secret that lives as long as the process."""
    if os.environ.get(KEY_ENV):
        return os.environ[KEY_ENV].encode()
    if store_path is None:
        return secrets.token_bytes(32)
    path = store_path.with_name(store_path.name + ".key")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key_file(path)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        key = secrets.token_bytes(32)
        out.write(key.hex())
    return key


def _read_key_file(path: Path, wait: float = 5.0) -> bytes:
    """The key in `path`. Workers started together race to make it: the losers may find it still empty
    for a moment, so they wait for the 32 bytes (64 hex digits) rather than start with a wrong key."""
    deadline = time.monotonic() + wait
    while True:
        text = path.read_text(encoding="ascii").strip()
        if len(text) == 64:
            return bytes.fromhex(text)
        if time.monotonic() > deadline:
            raise RuntimeError(f"the portal key file {path.name} is not 64 hex digits: remove it or set ${KEY_ENV}")
        time.sleep(0.02)


def derived_key(secret: bytes, purpose: str) -> bytes:
    """A key for one purpose (`audit`, ...), so no digest made for one can stand for another."""
    return hmac.new(secret, b"eformkit-portal/" + purpose.encode(), hashlib.sha256).digest()
