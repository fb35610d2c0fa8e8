"""The blank kinds the converter added (issue 12): `checkbox_cell`, `checkbox_picture`, `placeholder`,
`empty_line` are written, not reported `not_written`."""

from __future__ import annotations

import io
import zipfile

from docx_builder import W_NS, cell, make_docx, para, row, run, table
from lxml import etree

from eformkit.render.docx_fill import DocxTemplate
from eformkit.render.docx_values import Fill

W = f"{{{W_NS}}}"
BODY = "/w:document/w:body"
PICTURE = (  # a 10 pt inline picture of an empty box, as Word stores one
    '<w:r><w:drawing><wp:inline><wp:extent cx="127000" cy="127000"/><wp:docPr id="1" name="box"/>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"/></a:graphic>'
    "</wp:inline></w:drawing></w:r>"
)
MARK = '<w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:pPr>'


def _doc(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def test_new_blank_kinds_are_written() -> None:
    tpl = DocxTemplate(make_docx("".join([
        table(row(cell(para(run("Giấy xác nhận cư trú"))), cell())),  # a "Đánh dấu X" column cell
        para(run("Đã kết hôn: Có "), PICTURE, run(" Không "), PICTURE),
        para(run("Kính gửi: [Tên cơ quan]")),
        para(run("Lý do xin cấp lại:")),
        para("", ppr=MARK),  # the empty line under the prompt
        para(run("Your "), run("name")),  # a line that is only a prompt, in two runs
    ]), drawing=True))  # fmt: skip
    second_box = f"{BODY}/w:p[1]/w:r[4]/w:drawing/wp:inline"
    links = [
        ("/proof", {"kind": "checkbox_cell", "path": f"{BODY}/w:tbl/w:tr/w:tc[2]"}, Fill(checked=True, value=True)),
        ("/married", {"kind": "choice", "options": {
            "yes": {"kind": "checkbox_picture", "path": f"{BODY}/w:p[1]/w:r[2]/w:drawing/wp:inline"},
            "no": {"kind": "checkbox_picture", "path": second_box}}}, Fill("Không", value="no")),
        ("/agency", {"kind": "placeholder", "path": f"{BODY}/w:p[2]/w:r", "chars": [10, 23]},
         Fill("Công an xã Ea Kar", value=1)),
        ("/reason", {"kind": "empty_line", "path": f"{BODY}/w:p[4]", "lines": 1}, Fill("Bị mất\nthẻ cũ", value=1)),
        ("/name", {"kind": "placeholder", "path": f"{BODY}/w:p[5]"}, Fill("Nguyễn Thị Hoa", value=1)),
    ]  # fmt: skip
    out, report = tpl.fill(links)
    assert report.skipped == [] and len(report.filled) == 5
    doc = _doc(out)
    paras = doc.find(f"{W}body").findall(f"{W}p")
    assert _text(doc.find(f".//{W}tc[2]")) == "X"
    married = paras[0]
    assert _text(married) == "Đã kết hôn: Có  Không ☒"  # the chosen box is ☒, the other picture is kept
    assert len(married.findall(f".//{W}drawing")) == 1
    assert _text(paras[1]) == "Kính gửi: Công an xã Ea Kar"
    reason = paras[3].find(f"{W}r")
    assert _text(reason) == "Bị mấtthẻ cũ" and reason.find(f"{W}br") is not None
    assert reason.find(f"{W}rPr/{W}b") is not None  # the empty line's mark formatting
    assert _text(paras[4]) == "Nguyễn Thị Hoa"
    again, _ = tpl.fill(links)
    assert again == out  # the cached template was restored exactly


def test_an_unchecked_box_leaves_the_picture() -> None:
    tpl = DocxTemplate(make_docx(para(run("Cam đoan "), PICTURE), drawing=True))
    anchor = {"kind": "checkbox_picture", "path": f"{BODY}/w:p/w:r[2]/w:drawing/wp:inline"}
    out, report = tpl.fill([("/ok", anchor, Fill(checked=False, value=False))])
    assert report.filled == ["/ok"] and "☒" not in _text(_doc(out))
    out, report = tpl.fill([("/ok", anchor, Fill(checked=True, value=True))])
    assert _text(_doc(out)) == "Cam đoan ☒" and _doc(out).find(f".//{W}drawing") is None
