"""The React example (examples/react) end to end in headless Chromium against the JSON API.

The page is built once with esbuild from the example's npm packages (skipped cleanly without node or
`examples/react/node_modules`: `cd examples/react && npm ci`), served by the example's own
`server.py` app (the portal + /api + the page at /react/) on a free loopback port, and driven as a
citizen would: sign in on the portal's home page, open /react/?form=vn.bca.ct01, see prefilled values
with their source and lock, meet a client-side error, a server-side error, a refused tampering, and
finally a receipt that the API serves back."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "react"
FORM = "vn.bca.ct01"
POPULATION = "Từ CSDL quốc gia về dân cư"
# Chromium logs every 4xx answer to fetch() as a console error; these two are the refusals this test provokes.
EXPECTED_REFUSALS = ("status of 403", "status of 422")


def _load_example_server() -> Any:
    spec = importlib.util.spec_from_file_location("react_example_server", EXAMPLE / "server.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def react_portal(tmp_path_factory: pytest.TempPathFactory, loopback: Any) -> Iterator[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    if not (EXAMPLE / "node_modules").is_dir():
        pytest.skip("examples/react/node_modules is missing (cd examples/react && npm ci)")
    if not (ROOT / "forms" / f"{FORM}.yaml").exists():
        pytest.skip("the catalogue is not in this checkout")
    pytest.importorskip("uvicorn")
    from docx_builder import CT01_LINKS, ct01_template

    dist = tmp_path_factory.mktemp("react-dist")
    built = subprocess.run([node, "build.mjs", str(dist)], cwd=EXAMPLE, capture_output=True, text=True, timeout=120,
                           check=False)  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert (dist / "app.js").stat().st_size > 100_000 and (dist / "index.html").is_file()

    templates = tmp_path_factory.mktemp("react-templates")
    (templates / "ct01-test.docx").write_bytes(ct01_template())
    links = {"form": FORM, "template": "ct01-test.docx", "links": CT01_LINKS}
    (templates / f"{FORM}.links.yaml").write_text(yaml.safe_dump(links, allow_unicode=True), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        store = tmp_path_factory.mktemp("react-portal") / "portal.sqlite"
        app = _load_example_server().create_app(dist, template_dirs=[templates], key=b"react-test-key!!" * 2,
                                                store=store)  # fmt: skip
    with loopback(app) as url:
        yield url


@pytest.fixture(scope="module")
def shots(artifacts: Path) -> Path:
    folder = artifacts / "react"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sign_in(page: Any, base: str, level: int = 2) -> None:
    """Through the portal's real home page: the first demo citizen, VNeID level `level`."""
    page.goto(base + "/")
    page.check(f"#level-{level}")
    page.click("#signin")
    page.wait_for_url("**/forms**")


def _console_errors(page: Any) -> list[str]:
    """Console errors and warnings (RJSF warns when ajv cannot compile a schema) and uncaught page errors."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    return errors


def _open(page: Any, base: str, query: str = "") -> None:
    page.goto(f"{base}/react/?form={FORM}{query}")
    page.wait_for_selector("#submit")


def _fill_the_rest(page: Any) -> None:
    page.select_option("#root_request_kind", label="Đăng ký thường trú")
    page.fill("#root_signature_place", "Buôn Ma Thuột")
    page.fill("#root_signature_date", "2025-02-05")


def test_signed_out_the_page_sends_the_citizen_to_the_portal_sign_in(page: Any, react_portal: str) -> None:
    page.goto(f"{react_portal}/react/?form={FORM}")
    link = page.locator("#signin-link")
    link.wait_for()
    assert link.get_attribute("href") == "/?lang=vi"
    assert page.locator("#submit").count() == 0


def test_prefill_lock_errors_tampering_and_receipt(page: Any, react_portal: str, shots: Path) -> None:
    _sign_in(page, react_portal)
    errors = _console_errors(page)
    submits: list[dict[str, Any]] = []
    page.on("request", lambda r: submits.append(json.loads(r.post_data)) if r.url.split("?")[0].endswith("/submit")
            else None)  # fmt: skip
    _open(page, react_portal)

    # Prefilled, with the source, the lock badge and read-only inputs where the token locks.
    name = page.locator("#root_full_name")
    original = name.input_value()
    assert original and name.get_attribute("readonly") is not None
    source = page.locator("#root_full_name__source")
    assert POPULATION in source.inner_text() and source.locator("[data-locked=true]").count() == 1
    assert page.locator("#root_personal_id").get_attribute("readonly") is not None
    phone = page.locator("#root_phone")
    assert phone.input_value() and phone.get_attribute("readonly") is None  # prefilled, not verified: editable
    assert "Điền sẵn, có thể sửa" in page.locator("#root_phone__source").inner_text()
    assert page.locator("#root_members__source [data-locked=true]").count() == 1  # the household table
    name.click()
    page.keyboard.type("XYZ")
    assert name.input_value() == original  # locked: typing does nothing
    page.screenshot(path=str(shots / "prefilled.png"), full_page=True)

    # An invalid value: located next to its field by the page (ajv 2020, the published schema); nothing posted.
    phone.fill("0612345678")
    page.click("#submit")
    phone_error = page.locator("#root_phone__error")
    phone_error.wait_for()
    assert "định dạng" in phone_error.inner_text()
    assert phone.get_attribute("aria-invalid") == "true"
    assert "root_phone__error" in (phone.get_attribute("aria-describedby") or "")
    summary = page.locator("#client-errors")
    assert summary.locator("li[data-pointer='/phone']").count() == 1
    assert summary.locator("li[data-pointer='/request_kind']").count() == 1  # required, not chosen yet
    assert submits == []
    page.screenshot(path=str(shots / "client-error.png"), full_page=True)

    # The server's own errors, located: a phone changed on its way out (past the page's check) gets a 422.
    phone.fill("0905123456")
    _fill_the_rest(page)

    def foreign_phone(route: Any) -> None:
        body = json.loads(route.request.post_data)
        body["data"]["phone"] = "+1 415 555 0100"
        route.continue_(post_data=json.dumps(body))

    page.route("**/api/forms/*/submit*", foreign_phone)
    with page.expect_response("**/submit*") as answer:
        page.click("#submit")
    assert answer.value.status == 422
    page.unroute("**/api/forms/*/submit*")
    server_summary = page.locator("#error-summary")
    server_summary.wait_for()
    assert server_summary.locator("li[data-pointer='/phone']").count() == 1
    assert page.locator("#root_phone__error").inner_text().strip()
    page.screenshot(path=str(shots / "server-error.png"), full_page=True)

    # Tampering, as with the browser's tools: the locked input made writable and changed, then posted.
    page.evaluate("document.getElementById('root_full_name').removeAttribute('readonly')")
    name.fill("Kẻ Giả Mạo")
    with page.expect_response("**/submit*") as answer:
        page.click("#submit")
    assert answer.value.status == 403
    assert submits[-1]["data"]["full_name"] == "Kẻ Giả Mạo"  # the changed locked value did reach the server
    assert "không được sửa" in page.locator("#root_full_name__error").inner_text()
    assert page.locator("#error-summary li[data-pointer='/full_name']").count() == 1
    assert page.locator("#restored-notice").is_visible()
    name = page.locator("#root_full_name")
    assert name.input_value() == original and name.get_attribute("readonly") is not None
    page.screenshot(path=str(shots / "tamper-refused.png"), full_page=True)

    # A proper submission: the receipt, which the API serves back to this citizen.
    with page.expect_response("**/submit*") as answer:
        page.click("#submit")
    assert answer.value.status == 201
    receipt_id = page.locator("#receipt-id")
    receipt_id.wait_for()
    rid = receipt_id.inner_text().strip()
    assert rid and page.locator("#word-link").get_attribute("href")
    page.screenshot(path=str(shots / "receipt.png"), full_page=True)
    fetched = page.request.get(f"{react_portal}/api/receipts/{rid}")
    assert fetched.status == 200
    receipt = fetched.json()
    assert receipt["receipt_id"] == rid and receipt["form_id"] == FORM
    assert receipt["data"]["full_name"] == original and receipt["data"]["request_kind"] == "permanent_registration"
    word = page.request.get(react_portal + page.locator("#word-link").get_attribute("href"))
    assert word.status == 200 and word.body()[:2] == b"PK"  # the Word file of this receipt
    record = page.request.get(react_portal + page.locator("#record-link").get_attribute("href"))
    assert record.status == 200 and record.json()["receipt_id"] == rid
    assert [e for e in errors if not any(expected in e for expected in EXPECTED_REFUSALS)] == []


def test_english_page(page: Any, react_portal: str, shots: Path) -> None:
    _sign_in(page, react_portal)
    errors = _console_errors(page)
    _open(page, react_portal, "&lang=en")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("#form-picker").input_value() == FORM and page.locator("#form-picker option").count() > 5
    assert page.locator("#lang-switch").get_attribute("href") == f"?form={FORM}&lang=vi"
    assert "From the National Population Database" in page.locator("#root_full_name__source").inner_text()
    assert "Verified, cannot be edited" in page.locator("#root_full_name__source").inner_text()
    page.click("#submit")
    page.locator("#root_request_kind__error").wait_for()
    assert "This is required" in page.locator("#root_request_kind__error").inner_text()
    page.screenshot(path=str(shots / "english.png"), full_page=True)
    assert errors == []


def test_the_page_passes_axe_with_errors_shown(browser: Any, react_portal: str) -> None:
    """axe-core (tests/browser/node_modules) on the form with its errors shown: nothing critical or serious."""
    axe = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.is_file():
        pytest.skip("axe-core is not installed (cd tests/browser && npm ci)")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        _sign_in(page, react_portal)
        _open(page, react_portal)
        page.click("#submit")
        page.locator("#root_request_kind__error").wait_for()
        page.evaluate(axe.read_text(encoding="utf-8"))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        found = [(v["impact"], v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        print(*found, sep="\n")
        assert [v for v in found if v[0] in ("critical", "serious")] == []
    finally:
        context.close()


def test_a_row_of_a_locked_pick_list_may_be_dropped_but_not_changed(page: Any, react_portal: str) -> None:
    """The household table is locked as a pick list: its rows are read-only, none can be added, and the
    citizen may leave a member out; the server accepts that (the token allows dropping rows)."""
    _sign_in(page, react_portal)
    errors = _console_errors(page)
    _open(page, react_portal)
    rows = page.locator("#root_members .rjsf-array-item-remove")
    before = rows.count()
    assert before >= 2, "the demo citizen's household has members"
    assert page.locator("#root_members input[id$='_full_name']").first.get_attribute("readonly") is not None
    assert page.locator("#root_members .rjsf-array-item-add, #root_members button.array-item-add").count() == 0
    rows.last.click()
    assert rows.count() == before - 1
    _fill_the_rest(page)
    with page.expect_response("**/submit*") as answer:
        page.click("#submit")
    assert answer.value.status == 201
    page.locator("#receipt-id").wait_for()
    rid = page.locator("#receipt-id").inner_text().strip()
    receipt = page.request.get(f"{react_portal}/api/receipts/{rid}").json()
    assert len(receipt["data"]["members"]) == before - 1
    assert [e for e in errors if not any(expected in e for expected in EXPECTED_REFUSALS)] == []
