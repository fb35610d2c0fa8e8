"""The catalogue of finding codes: stable ids, severities and bilingual messages that name the fix.

Each entry's templates take keyword arguments; `make_finding` fills them in. Every code has a page in
`docs/findings.md`.
"""

from __future__ import annotations

from dataclasses import dataclass

from eformkit.errors import Finding, Severity

__all__ = ["CODES", "Code", "make_finding"]


@dataclass(frozen=True, slots=True)
class Code:
    severity: Severity
    en: str
    vi: str


E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Code] = {
    # reading the file
    "EFK-YAML-001": Code(E, "{detail}", "{detail_vi}"),
    "EFK-YAML-002": Code(E, "{detail}", "{detail_vi}"),
    "EFK-YAML-003": Code(E, "{detail}", "{detail_vi}"),
    "EFK-YAML-004": Code(E, "{detail}", "{detail_vi}"),
    "EFK-YAML-005": Code(E, "{detail}", "{detail_vi}"),
    "EFK-YAML-006": Code(E, "{detail}", "{detail_vi}"),
    "EFK-IO-001": Code(E, "cannot read the file: {detail}", "không đọc được tệp: {detail}"),
    # shape of the definition
    "EFK-KEY-001": Code(
        E, "unknown key '{key}'; remove it or fix its spelling", "khóa không hợp lệ '{key}'; xóa hoặc sửa chính tả"
    ),
    "EFK-KEY-002": Code(E, "missing required key '{key}'; add it", "thiếu khóa bắt buộc '{key}'; hãy thêm vào"),
    "EFK-VALUE-001": Code(E, "invalid value: {detail}", "giá trị không hợp lệ: {detail}"),
    "EFK-VALUE-002": Code(E, "{detail}", "{detail_vi}"),
    # fields
    "EFK-FIELD-001": Code(
        E,
        "field id '{id}' is used twice (also at {other}); field ids are unique in a form, rename one",
        "mã trường '{id}' bị trùng (cả ở {other}); mã trường phải là duy nhất trong biểu mẫu, hãy đổi tên một trường",
    ),
    "EFK-FIELD-002": Code(
        E,
        "field '{id}' has no type; add 'type:' or bind it with 'prefill:' to inherit the element's type",
        "trường '{id}' chưa có kiểu; thêm 'type:' hoặc gắn 'prefill:' để lấy kiểu của phần tử dữ liệu",
    ),
    "EFK-FIELD-003": Code(
        E,
        "choice field '{id}' needs 'list:' (a shared list) or 'options:'",
        "trường lựa chọn '{id}' cần 'list:' (danh mục dùng chung) hoặc 'options:'",
    ),
    "EFK-FIELD-004": Code(
        E,
        "field '{id}' has no label; add 'label:' as printed on the paper form",
        "trường '{id}' chưa có nhãn; thêm 'label:' đúng như trên mẫu giấy",
    ),
    "EFK-FIELD-005": Code(
        E,
        "field id '{id}' is not snake_case; use lower-case letters, digits and '_' (e.g. '{fix}')",
        "mã trường '{id}' không đúng dạng snake_case; dùng chữ thường, số và '_' (ví dụ '{fix}')",
    ),
    "EFK-FIELD-006": Code(
        E,
        "'{key}' does not apply to a field of type '{type}'; remove it",
        "'{key}' không áp dụng cho trường kiểu '{type}'; hãy xóa",
    ),
    "EFK-FIELD-007": Code(
        E,
        "table '{id}' needs 'columns:'",
        "bảng '{id}' cần khai báo 'columns:'",
    ),
    "EFK-FIELD-008": Code(
        E,
        "default {value!r} is not valid for field '{id}': {detail}",
        "giá trị mặc định {value!r} không hợp lệ cho trường '{id}': {detail}",
    ),
    "EFK-FIELD-009": Code(
        E,
        "constraint '{rule}' does not apply to a field of type '{type}'; remove it or change the type",
        "ràng buộc '{rule}' không áp dụng cho trường kiểu '{type}'; hãy xóa hoặc đổi kiểu",
    ),
    "EFK-FIELD-010": Code(
        E,
        "pattern {value!r} is not a valid regular expression: {detail}",
        "mẫu {value!r} không phải biểu thức chính quy hợp lệ: {detail}",
    ),
    "EFK-FIELD-011": Code(
        E,
        "min_rows ({min}) is greater than max_rows ({max}); swap or fix them",
        "min_rows ({min}) lớn hơn max_rows ({max}); hãy sửa lại",
    ),
    # references
    "EFK-REF-001": Code(E, "unknown choice list '{name}'", "không có danh mục '{name}'"),
    "EFK-REF-002": Code(E, "unknown block '{name}'", "không có khối '{name}'"),
    "EFK-REF-003": Code(E, "unknown role '{name}'", "không có vai trò '{name}'"),
    "EFK-REF-004": Code(
        E,
        "unknown document type '{name}' (not in list 'document_type')",
        "loại giấy tờ '{name}' không có trong danh mục",
    ),
    "EFK-REF-005": Code(
        E,
        "list '{name}' is already defined by the pack; reference it instead of redefining it, or rename yours",
        "danh mục '{name}' đã có trong gói dữ liệu; hãy tham chiếu thay vì định nghĩa lại, hoặc đổi tên",
    ),
    "EFK-REF-006": Code(
        E,
        "'{name}' in block '{block}' is not a vocabulary attribute",
        "'{name}' trong khối '{block}' không phải thuộc tính",
    ),
    "EFK-REF-007": Code(
        E,
        "compute '{name}' names an unknown field",
        "compute '{name}' tham chiếu trường không tồn tại",
    ),
    # bindings
    "EFK-BIND-001": Code(E, "unknown data element '{name}'", "không có phần tử dữ liệu '{name}'"),
    "EFK-BIND-002": Code(
        E,
        "element '{name}' is of type '{etype}', which does not fit a field of type '{ftype}'; change the field type "
        "or bind another element",
        "phần tử '{name}' có kiểu '{etype}', không khớp trường kiểu '{ftype}'; đổi kiểu trường hoặc gắn phần tử khác",
    ),
    "EFK-BIND-003": Code(
        E,
        "element '{name}' uses list '{elist}' but the field uses list '{flist}'; use '{elist}'",
        "phần tử '{name}' dùng danh mục '{elist}' nhưng trường dùng '{flist}'; hãy dùng '{elist}'",
    ),
    "EFK-BIND-004": Code(
        E,
        "table rows must come from a collection (e.g. 'household.members'), not '{name}'",
        "dòng của bảng phải lấy từ một tập hợp (ví dụ 'household.members'), không phải '{name}'",
    ),
    "EFK-BIND-005": Code(
        E,
        "'{name}' is not an attribute of a {subject}; name an attribute or give the field a 'type:'",
        "'{name}' không phải thuộc tính của {subject}; hãy dùng tên thuộc tính hoặc khai báo 'type:' cho trường",
    ),
    "EFK-BIND-006": Code(
        W,
        "'{name}' is a whole collection; bind it on a table's 'rows:', not on a field",
        "'{name}' là một tập hợp; hãy gắn ở 'rows:' của bảng, không gắn ở trường",
    ),
    # conditions
    "EFK-EXPR-001": Code(E, "condition does not parse: {detail}", "điều kiện sai cú pháp: {detail_vi}"),
    "EFK-EXPR-002": Code(E, "condition names unknown field '{name}'", "điều kiện dùng trường không tồn tại '{name}'"),
    "EFK-EXPR-003": Code(
        E,
        "value {value!r} can never match field '{name}' (list '{list}')",
        "giá trị {value!r} không bao giờ khớp trường '{name}' (danh mục '{list}')",
    ),
    "EFK-EXPR-004": Code(
        E,
        "condition compares field '{name}' of type '{type}' with {value!r}; {detail}",
        "điều kiện so sánh trường '{name}' kiểu '{type}' với {value!r}; {detail_vi}",
    ),
    "EFK-EXPR-005": Code(
        E,
        "condition on '{name}' refers to itself or to a field inside a table; refer to other fields outside tables",
        "điều kiện của '{name}' tham chiếu chính nó hoặc trường trong bảng; hãy dùng trường khác ngoài bảng",
    ),
    # translations and once-only
    "EFK-I18N-001": Code(
        W,
        "missing '{lang}' translation of {what}; write it as {{vi: ..., {lang}: ...}}",
        "thiếu bản dịch '{lang}' của {what}; hãy viết dạng {{vi: ..., {lang}: ...}}",
    ),
    "EFK-ONCE-001": Code(
        W,
        "label '{label}' names data the state already holds, but the field has no prefill; add 'prefill: {element}'",
        "nhãn '{label}' là dữ liệu Nhà nước đã có, nhưng trường chưa gắn prefill; thêm 'prefill: {element}'",
    ),
    # catalogue
    "EFK-FORM-001": Code(
        E,
        "form id '{id}' is also used by {other}; form ids are unique in a catalogue",
        "mã biểu mẫu '{id}' đã dùng ở {other}; mã biểu mẫu phải duy nhất trong danh mục",
    ),
    "EFK-FORM-002": Code(
        W,
        "form has no legal basis; add 'legal_basis: {{instrument: ..., effective: ...}}'",
        "biểu mẫu chưa có căn cứ pháp lý; thêm 'legal_basis: {{instrument: ..., effective: ...}}'",
    ),
    "EFK-FORM-003": Code(
        W,
        "form binds registry data but declares no 'purpose'; prefill sources need it",
        "biểu mẫu lấy dữ liệu nhưng chưa khai 'purpose'; nguồn dữ liệu cần mục đích sử dụng",
    ),
    "EFK-FORM-004": Code(E, "unknown pack '{name}'", "không có gói dữ liệu '{name}'"),
}


def make_finding(
    code: str,
    *,
    file: str | None = None,
    pointer: str = "",
    line: int | None = None,
    column: int | None = None,
    suggestion: str | None = None,
    **params: object,
) -> Finding:
    """Build a Finding from the catalogue entry `code` and its template parameters."""
    spec = CODES[code]
    params.setdefault("detail_vi", params.get("detail", ""))
    en = spec.en.format(**params)
    vi = spec.vi.format(**params)
    if suggestion:
        en += f" (did you mean {suggestion}?)"
        vi += f" (có phải {suggestion}?)"
    return Finding(
        code=code,
        severity=spec.severity,
        message_en=en,
        message_vi=vi,
        file=file,
        pointer=pointer,
        line=line,
        column=column,
        suggestion=suggestion,
    )
