"""Filling blanks printed in parts: addresses (Xã / Huyện / Tỉnh …) and English dates (`date_order`),
on templates built in code and converted by the real converter, then on the real templates."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx_builder import (
    BOLD,
    CONTROL_RPR,
    RPR,
    ULINE,
    W_NS,
    address_template,
    digit_boxes_template,
    english_dates_template,
    make_docx,
    para,
    run,
)
from lxml import etree
from submissions import submission

from eformkit.render.docx_address import address_of, part_texts
from eformkit.render.docx_fill import DocxTemplate, fill_docx
from eformkit.render.docx_values import Fill
from eformkit.render.view import form_view
from eformkit.schema.convert import convert_template
from eformkit.schema.form import Form, parse_form

SHARED_TEMPLATES = Path(__file__).parents[3] / "shared" / "templates"
W = f"{{{W_NS}}}"
HOA_ADDRESS = {"detail": "12 Lê Duẩn", "commune": "24133", "province": "66"}  # Phường Buôn Ma Thuột, Đắk Lắk


def _doc(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        return etree.fromstring(z.read("word/document.xml"))


def _line(el: etree._Element) -> str:
    """A paragraph's text with tabs shown as ⇥."""
    return "".join(
        "⇥" if n.tag == f"{W}tab" else n.text or "" for r in el.iter(f"{W}r") for n in r.iter(f"{W}t", f"{W}tab")
    )


def _lines(data: bytes) -> list[str]:
    return [_line(p) for p in _doc(data).iter(f"{W}p")]


def _props(rpr: str) -> list[tuple[str, dict[str, str]]]:
    """Run properties as (tag, attributes) of each child, for comparing formatting."""
    return _shape(etree.fromstring(rpr.replace("<w:rPr>", f'<w:rPr xmlns:w="{W_NS}">', 1)))


def _shape(rpr: etree._Element | None) -> list[tuple[str, dict[str, str]]]:
    assert rpr is not None
    return [(str(c.tag), dict(c.attrib)) for c in rpr]


def _run_of(doc: etree._Element, text: str) -> etree._Element:
    """The run holding `text` (written by the filler)."""
    return next(r for r in doc.iter(f"{W}r") if text in "".join(t.text or "" for t in r.iter(f"{W}t")))


def _convert(tmp_path: Path, data: bytes) -> Form:
    path = tmp_path / "template.docx"
    path.write_bytes(data)
    form, findings = parse_form(convert_template(path).yaml_text, file=str(path))
    assert form is not None, findings
    return form


def test_address_parts_each_in_its_own_blank(tmp_path: Path) -> None:
    template = address_template()
    form = _convert(tmp_path, template)
    data = {
        "full_name": "Nguyễn Thị Hoa",
        "permanent_residence": HOA_ADDRESS,
        "birth_registration_place": {"commune": "24373", "province": "66"},  # Xã Ea Kar
    }
    out, report = fill_docx(template, form, data)
    assert report.skipped == [] and sorted(report.filled) == sorted(f"/{k}" for k in data)
    lines = _lines(out)
    assert lines[1] == "2. Nơi thường trú: Số nhà, đường/phố: 12 Lê Duẩn⇥"
    # "Xã:" holds a phường: its full name; "Tỉnh:" holds a tỉnh: the short name; Huyện stays as printed
    assert lines[2] == "Xã: Phường Buôn Ma Thuột⇥Huyện:⇥Tỉnh: Đắk Lắk⇥"
    # dots in one run: each part at its place, the offsets of later parts follow the earlier edits
    assert lines[3] == "3. Nơi đăng ký khai sinh: Xã/Phường: Xã Ea Kar Huyện: ………… Tỉnh/Thành phố: Tỉnh Đắk Lắk"
    doc = _doc(out)
    assert _shape(_run_of(doc, "12 Lê Duẩn").find(f"{W}rPr")) == _props(BOLD)
    assert _shape(_run_of(doc, "Phường Buôn Ma Thuột").find(f"{W}rPr")) == _props(RPR)
    assert _shape(_run_of(doc, "Đắk Lắk").find(f"{W}rPr")) == _props(BOLD)


def _parts(*spec: str) -> list[dict[str, Any]]:
    """Part specs from "part:label" strings."""
    return [{"address_part": s.split(":")[0], "label": s.split(":")[1]} for s in spec]


@pytest.mark.parametrize(
    ("value", "parts", "expected"),
    [
        (HOA_ADDRESS, _parts("detail:Địa chỉ"), ["12 Lê Duẩn, Phường Buôn Ma Thuột, Tỉnh Đắk Lắk"]),
        (HOA_ADDRESS, _parts("commune:Xã", "province:Tỉnh"), ["12 Lê Duẩn, Phường Buôn Ma Thuột", "Đắk Lắk"]),
        (HOA_ADDRESS, _parts("detail:Số nhà", "province:Tỉnh"), ["12 Lê Duẩn, Phường Buôn Ma Thuột", "Đắk Lắk"]),
        (
            HOA_ADDRESS,
            _parts(
                "detail:Số nhà, đường phố",
                "detail:Thôn",
                "commune:Xã (phường, thị trấn)",
                "district:Huyện",
                "province:Tỉnh (Tp thuộc Trung ương)",
            ),
            ["12 Lê Duẩn", "", "Phường Buôn Ma Thuột", "", "Đắk Lắk"],
        ),
        ({"commune": "24373"}, _parts("commune:Xã (phường, thị trấn)", "province:Tỉnh"), ["Ea Kar", "Đắk Lắk"]),
        ({"commune": "26740"}, _parts("commune:Phường", "province:Tỉnh"), ["Sài Gòn", "Thành phố Hồ Chí Minh"]),
        ({"commune": "26740"}, _parts("commune:Xã/Phường", "province:Thành phố"), ["Phường Sài Gòn", "Hồ Chí Minh"]),
        (
            {"detail": "Thôn 3", "commune": "Xã Ea Yông", "district": "Huyện Krông Pắc", "province": "66"},
            _parts("commune:Xã", "district:Huyện", "province:Tỉnh"),
            ["Thôn 3, Xã Ea Yông", "Huyện Krông Pắc", "Đắk Lắk"],
        ),
        (
            {"detail": "12 Lê Duẩn", "commune": "99999", "province": "66"},
            _parts("commune:Xã", "province:Tỉnh"),
            ["12 Lê Duẩn", "Đắk Lắk"],
        ),
    ],
)
def test_address_text_of_each_part(value: dict[str, str], parts: list[dict[str, Any]], expected: list[str]) -> None:
    addr = address_of(value)
    assert addr is not None
    assert part_texts(parts, addr) == expected


def test_an_address_anchor_for_a_plain_text_value() -> None:
    tpl = DocxTemplate(address_template())
    anchor = {"kind": "address", "parts": [
        {"address_part": "commune", "label": "Xã", "kind": "tab_leader", "path": "/w:document/w:body/w:p[3]/w:r[2]"},
        {"address_part": "province", "label": "Tỉnh", "kind": "tab_leader", "path": "/w:document/w:body/w:p[3]/w:r[6]"},
    ]}  # fmt: skip
    out, report = tpl.fill([("/a", anchor, Fill("Hà Nội", value="Hà Nội"))])
    assert report.filled == ["/a"] and _lines(out)[2] == "Xã: Hà Nội⇥Huyện:⇥Tỉnh:⇥"
    broken = {**anchor, "parts": [*anchor["parts"], {"address_part": "district", "kind": "tab_leader", "path": "/x"}]}
    out, report = tpl.fill([("/a", broken, Fill("Hà Nội", value="Hà Nội"))])
    assert report.skipped == [("/a", "anchor_not_found")] and _lines(out)[2] == "Xã:⇥Huyện:⇥Tỉnh:⇥"


DATES = {
    "executed_under_seal_this": "2025-03-05",
    "condominium_created_by_master_deed_dated": "2025-11-21",
    "day": "2025-03-01",
    "date_of_birth": "1990-03-27",
}


def test_english_dates_in_their_pieces(tmp_path: Path) -> None:
    template = english_dates_template()
    form = _convert(tmp_path, template)
    out, report = fill_docx(template, form, DATES)
    assert report.skipped == [] and len(report.filled) == len(DATES)
    lines = _lines(out)
    assert lines[0] == "Executed under seal this 5th⇥ day of March⇥, 2025⇥."
    assert lines[1] == "Condominium created by Master Deed dated November 21, 2025 and recorded."
    assert lines[2] == "I, the testator, sign this instrument this 1st day of March, 2025 and declare it my Will."
    assert lines[3] == "Ngày, tháng, năm sinh: 27⇥/03⇥/1990 [14.4]. Nơi đăng ký"  # "…/…/": the year after the slash
    doc = _doc(out)
    first = doc.find(f"{W}body/{W}p")
    for value in ("5th", "March", "25"):  # underlined like the blank
        assert _shape(_run_of(first, value).find(f"{W}rPr")) == _props(ULINE)
    # content controls: placeholder off, the text in the control's own formatting (not PlaceholderText)
    assert doc.find(f".//{W}showingPlcHdr") is None
    for value in ("1st", "2025"):
        assert _shape(_run_of(doc.findall(f"{W}body/{W}p")[2], value).find(f"{W}rPr")) == _props(CONTROL_RPR)


@pytest.mark.parametrize(
    ("day", "written"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"), (21, "21st"),
     (22, "22nd"), (23, "23rd"), (30, "30th"), (31, "31st")],
)  # fmt: skip
def test_day_of_takes_an_ordinal(tmp_path: Path, day: int, written: str) -> None:
    template = english_dates_template()
    form = _convert(tmp_path, template)
    out, _ = fill_docx(template, form, {"executed_under_seal_this": f"2025-01-{day:02d}"})
    assert _lines(out)[0] == f"Executed under seal this {written}⇥ day of January⇥, 2025⇥."


def test_a_year_that_does_not_follow_the_printed_century(tmp_path: Path) -> None:
    template = english_dates_template()
    form = _convert(tmp_path, template)
    data = {**DATES, "executed_under_seal_this": "1999-03-05", "condominium_created_by_master_deed_dated": "1985-06-02"}
    out, report = fill_docx(template, form, data)
    assert sorted(report.skipped) == [
        ("/condominium_created_by_master_deed_dated", "does_not_fit"),
        ("/executed_under_seal_this", "does_not_fit"),
    ]
    lines = _lines(out)  # nothing half-written
    assert lines[0] == "Executed under seal this ⇥ day of ⇥, 20⇥."
    assert lines[1] == "Condominium created by Master Deed dated ____________, 20____ and recorded."


def test_dots_split_across_runs_and_blanks_sharing_a_run(tmp_path: Path) -> None:
    template = make_docx(
        "".join([
            para(run("Họ, chữ đệm và tên:"), run("……."), run("……"), run(" "), run("……"), run(" Giới tính: ……")),
            para(run("……………, ngày …… tháng …… năm ……")),
            para(run("Nhận bản điện tử: "), run("I ", rpr=ULINE), run("I", rpr=ULINE)),
        ])
    )  # fmt: skip
    form = _convert(tmp_path, template)
    box = next(f.id for f in form_view(form, "vi").fields() if (f.anchor or {}).get("kind") == "checkbox_glyph")
    data = {"full_name": "Nguyễn Thị Hoa", "signing_place": "Buôn Ma Thuột", "signing_date": "2025-03-05", box: True}
    out, report = fill_docx(template, form, data)
    assert report.skipped == [] and len(report.filled) == 4
    lines = _lines(out)
    assert lines[0] == "Họ, chữ đệm và tên: Nguyễn Thị Hoa Giới tính: ……"  # the dots of four runs replaced once
    assert lines[1] == "Buôn Ma Thuột, ngày 05 tháng 03 năm 2025"
    assert lines[2] == "Nhận bản điện tử: IXI"  # a box typed as underlined "I I" is ticked


TINY_DOTS = '<w:rPr><w:b/><w:sz w:val="12"/><w:szCs w:val="12"/></w:rPr>'


def test_tiny_dots_take_the_size_of_their_label() -> None:
    """Dots set in 6 pt to fit a line: the value is written at its label's size, not the dots'."""
    labelled = '<w:rPr><w:i/><w:sz w:val="26"/><w:szCs w:val="24"/></w:rPr>'
    tpl = DocxTemplate(make_docx("".join([
        para(run("1. Họ tên:", rpr=""), run("…………………", rpr=TINY_DOTS)),  # the label's size is inherited
        para(run("2. Dân tộc:", rpr=labelled), run("(1)", rpr='<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
             run(" …………; ", rpr=TINY_DOTS), run("3. Quốc tịch: ……", rpr=TINY_DOTS)),
    ])))  # fmt: skip
    links = [
        ("/a", {"kind": "dots", "path": "/w:document/w:body/w:p[1]/w:r[2]", "chars": [0, 7]}, Fill("Hoa", value=1)),
        ("/b", {"kind": "dots", "path": "/w:document/w:body/w:p[2]/w:r[3]", "chars": [1, 5]}, Fill("Kinh", value=1)),
        ("/c", {"kind": "dots", "path": "/w:document/w:body/w:p[2]/w:r[4]", "chars": [14, 16]}, Fill("VN", value=1)),
    ]
    out, report = tpl.fill(links)
    assert report.filled == ["/a", "/b", "/c"]
    assert _lines(out) == ["1. Họ tên: Hoa", "2. Dân tộc:(1) Kinh; 3. Quốc tịch: VN"]
    doc = _doc(out)
    assert _shape(_run_of(doc, "Hoa").find(f"{W}rPr")) == _props("<w:rPr><w:b/></w:rPr>")  # bold kept, size inherited
    kinh = _run_of(doc, "Kinh")
    assert _shape(kinh.find(f"{W}rPr")) == _props('<w:rPr><w:b/><w:sz w:val="26"/><w:szCs w:val="24"/></w:rPr>')
    assert _line(kinh.getnext()) == "; "  # the dots' run keeps what follows the dots
    # dots inside the label's own run (same run, same size): the value stays in that run
    assert _shape(_run_of(doc, "VN").find(f"{W}rPr")) == _props(TINY_DOTS)


def test_digits_in_drawn_boxes(tmp_path: Path) -> None:
    template = digit_boxes_template()
    form = _convert(tmp_path, template)
    out, report = fill_docx(template, form, {"personal_id": "066190000123"})
    assert report.filled == ["/personal_id"] and report.skipped == []
    ns = {
        "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        "v": "urn:schemas-microsoft-com:vml",
    }
    doc = _doc(out)
    boxes = doc.findall(".//wps:wsp", ns)  # stored right to left: read them by position
    digits = [_line(b.find("wps:txbx", ns)) for b in reversed(boxes)]
    assert "".join(digits) == "066190000123"
    body = boxes[0].find("wps:bodyPr", ns)
    assert [body.get(k) for k in ("lIns", "tIns", "rIns", "bIns", "anchor")] == ["0", "0", "0", "0", "ctr"]
    run_props = boxes[0].find(f".//{W}r/{W}rPr")
    assert run_props is not None and _shape(run_props) == _props(BOLD)  # the label's formatting
    fallback = [_line(r.find("v:textbox", ns)) for r in reversed(doc.findall(".//v:rect", ns))]
    assert "".join(fallback) == "066190000123"  # the VML fallback shows the same digits
    again, _ = fill_docx(template, form, {"personal_id": "066190000999"})
    assert "".join(_line(b.find("wps:txbx", ns)) for b in reversed(_doc(again).findall(".//wps:wsp", ns))) == (
        "066190000999"
    )


REAL_TEMPLATES = {  # what each real template shows once filled (tabs as ⇥)
    "Mẫu TK1-TS.docx": [
        "[09]. Nơi đăng ký khai sinh: [09.1]. Xã: Phường Buôn Ma Thuột⇥[09.2]. Huyện:",  # Huyện's line below
        "⇥[09.3]. Tỉnh: Đắk Lắk⇥ [10].",  # the district blank stays as printed
        "[11.2a]. Số nhà, đường/phố, thôn/xóm: 12 Lê Duẩn⇥",
        "[11.2b]. Xã: Phường Buôn Ma Thuột⇥[11.2c].⇥Huyện:⇥[11.2d].⇥Tỉnh: Đắk Lắk⇥",
        "Thôn (bản, tổ dân phố): ⇥Xã (phường, thị trấn): Phường Buôn Ma Thuột⇥",  # a second detail part: as printed
        ". Ngày, tháng, năm sinh: 27⇥/03⇥/1990 [14.4]. Nơi đăng ký khai",
    ],
    "cccd.docx": [
        "3. Ngày, tháng, năm sinh: 27/03/1990; 4. Giới tính (Nam/nữ): Nam",
        "13. Nơi thường trú: 12 Lê Duẩn, Phường Buôn Ma Thuột, Tỉnh Đắk Lắk",
    ],
    "condo_deed.docx": [
        "Executed under seal this 5th⇥ day of March⇥, 2025⇥.",
        "Condominium created by Master Deed dated March 5⇥, 2025⇥ and ",
    ],
    "to-khai-cu-tru.docx": ["7. Nơi thường trú: 12 Lê Duẩn, Phường Buôn Ma Thuột, Tỉnh Đắk Lắk⇥"],
    "will_template.docx": ["the testator sign my name to this instrument this 5th day of March, 2025 and being"],
}


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(REAL_TEMPLATES))
def test_real_templates_converted_then_filled(name: str) -> None:
    """Convert a real template, fill the draft with a realistic submission: every field is written."""
    path = SHARED_TEMPLATES / name
    if not path.exists():
        pytest.skip("shared/templates is not here")
    form, findings = parse_form(convert_template(path).yaml_text, file=name)
    assert form is not None, findings
    out, report = fill_docx(path, form, submission(form))
    assert report.skipped == []
    lines = _lines(out)
    for expected in REAL_TEMPLATES[name]:
        assert any(expected in line for line in lines), expected
