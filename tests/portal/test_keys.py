"""The portal secret's key file when several workers start at once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from eformkit.portal.keys import KEY_ENV, portal_secret


def test_workers_starting_together_all_get_the_one_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    keys: list[bytes] = []
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        keys.append(portal_secret(tmp_path / "portal.sqlite"))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(keys) == 8 and len(set(keys)) == 1 and len(keys[0]) == 32
    assert (tmp_path / "portal.sqlite.key").read_text(encoding="ascii").strip() == keys[0].hex()


def test_a_key_file_that_never_fills_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    (tmp_path / "portal.sqlite.key").write_text("abc", encoding="ascii")
    from eformkit.portal import keys

    with pytest.raises(RuntimeError, match="not 64 hex digits"):
        keys._read_key_file(tmp_path / "portal.sqlite.key", wait=0.1)
