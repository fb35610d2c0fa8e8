"""Sessions shared by several worker processes through the portal's SQLite file (`SqliteSessions`)."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from loopback import free_port
from portal_signin import sign_in

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT))
pytest.importorskip("starlette")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from eformkit.portal.app import create_app  # noqa: E402
from eformkit.portal.session import COOKIE, SqliteSessions  # noqa: E402

SIGNED = {"request_kind": "permanent_registration", "signature": {"place": "Huế", "date": "2025-02-05"}}


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
    data = {**prefill["data"], **SIGNED}
    r = second.post("/api/forms/vn.bca.ct01/submit", json={"data": data, "token": prefill["token"]}, headers=headers)
    assert r.status_code == 201  # a page prefilled on one worker is submitted on the other (one key)
    assert first.get(r.json()["receipt"]).status_code == 200
    assert second.post("/signout", data={"_csrf": session["csrf"]}, follow_redirects=False).status_code == 303
    assert first.get("/api/session").status_code == 401


def test_real_uvicorn_workers_share_the_sign_in(tmp_path: Path) -> None:
    """`uvicorn --factory … --workers 2` on one file and one key: every fresh connection, whichever worker
    takes it, sees the session, and a page prefilled on one worker is accepted by the other."""
    if not (ROOT / "forms" / "vn.bca.ct01.yaml").exists():
        pytest.skip("the catalogue is not in this checkout")
    pytest.importorskip("uvicorn")
    import os
    import subprocess
    import time

    import httpx

    port = free_port()
    env = {**os.environ, "EFORMKIT_PORTAL_DB": str(tmp_path / "portal.sqlite"), "EFORMKIT_PORTAL_KEY": "k" * 40,
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), str(ROOT)])}  # fmt: skip
    command = [sys.executable, "-m", "uvicorn", "--factory", "worker_app:create", "--workers", "2",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline, workers = time.monotonic() + 60, set()
        while len(workers) < 2 and time.monotonic() < deadline:  # both workers up and answering
            try:
                with httpx.Client(base_url=url, timeout=5) as probe:
                    workers.add(probe.get("/api/forms").headers["x-worker"])
            except httpx.TransportError:
                time.sleep(0.2)
        if len(workers) < 2:
            pytest.skip("the kernel gave every connection to one worker (nothing to show)")
        with httpx.Client(base_url=url, timeout=30) as browser:
            assert sign_in(browser).status_code == 303
            cookie = browser.cookies[COOKIE]
            csrf = browser.get("/api/session").json()["csrf"]
        answered: dict[str, list[Any]] = {}
        for _ in range(40):  # a fresh connection each time: the kernel picks the worker
            with httpx.Client(base_url=url, timeout=30, cookies={COOKIE: cookie}) as fresh:
                r = fresh.get("/api/session")
                answered.setdefault(r.headers["x-worker"], []).append((r.status_code, r.json().get("csrf")))
            if len(answered) == 2 and len(answered[min(answered)]) >= 3:
                break
        assert len(answered) == 2, "every request went to one worker"
        assert all(reply == (200, csrf) for replies in answered.values() for reply in replies)
        headers = {"x-csrf-token": csrf}
        pages: dict[str, Any] = {}
        for _ in range(40):  # prefill on each worker, then submit each page to a fresh connection
            with httpx.Client(base_url=url, timeout=30, cookies={COOKIE: cookie}) as fresh:
                r = fresh.post("/api/forms/vn.bca.ct01/prefill", json={}, headers=headers)
                pages.setdefault(r.headers["x-worker"], r.json())
            if len(pages) == 2:
                break
        for page in pages.values():
            data = {**page["data"], **SIGNED}
            with httpx.Client(base_url=url, timeout=30, cookies={COOKIE: cookie}) as fresh:
                r = fresh.post("/api/forms/vn.bca.ct01/submit", json={"data": data, "token": page["token"]},
                               headers=headers)  # fmt: skip
                assert r.status_code == 201, r.text
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
