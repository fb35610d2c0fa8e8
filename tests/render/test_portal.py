"""The demo portal end to end without a browser (Starlette test client)."""

from __future__ import annotations

import io
import re
import sys
import warnings
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import pytest
from formsim import form_pairs
from portal_signin import sign_in

ROOT = Path(__file__).parents[2]

sys.path.insert(0, str(ROOT))
starlette = pytest.importorskip("starlette")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from examples.portal.app import create_app  # noqa: E402

FORM = "/forms/vn.bca.ct01"
FIX = {"request_kind": "permanent_registration", "signature:place": "Buôn Ma Thuột", "signature:date": "2025-02-05"}


@pytest.fixture(scope="module")
def client():
    if not (ROOT / "forms" / "vn.bca.ct01.yaml").exists():
        pytest.skip("the catalogue is not in this checkout")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        app = create_app(template_dirs=[], key=b"k" * 32)
        client = TestClient(app)
    assert sign_in(client).status_code == 303
    client.subject = app.state.portal.citizens()[0]["id"]  # type: ignore[attr-defined]
    return client


def _post(client, pairs):
    body = urlencode(pairs)
    return client.post(FORM, content=body, headers={"content-type": "application/x-www-form-urlencoded"},
                       follow_redirects=False)  # fmt: skip


def test_pages_have_security_headers(client) -> None:
    r = client.get(FORM)
    assert r.status_code == 200
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in r.text  # assets are files, never inline


def test_signed_out_visitors_go_to_sign_in() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        anon = TestClient(create_app(template_dirs=[], key=b"k" * 32))
    assert anon.get(FORM, follow_redirects=False).status_code == 303


def test_mistake_then_fix_then_receipt(client) -> None:
    page = client.get(FORM).text
    r = _post(client, form_pairs(page))
    assert r.status_code == 422
    assert 'href="#f-request_kind"' in r.text and 'id="f-request_kind-error"' in r.text
    pairs = [(k, FIX.get(k, v)) for k, v in form_pairs(r.text)] + [("_flag", "/full_name"), ("_reason/full_name", "x")]
    r = _post(client, pairs)
    assert r.status_code == 303, re.findall(r'href="#([^"]+)">([^<]+)', r.text)
    receipt = client.get(r.headers["location"])
    assert receipt.status_code == 200 and "receipt-id" in receipt.text
    rid = r.headers["location"].split("/")[2].split("?")[0]
    word = client.get(f"/receipts/{rid}/word.docx")
    with zipfile.ZipFile(io.BytesIO(word.content)) as z:
        assert z.testzip() is None and "Buôn Ma Thuột" in z.read("word/document.xml").decode()
    data = client.get(f"/receipts/{rid}/submission.json").json()
    assert data["corrections"] == [{"pointer": "/full_name", "reason": "x"}]
    assert data["data"]["request_kind"] == "permanent_registration" and data["prefill_token"]


def test_changed_locked_value_is_refused(client) -> None:
    pairs = [(k, FIX.get(k, v)) for k, v in form_pairs(client.get(FORM).text)]
    original = dict(pairs)["full_name"]
    r = _post(client, [(k, "Kẻ Giả Mạo" if k == "full_name" else v) for k, v in pairs])
    assert r.status_code == 422 and "Kẻ Giả Mạo" not in r.text and original in r.text
    assert "không được sửa" in r.text
    r = _post(client, [(k, v) for k, v in pairs if k != "_token"])
    assert r.status_code == 422


def test_csrf_and_foreign_receipts(client) -> None:
    pairs = [(k, "wrong" if k == "_csrf" else v) for k, v in form_pairs(client.get(FORM).text)]
    assert _post(client, pairs).status_code == 403
    assert client.get("/receipts/nope").status_code == 404
    assert client.get("/receipts/nope/word.docx").status_code == 404


def test_communes_and_catalogue(client) -> None:
    units = client.get("/units/66.json").json()
    assert units and all(set(u) == {"code", "name"} for u in units)
    assert client.get("/units/xx.json").json() == []
    assert "vn.bca.ct01" in client.get("/forms").text
    assert client.get(f"{FORM}/print").status_code == 200


def _sources_down(portal) -> None:
    """Every source of the portal's engine answers `unavailable` from now on (same key, same forms)."""
    from eformkit.prefill.connectors.static import StaticConnector
    from eformkit.prefill.engine import PrefillEngine
    from eformkit.prefill.outcome import Outcome
    from eformkit.prefill.registry import ConnectorRegistry

    down = [StaticConnector(c.name, {}, specs=c.attributes(), fail=Outcome.UNAVAILABLE) for c in portal.engine.registry]
    portal.engine = PrefillEngine(ConnectorRegistry(down), token_key=portal.key)


@pytest.fixture()
def fresh_client():
    """A portal of its own: these tests take its sources down."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        app = create_app(template_dirs=[], key=b"k" * 32)
        client = TestClient(app)
    citizens = app.state.portal.citizens()
    assert sign_in(client).status_code == 303
    client.app_portal, client.other = app.state.portal, citizens[1]["id"]  # type: ignore[attr-defined]
    return client


@pytest.mark.parametrize("token", ["genuine", "absent", "empty"])
def test_locks_hold_when_the_source_is_down_at_submit(fresh_client, token: str) -> None:
    """Locks come from the page's signed token, not from a prefill at submit time (issue: bypass)."""
    page = fresh_client.get(FORM).text
    pairs = [(k, FIX.get(k, v)) for k, v in form_pairs(page)]
    assert _post(fresh_client, pairs).status_code == 303  # the genuine post is accepted
    receipts_before = len(fresh_client.app_portal.store.receipts)
    _sources_down(fresh_client.app_portal)
    tampered = [(k, "Kẻ Giả Mạo" if k == "full_name" else fresh_client.other if k == "personal_id" else v)
                for k, v in pairs if not (k == "_token" and token == "absent")]  # fmt: skip
    if token == "empty":
        tampered = [(k, "" if k == "_token" else v) for k, v in tampered]
    r = _post(fresh_client, tampered)
    assert r.status_code == 422
    assert len(fresh_client.app_portal.store.receipts) == receipts_before
    expected = "không được sửa" if token == "genuine" else "Thiếu mã xác thực"
    assert expected in r.text
    if token == "genuine":  # the page shown again keeps the token and its locks: posting it again is refused too
        assert dict(form_pairs(r.text))["_token"] == dict(pairs)["_token"]
        assert _post(fresh_client, form_pairs(r.text)).status_code == 422
        assert len(fresh_client.app_portal.store.receipts) == receipts_before


def test_a_page_shown_again_keeps_its_locks_when_the_source_is_down(fresh_client) -> None:
    """After a validation error the page carries the posted token and its locks, not a fresh unlocked one."""
    pairs = form_pairs(fresh_client.get(FORM).text)
    _sources_down(fresh_client.app_portal)
    again = _post(fresh_client, pairs)  # request_kind missing: 422, shown again
    assert again.status_code == 422
    token = dict(form_pairs(again.text))["_token"]
    assert token == dict(pairs)["_token"]
    fixed = [(k, "Kẻ Giả Mạo" if k == "full_name" else FIX.get(k, v)) for k, v in form_pairs(again.text)]
    r = _post(fresh_client, fixed)
    assert r.status_code == 422 and "không được sửa" in r.text
    r = _post(fresh_client, [(k, FIX.get(k, v)) for k, v in form_pairs(again.text)])
    assert r.status_code == 303


def _ct01_pairs(client) -> list[tuple[str, str]]:
    return [(k, FIX.get(k, v)) for k, v in form_pairs(client.get(FORM).text)]


def test_unticking_every_row_of_a_pick_list_is_accepted(client) -> None:
    """docs/prefill.md: on a pick list (CT01 item 11) the citizen may drop rows, so also all of them."""
    pairs = _ct01_pairs(client)
    if not any(k.endswith(":keep") for k, _ in pairs):
        pytest.skip("the first demo citizen has no household members to pick")
    r = _post(client, [(k, v) for k, v in pairs if not k.endswith(":keep")])
    assert r.status_code == 303, re.findall(r'href="#([^"]+)">([^<]+)', r.text)
    rid = r.headers["location"].split("/")[2].split("?")[0]
    assert client.get(f"/receipts/{rid}/submission.json").json()["data"]["members"] == []
    kept = [(k, v) for k, v in pairs if not k.endswith(".1:keep")]  # dropping one row still works
    assert _post(client, kept).status_code == 303


@pytest.mark.parametrize("digit", ["²", "①", "٣", "１"])
def test_non_ascii_digits_are_a_coded_error_not_a_crash(client, digit) -> None:
    pairs = _ct01_pairs(client)
    cases = [
        [(k, digit if k == "date_of_birth:d" else v) for k, v in pairs] + [("date_of_birth:d", digit)],
        [(k, digit if k == "date_of_birth:y" else "" if k.startswith("date_of_birth:") else v) for k, v in pairs],
        [*pairs, ("members:rows", digit)],
        [(k, f"remove:/members/{digit}" if k == "_action" else v) for k, v in pairs],
    ]
    for case in cases:
        r = _post(client, case)
        assert r.status_code in (200, 303, 422), r.status_code
        assert "Traceback" not in r.text


def test_huge_numerals_are_a_coded_error_kept_out_of_the_log(client, caplog) -> None:
    form = "/forms/vn.btc.household_business_registration"
    page = client.get(form)
    if page.status_code != 200 or 'name="capital"' not in page.text or 'name="employee_count"' not in page.text:
        pytest.skip("the household business form is not in this catalogue")
    huge = "7" * 5000
    for name in ("capital", "employee_count"):
        pairs = [(k, huge if k == name else v) for k, v in form_pairs(page.text)]
        r = client.post(form, content=urlencode(pairs), headers={"content-type": "application/x-www-form-urlencoded"},
                        follow_redirects=False)  # fmt: skip
        assert r.status_code == 422, r.status_code
        assert f'id="f-{name}-error"' in r.text
    assert huge[:50] not in caplog.text
