"""The filled Word file as the paper prints it: every value at its label's size (leader tabs and dots set
in tiny type), the signers' place and date, the phone in the pack's national form."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx_builder import CT01_DATA, LEADER, W_NS, make_docx, para, run
from lxml import etree

from eformkit.render.docx_fill import DocxTemplate, fill_docx
from eformkit.render.docx_values import Fill

ROOT = Path(__file__).parents[2]
W = f"{{{W_NS}}}"
LINKS_FILE = ROOT / "eformkit" / "portal" / "word" / "vn.bca.ct01.links.yaml"
LABEL = '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="26"/></w:rPr>'
TINY = '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="14"/></w:rPr>'
SMALL = '<w:rPr><w:sz w:val="22"/></w:rPr>'
SIGNED = {"place": "Buôn Ma Thuột", "date": "2025-03-05"}


def _shared_template(name: str) -> Path | None:
    """A real template in ../shared/templates beside the checkout (or beside its worktree folder)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        path = base / "shared" / "templates" / name
        if path.is_file():
            return path
    return None


def _doc(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _text(r: etree._Element) -> str:
    return "".join(t.text or "" for t in r.iter(f"{W}t"))


def _size(r: etree._Element) -> str | None:
    sz = r.find(f"{W}rPr/{W}sz")
    return None if sz is None else sz.get(f"{W}val")


def _value_sizes(doc: etree._Element, values: set[str]) -> list[tuple[str, str | None, str | None]]:
    """(value, its run's size, its label's size) for each run holding one of `values`; the label is the
    nearest run before it in its paragraph with a word in it (not a lone ":" or a value), else the nearest
    after it (a signer's place before "ngày"). A cell holding only a value (the members) has no label:
    it takes the cell's own formatting and is left out."""
    out = []
    for p in doc.iter(f"{W}p"):
        runs = [(r, _text(r).strip(" ,")) for r in p.iter(f"{W}r")]
        words = [i for i, (_, text) in enumerate(runs) if text not in values and any(ch.isalnum() for ch in text)]
        for i, (r, text) in enumerate(runs):
            if text in values and words:
                label = max((w for w in words if w < i), default=None)
                label = label if label is not None else min(w for w in words if w > i)
                out.append((text, _size(r), _size(runs[label][0])))
    return out


def test_a_leader_tab_in_tiny_type_gets_the_value_at_the_labels_size() -> None:
    """CT01 sets its leader tabs in 7 pt (sz=14) after 13 pt labels: the value is written at 13 pt in a
    run of its own before the tab, which keeps drawing the leader at its own size."""
    tpl = DocxTemplate(make_docx("".join([
        para(run("1. Họ, chữ đệm và tên", rpr=LABEL), run(":", rpr=""), run(tab=True, rpr=TINY), ppr=LEADER),
        para(run("14. Nội dung đề nghị:", rpr=LABEL), run(tab=True, rpr=TINY), ppr=LEADER),
        para(run("5. Email: ", rpr=TINY), run(tab=True, rpr=TINY), ppr=LEADER),  # label and tab at one size
    ])))  # fmt: skip
    links = [
        ("/a", {"kind": "after_text", "text": "Họ, chữ đệm và tên:"}, Fill("Nguyễn Thị Hoa", value=1)),
        ("/b", {"kind": "after_text", "text": "Nội dung đề nghị:"}, Fill("Đăng ký\nthường trú", value=1)),
        ("/c", {"kind": "after_text", "text": "Email:"}, Fill("hoa@example.vn", value=1)),
    ]
    out, report = tpl.fill(links)
    assert report.filled == ["/a", "/b", "/c"] and report.skipped == []
    doc = _doc(out)
    paras = list(doc.iter(f"{W}p"))
    runs = [list(p.iter(f"{W}r")) for p in paras]
    assert [_text(r) for r in runs[0]] == ["1. Họ, chữ đệm và tên", ":", " Nguyễn Thị Hoa", ""]
    assert [_size(r) for r in runs[0]] == ["26", None, "26", "14"]  # the value at the label's 13 pt
    assert runs[0][3].find(f"{W}tab") is not None  # the leader tab is kept, after the value
    value = runs[1][1]
    assert _size(value) == "26" and value.find(f"{W}br") is not None  # a second line stays in the value's run
    assert _text(runs[2][1]) == "hoa@example.vn" and _size(runs[2][1]) == "14"  # same size: written in place
    again, _ = tpl.fill(links)  # the cached template was restored: the same output again
    assert again == out


def test_the_signers_place_and_date_fill_their_line() -> None:
    tpl = DocxTemplate(make_docx("".join([
        para(run("theo TT số /2021/TT-BCA ngày 15/5/2021", rpr=SMALL)),  # no blanks: not a date line
        para(run("…..,", rpr=SMALL), run("ngày", rpr=SMALL), run("…..", rpr=SMALL), run("tháng", rpr=SMALL),
             run("....", rpr=SMALL), run("năm", rpr=SMALL), run("…", rpr=SMALL)),
        para(run("Ý KIẾN CỦA CHỦ HỘ", rpr=SMALL)),
        para(run("…..,ngày…...tháng...năm…", rpr=SMALL)),
        para(run("NGƯỜI KÊ KHAI", rpr=SMALL)),
    ])))  # fmt: skip
    line = {"kind": "after_text", "text": "ngày", "whole_paragraph": True, "pieces": 4}
    out, report = tpl.fill([
        ("/head", {**line, "occurrence": 1}, Fill("", ("05", "03", "2025"), value=SIGNED, place="")),
        ("/signature", {**line, "occurrence": -1}, Fill("", ("05", "03", "2025"), value=SIGNED, place="Ea Kar")),
    ])  # fmt: skip
    assert report.filled == ["/head", "/signature"]
    lines = [_text(p) for p in _doc(out).iter(f"{W}p")]
    assert lines[1] == "…..,ngày 05 tháng 03 năm 2025"  # no place given: its blank is left as printed
    assert lines[3] == "Ea Kar,ngày 05 tháng 03 năm 2025"


def _ct01_values() -> tuple[dict[str, Any], set[str]]:
    data = {**CT01_DATA, "phone": "+84883232813", "signature": SIGNED}
    written = {"Nguyễn Thị Hoa", "27", "03", "1990", "Nữ", "0883 232 813", "hoa@example.vn", "Trần Văn Bình", "Vợ",
               "Đăng ký thường trú", "Buôn Ma Thuột", "05", "2025"}  # fmt: skip
    return data, written


@pytest.mark.shared
def test_real_ct01_every_value_at_its_labels_size(ct01: Any) -> None:
    """The filled CT01 Word file (../shared/templates): the run properties of every value written into a
    blank carry its label's size; the signer's line and the national phone form are there."""
    path = _shared_template("to-khai-cu-tru.docx")
    if path is None:
        pytest.skip("../shared/templates/to-khai-cu-tru.docx is not here")
    links = yaml.safe_load(LINKS_FILE.read_text(encoding="utf-8"))["links"]
    data, written = _ct01_values()
    out, report = fill_docx(path, ct01, data, links=links)
    assert report.skipped == [] and "/signature" in report.filled
    doc = _doc(out)
    sizes = _value_sizes(doc, written)
    assert {v for v, _, _ in sizes} == written  # every value was found in a run of its own
    wrong = [(v, got, want) for v, got, want in sizes if got != want]
    assert wrong == []
    assert {got for v, got, _ in sizes if v == "Nguyễn Thị Hoa"} == {"26"}  # 13 pt, not the tab's 7 pt
    text = "\n".join(_text(p) for p in doc.iter(f"{W}p"))
    assert "Buôn Ma Thuột,ngày 05 tháng 03 năm 2025" in text
    assert "0883 232 813" in text and "+84" not in text


def test_the_phone_in_the_packs_national_form(ct01: Any) -> None:
    """Stored canonical (+84…), printed as the paper expects: the vn pack's paper format, on the Word
    file and the print view; a form without a pack (the core alone) prints it as stored."""
    from eformkit.render.docx_values import fills_for
    from eformkit.render.print_view import render_print

    links = {"/phone": {"kind": "after_text", "text": "Số điện thoại liên hệ:"}}
    assert fills_for(ct01, {"phone": "+84883232813"}, links)["/phone"].text == "0883 232 813"
    assert fills_for(ct01, {"phone": "12345"}, links)["/phone"].text == "12345"  # not a VN number: as stored

    class NoPack:  # the rendering protocol only: id and ui_schema()
        id = ct01.id

        def ui_schema(self) -> dict[str, Any]:
            return dict(ct01.ui_schema())

    assert fills_for(NoPack(), {"phone": "+84883232813"}, links)["/phone"].text == "+84883232813"
    page = render_print(ct01, {**CT01_DATA, "phone": "+84883232813"})
    assert "0883 232 813" in page and "+84883232813" not in page
