"""A tamper-evident token over the locked values, and the check at submission.

The token is ``base64url(payload).base64url(HMAC-SHA256(k_sign, payload))``. The payload holds the
form id, a keyed hash of the subject, a random nonce, an expiry, and for every locked field a keyed
digest of its pointer and value (canonical JSON after NFC, empty members dropped because an HTML form
cannot post them), never the value itself, so a token that leaks leaks no personal data. Each purpose
(signature, subject, values) has its own key derived from the one secret, and value digests are salted
with the token's nonce and bound to their pointer: a subject digest never equals a value digest, two
tokens never share a digest, and a digest cannot be moved to another field. Locked tables hold one
digest per row, indexed by a digest of the row's key, so rows are compared by key, not position:
reordering is fine, changing or adding a row is not, and removing one is refused unless the table
is a pick list (then any rows, or none, may be dropped).

Version 3 also signs what the dossier record must not take from a submit-time answer: the level of
assurance the page was prefilled at (``lvl``), and for every offered value its source, whether the source
verified it, (when not locked) a keyed digest of the value, and the source's attribute name and answer time
(``prov``). `verify_submission` returns them
as `TokenCheck.level` and `TokenCheck.values`, with `edited` worked out against the signed digest, so a
source that is down when the post arrives changes neither the locks nor the record's provenance flags.

`verify_submission` derives what is locked only from the signed token, never from the submission
nor from any source's answer at submit time: a client cannot unlock a field by omitting it, renaming
it or sending a flag, and a source that is down when the post arrives unlocks nothing. There is no
way to call it without a token: an absent or empty token is ``missing`` and the post is refused.

Key rotation: `issue_token` signs with one key; `verify_submission` takes that key or a sequence of keys,
newest first, and checks a token with the key whose signature holds (its subject and value digests were
made with the same key). Keep the old key in the sequence for as long as a token signed with it may still
be posted (the token's lifetime), then drop it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eformkit.pointers import MISSING, get
from eformkit.prefill.result import PrefillResult
from eformkit.text import nfc_deep

__all__ = ["SignedValue", "TamperProblem", "TokenCheck", "canonical_json", "issue_token", "verify_submission"]

_VERSION = 3
_BARE_LEVEL = 2  # a bare personal ID: the caller vouches for it (eformkit.prefill.identity.BARE_SUBJECT_LEVEL)
_MESSAGES = {
    "missing": ("Thiếu mã xác thực dữ liệu điền sẵn; vui lòng tải lại biểu mẫu.",
                "The prefill token is missing; reload the form."),
    "malformed": ("Mã xác thực dữ liệu điền sẵn không hợp lệ; vui lòng tải lại biểu mẫu.",
                  "The prefill token is malformed; reload the form."),
    "signature": ("Mã xác thực dữ liệu điền sẵn đã bị thay đổi; vui lòng tải lại biểu mẫu.",
                  "The prefill token has been altered; reload the form."),
    "expired": ("Phiên điền sẵn đã hết hạn; vui lòng tải lại biểu mẫu.",
                "The prefill session expired; reload the form."),
    "form": ("Mã xác thực thuộc về biểu mẫu khác.", "The prefill token belongs to another form."),
    "subject": ("Mã xác thực thuộc về người khác.", "The prefill token belongs to another person."),
    "changed": ("Thông tin đã được xác thực từ cơ sở dữ liệu không được sửa.",
                "A verified value was changed; it must stay as the registry holds it."),
    "removed": ("Thiếu thông tin đã được xác thực từ cơ sở dữ liệu.",
                "A verified value is missing; send it unchanged."),
    "row_changed": ("Một dòng đã được xác thực bị sửa.", "A verified row was changed."),
    "row_added": ("Không được thêm dòng không có trong cơ sở dữ liệu.", "A row not held in the registry was added."),
    "row_removed": ("Một dòng đã được xác thực bị xóa.", "A verified row was removed."),
    "row_duplicate": ("Một dòng bị lặp lại.", "A row appears twice."),
    "not_a_table": ("Bảng đã được xác thực bị thay bằng dữ liệu khác.", "A verified table was replaced."),
}  # fmt: skip
# Stable codes (docs/findings.md): the token's own problems first, then changes to locked values.
_CODES = {name: f"EFK-TOKEN-{i:03d}" for i, name in enumerate(_MESSAGES, start=1)}


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

    @property
    def error_code(self) -> str:
        """The stable code (``EFK-TOKEN-NNN``) documented in docs/findings.md."""
        return _CODES[self.code]

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message_vi


@dataclass(frozen=True, slots=True)
class SignedValue:
    """One value the page was prefilled with, as its token signed it: the source, whether that source
    verified it, whether the token locks it, and whether the post differs from it (`edited`: changed,
    removed, or rows of a pick list dropped)."""

    source: str
    verified: bool
    locked: bool
    edited: bool
    attribute: str | None = None  # the source's attribute name, for the dossier record
    fetched_at: str | None = None  # when the source answered (ISO 8601, seconds)


@dataclass(slots=True)
class TokenCheck:
    """The verdict: `ok` only when there is no problem; `locked` lists the pointers the token locks
    (empty unless its signature holds), for a page shown again after a validation error. `level` is the
    level of assurance the page was prefilled at and `values` the signed provenance of each offered value
    (None and empty unless the signature holds)."""

    problems: list[TamperProblem] = field(default_factory=list)
    locked: frozenset[str] = frozenset()
    level: int | None = None
    values: dict[str, SignedValue] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def canonical_json(value: Any) -> bytes:
    """Canonical JSON: NFC text, sorted keys, no spaces (so equal data always digests the same)."""
    text = json.dumps(nfc_deep(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8")


def _without_empty(value: Any) -> Any:
    """Drop null and empty-text members of objects (an HTML form cannot post them), at any depth."""
    if isinstance(value, Mapping):
        return {k: _without_empty(v) for k, v in value.items() if v is not None and v != ""}
    if isinstance(value, list):
        return [_without_empty(v) for v in value]
    return value


class _Keys:
    """One key per purpose, derived from the secret, so no digest of one kind can stand for another."""

    def __init__(self, secret: bytes) -> None:
        self.sign, self.subject, self.value = (
            hmac.new(secret, b"eformkit-token/" + purpose, hashlib.sha256).digest()
            for purpose in (b"sign", b"subject", b"value")
        )

    def subject_digest(self, subject: str) -> str:
        return hmac.new(self.subject, canonical_json(subject), hashlib.sha256).hexdigest()[:40]

    def value_digest(self, nonce: str, pointer: str, *value: Any) -> str:
        body = canonical_json([nonce, pointer, *(_without_empty(v) for v in value)])
        return hmac.new(self.value, body, hashlib.sha256).hexdigest()[:40]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _row_body(row: Any, columns: list[str]) -> Any:
    if not isinstance(row, Mapping):
        return ["not-a-row", row]
    row = _without_empty(row)
    return [[c, row[c]] if c in row else [c] for c in columns]


def issue_token(
    result: PrefillResult,
    *,
    key: bytes,
    subject: str,
    level: int = _BARE_LEVEL,
    ttl: float = 3600,
    now: float | None = None,
) -> str:
    """Sign the locked values of `result` for `subject`, signed in at `level`; valid `ttl` seconds.

    A token is issued even when nothing is locked: it still ties the page to its form and subject. Every
    offered value's source and verification are signed too, and a digest of each value not locked."""
    keys, nonce = _Keys(key), secrets.token_urlsafe(12)
    locked: dict[str, str] = {}
    tables: dict[str, Any] = {}
    for pointer in sorted(result.locked):
        value = result.values[pointer]
        key_col = result.row_keys.get(pointer)
        if isinstance(value, list) and key_col is not None:
            columns = sorted({c for row in value if isinstance(row, Mapping) for c in row})
            rows = {
                keys.value_digest(nonce, pointer, "key", row.get(key_col)): keys.value_digest(
                    nonce, pointer, "row", _row_body(row, columns)
                )
                for row in value
            }
            tables[pointer] = {"key": key_col, "cols": columns, "pick": pointer in result.picks, "rows": rows}
        else:
            locked[pointer] = keys.value_digest(nonce, pointer, value)
    prov: dict[str, list[Any]] = {}
    for pointer in sorted(result.values):
        origin = result.provenance.get(pointer)
        value = result.values[pointer]
        digest = None if pointer in result.locked else keys.value_digest(nonce, pointer, "offered", value)
        prov[pointer] = [origin.source if origin else "", bool(origin and origin.verified), digest]
        if origin:  # signed too, so an accepted post needs no second read of the sources for its record
            prov[pointer] += [origin.attribute, origin.fetched_at.isoformat(timespec="seconds")]
    payload = {
        "v": _VERSION,
        "form": result.form_id,
        "sub": keys.subject_digest(subject),
        "n": nonce,
        "exp": int((time.time() if now is None else now) + ttl),
        "locked": locked,
        "tables": tables,
        "lvl": level,
        "prov": prov,
    }
    body = canonical_json(payload)
    return f"{_b64(body)}.{_b64(hmac.new(keys.sign, body, hashlib.sha256).digest())}"


def _check_table(
    keys: _Keys, nonce: str, pointer: str, spec: Mapping[str, Any], value: Any, out: list[TamperProblem]
) -> bool:
    """Check a locked table; True when the post keeps every signed row (False: rows of a pick list dropped)."""
    if spec["pick"] and (value is MISSING or value is None or value == []):
        return not spec["rows"]  # a pick list whose every row was unticked: allowed, and an edit
    if not isinstance(value, list):
        out.append(TamperProblem(pointer, "not_a_table" if value is not MISSING else "removed"))
        return False
    seen: set[str] = set()
    for index, row in enumerate(value):
        row_pointer = f"{pointer}/{index}"
        key_digest = keys.value_digest(nonce, pointer, "key", row.get(spec["key"]) if isinstance(row, Mapping) else row)
        expected = spec["rows"].get(key_digest)
        if key_digest in seen:
            out.append(TamperProblem(row_pointer, "row_duplicate"))
        elif expected is None:
            out.append(TamperProblem(row_pointer, "row_added"))
        elif not hmac.compare_digest(expected, keys.value_digest(nonce, pointer, "row", _row_body(row, spec["cols"]))):
            out.append(TamperProblem(row_pointer, "row_changed"))
        seen.add(key_digest)
    kept_all = len(seen & set(spec["rows"])) == len(spec["rows"])
    if not spec["pick"] and not kept_all:
        out.append(TamperProblem(pointer, "row_removed"))
    return kept_all


def _payload(token: str | None, ring: list[_Keys]) -> tuple[dict[str, Any] | None, _Keys, str | None]:
    """The signed payload and the keys that signed it (the first of `ring` whose signature holds), or the
    reason there is none."""
    if not token:
        return None, ring[0], "missing"
    try:
        body_b64, mac_b64 = token.split(".")
        body, mac = _unb64(body_b64), _unb64(mac_b64)
    except (ValueError, binascii.Error):
        return None, ring[0], "malformed"
    keys = next((k for k in ring if hmac.compare_digest(mac, hmac.new(k.sign, body, hashlib.sha256).digest())), None)
    if keys is None:
        return None, ring[0], "signature"
    payload = json.loads(body)  # signed by us: well-formed
    if not isinstance(payload, dict) or payload.get("v") != _VERSION:
        return None, keys, "malformed"
    return payload, keys, None


def verify_submission(
    token: str | None,
    submitted: Any,
    *,
    key: bytes | Sequence[bytes],
    form_id: str,
    subject: str,
    now: float | None = None,
) -> TokenCheck:
    """Refuse any change to a locked value; lock state comes only from the signed token.

    The form and subject are required: a token is only ever good for the page it was issued with. `key`:
    the signing key, or the keys to accept, newest first (a rotation: see the module's docstring)."""
    check = TokenCheck()
    ring = [_Keys(k) for k in ([key] if isinstance(key, bytes) else key)]
    if not ring:
        raise ValueError("verify_submission needs at least one key")
    payload, keys, reason = _payload(token, ring)
    if payload is None:
        check.problems.append(TamperProblem("", reason or "malformed"))
        return check
    check.locked = frozenset(payload["locked"]) | frozenset(payload["tables"])
    if payload["exp"] < (time.time() if now is None else now):
        check.problems.append(TamperProblem("", "expired"))
    if payload["form"] != form_id:
        check.problems.append(TamperProblem("", "form"))
    if not hmac.compare_digest(payload["sub"], keys.subject_digest(subject)):
        check.problems.append(TamperProblem("", "subject"))
    nonce = payload["n"]
    edited: set[str] = set()
    for pointer, expected in payload["locked"].items():
        value = get(submitted, pointer)
        if value is MISSING:
            check.problems.append(TamperProblem(pointer, "removed"))
            edited.add(pointer)
        elif not hmac.compare_digest(expected, keys.value_digest(nonce, pointer, value)):
            check.problems.append(TamperProblem(pointer, "changed"))
            edited.add(pointer)
    for pointer, spec in payload["tables"].items():
        if not _check_table(keys, nonce, pointer, spec, get(submitted, pointer), check.problems):
            edited.add(pointer)
    check.level = payload["lvl"]
    for pointer, (source, verified, digest, *fetched) in payload["prov"].items():
        if digest is not None:
            value = get(submitted, pointer)
            if value is MISSING or not hmac.compare_digest(digest, keys.value_digest(nonce, pointer, "offered", value)):
                edited.add(pointer)
        attribute, fetched_at = fetched if fetched else (None, None)
        check.values[pointer] = SignedValue(source, verified, pointer in check.locked, pointer in edited,
                                            attribute, fetched_at)  # fmt: skip
    return check
