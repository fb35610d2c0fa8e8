"""Filling Word templates: every blank encoding, the template's formatting, raw copies, safety."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
import yaml
from docx_builder import CT01_DATA, CT01_LINKS, LEADER, RPR, W_NS, ct01_template, make_docx, para, run
from lxml import etree

from eformkit.render.docx_fill import DocxTemplate, fill_docx
from eformkit.render.docx_generate import generate_docx
from eformkit.render.docx_values import Fill
from eformkit.render.docx_zip import read_layout

SHARED_TEMPLATES = Path(__file__).parents[3] / "shared" / "templates"

W = f"{{{W_NS}}}"


def _doc(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        return etree.fromstring(z.read("word/document.xml"))


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def _paras(data: bytes) -> list[str]:
    return [_text(p) for p in _doc(data).iter(f"{W}p")]


def _raw_members(data: bytes) -> dict[str, bytes]:
    """Each member's stored bytes (local header fields after the offset-free part, and data)."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            h = info.header_offset
            name_len, extra_len = struct.unpack_from("<HH", data, h + 26)
            start = h + 30 + name_len + extra_len
            out[info.filename] = data[start : start + info.compress_size]
    return out


def test_ct01_template_filled_in_its_own_formatting(ct01) -> None:
    template = ct01_template()
    out, report = fill_docx(template, ct01, CT01_DATA, links=CT01_LINKS)
    assert report.skipped == [] and len(report.filled) == len(CT01_LINKS)
    paras = _paras(out)
    assert "1. Họ, chữ đệm và tên: Nguyễn Thị Hoa" in paras
    assert "2. Ngày, tháng, năm sinh: 27/03/1990   3. Giới tính: Nữ" in paras
    assert "5. Số điện thoại liên hệ: 0912 345 678 6. Email: hoa@example.vn"  # the national form (vn pack) in paras
    doc = _doc(out)
    tables = doc.findall(f".//{W}tbl")
    digits = [_text(c) for c in tables[0].iter(f"{W}tc")][1:]
    assert "".join(digits) == "066190000123"
    rows = [[_text(c) for c in r.iter(f"{W}tc")] for r in tables[2].iter(f"{W}tr")]
    assert rows[1] == ["1", "Trần Minh Châu", "02/01/2015", "Nam", "066215000001", "Con"]
    assert rows[2][1] == "Trần Minh Anh" and rows[3] == [""] * 6
    # the value sits in the blank's own run: same italic Times New Roman 13 pt properties
    name_run = next(r for r in doc.iter(f"{W}r") if _text(r).strip() == "Nguyễn Thị Hoa")
    assert etree.tostring(name_run.find(f"{W}rPr")) == etree.tostring(etree.fromstring(
        RPR.replace("<w:rPr>", f'<w:rPr xmlns:w="{W_NS}">')))  # fmt: skip
    assert "Kính gửi: …………………………………………" in paras  # not linked: left as printed


def test_unchanged_members_are_copied_not_recompressed(ct01) -> None:
    template = make_docx(para(run("Họ tên: "), run("…………")), stored_styles=True)
    tpl = DocxTemplate(template)
    out, _ = tpl.fill([("/full_name", {"kind": "after_text", "text": "Họ tên:"}, Fill("A", value="A"))])
    before, after = _raw_members(template), _raw_members(out)
    for name in before:
        if name != "word/document.xml":
            assert before[name] == after[name], name
    assert before["word/document.xml"] != after["word/document.xml"]
    with zipfile.ZipFile(io.BytesIO(out)) as z:
        assert [i.filename for i in z.infolist()] == [
            i.filename for i in zipfile.ZipFile(io.BytesIO(template)).infolist()
        ]
        assert z.getinfo("word/styles.xml").compress_type == zipfile.ZIP_STORED
    assert read_layout(out).exact


def test_template_is_restored_after_each_fill(ct01) -> None:
    tpl = DocxTemplate(ct01_template())
    first, _ = fill_docx(tpl, ct01, CT01_DATA, links=CT01_LINKS)
    other, _ = fill_docx(tpl, ct01, {**CT01_DATA, "full_name": "Lê Văn Tám", "members": []}, links=CT01_LINKS)
    again, _ = fill_docx(tpl, ct01, CT01_DATA, links=CT01_LINKS)
    assert first == again and b"L\xc3\xaa V\xc4\x83n T\xc3\xa1m" not in again
    assert "Nguyễn Thị Hoa" not in "".join(_paras(other))


def test_more_rows_than_the_template_holds(ct01) -> None:
    members = [{**CT01_DATA["members"][0], "full_name": f"Người {i}"} for i in range(6)]
    out, _ = fill_docx(ct01_template(), ct01, {**CT01_DATA, "members": members}, links=CT01_LINKS)
    table = _doc(out).findall(f".//{W}tbl")[2]
    names = [_text(r.findall(f"{W}tc")[1]) for r in table.findall(f"{W}tr")[1:]]
    assert names == [f"Người {i}" for i in range(6)]


def test_checkboxes_content_controls_and_sym(mini) -> None:
    body = "".join([
        para(run("☐ Có  ☐ Không")),
        para(f'<w:r>{RPR}<w:sym w:font="Wingdings" w:char="F0A8"/></w:r>', run(" Đề nghị giải quyết nhanh")),
        f'<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{para(run("Nhập họ tên"))}</w:sdtContent></w:sdt>',
        para(run("Ghi chú:"), run(tab=True), ppr=LEADER),
    ])  # fmt: skip
    tpl = DocxTemplate(make_docx(body))
    links = [
        (
            "/urgent",
            {"kind": "checkbox_glyph", "path": "/w:document/w:body/w:p[1]/w:r", "index": 1},
            Fill(checked=True),
        ),
        ("/a", {"kind": "checkbox_sym", "path": "/w:document/w:body/w:p[2]/w:r[1]"}, Fill(checked=True)),
        ("/b", {"kind": "content_control", "path": "/w:document/w:body/w:sdt"}, Fill("Lê <Tám> & co", value=1)),
        ("/c", {"kind": "tab_leader", "path": "/w:document/w:body/w:p[3]/w:r[2]"}, Fill("dòng 1\ndòng 2", value=1)),
    ]
    out, report = tpl.fill(links)
    doc = _doc(out)
    assert _text(doc.findall(f"{W}body/{W}p")[0]) == "☐ Có  ☒ Không"
    assert doc.find(f".//{W}sym").get(f"{W}char") == "F0FD"
    assert _text(doc.find(f".//{W}sdt")) == "Lê <Tám> & co" and doc.find(f".//{W}showingPlcHdr") is None
    last = doc.findall(f"{W}body/{W}p")[-1]
    assert last.find(f".//{W}br") is not None and "dòng 2" in _text(last)
    assert report.filled == ["/urgent", "/a", "/b", "/c"]


def test_missing_anchors_are_reported_without_values() -> None:
    tpl = DocxTemplate(make_docx(para(run("Họ tên: "), run("……"))))
    out, report = tpl.fill([
        ("/x", {"kind": "after_text", "text": "Không có"}, Fill("bí mật 066190000123", value=1)),
        ("/y", {"kind": "dots", "path": "/w:document/w:body/w:p[9]/w:r"}, Fill("066190000123", value=1)),
        ("/z", {"kind": "dots", "path": "/w:document/w:body/w:p[1]/w:r[2]", "part": "word/header9.xml"}, Fill("a")),
    ])  # fmt: skip
    assert report.filled == []
    assert sorted(report.skipped) == [("/x", "anchor_not_found"), ("/y", "anchor_not_found"), ("/z", "part_missing")]
    assert "066190000123" not in repr(report)
    assert _paras(out) == ["Họ tên: ……"]


def test_entities_are_not_expanded() -> None:
    evil = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;A: ……</w:t></w:r></w:p></w:body></w:document>'
    )
    data = make_docx("", extra={})
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, evil if info.filename == "word/document.xml" else src.read(info))
    out, _ = DocxTemplate(buf.getvalue()).fill([("/a", {"kind": "after_text", "text": "A:"}, Fill("v", value=1))])
    assert b"root:" not in out


def test_generated_docx_for_forms_without_a_template(mini) -> None:
    out = generate_docx(mini, {"full_name": "Nguyễn <Thị> Hoa", "personal_id": "066190000123"})
    text = " ".join(_paras(out))
    assert "Nguyễn <Thị> Hoa" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Mẫu CT01" in text


@pytest.mark.shared
def test_real_ct01_template_when_present(ct01) -> None:
    path = SHARED_TEMPLATES / "to-khai-cu-tru.docx"
    links_file = __import__("pathlib").Path(__file__).parents[2] / "eformkit/portal/word/vn.bca.ct01.links.yaml"
    if not path.exists():
        pytest.skip("shared/templates is not here")
    links = yaml.safe_load(links_file.read_text(encoding="utf-8"))["links"]
    out, report = fill_docx(path, ct01, CT01_DATA, links=links)
    assert report.skipped == []
    text = "\n".join(_paras(out))
    assert "Nguyễn Thị Hoa" in text and "Trần Minh Châu" in text and "hoa@example.vn" in text
