"""The demo portal's sign-in, sessions and response headers, through the real app (Starlette test client)."""

from __future__ import annotations

import base64
import re
import sys
import warnings
from pathlib import Path

import pytest
from portal_signin import citizen_handles, sign_in

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT))
starlette = pytest.importorskip("starlette")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from eformkit.portal.app import create_app  # noqa: E402
from eformkit.portal.session import COOKIE  # noqa: E402
from eformkit.portal.settings import PortalSettings  # noqa: E402

FORM = "/forms/vn.bca.ct01"
SECURITY = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options")


def _app(**settings: object):
    if not (ROOT / "forms" / "vn.bca.ct01.yaml").exists():
        pytest.skip("the catalogue is not in this checkout")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        extra = {"settings": PortalSettings(**settings)} if settings else {}  # type: ignore[arg-type]
        return create_app(template_dirs=[], key=b"s" * 32, **extra)


def _client(app, **kwargs) -> TestClient:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TestClient(app, **kwargs)


def _signed_in_name(client: TestClient) -> str | None:
    r = client.get(FORM, follow_redirects=False)
    if r.status_code != 200:
        return None
    m = re.search(r'name="full_name"[^>]*value="([^"]+)"', r.text) or re.search(
        r'value="([^"]+)"[^>]*name="full_name"', r.text
    )
    return m.group(1) if m else ""


def test_a_third_party_page_cannot_switch_the_victims_session() -> None:
    app = _app()
    victim = _client(app)
    assert sign_in(victim, 0).status_code == 303
    before = _signed_in_name(victim)
    assert before
    other = citizen_handles(victim.get("/").text)[1]  # handles are public: anyone can read the home page
    attacker = _client(app)
    attacker_token = re.search(r'name="_csrf" value="([^"]+)"', attacker.get("/").text).group(1)  # type: ignore[union-attr]
    forged = [
        ({"subject": other}, {"origin": "https://evil.example", "sec-fetch-site": "cross-site"}),
        ({"subject": other}, {}),  # an old browser: no Origin, no Sec-Fetch-Site, and no token
        ({"subject": other, "_csrf": attacker_token}, {}),  # a token bound to the attacker's own cookie
        ({"subject": other, "_csrf": attacker_token}, {"origin": "null"}),
    ]
    for data, headers in forged:
        r = victim.post("/signin", data=data, headers=headers, follow_redirects=False)
        assert r.status_code == 403, (data, headers, r.status_code)
        assert "set-cookie" not in r.headers or COOKIE not in r.headers["set-cookie"]
        assert _signed_in_name(victim) == before
    r = victim.post(FORM, data={"_csrf": "x"}, headers={"origin": "https://evil.example"}, follow_redirects=False)
    assert r.status_code == 403  # every post from another site is refused before a route runs


def test_sessions_expire_when_idle_and_after_the_absolute_lifetime() -> None:
    app = _app(session_idle=60, session_absolute=300)
    now = [1000.0]
    app.state.portal.sessions.clock = lambda: now[0]
    client = _client(app)
    assert sign_in(client).status_code == 303
    for _ in range(6):  # used every 50 s: never idle, but past 300 s in all it ends
        now[0] += 50
        assert _signed_in_name(client)
    now[0] += 50
    assert _signed_in_name(client) is None
    assert sign_in(client).status_code == 303
    now[0] += 61
    assert _signed_in_name(client) is None


def test_sign_out_ends_the_session_on_the_server() -> None:
    app = _app()
    client = _client(app)
    sign_in(client)
    copied = client.cookies[COOKIE]
    csrf = re.search(r'action="/signout"><input type="hidden" name="_csrf" value="([^"]+)"', client.get("/").text)
    assert csrf
    assert client.post("/signout", data={"_csrf": "wrong"}, follow_redirects=False).status_code == 403
    assert client.post("/signout", data={"_csrf": csrf.group(1)}, follow_redirects=False).status_code == 303
    thief = _client(app)
    thief.cookies.set(COOKIE, copied)
    assert thief.get(FORM, follow_redirects=False).status_code == 303


def test_cookie_and_home_page_carry_no_personal_id() -> None:
    app = _app()
    ids = [c["id"] for c in app.state.portal.citizens()]
    client = _client(app)
    home = client.get("/").text
    assert not re.search(r"\d{12}", home) and not any(pid in home for pid in ids)
    cookies = set()
    for _ in range(2):
        sign_in(client)
        cookie = client.cookies[COOKIE]
        decoded = base64.urlsafe_b64decode(cookie.split(".")[0] + "=" * (-len(cookie.split(".")[0]) % 4))
        assert ids[0] not in cookie and ids[0].encode() not in decoded
        assert len(cookie) >= 32
        cookies.add(cookie)
    assert len(cookies) == 2


def test_security_headers_on_every_response() -> None:
    app = _app(max_body=1000)
    client = _client(app, raise_server_exceptions=False)
    responses = {
        "page": client.get("/"),
        "redirect": client.get(FORM, follow_redirects=False),
        "404": client.get("/no/such/page"),
        "405": client.delete("/"),
        "static": client.get("/static/eform/eform.css"),
        "413": client.post("/signin", content=b"x" * 20000, headers={"content-type": "text/plain"}),
    }
    portal = app.state.portal

    def boom() -> None:
        raise RuntimeError("a bug")

    portal.citizens = boom
    responses["500"] = client.get("/?lang=en")
    assert responses["redirect"].status_code == 303 and responses["static"].status_code == 200
    assert responses["404"].status_code == 404 and responses["413"].status_code == 413
    assert "Không tìm thấy trang này" in responses["404"].text
    assert "<h1>Thông báo</h1>" in responses["404"].text and "<h1>Notice</h1>" in responses["500"].text
    assert responses["500"].status_code == 500 and "Something went wrong" in responses["500"].text
    for name, r in responses.items():
        for header in SECURITY:
            assert header in r.headers, (name, header)
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], name
        # Not no-referrer: under it a browser posts `Origin: null` from our own pages, which is refused.
        assert r.headers["referrer-policy"] == "same-origin", name


def test_secure_cookie_flag_over_https_only() -> None:
    app = _app()
    plain = sign_in(_client(app)).headers["set-cookie"]
    assert "httponly" in plain.lower() and "secure" not in plain.lower()
    tls = _client(app, base_url="https://testserver")
    r = sign_in(tls)
    assert r.status_code == 303 and "; secure" in r.headers["set-cookie"].lower()
    forced = _client(_app(secure_cookies=True))  # TLS ends at a proxy that does not say so
    assert "; secure" in forced.get("/").headers["set-cookie"].lower()


def test_secure_cookie_behind_a_trusted_proxy() -> None:
    """`eformkit serve --forwarded-allow-ips`: uvicorn's proxy headers make the scheme https."""
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    proxied = _client(ProxyHeadersMiddleware(_app(), trusted_hosts="*"))  # type: ignore[arg-type]
    https = {"x-forwarded-proto": "https", "origin": "https://testserver"}
    home = proxied.get("/", headers=https)
    assert "; secure" in home.headers["set-cookie"].lower()
    token = re.search(r'name="_csrf" value="([^"]+)"', home.text).group(1)  # type: ignore[union-attr]
    proxied.cookies.set("efk_pre", home.cookies["efk_pre"])  # the browser holds it: it talks https to the proxy
    data = {"_csrf": token, "subject": citizen_handles(home.text)[0]}
    r = proxied.post("/signin", data=data, headers=https, follow_redirects=False)
    assert r.status_code == 303 and "; secure" in r.headers["set-cookie"].lower()


def test_a_token_in_any_script_is_refused_not_a_crash() -> None:
    """`compare_digest` raises on non-ASCII text: every token comparison goes through `same_token`."""
    app = _app()
    client = _client(app)
    assert sign_in(client).status_code == 303
    home = client.get("/").text
    for path, data in ((FORM, {"_csrf": "sai-mã"}), ("/signout", {"_csrf": "mã"}),
                       ("/signin", {"_csrf": "mã", "subject": citizen_handles(home)[0]})):  # fmt: skip
        r = client.post(path, data=data, follow_redirects=False)
        assert r.status_code == 403, (path, r.status_code)
    assert _signed_in_name(client)  # still signed in: nothing was changed by the refused posts
