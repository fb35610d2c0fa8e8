"""The print view: paper layout pieces and escaping."""

from __future__ import annotations

import datetime as dt

from lxml import html as lxml_html

from eformkit.render.print_view import render_print


def test_paper_layout(mini) -> None:
    data = {
        "full_name": "Nguyễn Thị Hoa", "personal_id": "066190000123", "sex": "female", "urgent": True,
        "members": [{"full_name": "B", "date_of_birth": "2001-02-03", "sex": "male"}],
        "signature": {"place": "Buôn Ma Thuột", "date": "2025-02-05"}, "declaration": True,
    }  # fmt: skip
    page = render_print(mini, data)
    doc = lxml_html.fromstring(page)
    text = doc.text_content()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Mẫu CT01" in text and "Thông tư 66/2023/TT-BCA" in text
    assert "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ" in text and "Kính gửi:" in text
    boxes = [b.text_content() for b in doc.find_class("boxes")[0].find_class("box")]
    assert "".join(boxes) == "066190000123" and len(boxes) == 12
    assert "☒ Nữ" in " ".join(text.split()) and "☐ Nam" in " ".join(text.split())
    assert "Buôn Ma Thuột, ngày 05 tháng 02 năm 2025" in text
    assert "02/01/2001" not in text and "03/02/2001" in text
    assert "(1) Cơ quan đăng ký cư trú." in text
    assert "@page" in page and "size: A4" in page
    assert "other_request" not in page and "Nội dung khác" not in text  # hidden by its condition


def test_blank_print_has_dotted_lines_and_empty_boxes(mini) -> None:
    doc = lxml_html.fromstring(render_print(mini, None, today=dt.date(2025, 2, 5)))
    assert doc.find_class("fill") and all(b.text_content() == "" for b in doc.find_class("box"))


def test_hostile_print(hostile) -> None:
    page = render_print(hostile, {"name": "<img src=x onerror=alert(1)>"})
    doc = lxml_html.fromstring(page)
    assert not doc.findall(".//img") and not doc.findall(".//script")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
