"""The default registry database: built on first use into the user's cache directory.

Why built and not shipped: the database is a pure function of (generator version, seed, size), so a
few hundred milliseconds at first use buys a wheel with no binary blob that silently drifts from the
generator. The file name carries all three, so a new generator version builds a new file instead of
reading a stale one. `EFORMKIT_REGISTRY_DB` points at a database of your own (or a shared build).
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

from eformkit.prefill.registry_db import RegistryDB

__all__ = ["DEFAULT_CITIZENS", "DEFAULT_SEED", "REGISTRY_ENV", "build_registry", "default_db", "default_db_path"]

REGISTRY_ENV = "EFORMKIT_REGISTRY_DB"
DEFAULT_CITIZENS = 1000
DEFAULT_SEED = 2025
_LOCK = threading.Lock()
_OPEN: dict[Path, RegistryDB] = {}


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eformkit"


def default_db_path() -> Path:
    """Where the default registry lives (``$EFORMKIT_REGISTRY_DB`` or the cache directory)."""
    override = os.environ.get(REGISTRY_ENV)
    if override:
        return Path(override)
    from eformkit.packs.vn.synthetic import GENERATOR_VERSION

    return _cache_dir() / f"registry-vn-g{GENERATOR_VERSION}-s{DEFAULT_SEED}-n{DEFAULT_CITIZENS}.sqlite"


def build_registry(path: str | Path, *, citizens: int = DEFAULT_CITIZENS, seed: int = DEFAULT_SEED) -> int:
    """Generate a registry database at `path` atomically (a temp file renamed into place); return its size."""
    from eformkit.packs.vn.synthetic import build

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".registry-", suffix=".sqlite", dir=target.parent)
    os.close(fd)
    try:
        db = RegistryDB.open(tmp, create=True)
        made = build(db, citizens=citizens, seed=seed)
        db.close()
        os.replace(tmp, target)  # readers never see a half-built file, even with concurrent first uses
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return made


def default_db() -> RegistryDB:
    """The default registry, opened once per process (and built first if it does not exist yet)."""
    path = default_db_path()
    with _LOCK:
        db = _OPEN.get(path)
        if db is None:
            if not path.exists():
                if os.environ.get(REGISTRY_ENV):
                    raise FileNotFoundError(f"{REGISTRY_ENV} points at {path}, which does not exist")
                build_registry(path, citizens=DEFAULT_CITIZENS, seed=DEFAULT_SEED)
            db = _OPEN[path] = RegistryDB.open(path)
        return db
