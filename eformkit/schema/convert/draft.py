"""Write the draft form definition (the YAML form language of docs/form-language.md)."""

from __future__ import annotations

import re
from itertools import islice
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
    """YAML with Vietnamese kept readable and keys in the paper's order.

    Written a few fields at a time: PyYAML builds a node per value before writing, and for a whole
    large draft that tree cost 70 MB per 0.5 MB of template and more time in the cycle collector than
    in the dump. A block mapping indented as a whole stays the same YAML, so the chunks nest as they are.
    """
    out = [_dump({k: v for k, v in mapping.items() if k != "sections"}, 0)]
    if "sections" in mapping:
        out.append("sections:\n")
    for sid, spec in mapping.get("sections", {}).items():
        fields = iter(spec.get("fields", {}).items())
        head = {k: v for k, v in spec.items() if k != "fields"}
        if "fields" in spec:
            head["fields"] = dict(islice(fields, _CHUNK))
        out.append(_dump({sid: head}, 2))
        while chunk := dict(islice(fields, _CHUNK)):
            out.append(_dump(chunk, 6))
    return "".join(out)


_CHUNK = 16


def _dump(data: dict[str, Any], indent: int) -> str:
    text = yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)
    if not indent:
        return text
    pad = " " * indent
    # split on "\n" only: the dump's own line breaks (str.splitlines would also cut at U+2028 and the like)
    return "\n".join(pad + line if line else line for line in text.split("\n"))


# libyaml's emitter when PyYAML has it (wheels do): the pure-Python one took 5 s for a 1 MB template.
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _NoAliases(_Dumper):  # type: ignore[valid-type,misc]
    """Form files forbid YAML anchors: repeated values are written out."""

    def ignore_aliases(self, data: Any) -> bool:
        return True
