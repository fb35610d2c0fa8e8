"""Turn a paper form's template into a draft form definition the author then reviews.

    python examples/convert_template.py                  # a small plain-text template made here
    python examples/convert_template.py template.docx    # your own Word, HTML or text template

The converter finds the blanks (dotted lines, boxes, "…/…/…" dates, "Có □ Không □" choices), reads their
labels, names the fields from the vocabulary ("Họ, chữ đệm, tên" -> full_name bound to applicant.full_name)
and says what it could not decide. The draft passes `eformkit check` or names what to fix.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from eformkit.schema.convert.errors import ConversionError
from eformkit.schema.convert.pipeline import convert_template

TEMPLATE = """\
TỜ KHAI ĐĂNG KÝ KHAI SINH
Họ, chữ đệm, tên người yêu cầu: ...........................
Ngày, tháng, năm sinh: …/…/…
Họ, chữ đệm, tên người mẹ: ………………… Năm sinh: ……………
Đề nghị cấp bản sao: Có □ Không □
"""


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(argv[0]) if argv else Path(tmp) / "khai_sinh.txt"
        if not argv:
            path.write_text(TEMPLATE, encoding="utf-8")
        try:
            result = convert_template(path)
        except ConversionError as exc:
            print(f"{exc.code}: {exc.message_en}", file=sys.stderr)
            return 2
    print(result.yaml_text)
    print(result.report.to_text(), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
