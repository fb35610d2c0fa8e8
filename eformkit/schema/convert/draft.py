"""Write the draft form definition (the YAML form language of docs/form-language.md)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from eformkit.schema.convert.fields import DraftField, UniqueIds
from eformkit.schema.convert.structure import Header, Section
from eformkit.text import fold

__all__ = ["draft_mapping", "dump_yaml", "form_id"]


def form_id(header: Header, stem: str) -> str:
    """`draft.<slug>` from the form code, else from the file name."""
    base = fold(header.code or stem).replace(" ", "_")
    slug = re.sub(r"[^a-z0-9_-]", "", base) or "form"
    return f"draft.{slug}"


def _sentence(text: str) -> str:
    """An upper-case title in sentence case, acronyms (words with no vowel but y) kept: "… BHXH, BHYT"."""
    if sum(c.isupper() for c in text) < 0.8 * sum(c.isalpha() for c in text):
        return text
    words = []
    for i, word in enumerate(text.split()):
        letters = fold(word)
        keep = not any(v in letters for v in "aeiou")
        words.append(word if keep else (word.capitalize() if i == 0 else word.lower()))
    return " ".join(words)


# Labels the converter supplies where the paper prints none: bilingual so they need no translation.
_SYNTHETIC: dict[str, Any] = {
    "Địa danh": {"vi": "Địa danh", "en": "Place"},
    "ngày … tháng … năm …": {"vi": "ngày … tháng … năm …", "en": "Date"},
}


def _field(draft: DraftField) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if draft.number:
        out["number"] = draft.number
    if draft.type:
        out["type"] = draft.type
    if draft.label:
        out["label"] = _SYNTHETIC.get(draft.label, draft.label)
    else:  # the paper prints no label: say so, and the author writes one
        out["label"] = {"vi": "Chưa có nhãn (xem mẫu giấy)", "en": "Unlabelled blank (see the paper form)"}
    if draft.element:
        out["prefill"] = draft.element
    if draft.options:
        out["options"] = [{"value": _value(o, i), "label": o} for i, o in enumerate(draft.options)]
    elif draft.type == "choice":
        out["options"] = [{"value": "yes", "label": "Có"}, {"value": "no", "label": "Không"}]
    if draft.widget:
        out["widget"] = draft.widget
    if draft.type == "table":
        out["columns"] = {
            c.id: ({"label": c.label} if c.element else {"type": "text", "label": c.label}) for c in draft.columns
        }
        if draft.rows_prefill:
            out["rows"] = {"prefill": draft.rows_prefill, "pick": True}
    if draft.help:
        out["help"] = draft.help
    if not draft.element:
        out["required"] = False  # an author decides what is required; a draft asks for nothing extra
    out["anchor"] = draft.anchor
    return out


def _value(option: str, index: int) -> str:
    value = re.sub(r"[^a-z0-9_]", "", fold(option).replace(" ", "_"))
    return value or f"option_{index + 1}"


def draft_mapping(fields: list[DraftField], header: Header, sections: list[Section], stem: str) -> dict[str, Any]:
    """The form definition as plain data, sections in the paper's order."""
    doc: dict[str, Any] = {"form": form_id(header, stem)}
    if header.code:
        doc["code"] = header.code
    doc["version"] = "draft"
    doc["title"] = {"vi": _sentence(header.title or stem)}
    if header.instrument:
        doc["legal_basis"] = {"instrument": header.instrument, "note": header.legal_basis}
    titles = {s.title: s for s in sections}
    body: dict[str, Any] = {}
    taken = UniqueIds()
    for draft in fields:
        section_id = draft.section or "main"
        if section_id not in body:
            section = titles.get(section_id)
            spec: dict[str, Any] = {}
            if section is not None:
                spec["title"] = section.title
                if section.number:
                    spec["number"] = section.number
            spec["fields"] = {}
            key = _section_id(section_id, taken)
            body[section_id] = (key, spec)
        body[section_id][1]["fields"][draft.id] = _field(draft)
    doc["sections"] = {key: spec for key, spec in body.values()} or {"main": {"fields": {}}}
    return doc


def _section_id(title: str, taken: UniqueIds) -> str:
    name = re.sub(r"[^a-z0-9_]", "", "_".join(fold(title).split()[:5]))
    return taken.claim(f"s_{name}" if name[:1].isdigit() else name or "section")


def dump_yaml(mapping: dict[str, Any]) -> str:
    """Block YAML with Vietnamese kept readable, keys in the paper's order, no anchors (form files forbid them).

    A small writer for the draft's plain data (mappings, lists, strings, numbers, booleans, null) rather
    than PyYAML's dumper, which built a node per value and took half of a large conversion (1.1 s of 2.2 s
    for a 1 MB template, 70 MB per 0.5 MB). A string is written plain when PyYAML's resolver reads it back
    as that same string, else double-quoted with escapes; no string spans lines, so indentation is all there
    is to nesting. tests/convert/test_draft.py checks that any such data reads back equal.
    """
    if not mapping:
        return "{}\n"
    writer = _Writer()
    writer.block(mapping, "")
    return "\n".join(writer.out) + "\n"


class _Writer:
    def __init__(self) -> None:
        self.out: list[str] = []
        self._strings: dict[str, str] = {}  # labels, kinds and element names repeat: each is checked once

    def block(self, value: dict[Any, Any] | list[Any], pad: str) -> None:
        """`value` (a non-empty mapping or list) as block lines indented by `pad`."""
        out = self.out
        if isinstance(value, dict):
            for key, item in value.items():
                head = f"{pad}{self.scalar(key)}:"
                if isinstance(item, dict | list) and item:
                    out.append(head)
                    self.block(item, pad if isinstance(item, list) else pad + "  ")  # lists sit under their key
                else:
                    out.append(f"{head} {self.scalar(item)}")
            return
        for item in value:
            if isinstance(item, dict | list) and item:
                first = len(out)
                self.block(item, pad + "  ")
                out[first] = f"{pad}- {out[first][len(pad) + 2 :]}"
            else:
                out.append(f"{pad}- {self.scalar(item)}")

    def scalar(self, value: Any) -> str:
        if type(value) is str:
            written = self._strings.get(value)
            if written is None:
                written = self._strings[value] = _string(value)
            return written
        return _scalar(value)


_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_UNSAFE = re.compile(r": |:$| #|^\s|\s$|^\.\.\.")
# Outside YAML's printable set, the quote and backslash, and what YAML reads as a line break or a BOM.
_ESCAPE = re.compile(r"[^\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\\\"\u2028\u2029\ufeff]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict | list):
        return "{}" if isinstance(value, dict) else "[]"
    # floats and anything else: PyYAML's own spelling (.nan, .inf, 1.0e+20)
    return str(yaml.safe_dump(value, default_flow_style=True)).removesuffix("\n...\n").strip()


def _string(value: str) -> str:
    plain = (
        value
        and value[0] not in _INDICATORS
        and not _UNSAFE.search(value)
        and value.isprintable()
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG  # type: ignore[no-untyped-call]
    )
    return value if plain else f'"{_ESCAPE.sub(_escape, value)}"'


def _escape(found: re.Match[str]) -> str:
    ch = found.group()
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
