"""Blank-detection patterns measured as misses on real forms (issue 12, item 6), each on its own fixture:
text fixtures inline, Word fixtures built in code with conv_builder."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conv_builder import NS, build_docx

from eformkit.schema.convert import ConversionResult, convert_template
from eformkit.schema.convert.fields import DraftField
from eformkit.schema.definition import FormDefinition


def _convert(path: Path) -> ConversionResult:
    result = convert_template(path)
    FormDefinition.model_validate(yaml.safe_load(result.yaml_text))  # every draft stays a valid definition
    return result


def _text(source: str, tmp_path: Path, name: str = "form") -> ConversionResult:
    path = tmp_path / f"{name}.txt"
    path.write_text(source, encoding="utf-8")
    return _convert(path)


def _docx(body: list[dict[str, Any]], tmp_path: Path, name: str = "form") -> ConversionResult:
    return _convert(build_docx({"name": name, "body": body}, tmp_path / f"{name}.docx"))


def _by_label(result: ConversionResult) -> dict[str, DraftField]:
    return {f.label: f for f in result.fields}


# -- (c) a prompt ending in ":" above an empty line ------------------------------------------------------

PROMPTS = """ĐƠN ĐỀ NGHỊ
1. Họ và tên: ……………………………
2. Lý do xin cấp lại:

3. Hồ sơ kèm theo gồm:

- Tờ khai
- Bản sao giấy khai sinh
4. Thu nhập trong tháng:

a) Tại Việt Nam: ……………… đồng
Kính gửi:

Ủy ban nhân dân xã
Ý kiến của người làm đơn:


Giấy tờ nộp kèm gồm:

Bản sao giấy khai sinh
Tôi xin cam đoan:

Những lời khai trên là đúng sự thật.
"""


def test_prompt_above_an_empty_line_is_a_blank(tmp_path: Path) -> None:
    result = _text(PROMPTS, tmp_path)
    lines = {f.label: f for f in result.fields if f.blank.encoding == "empty_line"}
    assert set(lines) == {"Lý do xin cấp lại", "Ý kiến của người làm đơn"}
    reason = lines["Lý do xin cấp lại"]
    assert reason.number == "2" and reason.anchor["path"] == "line[4]" and reason.blank.lines == 1
    opinion = lines["Ý kiến của người làm đơn"]
    assert opinion.anchor["path"] == "line[16]" and opinion.anchor["lines"] == 2
    # the lead-ins of a list, of blanks on the lines below, and the addressee are not blanks themselves
    assert {f.label for f in result.fields} >= {"Họ và tên", "Tại Việt Nam"}


def test_prompt_in_a_cell_and_before_a_table(tmp_path: Path) -> None:
    body = [
        {"p": ["TỜ KHAI"]},
        {"table": [["Họ và tên", {"p": ["……………………"]}], [{"ps": [["Ý kiến của gia đình:"], [], []]}, "Ký tên"]]},
        {"p": ["Danh sách thành viên:"]},
        {"p": []},
        {"table": [["STT", "Họ tên", "Quan hệ"], ["", "", ""], ["", "", ""]]},
    ]
    result = _docx(body, tmp_path)
    lines = [f for f in result.fields if f.blank.encoding == "empty_line"]
    assert [(f.label, f.blank.block, f.blank.lines) for f in lines] == [("Ý kiến của gia đình", 1, 2)]
    assert any(
        f.blank.encoding == "table_rows" for f in result.fields
    )  # the table, not the empty line, answers the lead-in


# -- (d) plain-language placeholders ---------------------------------------------------------------------

PLACEHOLDERS = """[Mẫu số 01]
LETTER OF COMPLAINT
Your name
Your address
I, {your full name}, of [City], declare that {explain what happened}.
Name of the company: <insert company name>
[01]. Họ và tên: ……………………
Tick [x] and sign.
[Attach a copy of the receipt here]
"""


def test_bracketed_and_your_placeholders_are_blanks(tmp_path: Path) -> None:
    result = _text(PLACEHOLDERS, tmp_path)
    held = [(f.label, f.blank.hint) for f in result.fields if f.blank.encoding == "placeholder"]
    assert held == [
        ("Your name", "Your name"),
        ("Your address", "Your address"),
        ("your full name", "your full name"),
        ("City", "City"),
        ("explain what happened", "explain what happened"),
        ("Name of the company", "insert company name"),
    ]
    what = next(f for f in result.fields if f.blank.hint == "explain what happened")
    line = PLACEHOLDERS.splitlines()[4]
    start = line.index("{explain")
    assert what.anchor["path"] == "line[5]" and what.anchor["chars"] == [start, line.index(".", start) + 0]
    numbered = _by_label(result)["Họ và tên"]
    assert numbered.number == "01" and numbered.blank.encoding == "dots"  # "[01]" is numbering, "[x]" a mark
    assert len(result.fields) == 7  # "[Attach … here]" asks for no writing


def test_your_line_in_word_points_at_its_run(tmp_path: Path) -> None:
    result = _docx([{"p": ["Your Name"]}, {"p": ["Phone: ", "[Your Phone Number]"]}], tmp_path)
    name, phone = result.fields
    assert (name.label, phone.label) == ("Your Name", "Phone")
    with zipfile.ZipFile(tmp_path / "form.docx") as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    for field, printed in ((name, "Your Name"), (phone, "[Your Phone Number]")):
        (run,) = root.getroottree().xpath(field.anchor["path"], namespaces=NS)
        start, end = field.anchor["chars"]
        assert "".join(run.itertext())[start:end] == printed


# -- (e) a footnote mark inside a dotted blank -----------------------------------------------------------


def test_footnote_mark_does_not_split_a_blank(tmp_path: Path) -> None:
    source = (
        "TỜ KHAI\nHọ và tên: ……………………(1)……………………\nNơi cư trú: ……………… (2) ………………\n"
        "Ghi chú:\n(1) Ghi chữ in hoa.\n(2) Nơi thường trú.\n"
    )
    result = _text(source, tmp_path)
    assert [(f.label, f.blank.notes, f.help) for f in result.fields] == [
        ("Họ và tên", ["1"], "Ghi chữ in hoa."),
        ("Nơi cư trú", ["2"], "Nơi thường trú."),
    ]
    name, line = result.fields[0].anchor, source.splitlines()[1]
    mark = line.index("(1)")
    assert name["chars"] == [11, mark] and name["parts"] == [{"path": "line[2]", "chars": [mark + 3, len(line)]}]


def test_superscript_mark_between_dot_runs_in_word(tmp_path: Path) -> None:
    body = [{"p": ["Họ và tên: …………………", {"sup": "3"}, "…………………"]}, {"p": ["Ghi chú:"]}, {"p": ["(3) Ghi chữ in hoa."]}]
    (field,) = _docx(body, tmp_path).fields
    assert field.label == "Họ và tên" and field.help == "Ghi chữ in hoa." and len(field.anchor["parts"]) == 1


# -- (f) decorative rules under the motto and the title --------------------------------------------------

RULES = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
________________________
……………, ngày …… tháng …… năm ……
ĐƠN ĐỀ NGHỊ
Về việc hưởng chế độ ốm đau
___________
Kính gửi: ……………………………
Nội dung đề nghị:
______________________________
NGƯỜI LÀM ĐƠN
______________________________
"""


def test_rules_under_the_motto_and_title_are_not_blanks(tmp_path: Path) -> None:
    result = _text(RULES, tmp_path)
    lines = sorted({f.blank.block for f in result.fields})
    assert 2 not in lines and 6 not in lines  # the rules under the motto and under the subtitle
    assert [f.label for f in result.fields if f.blank.block == 9] == ["Nội dung đề nghị"]
    assert [f.blank.encoding for f in result.fields if f.blank.block == 11] == ["dots"]  # after the fields: kept
    assert {3, 7} <= set(lines)


def test_underscore_line_under_an_upper_case_prompt_is_a_blank(tmp_path: Path) -> None:
    result = _text("ĐƠN ĐỀ NGHỊ\nTÊN CƠ QUAN ĐỀ NGHỊ:\n______________________\nHọ và tên: ………………\n", tmp_path)
    assert [(f.blank.block, f.label) for f in result.fields] == [(2, "TÊN CƠ QUAN ĐỀ NGHỊ"), (3, "Họ và tên")]


def test_rule_under_the_motto_in_a_header_table(tmp_path: Path) -> None:
    motto = [["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], ["Độc lập - Tự do - Hạnh phúc"], ["_______________"]]
    header = [[{"ps": [["ỦY BAN NHÂN DÂN"], ["_______"]]}, {"ps": motto}]]
    result = _docx([{"table": header}, {"p": ["TỜ KHAI"]}, {"p": ["Họ và tên: ……………………"]}], tmp_path)
    assert [f.label for f in result.fields] == ["Họ và tên"]


# -- (g) the citizen's signing date inside an officials' area --------------------------------------------

SIGNING = """ĐƠN XIN MIỄN GIẢM HỌC PHÍ
Họ và tên: ……………………………
Xác nhận của Khoa
(hoặc bộ phận Quản lý sinh viên)
Ý kiến của Khoa: ……………………………

……………, ngày …… tháng …… năm ……

Người làm đơn
(Ký tên và ghi rõ họ tên)
"""


def test_citizen_signing_date_is_kept_under_an_officials_heading(tmp_path: Path) -> None:
    result = _text(SIGNING, tmp_path)
    assert [(f.blank.block, f.blank.encoding) for f in result.fields] == [(1, "dots"), (6, "dots"), (6, "date")]
    assert "1 blank(s) under 'Xác nhận của Khoa'" in "\n".join(result.report.warnings)


def test_officials_own_date_stays_left_out(tmp_path: Path) -> None:
    source = SIGNING.replace("Người làm đơn", "TRƯỞNG KHOA")
    result = _text(source, tmp_path)
    assert [f.blank.block for f in result.fields] == [1]
    assert "3 blank(s) under 'Xác nhận của Khoa'" in "\n".join(result.report.warnings)


def test_citizen_signing_rows_are_kept_under_an_officials_heading_row(tmp_path: Path) -> None:
    rows = [
        ["XÁC NHẬN CỦA ỦY BAN NHÂN DÂN XÃ"],
        [{"p": ["Ý kiến: ……………………"]}],
        [{"p": ["……………, ngày …… tháng …… năm ……"]}],
        ["NGƯỜI LÀM ĐƠN"],
        [{"p": ["Họ và tên: ……………………"]}],
    ]
    result = _docx([{"p": ["TỜ KHAI"]}, {"table": rows}], tmp_path)
    assert [f.blank.encoding for f in result.fields] == ["dots", "date", "dots"]
    assert result.fields[-1].label == "Họ và tên"
    assert "1 blank(s) in table cells for officials" in "\n".join(result.report.warnings)


# -- (a) checkboxes drawn as inline pictures -------------------------------------------------------------


def test_small_inline_pictures_are_checkboxes(tmp_path: Path) -> None:
    body = [
        {"p": [{"pic": [80, 60]}]},  # a logo
        {"p": ["TỜ KHAI"]},
        {"p": ["Đã từng đăng ký: Có ", {"pic": [10, 10]}, ", Không ", {"pic": [10, 10]}]},
        {"p": ["Giới tính: ", {"vpic": [9, 9.5]}, " Nam ", {"vpic": [9, 9.5]}, " Nữ"]},
        {"p": [{"pic": [11, 10]}, " Tôi cam đoan những lời khai trên là đúng."]},
        {"p": ["Ảnh 4x6 ", {"pic": [40, 60]}]},  # a photo frame: too large and not square
    ]
    result = _docx(body, tmp_path)
    got = [(f.blank.block, f.blank.encoding, f.blank.base, f.label, f.options) for f in result.fields]
    assert got == [
        (2, "choice", "checkbox_picture", "Đã từng đăng ký", ["Có", "Không"]),
        (3, "choice", "checkbox_picture", "Giới tính", ["Nam", "Nữ"]),
        (4, "checkbox_picture", "", "Tôi cam đoan những lời khai trên là đúng", []),
    ]
    with zipfile.ZipFile(tmp_path / "form.docx") as zf:
        root = etree.fromstring(zf.read("word/document.xml")).getroottree()
    anchor = result.fields[0].anchor
    boxes = [anchor["path"], *anchor["parts"]]
    assert [etree.QName(root.xpath(p, namespaces=NS)[0]).localname for p in boxes] == ["inline", "inline"]
    assert result.fields[2].blank.kind == "checkbox"


# -- (b) a column of empty cells under "Đánh dấu X" ------------------------------------------------------

LONG_ITEM = (
    "Bản sao giấy khai sinh của người con chưa thành niên, được cấp theo quy định của pháp luật hiện hành về hộ tịch"
)


def test_empty_cells_under_a_mark_header_are_checkboxes(tmp_path: Path) -> None:
    body = [
        {"p": ["GIẤY TỜ NỘP KÈM"]},
        {"table": [["STT", "Tên giấy tờ", "Đánh dấu X"], ["1", LONG_ITEM, ""], ["2", "Giấy xác nhận cư trú", ""]]},
        {
            "table": [["Câu hỏi", "Có", "Không"], ["Đã từng đăng ký thường trú?", "", ""], ["Ví dụ", "x", ""]]
        },  # an example row, ticked
        {"table": [["Họ và tên", ""], ["Nghề nghiệp", ""]]},  # label | empty cell: still text cells
        {"table": [["Nội dung", "Checked by"], ["Hồ sơ đầy đủ", ""]]},  # not a column to tick
    ]
    result = _docx(body, tmp_path)
    got = [(f.blank.block, f.blank.encoding, f.label, f.options) for f in result.fields]
    assert got == [
        (1, "checkbox_cell", LONG_ITEM, []),
        (1, "checkbox_cell", "Giấy xác nhận cư trú", []),
        (2, "choice", "Đã từng đăng ký thường trú?", ["Có", "Không"]),
        (3, "table_cell", "Họ và tên", []),
        (3, "table_cell", "Nghề nghiệp", []),
        (4, "table_cell", "Hồ sơ đầy đủ", []),
    ]
    assert [f.blank.kind for f in result.fields[:3]] == ["checkbox", "checkbox", "choice"]
    assert result.fields[0].blank.header == "Đánh dấu X"
    choice = result.fields[2].anchor
    assert choice["piece_kind"] == "checkbox_cell" and len(choice["parts"]) == 1


# -- further misses of the original-dots corpus variant --------------------------------------------------


def test_blank_running_on_into_the_next_line_is_one_blank(tmp_path: Path) -> None:
    source = (
        "THÔNG BÁO\n"
        "Nhưng vì lý do ………………………………………………\n"
        "…………………………… nên tôi gửi thông báo này.\n"
        "Họ và tên: ………………………………\n"
        "……………………, ngày …… tháng …… năm ……\n"
    )
    result = _text(source, tmp_path)
    reason = result.fields[0]
    assert reason.label == "Nhưng vì lý do" and reason.anchor["lines"] == 2
    assert reason.anchor["parts"] == [{"path": "line[3]", "chars": [0, source.splitlines()[2].index(" nên")]}]
    assert [f.blank.block for f in result.fields] == [1, 3, 4, 4]  # a new label, or the place line: new blanks


def test_tab_between_dot_runs_after_a_label_and_a_short_run_before_thang(tmp_path: Path) -> None:
    source = (
        "ĐƠN ĐỀ NGHỊ\n"
        "Là cha/mẹ của em: ……………………..\t………….\n"
        "……………\t……………\n"
        "(Người khai)\t(Người làm chứng)\n"
        "Theo giấy ủy quyền ngày làm việc ...tháng….năm…. của ……\n"
    )
    result = _text(source, tmp_path)
    child = result.fields[0]
    assert child.label == "Là cha/mẹ của em" and child.blank.block == 1 and len(child.anchor["parts"]) == 1
    assert [f.label for f in result.fields if f.blank.block == 2] == ["Người khai", "Người làm chứng"]  # columns
    pieces = [f.blank for f in result.fields if f.blank.block == 4]  # "...tháng": three dots before a date word
    assert len(pieces) == 4 and pieces[0].right.startswith("tháng") and pieces[0].chars is not None


def test_small_floating_pictures_are_drawn_boxes(tmp_path: Path) -> None:
    body = [
        {"p": ["TỜ KHAI", {"apic": [60, 80, 400]}]},  # a photo frame
        {"p": ["Tôi đồng ý nhận kết quả qua bưu điện", {"apic": [10, 10, 300]}]},
    ]
    (field,) = _docx(body, tmp_path).fields
    assert field.blank.encoding == "checkbox_shape" and field.label == "Tôi đồng ý nhận kết quả qua bưu điện"
    assert field.anchor["path"].endswith("wp:anchor")


def test_small_images_in_html_are_checkboxes(tmp_path: Path) -> None:
    path = tmp_path / "form.html"
    path.write_text(
        "<html><body><p>TỜ KHAI</p><p><img src='logo.png' width='120' height='80'></p>"
        "<p>Đã kết hôn: Có <img src='box.png' width='12' height='12'>, Không <img src='box.png' style='width:12px;"
        "height:12px'></p></body></html>",
        encoding="utf-8",
    )
    (field,) = _convert(path).fields
    assert (field.label, field.options, field.blank.base) == ("Đã kết hôn", ["Có", "Không"], "checkbox_picture")


def test_malformed_picture_size_is_no_box_and_no_crash(tmp_path: Path) -> None:
    path = build_docx({"name": "form", "body": [{"p": ["Đồng ý ", {"pic": [10, 10]}]}]}, tmp_path / "form.docx")
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    size = str(10 * 12700).encode()
    parts["word/document.xml"] = parts["word/document.xml"].replace(b'cx="' + size, b'cx="1e5x' + size)
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    assert not [f for f in _convert(path).fields if f.blank.kind in ("checkbox", "choice")]
