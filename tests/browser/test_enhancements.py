"""The script's improvements (visibility, rows, live messages, keyboard) and XSS safety, in Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eformkit.render.html_form import render_form
from eformkit.render.print_view import render_print
from eformkit.schema.form import load_form

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).parents[1] / "render" / "fixtures"


def _open(page: Any, tmp_path: Path, html: str, name: str = "page.html") -> None:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())


@pytest.fixture(scope="module")
def mini() -> Any:
    return load_form(FIXTURES / "ct01_mini.yaml")


def test_conditional_visibility(page: Any, tmp_path: Path, mini: Any) -> None:
    _open(page, tmp_path, render_form(mini))
    other = page.locator("#f-other_request-field")
    assert other.is_hidden()
    page.select_option("#f-request_kind", "other")
    assert other.is_visible()
    page.select_option("#f-request_kind", "permanent_registration")
    assert other.is_hidden()


def test_rows_added_and_removed_in_place(page: Any, tmp_path: Path, mini: Any) -> None:
    _open(page, tmp_path, render_form(mini))
    rows = page.locator("#f-members-field tbody tr")
    before = rows.count()
    page.click("#f-members-field .row-add")
    assert rows.count() == before + 1
    new_name = page.locator(f"#f-members-{before}-full_name")
    assert new_name.get_attribute("name") == f"members.{before}.full_name"
    # the script focuses the new row's first input; a loaded machine may take a moment to get there
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'f-members-{before}-full_name'",
                           timeout=5000)  # fmt: skip
    assert page.evaluate("document.activeElement.id") == f"f-members-{before}-full_name"
    assert page.locator("input[name='members:rows']").input_value() == str(before + 1)
    page.locator("#f-members-field .row-remove").last.click()
    assert rows.count() == before


@pytest.mark.parametrize(("lang", "text"), [("vi", "phải gồm 12 chữ số"), ("en", "must be 12 digits")])
def test_live_messages(page: Any, tmp_path: Path, mini: Any, lang: str, text: str) -> None:
    _open(page, tmp_path, render_form(mini, lang=lang))
    page.fill("#f-head_id", "12ab3")
    assert page.locator("#f-head_id").input_value() == "123"  # digits only
    page.keyboard.press("Tab")
    error = page.locator("#f-head_id-error")
    assert error.is_visible() and text in error.inner_text()
    assert page.locator("#f-head_id").get_attribute("aria-invalid") == "true"
    page.fill("#f-head_id", "066085000111")
    page.keyboard.press("Tab")
    assert error.is_hidden()


def test_keyboard_starts_at_the_skip_link(page: Any, tmp_path: Path, mini: Any) -> None:
    _open(page, tmp_path, render_form(mini))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") in ("A", "INPUT")


def test_hostile_labels_values_and_options_are_text(page: Any, tmp_path: Path) -> None:
    form = load_form(FIXTURES / "hostile.yaml")
    value = "<script>alert('value')</script><img src=x onerror=alert('v2')>"
    for lang in ("vi", "en"):
        _open(page, tmp_path, render_form(form, {"name": value}, lang=lang), f"h-{lang}.html")
        page.wait_for_timeout(200)
        assert page.dialogs == []
        assert page.evaluate("document.querySelectorAll('img, svg').length") == 0
        assert page.locator("#f-name").input_value() == value
        assert "<script>" in page.locator("label[for=f-name]").inner_text() or "<img" in page.locator(
            "label[for=f-name]"
        ).inner_text()
        page.click("#f-pick")
        page.select_option("#f-pick", index=1)
        assert page.dialogs == []
    _open(page, tmp_path, render_print(form, {"name": value}), "print.html")
    page.wait_for_timeout(200)
    assert page.dialogs == [] and value in page.locator("body").inner_text()


def test_screenshots_of_form_and_print(page: Any, tmp_path: Path, mini: Any, artifacts: Path) -> None:
    data = {"full_name": "Nguyễn Thị Hoa", "personal_id": "066190000123", "sex": "female",
            "members": [{"full_name": "Trần Minh Châu", "date_of_birth": "2015-01-02", "sex": "male"}],
            "signature": {"place": "Buôn Ma Thuột", "date": "2025-02-05"}, "declaration": True}  # fmt: skip
    _open(page, tmp_path, render_form(mini, data), "form.html")
    page.screenshot(path=str(artifacts / "form-fixture.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts / "form-fixture-mobile.png"), full_page=True)
    _open(page, tmp_path, render_print(mini, data), "print.html")
    page.set_viewport_size({"width": 900, "height": 1200})
    page.screenshot(path=str(artifacts / "print-fixture.png"), full_page=True)
    assert (artifacts / "print-fixture.png").stat().st_size > 10_000


def test_split_ward_candidates_leave_with_their_province_and_come_back_with_it(page: Any, mini: Any) -> None:
    """The prefill's candidate communes belong to the province shown at first: choosing another province
    lists that province's communes only; choosing the first one again offers the candidates again."""
    import json
    from dataclasses import dataclass, field

    from eformkit.prefill.result import FieldNote
    from eformkit.render.html_form import RenderOptions

    @dataclass
    class Prefill:
        values: dict[str, Any]
        provenance: dict[str, Any] = field(default_factory=dict)
        locked: set[str] = field(default_factory=set)
        token: str | None = None
        notes: list[FieldNote] = field(default_factory=list)

        @property
        def data(self) -> dict[str, Any]:
            return {"new_address": {"province": "66"}}

    split = ({"commune": "22015", "name": "Phường Tuy Hòa"}, {"commune": "22045", "name": "Phường Bình Kiến"})
    result = Prefill({"/new_address": {"province": "66"}}, notes=[FieldNote("/new_address", "split ward", split)])
    html = render_form(mini, prefill=result, options=RenderOptions(communes_url="http://eform.test/units/{province}.json"))
    units = {"66": [{"code": "22015", "name": "Phường Tuy Hòa"}, {"code": "24121", "name": "Xã Ea Kar"}],
             "01": [{"code": "00004", "name": "Phường Ba Đình"}]}  # fmt: skip

    def serve(route: Any) -> None:  # the page and its commune lists, answered inside the browser: no network
        url = route.request.url
        if url.endswith("/page.html"):
            route.fulfill(status=200, content_type="text/html", body=html)
        else:
            code = url.rsplit("/", 1)[1].removesuffix(".json")
            route.fulfill(status=200, content_type="application/json", body=json.dumps(units.get(code, [])))

    page.route("http://eform.test/**", serve)
    page.goto("http://eform.test/page.html")
    commune = "#f-new_address-commune"
    group = f"{commune} optgroup option"
    assert page.locator(group).all_inner_texts() == ["Phường Tuy Hòa", "Phường Bình Kiến"]
    page.select_option("#f-new_address-province", "01")
    page.wait_for_function(f"document.querySelector('{commune}').options.length === 2")
    assert page.locator(f"{commune} optgroup").count() == 0
    assert page.locator(f"{commune} option").all_inner_texts()[1] == "Phường Ba Đình"
    page.select_option("#f-new_address-province", "66")
    page.wait_for_function(f"document.querySelector('{commune}').options.length === 5")
    assert page.locator(group).all_inner_texts() == ["Phường Tuy Hòa", "Phường Bình Kiến"]
    assert page.locator(f"{commune} > option").all_inner_texts()[1:] == ["Phường Tuy Hòa", "Xã Ea Kar"]
