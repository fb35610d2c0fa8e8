"""From a posted HTML form back to typed JSON data, plus the submission envelope around it.

Names follow the fields' JSON pointers (``mother.full_name``, ``members.0.full_name``); a field's
parts carry a suffix after a colon (``date_of_birth:d``/``:m``/``:y``, ``new_address:commune``,
``signature:place``, ``id_card:ref``). Only names the form defines are read: anything else in the post
is ignored. Values come back typed (numbers, booleans, arrays, ISO dates, address objects); a value
that cannot be converted is kept as typed so validation can say what is wrong next to the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eformkit.render.view import FieldView, UISchemaSource, form_view
from eformkit.text import nfc

__all__ = ["Envelope", "apply_action", "parse_envelope", "parse_form_post", "text_to_date"]

UploadHook = Callable[[str, Any], str | None]
_TRUE = {"true", "on", "1", "yes"}
# Digits are ASCII only: `str.isdigit` and `\d` also accept `²`, `①` or `٣`, which `int` then rejects.
_DMY = re.compile(r"^([0-9]{1,2})[/.\- ]([0-9]{1,2})[/.\- ]([0-9]{4})$")
_MY = re.compile(r"^([0-9]{1,2})[/.\- ]([0-9]{4})$")
_ISO = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_INT = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_MAX_REASON = 500
# Longer numerals are kept as typed (validation reports them): no form counts past 10^30, and a
# 5,000-digit numeral must neither reach `int` (its digit limit raises) nor overflow a float.
_MAX_DIGITS = 30


def _items(post: Any) -> dict[str, list[Any]]:
    """Any multidict (starlette, werkzeug), mapping of str → str | list, or iterable of pairs."""
    if hasattr(post, "multi_items"):
        pairs: Iterable[tuple[str, Any]] = post.multi_items()
    elif hasattr(post, "getlist") and hasattr(post, "keys"):
        pairs = [(k, v) for k in dict.fromkeys(post.keys()) for v in post.getlist(k)]
    elif isinstance(post, Mapping):
        pairs = [(k, v) for k, vs in post.items() for v in (vs if isinstance(vs, (list, tuple)) else [vs])]
    else:
        pairs = post
    out: dict[str, list[Any]] = {}
    for k, v in pairs:
        out.setdefault(str(k), []).append(nfc(v).strip() if isinstance(v, str) else v)
    return out


def _first(md: Mapping[str, list[Any]], name: str) -> str:
    for v in md.get(name, ()):
        if isinstance(v, str) and v:
            return v
    return ""


def text_to_date(text: str) -> str | None:
    """A typed date to ISO: ``27/3/1990`` → ``1990-03-27``, ``3/1990`` → ``1990-03``; other text as given."""
    text = text.strip()
    if not text:
        return None
    if _ISO.match(text):
        return text
    m = _DMY.match(text)
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    m = _MY.match(text)
    if m:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    return text


def _ascii_digits(text: str, most: int = _MAX_DIGITS) -> bool:
    return 0 < len(text) <= most and text.isascii() and text.isdigit()


def _date_from_parts(d: str, m: str, y: str) -> str | None:
    if not (d or m or y):
        return None
    if all(_ascii_digits(p, 4) for p in (d, m, y) if p) and y:
        if not d and not m:
            return y
        if not d:
            return f"{y}-{int(m):02d}"
        return f"{y}-{int(m or 0):02d}-{int(d):02d}"
    return f"{y}-{m}-{d}".strip("-")  # kept as typed: validation reports the date as invalid


def _integer(text: str) -> int | str | None:
    if not text:
        return None
    t = text.replace(" ", "")
    return int(t) if len(t) <= _MAX_DIGITS and _INT.fullmatch(t) else text


def _number(text: str) -> int | float | str | None:
    if not text:
        return None
    t = text.replace(" ", "").replace(",", ".")
    if len(t) > _MAX_DIGITS:
        return text
    if _INT.fullmatch(t):
        return int(t)
    if _DECIMAL.fullmatch(t):
        return float(t)
    return text


def _money(text: str) -> int | str | None:
    if not text:
        return None
    t = re.sub(r"(?i)\s|đồng|đ|vnd|\.|,", "", text)
    return int(t) if _ascii_digits(t) else text


def _address(md: Mapping[str, list[Any]], name: str) -> dict[str, str] | None:
    detail, commune, province = (_first(md, f"{name}:{p}") for p in ("detail", "commune", "province"))
    if commune and not province:
        from eformkit.packs.vn.admin_units import commune as find_commune

        unit = find_commune(commune)
        province = unit.province_code if unit else ""
    out = {k: v for k, v in (("detail", detail), ("commune", commune), ("province", province)) if v}
    return out or None


def _attachment(f: FieldView, md: Mapping[str, list[Any]], name: str, pointer: str, uploads: UploadHook | None) -> Any:
    out: dict[str, str] = {"document_type": f.document_type} if f.document_type else {}
    ref = _first(md, f"{name}:ref")
    if _first(md, f"{name}:source") == "store" and ref:
        return {**out, "source": "store", "ref": ref}
    for upload in md.get(name, ()):
        filename = getattr(upload, "filename", None)
        if filename:
            stored = uploads(pointer, upload) if uploads else re.sub(r"[^\w.\-]+", "_", str(filename))[-200:]
            if stored:
                return {**out, "source": "upload", "ref": stored}
    return {**out, "source": "upload", "ref": ref} if ref else None


class _Ctx:
    __slots__ = ("md", "skip", "uploads")

    def __init__(self, md: Mapping[str, list[Any]], uploads: UploadHook | None, skip: tuple[str, int] | None) -> None:
        self.md = md
        self.uploads = uploads
        self.skip = skip


def _value(f: FieldView, cx: _Ctx, name: str, pointer: str) -> Any:
    md, uploads = cx.md, cx.uploads
    t = f.type
    if t in ("note", "computed"):
        return None
    if t == "person":
        obj = {}
        for child in f.elements:
            v = _value(child, cx, f"{name}.{child.id}", f"{pointer}/{child.id}")
            if v is not None:
                obj[child.id] = v
        return obj or None
    if t == "table":
        return _table(f, cx, name, pointer)
    if t == "date":
        if f.in_table or name in md:
            direct = _first(md, name)
            if direct or f.in_table:
                return text_to_date(direct)
        return _date_from_parts(*(_first(md, f"{name}:{p}") for p in ("d", "m", "y")))
    if t == "boolean":
        if _first(md, name).lower() in _TRUE:
            return True
        return False if f"{name}:present" in md else None
    if t == "declaration":
        return True if _first(md, name).lower() in _TRUE else None
    if t == "multi_choice":
        chosen = [v for v in md.get(name, ()) if isinstance(v, str) and v]
        return list(dict.fromkeys(chosen)) or None
    if t == "address":
        return _address(md, name)
    if t == "attachment":
        return _attachment(f, md, name, pointer, uploads)
    if t == "signature":
        place, date = _first(md, f"{name}:place"), text_to_date(_first(md, f"{name}:date"))
        sig = {k: v for k, v in (("place", place), ("date", date)) if v}
        return sig or None
    text = _first(md, name)
    if t == "integer":
        return _integer(text)
    if t == "number":
        return _number(text)
    if t == "money":
        return _money(text)
    if t in ("personal_id", "tax_code"):
        return text.replace(" ", "") or None
    return text or None


def _table(f: FieldView, cx: _Ctx, name: str, pointer: str) -> Any:
    md = cx.md
    prefix = re.compile(re.escape(name) + r"\.([0-9]{1,4})[.:]")
    indices = sorted({int(m.group(1)) for k in md if (m := prefix.match(k))})
    pick = f"{name}:pick" in md
    rows = []
    for i in indices:
        if (pick and f"{name}.{i}:keep" not in md) or cx.skip == (pointer, i):
            continue
        row = {}
        for col in f.columns:
            v = _value(col, cx, f"{name}.{i}.{col.id}", f"{pointer}/{i}/{col.id}")
            if v is not None:
                row[col.id] = v
        if row:
            rows.append(row)
    if pick and indices and not rows:
        return []  # every offered row unticked: the citizen dropped them all, which a pick list allows
    return rows or None


def parse_form_post(form: UISchemaSource, post: Any, *, uploads: UploadHook | None = None) -> dict[str, Any]:
    """Rebuild typed, nested JSON data from a posted form (`post`: any multidict or mapping).

    `uploads(pointer, upload)` stores an uploaded file and returns its reference (default: the
    sanitised file name)."""
    return _parse(form, _items(post), uploads, None)


def _parse(
    form: UISchemaSource, md: Mapping[str, list[Any]], uploads: UploadHook | None, skip: tuple[str, int] | None
) -> dict[str, Any]:
    cx = _Ctx(md, uploads, skip)
    data: dict[str, Any] = {}
    for section in form_view(form, "vi").sections:
        for f in section.elements:
            v = _value(f, cx, f.name, f.pointer)
            if v is not None:
                data[f.id] = v
    return data


@dataclass(slots=True)
class Envelope:
    """A submission: the data, the citizen's correction requests, the prefill token and the action."""

    form: str
    lang: str
    data: dict[str, Any]
    corrections: list[dict[str, str]] = field(default_factory=list)
    token: str | None = None
    action: str = "submit"
    rows: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The envelope as stored with the receipt (the token is kept: it holds no personal data)."""
        return {
            "form": self.form,
            "lang": self.lang,
            "data": self.data,
            "corrections": self.corrections,
            "prefill_token": self.token,
        }


def parse_envelope(form: UISchemaSource, post: Any, *, uploads: UploadHook | None = None) -> Envelope:
    """Parse a posted form into an `Envelope` (data via `parse_form_post`)."""
    md = _items(post)
    view = form_view(form, "vi")
    action = _first(md, "_action") or "submit"
    skip = None
    if action.startswith("remove:"):
        table, _, index = action[7:].rpartition("/")
        skip = (table, int(index)) if _ascii_digits(index, 4) else None
    data = _parse(form, md, uploads, skip)
    corrections = []
    for pointer in dict.fromkeys(v for v in md.get("_flag", ()) if isinstance(v, str)):
        if pointer in view.by_pointer:
            reason = _first(md, f"_reason{pointer}")[:_MAX_REASON]
            corrections.append({"pointer": pointer, "reason": reason})
    rows = {}
    for f in view.fields():
        if f.type == "table" and not f.in_table:
            count = _first(md, f"{f.name}:rows")
            if _ascii_digits(count, 4):
                rows[f.pointer] = min(int(count), 500)
    lang = "en" if _first(md, "_lang") == "en" else "vi"
    return Envelope(view.form_id, lang, data, corrections, _first(md, "_token") or None, action, rows)


def apply_action(envelope: Envelope, form: UISchemaSource) -> bool:
    """Carry out a no-JavaScript action (``add:/members``, ``remove:/members/2``, ``refresh``) on the
    envelope; return True when there was one (the page is shown again instead of being submitted)."""
    action = envelope.action
    if action == "refresh":
        return True
    view = form_view(form, "vi")
    if action.startswith("add:"):
        pointer = action[4:]
        f = view.by_pointer.get(pointer)
        if f is not None and f.type == "table":
            current = envelope.rows.get(pointer, len(envelope.data.get(f.id) or []))
            envelope.rows[pointer] = min(current + 1, f.max_rows or current + 1)
        return True
    if action.startswith("remove:"):  # the row itself was left out while parsing
        pointer = action[7:].rpartition("/")[0]
        if pointer in envelope.rows:
            envelope.rows[pointer] = max(envelope.rows[pointer] - 1, 1)
        return True
    return False
