"""End to end in headless Chromium: prefilled form, locks, a mistake, the fix, the receipt, the Word file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def _sign_in(page: Any, portal: str, level: int = 2) -> None:
    """Sign in as the first demo citizen with a VNeID account of `level` (CT01 locks values only at level 2)."""
    page.goto(portal + "/")
    page.check(f"#level-{level}")
    page.click("#signin")
    page.wait_for_url("**/forms**")


def test_a_level_1_sign_in_gets_no_locked_values_on_a_form_that_asks_for_level_2(page: Any, portal: str) -> None:
    _sign_in(page, portal, level=1)
    page.goto(portal + "/forms/vn.bca.ct01")
    name = page.locator("#f-full_name")
    original = name.input_value()
    assert original and name.get_attribute("readonly") is None  # prefilled, not locked
    assert page.locator(".field--locked").count() == 0
    notice = page.locator("#assurance-notice")
    assert notice.is_visible() and "mức 1" in notice.inner_text() and "mức 2" in notice.inner_text()
    name.fill(original + " A")  # the citizen may change it
    assert name.input_value() == original + " A"
    _sign_in(page, portal, level=2)  # the same citizen at level 2: locked
    page.goto(portal + "/forms/vn.bca.ct01")
    assert page.locator("#f-full_name").get_attribute("readonly") is not None
    assert page.locator(".field--locked").count() > 0 and page.locator("#assurance-notice").count() == 0


def test_prefilled_form_to_word_file(page: Any, portal: str, artifacts: Path) -> None:
    _sign_in(page, portal)
    page.goto(portal + "/forms/vn.bca.ct01")
    name = page.locator("#f-full_name")
    original = name.input_value()
    assert original and name.get_attribute("readonly") is not None
    assert "Từ CSDL quốc gia về dân cư" in page.locator("#f-full_name-source").inner_text()
    name.click()
    page.keyboard.type("XYZ")
    assert name.input_value() == original  # locked: typing does nothing
    assert page.locator("#prefill-summary").is_visible()
    page.screenshot(path=str(artifacts / "form-ct01-prefilled.png"), full_page=True)

    page.click("button.button[value=submit]")  # request kind and the signature are missing
    page.wait_for_load_state()
    error = page.locator("#f-request_kind-error")
    assert error.is_visible() and "Nội dung đề nghị" in error.inner_text()
    assert page.locator("#f-request_kind").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.screenshot(path=str(artifacts / "form-ct01-errors.png"), full_page=True)

    page.select_option("#f-request_kind", "permanent_registration")
    page.fill("#f-signature-place", "Buôn Ma Thuột")
    for part, value in (("d", "5"), ("m", "2"), ("y", "2025")):  # day/month/year boxes, as dates of birth
        page.fill(f"#f-signature-date-{part}", value)
    page.check("#f-full_name-flag", force=True) if page.locator("#f-full_name-flag").is_visible() else None
    page.click("button.button[value=submit]")
    page.wait_for_url("**/receipts/**")
    assert page.locator("#receipt-id").inner_text()
    page.screenshot(path=str(artifacts / "receipt.png"), full_page=True)

    with page.expect_download() as info:
        page.click("#word-link")
    data = Path(info.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        xml = z.read("word/document.xml").decode("utf-8")
    from lxml import etree

    etree.fromstring(xml.encode("utf-8"))
    assert original in xml and "Đăng ký thường trú" in xml
    with page.expect_download() as info:
        page.click("#json-link")
    assert b'"request_kind": "permanent_registration"' in Path(info.value.path()).read_bytes().replace(b'":"', b'": "')
    page.click("#print-link")
    page.wait_for_load_state()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page.content()
    page.screenshot(path=str(artifacts / "print-ct01.png"), full_page=True)
    assert page.dialogs == []


def test_english_and_language_switch(page: Any, portal: str) -> None:
    _sign_in(page, portal)
    page.goto(portal + "/forms/vn.bca.ct01")
    page.click("nav.lang-switch a")
    page.wait_for_url("**lang=en**")
    assert "From the National Population Database" in page.locator("#f-full_name-source").inner_text()
    page.click("button.button[value=submit]")
    page.wait_for_load_state()
    assert "is required" in page.locator("#f-request_kind-error").inner_text()


def test_tampering_in_the_page_is_refused(page: Any, portal: str) -> None:
    _sign_in(page, portal)
    page.goto(portal + "/forms/vn.bca.ct01")
    original = page.locator("#f-full_name").input_value()
    page.evaluate("document.getElementById('f-full_name').removeAttribute('readonly')")
    page.fill("#f-full_name", "Kẻ Giả Mạo")
    page.select_option("#f-request_kind", "permanent_registration")
    page.fill("#f-signature-place", "Hà Nội")
    for part, value in (("d", "5"), ("m", "2"), ("y", "2025")):  # day/month/year boxes, as dates of birth
        page.fill(f"#f-signature-date-{part}", value)
    page.click("button.button[value=submit]")
    page.wait_for_load_state()
    assert "/receipts/" not in page.url
    assert page.locator("#f-full_name").input_value() == original
    assert "không được sửa" in page.locator("#f-full_name-error").inner_text()
