"""Sessions shared by several worker processes through the portal's SQLite file (`SqliteSessions`)."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest
from portal_signin import sign_in

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT))
pytest.importorskip("starlette")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from eformkit.portal.app import create_app  # noqa: E402
from eformkit.portal.session import COOKIE, SqliteSessions  # noqa: E402


def _sessions(path: Path, now: list[float], max_open: int = 10) -> SqliteSessions:
    return SqliteSessions(path, idle=60, absolute=300, max_open=max_open, clock=lambda: now[0])


def test_two_workers_on_one_file_share_a_session_until_it_ends(tmp_path: Path) -> None:
    now = [1000.0]
    one, two = _sessions(tmp_path / "p.sqlite", now), _sessions(tmp_path / "p.sqlite", now)
    cookie, issued = one.issue("066190001234", 2, "vneid")
    seen = two.read(cookie)
    assert seen is not None and (seen.subject, seen.csrf, seen.level, seen.method) == (
        issued.subject, issued.csrf, 2, "vneid")  # fmt: skip
    now[0] += 50
    assert two.read(cookie) is not None  # used on worker two at 1050 ...
    now[0] += 50
    assert one.read(cookie) is not None  # ... so still alive on worker one at 1100 (idle 60)
    now[0] += 61
    assert one.read(cookie) is None and two.read(cookie) is None  # idle too long, ended everywhere
    cookie, _ = one.issue("066190001234")
    for _ in range(5):
        now[0] += 59
        assert two.read(cookie) is not None
    now[0] += 59
    assert two.read(cookie) is None  # 354 s after sign-in: past the absolute lifetime, however used
    cookie, _ = one.issue("066190001234")
    two.end(cookie)
    assert one.read(cookie) is None and one.read("x" * 101) is None and one.read(None) is None


def test_the_oldest_sessions_end_first_past_the_limit(tmp_path: Path) -> None:
    now = [1000.0]
    sessions = _sessions(tmp_path / "p.sqlite", now, max_open=3)
    cookies = []
    for i in range(5):
        now[0] += 1
        cookies.append(sessions.issue(f"06619000123{i}")[0])
    assert [sessions.read(c) is not None for c in cookies] == [False, False, True, True, True]


def test_a_sign_in_on_one_worker_holds_on_another_and_sign_out_ends_it_on_both(tmp_path: Path) -> None:
    """Two portals (two uvicorn workers) on one file and one key: the sticky-session problem does not arise."""
    if not (ROOT / "forms" / "vn.bca.ct01.yaml").exists():
        pytest.skip("the catalogue is not in this checkout")
    store = tmp_path / "portal.sqlite"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first, second = (TestClient(create_app(template_dirs=[], key=b"w" * 32, store=store)) for _ in range(2))
    assert sign_in(first).status_code == 303
    second.cookies.set(COOKIE, first.cookies[COOKIE])  # the load balancer sends the next request elsewhere
    session = second.get("/api/session").json()
    assert session == first.get("/api/session").json()
    headers = {"x-csrf-token": session["csrf"]}
    prefill = first.post("/api/forms/vn.bca.ct01/prefill", json={}, headers=headers).json()
    data = {**prefill["data"], "request_kind": "permanent_registration", "signature": {"place": "Huế"}}
    r = second.post("/api/forms/vn.bca.ct01/submit", json={"data": data, "token": prefill["token"]}, headers=headers)
    assert r.status_code == 201  # a page prefilled on one worker is submitted on the other (one key)
    assert first.get(r.json()["receipt"]).status_code == 200
    assert second.post("/signout", data={"_csrf": session["csrf"]}, follow_redirects=False).status_code == 303
    assert first.get("/api/session").status_code == 401
