"""The HTML e-form: structure for assistive technology, prefill display, locks, escaping, caching."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import html as lxml_html

from eformkit.render.html_form import RenderOptions, render_form


def _doc(page: str) -> Any:
    return lxml_html.fromstring(page)


def test_every_control_has_a_label_or_legend(mini, prefill) -> None:
    doc = _doc(render_form(mini, prefill=prefill))
    labelled = {el.get("for") for el in doc.iter("label")}
    for el in doc.iter("input", "select", "textarea"):
        if el.get("type") in ("hidden", "submit") or el.get("name") is None:
            continue
        assert el.get("id") in labelled or el.get("aria-label"), el.get("name")


def test_groups_are_fieldsets_with_legends(mini) -> None:
    doc = _doc(render_form(mini))
    for pointer in ("date_of_birth", "sex", "new_address", "members", "signature"):
        field = doc.get_element_by_id(f"f-{pointer}-field")
        fieldset = field.find(".//fieldset")
        assert fieldset is not None and fieldset.find("legend") is not None, pointer


def test_error_summary_links_to_fields_and_describes_them(mini) -> None:
    report = mini.validate({"personal_id": "12", "members": [{"full_name": "A", "personal_id": "1"}]}, "vi")
    doc = _doc(render_form(mini, {"personal_id": "12"}, issues=report.issues))
    summary = doc.get_element_by_id("error-summary")
    assert summary.get("role") == "alert"
    hrefs = [a.get("href")[1:] for a in summary.iter("a")]
    for target in hrefs:
        assert doc.get_element_by_id(target) is not None
    pid = doc.get_element_by_id("f-personal_id")
    assert pid.get("aria-invalid") == "true"
    assert "f-personal_id-error" in pid.get("aria-describedby")
    assert "12 chữ số" in doc.get_element_by_id("f-personal_id-error").text_content()
    assert "f-date_of_birth-day" in hrefs  # a date links to its first box


def test_help_is_described_and_autocomplete_comes_from_the_ui_schema(mini) -> None:
    doc = _doc(render_form(mini))
    kind = doc.get_element_by_id("f-request_kind")
    assert kind.get("aria-describedby") == "f-request_kind-help"
    assert doc.get_element_by_id("f-full_name").get("autocomplete") == "name"
    assert doc.get_element_by_id("f-date_of_birth-day").get("autocomplete") == "bday-day"
    assert doc.get_element_by_id("f-phone").get("autocomplete") == "tel"


def test_prefilled_values_show_source_lock_and_flag(mini, prefill) -> None:
    page = render_form(mini, prefill=prefill)
    doc = _doc(page)
    name = doc.get_element_by_id("f-full_name")
    assert name.get("readonly") is not None and name.get("value") == "Nguyễn Thị Hoa"
    assert "Từ CSDL quốc gia về dân cư" in doc.get_element_by_id("f-full_name-source").text_content()
    assert "Đã xác thực" in doc.get_element_by_id("f-full_name-source").text_content()
    assert doc.get_element_by_id("f-full_name-flag").get("name") == "_flag"
    phone = doc.get_element_by_id("f-phone")  # prefilled, not locked: editable, and may be reported wrong too
    assert phone.get("readonly") is None
    assert doc.get_element_by_id("f-phone-field").find(".//details") is not None
    sex = doc.get_element_by_id("f-sex")  # a locked choice shows its label read-only
    assert sex.get("value") == "Nữ" and sex.get("readonly") is not None
    hidden = [i for i in doc.iter("input") if i.get("name") == "sex"]
    assert [i.get("type") for i in hidden] == ["hidden"] and hidden[0].get("value") == "female"
    summary = doc.get_element_by_id("prefill-summary")
    assert "Nguyễn Thị Hoa" in summary.text_content() and "27/03/1990" in summary.text_content()
    assert doc.get_element_by_id("f-id_card").text_content().strip().endswith("Đã có trong Kho dữ liệu điện tử")
    assert not [i for i in doc.iter("input") if i.get("type") == "file"]
    assert 'name="_token" value="tok.en"' in page


def test_english_page(mini, prefill) -> None:
    doc = _doc(render_form(mini, prefill=prefill, lang="en"))
    assert doc.get("lang") == "en"
    assert "From the National Population Database" in doc.get_element_by_id("f-full_name-source").text_content()
    assert doc.find(".//nav/a").get("href") == "?lang=vi"


def test_posted_locked_value_is_never_echoed(mini, prefill) -> None:
    page = render_form(mini, {"full_name": "Someone Else"}, prefill=prefill)
    assert "Someone Else" not in page
    assert 'value="Nguyễn Thị Hoa"' in page


def test_pristine_fragments_are_cached_without_leaking_values(mini) -> None:
    first = render_form(mini, {"head_name": "Lê Văn Tám"})
    second = render_form(mini)
    assert "Lê Văn Tám" in first and "Lê Văn Tám" not in second
    assert render_form(mini) == second


def test_table_row_slots_and_actions(mini) -> None:
    data = {"members": [{"full_name": "A"}, {"full_name": "B"}]}
    doc = _doc(render_form(mini, data, options=RenderOptions(rows={"/members": 4})))
    rows = doc.get_element_by_id("f-members-field").findall(".//tbody/tr")
    assert len(rows) == 4
    assert doc.get_element_by_id("f-members-3-full_name").get("name") == "members.3.full_name"
    buttons = {b.get("value") for b in doc.iter("button")}
    assert "add:/members" in buttons and "remove:/members/1" in buttons


def test_default_submit_comes_first(mini) -> None:
    doc = _doc(render_form(mini))
    first = next(iter(doc.forms[0].iter("button")))
    assert first.get("value") == "submit"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_hostile_texts_are_escaped(hostile, lang) -> None:
    page = render_form(hostile, {"name": "<script>alert('value')</script>", "pick": "b"}, lang=lang)
    doc = _doc(page)
    assert not doc.findall(".//img") and not doc.findall(".//svg")
    scripts = [s for s in doc.iter("script")]
    assert all("alert(" not in (s.text or "") for s in scripts)
    assert "&lt;script&gt;alert(&#39;value&#39;)&lt;/script&gt;" in page
    assert not [a for a in doc.iter("a") if (a.get("href") or "").startswith("javascript:")]
