"""The HTML e-form: structure for assistive technology, prefill display, locks, escaping, caching."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from eformkit.render.html_form import RenderOptions, render_form


def _doc(page: str) -> Any:
    return lxml_html.fromstring(page)


def _unlabelled(page: str) -> list[str]:
    """Controls (read-only ones too) without a `<label for>` holding text: docs/rendering.md promises one each."""
    doc = _doc(page)
    labelled = {el.get("for") for el in doc.iter("label") if el.text_content().strip()}
    return [
        str(el.get("id") or el.get("name"))
        for el in doc.iter("input", "select", "textarea")
        if el.get("type") not in ("hidden", "submit") and el.get("id") not in labelled
    ]


def test_every_control_has_a_label_or_legend(mini, prefill) -> None:
    assert _unlabelled(render_form(mini, prefill=prefill)) == []
    assert _unlabelled(render_form(mini)) == []


def test_every_catalogue_form_labels_every_control_prefilled_or_not() -> None:
    """Locked choices (one read-only box), table cells, addresses in cells, keep-row boxes, signature dates."""
    from eformkit.prefill.defaults import default_registry
    from eformkit.prefill.embedded import default_db
    from eformkit.prefill.engine import PrefillEngine
    from eformkit.schema.catalogue import discover_forms
    from eformkit.schema.form import load_form

    engine = PrefillEngine(default_registry())
    subject = default_db().person_ids(1)[0]
    forms = [load_form(p) for p in discover_forms([Path(__file__).parents[2] / "forms"])]
    checked = 0
    for form in forms:
        result = engine.prefill(form, subject)
        for lang in ("vi", "en"):
            assert _unlabelled(render_form(form, lang=lang)) == [], form.id
            assert _unlabelled(render_form(form, prefill=result, lang=lang)) == [], form.id
        checked += 1
    assert checked >= 7


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


def test_a_locked_date_shows_no_typing_hint(mini, prefill) -> None:
    doc = _doc(render_form(mini, prefill=prefill))
    field = doc.get_element_by_id("f-date_of_birth-field")
    assert "Ví dụ: 27 3 1990" not in field.text_content()
    assert field.get_element_by_id("f-date_of_birth-day").get("readonly") is not None
    open_doc = _doc(render_form(mini))
    assert "Ví dụ: 27 3 1990" in open_doc.get_element_by_id("f-date_of_birth-field").text_content()  # typed


def test_signature_date_in_day_month_year_boxes_and_its_messages(mini, ct01) -> None:
    """The signing date uses the same day/month/year boxes as a date of birth (no browser date picker);
    its messages name "Ngày ký" / "Nơi ký", not the signer's title."""
    from eformkit.render.form_post import parse_form_post

    doc = _doc(render_form(mini, {"signature": {"place": "Ea Kar", "date": "2025-03-05"}}))
    boxes = [doc.get_element_by_id(f"f-signature-date-{p}") for p in "dmy"]
    assert [b.get("value") for b in boxes] == ["05", "03", "2025"] and all(b.get("type") == "text" for b in boxes)
    assert not doc.xpath("//input[@type='date']")
    post = {"signature:place": "Ea Kar", "signature:date:d": "5", "signature:date:m": "3", "signature:date:y": "2025"}
    assert parse_form_post(mini, post)["signature"] == {"place": "Ea Kar", "date": "2025-03-05"}
    assert parse_form_post(mini, {"signature:date": "2025-03-05"})["signature"] == {"date": "2025-03-05"}
    for lang, word in (("vi", "Ngày ký"), ("en", "date of signing")):
        data = {"signature": {"place": "Ea Kar", "date": "2025-13-05"}}
        page = render_form(mini, data, issues=mini.validate(data, lang).issues, lang=lang)
        error = _doc(page).get_element_by_id("f-signature-error").text_content()
        assert word in error and "NGƯỜI KÊ KHAI" not in error and "Declarant" not in error
    report = ct01.validate({}, "vi")  # CT01's declarant signature is required
    error = _doc(render_form(ct01, {}, issues=report.issues)).get_element_by_id("f-signature-error")
    assert error.text_content().strip().endswith("Vui lòng nhập Nơi ký và Ngày ký")


def test_split_ward_candidates_are_offered_in_the_commune_list(mini, prefill) -> None:
    """A pre-2025 ward now split across communes: the prefill leaves the commune for the citizen with
    candidates (FieldNote); the commune list offers them first, in their own group."""
    from dataclasses import dataclass, field

    @dataclass
    class Note:
        pointer: str
        note: str
        candidates: tuple[Any, ...] = ()

    @dataclass
    class WithNotes(type(prefill)):  # type: ignore[misc]
        notes: list[Note] = field(default_factory=list)

    split = ({"commune": "22015", "name": "Phường Tuy Hòa"}, {"commune": "22045", "name": "Phường <Bình> Kiến"})
    result = WithNotes(
        values={**prefill.values, "/new_address": {"province": "66"}},
        provenance=prefill.provenance,
        locked=prefill.locked,
        notes=[Note("/new_address", "pre-2025 address: the old ward now lies in several communes", split)],
    )
    doc = _doc(render_form(mini, prefill=result))
    select = doc.get_element_by_id("f-new_address-commune")
    group = select.find("optgroup")
    assert group is not None and "2025" in group.get("label")
    assert [(o.get("value"), o.text) for o in group.iter("option")] == [
        ("22015", "Phường Tuy Hòa"), ("22045", "Phường <Bình> Kiến")]  # fmt: skip
    assert select.find("option").get("value") == ""  # "choose" stays first, nothing chosen for the citizen
    assert len(select.findall("option")) > 2  # the province's whole list follows
    assert not _doc(render_form(mini, prefill=prefill)).get_element_by_id("f-new_address-commune").findall("optgroup")


def test_the_header_says_who_is_signed_in_with_a_sign_out_button(mini) -> None:
    from eformkit.render.html_form import Account

    page = render_form(mini, options=RenderOptions(account=Account("Nguyễn <Thị> Hoa", "/signout", "tok")))
    header = _doc(page).find(".//header")
    assert "Đăng nhập: Nguyễn <Thị> Hoa" in " ".join(header.text_content().split())  # escaped, shown as text
    form = header.find(".//form")
    assert form.get("method") == "post" and form.get("action") == "/signout"
    assert form.find(".//input[@name='_csrf']").get("value") == "tok" and "Đăng xuất" in form.text_content()
    assert _doc(render_form(mini)).find(".//header//form") is None  # no account: no sign-out
    english = _doc(render_form(mini, lang="en", options=RenderOptions(account=Account("Hoa", "/signout"))))
    assert "Signed in as Hoa" in " ".join(english.find(".//header").text_content().split())
