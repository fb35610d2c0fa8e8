"""Small Word templates built in code (the real templates are never committed)."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>'
    '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="26"/>'
    "</w:rPr></w:rPrDefault></w:docDefaults>" + "<!-- padding -->" * 200 + "</w:styles>"
)
RPR = '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:i/><w:sz w:val="26"/></w:rPr>'
LEADER = '<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9000"/></w:tabs></w:pPr>'


def run(text: str = "", *, tab: bool = False, rpr: str = RPR) -> str:
    inner = f'<w:t xml:space="preserve">{escape(text)}</w:t>' if text else ""
    return f"<w:r>{rpr}{inner}{'<w:tab/>' if tab else ''}</w:r>"


def para(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def cell(content: str = "") -> str:
    return f"<w:tc><w:tcPr/>{content or '<w:p/>'}</w:tc>"


def table(*rows: str) -> str:
    cols = rows[0].count("<w:tc>") if rows else 0
    grid = "".join('<w:gridCol w:w="700"/>' for _ in range(cols))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def row(*cells: str) -> str:
    return f"<w:tr>{''.join(cells)}</w:tr>"


DRAWING_NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def make_docx(
    body: str, *, extra: dict[str, bytes] | None = None, stored_styles: bool = False, drawing: bool = False
) -> bytes:
    """A .docx holding `body` (WordprocessingML body content), with styles and relationships
    (`drawing`: the root also declares the DrawingML / VML prefixes, as Word writes them)."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"{" " + DRAWING_NS if drawing else ""}>'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        z.writestr("word/document.xml", document)
        z.writestr("word/styles.xml", STYLES, compress_type=zipfile.ZIP_STORED if stored_styles else None)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def digit_row(label: str) -> str:
    return table(row(cell(para(run(label))), *[cell() for _ in range(12)]))


def ct01_template() -> bytes:
    """A CT01-like template: dots, leader tabs, digit cells, a member table, checkboxes, a signature line."""
    heads = ("TT", "Họ, chữ đệm và tên", "Ngày, tháng, năm sinh", "Giới tính", "Số định danh cá nhân",
             "Mối quan hệ với chủ hộ")  # fmt: skip
    members_header = row(*(cell(para(run(h))) for h in heads))
    members_rows = "".join(row(*(cell() for _ in range(6))) for _ in range(4))
    body = "".join([
        para(run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
        para(run("Độc lập - Tự do - Hạnh phúc")),
        para(run("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ")),
        para(run("Kính gửi: "), run("…………………………………………")),
        para(run("1. Họ, chữ đệm và tên:"), run(tab=True), ppr=LEADER),
        para(run("2. Ngày, tháng, năm sinh: "), run("……"), run("/"), run("……"), run("/"), run("…………"),
             run("   3. Giới tính: "), run("……………")),
        digit_row("4. Số định danh cá nhân:"),
        para(run("5. Số điện thoại liên hệ: "), run("………………"), run(" 6. Email: "), run("………………")),
        para(run("7. Họ, chữ đệm và tên chủ hộ:"), run(tab=True), run(" 8. Mối quan hệ với chủ hộ: "),
             run("…………"), ppr=LEADER),
        digit_row("9. Số định danh cá nhân của chủ hộ:"),
        para(run("10. Nội dung đề nghị:"), run(tab=True), ppr=LEADER),
        para(run("11. Những thành viên trong hộ gia đình cùng thay đổi:")),
        table(members_header, members_rows),
        para(run("☐ Đề nghị giải quyết nhanh")),
        para(run("………, ngày …… tháng …… năm ……")),
        para(run("NGƯỜI KÊ KHAI")),
    ])  # fmt: skip
    return make_docx(body)


# Links from forms/vn.bca.ct01.yaml fields to ct01_template() blanks, as an author writes them.
CT01_LINKS: dict[str, dict[str, object]] = {
    "/full_name": {"kind": "after_text", "text": "Họ, chữ đệm và tên:"},
    "/date_of_birth": {"kind": "after_text", "text": "Ngày, tháng, năm sinh:", "pieces": 3},
    "/sex": {"kind": "after_text", "text": "Giới tính:"},
    "/personal_id": {"kind": "after_text", "text": "4. Số định danh cá nhân:", "cells": 12},
    "/phone": {"kind": "after_text", "text": "Số điện thoại liên hệ:"},
    "/email": {"kind": "after_text", "text": "Email:"},
    "/household_head_name": {"kind": "after_text", "text": "tên chủ hộ:"},
    "/relationship_to_head": {"kind": "after_text", "text": "Mối quan hệ với chủ hộ:"},
    "/household_head_personal_id": {"kind": "after_text", "text": "Số định danh cá nhân của chủ hộ:", "cells": 12},
    "/request_kind": {"kind": "after_text", "text": "Nội dung đề nghị:"},
    "/members": {"kind": "after_text", "text": "Những thành viên trong hộ gia đình", "table": True},
}

CT01_DATA = {
    "full_name": "Nguyễn Thị Hoa",
    "date_of_birth": "1990-03-27",
    "sex": "female",
    "personal_id": "066190000123",
    "phone": "0912345678",
    "email": "hoa@example.vn",
    "household_head_name": "Trần Văn Bình",
    "relationship_to_head": "wife",
    "household_head_personal_id": "066085000111",
    "request_kind": "permanent_registration",
    "members": [
        {"full_name": "Trần Minh Châu", "date_of_birth": "2015-01-02", "sex": "male",
         "personal_id": "066215000001", "relationship_to_household_head": "child"},
        {"full_name": "Trần Minh Anh", "date_of_birth": "2017-05-09", "sex": "female",
         "personal_id": "066317000002", "relationship_to_household_head": "child"},
    ],
}  # fmt: skip


ULINE = '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:u w:val="single"/></w:rPr>'
BOLD = '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:b/><w:sz w:val="26"/></w:rPr>'
LEADERS = (  # three dot-leader stops: three blanks on one line
    '<w:pPr><w:tabs><w:tab w:val="left" w:leader="dot" w:pos="3000"/><w:tab w:val="left" w:leader="dot" '
    'w:pos="6000"/><w:tab w:val="left" w:leader="dot" w:pos="9000"/></w:tabs></w:pPr>'
)
CONTROL_RPR = '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="28"/></w:rPr>'
PLACEHOLDER_RPR = '<w:rPr><w:rStyle w:val="PlaceholderText"/><w:color w:val="808080"/></w:rPr>'


def control(placeholder: str, *, rpr: str = CONTROL_RPR) -> str:
    """A plain-text content control showing its placeholder; its own run properties in ``sdtPr``."""
    return (
        f"<w:sdt><w:sdtPr>{rpr}<w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent>"
        f"{run(placeholder, rpr=PLACEHOLDER_RPR)}</w:sdtContent></w:sdt>"
    )


def address_template() -> bytes:
    """A Vietnamese address printed in parts twice: leader tabs (one run each), then dots in one run."""
    body = "".join([
        para(run("1. Họ, chữ đệm và tên:"), run(tab=True), ppr=LEADER),
        para(run("2. Nơi thường trú: Số nhà, đường/phố:"), run(tab=True, rpr=BOLD), ppr=LEADER),
        para(run("Xã:"), run(tab=True), run("Huyện:"), run(tab=True), run("Tỉnh:"), run(tab=True, rpr=BOLD),
             ppr=LEADERS),
        para(run("3. Nơi đăng ký khai sinh: Xã/Phường: ………… Huyện: ………… Tỉnh/Thành phố: …………")),
    ])  # fmt: skip
    return make_docx(body)


def english_dates_template() -> bytes:
    """English dates: "this __ day of ___, 20__" (underlined tabs), "dated ___, 20__" (dots in one run),
    Day / Month / Year content controls, and a Vietnamese "…/…/" date with its year left open."""
    tab_u = run(tab=True, rpr=ULINE)
    body = "".join([
        para(run("Executed under seal this "), tab_u, run(" day of "), tab_u, run(", 20"), tab_u, run(".")),
        para(run("Condominium created by Master Deed dated ____________, 20____ and recorded.")),
        para(run("I, the testator, sign this instrument this "), control("Day"), run(" day of "), control("Month"),
             run(", "), control("Year"), run(" and declare it my Will.")),
        para(run("Ngày, tháng, năm sinh: "), f"<w:r>{RPR}<w:tab/><w:t>/</w:t></w:r>",
             f'<w:r>{RPR}<w:tab/><w:t xml:space="preserve">/ [14.4]. Nơi đăng ký</w:t></w:r>', ppr=LEADERS),
    ])  # fmt: skip
    return make_docx(body)


def box(x: int) -> str:
    """A small drawn rectangle at `x` EMU (DrawingML, with its VML fallback), as Word writes digit boxes."""
    size = '<wp:extent cx="304800" cy="219075"/>'
    return (
        '<w:r><w:rPr><w:noProof/></w:rPr><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" '
        'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>{size}'
        f'<wp:wrapNone/><wp:docPr id="{x % 10000 + 1}" name="Rectangle"/><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        '<wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="304800" cy="219075"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        '<wps:bodyPr lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t"><a:noAutofit/></wps:bodyPr>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        f'<v:rect style="position:absolute;margin-left:{x / 12700:.0f}pt;width:24pt;height:17.25pt"/>'
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def digit_boxes_template() -> bytes:
    """A personal ID printed as 12 drawn boxes after its label, boxes stored right to left as Word often does."""
    boxes = "".join(box(2000000 + 304800 * i) for i in reversed(range(12)))
    return make_docx(para(boxes, run("5. Số CMND/CCCD: ", rpr=BOLD)) + para(run("6. Dân tộc: ……")), drawing=True)
