"""A tamper-evident token over the locked values, and the check at submission.

The token is ``base64url(payload).base64url(HMAC-SHA256(key, payload))``. The payload holds the form
id, a keyed hash of the subject, an expiry, and for every locked field a keyed digest of its value
(canonical JSON after NFC), never the value itself, so a token that leaks leaks no personal data.
Locked tables hold one digest per row, indexed by a digest of the row's key, so rows are compared
by key, not position: reordering is fine, changing, adding or (unless the table is a pick list)
removing a row is not.

`verify_submission` derives what is locked only from the signed token, never from the submission:
a client cannot unlock a field by omitting it, renaming it or sending a flag.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from eformkit.pointers import MISSING, get
from eformkit.prefill.result import PrefillResult
from eformkit.text import nfc_deep

__all__ = ["TamperProblem", "TokenCheck", "canonical_json", "issue_token", "verify_submission"]

_MESSAGES = {
    "malformed": ("Mã xác thực dữ liệu điền sẵn không hợp lệ.", "The prefill token is malformed."),
    "signature": ("Mã xác thực dữ liệu điền sẵn đã bị thay đổi.", "The prefill token has been altered."),
    "expired": ("Phiên điền sẵn đã hết hạn; vui lòng tải lại biểu mẫu.", "The prefill session expired."),
    "form": ("Mã xác thực thuộc về biểu mẫu khác.", "The prefill token belongs to another form."),
    "subject": ("Mã xác thực thuộc về người khác.", "The prefill token belongs to another person."),
    "changed": ("Thông tin đã được xác thực từ cơ sở dữ liệu không được sửa.", "A verified value was changed."),
    "removed": ("Thiếu thông tin đã được xác thực từ cơ sở dữ liệu.", "A verified value is missing."),
    "row_changed": ("Một dòng đã được xác thực bị sửa.", "A verified row was changed."),
    "row_added": ("Không được thêm dòng không có trong cơ sở dữ liệu.", "A row not held in the registry was added."),
    "row_removed": ("Một dòng đã được xác thực bị xóa.", "A verified row was removed."),
    "row_duplicate": ("Một dòng bị lặp lại.", "A row appears twice."),
    "not_a_table": ("Bảng đã được xác thực bị thay bằng dữ liệu khác.", "A verified table was replaced."),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class TamperProblem:
    """One refused change (pointer and code only: the message never quotes the value)."""

    pointer: str
    code: str

    @property
    def message_vi(self) -> str:
        return _MESSAGES[self.code][0]

    @property
    def message_en(self) -> str:
        return _MESSAGES[self.code][1]


@dataclass(slots=True)
class TokenCheck:
    """The verdict: `ok` only when there is no problem."""

    problems: list[TamperProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def canonical_json(value: Any) -> bytes:
    """Canonical JSON: NFC text, sorted keys, no spaces (so equal data always digests the same)."""
    text = json.dumps(nfc_deep(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8")


def _digest(key: bytes, value: Any) -> str:
    return hmac.new(key, canonical_json(value), hashlib.sha256).hexdigest()[:40]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _row_digest(key: bytes, row: Any, columns: list[str]) -> str:
    if not isinstance(row, Mapping):
        return _digest(key, ["not-a-row", row])
    # A missing column and a null column must differ, or dropping a column would pass.
    return _digest(key, [[c, row[c]] if c in row else [c] for c in columns])


def issue_token(result: PrefillResult, *, key: bytes, subject: str, ttl: float = 3600, now: float | None = None) -> str:
    """Sign the locked values of `result` for `subject`; valid `ttl` seconds."""
    locked: dict[str, str] = {}
    tables: dict[str, Any] = {}
    for pointer in sorted(result.locked):
        value = result.values[pointer]
        key_col = result.row_keys.get(pointer)
        if isinstance(value, list) and key_col is not None:
            columns = sorted({c for row in value if isinstance(row, Mapping) for c in row})
            rows = {_digest(key, row.get(key_col)): _row_digest(key, row, columns) for row in value}
            tables[pointer] = {"key": key_col, "cols": columns, "pick": pointer in result.picks, "rows": rows}
        else:
            locked[pointer] = _digest(key, value)
    payload = {
        "v": 1,
        "form": result.form_id,
        "sub": _digest(key, subject),
        "exp": int((time.time() if now is None else now) + ttl),
        "locked": locked,
        "tables": tables,
    }
    body = canonical_json(payload)
    return f"{_b64(body)}.{_b64(hmac.new(key, body, hashlib.sha256).digest())}"


def _check_table(key: bytes, pointer: str, spec: Mapping[str, Any], value: Any, out: list[TamperProblem]) -> None:
    if not isinstance(value, list):
        out.append(TamperProblem(pointer, "not_a_table" if value is not MISSING else "removed"))
        return
    seen: set[str] = set()
    for index, row in enumerate(value):
        row_pointer = f"{pointer}/{index}"
        key_digest = _digest(key, row.get(spec["key"]) if isinstance(row, Mapping) else row)
        expected = spec["rows"].get(key_digest)
        if key_digest in seen:
            out.append(TamperProblem(row_pointer, "row_duplicate"))
        elif expected is None:
            out.append(TamperProblem(row_pointer, "row_added"))
        elif not hmac.compare_digest(expected, _row_digest(key, row, spec["cols"])):
            out.append(TamperProblem(row_pointer, "row_changed"))
        seen.add(key_digest)
    if not spec["pick"] and len(seen & set(spec["rows"])) < len(spec["rows"]):
        out.append(TamperProblem(pointer, "row_removed"))


def verify_submission(
    token: str,
    submitted: Any,
    *,
    key: bytes,
    form_id: str | None = None,
    subject: str | None = None,
    now: float | None = None,
) -> TokenCheck:
    """Refuse any change to a locked value; lock state comes only from the signed token."""
    check = TokenCheck()
    try:
        body_b64, mac_b64 = token.split(".")
        body, mac = _unb64(body_b64), _unb64(mac_b64)
    except (ValueError, binascii.Error):
        check.problems.append(TamperProblem("", "malformed"))
        return check
    if not hmac.compare_digest(mac, hmac.new(key, body, hashlib.sha256).digest()):
        check.problems.append(TamperProblem("", "signature"))
        return check
    payload = json.loads(body)
    if payload["exp"] < (time.time() if now is None else now):
        check.problems.append(TamperProblem("", "expired"))
    if form_id is not None and payload["form"] != form_id:
        check.problems.append(TamperProblem("", "form"))
    if subject is not None and not hmac.compare_digest(payload["sub"], _digest(key, subject)):
        check.problems.append(TamperProblem("", "subject"))
    for pointer, expected in payload["locked"].items():
        value = get(submitted, pointer)
        if value is MISSING:
            check.problems.append(TamperProblem(pointer, "removed"))
        elif not hmac.compare_digest(expected, _digest(key, value)):
            check.problems.append(TamperProblem(pointer, "changed"))
    for pointer, spec in payload["tables"].items():
        _check_table(key, pointer, spec, get(submitted, pointer), check.problems)
    return check
