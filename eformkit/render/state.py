"""What one render knows beyond the form: values, messages, where prefilled values came from, locks.

`PrefillLike` and `IssueLike` are the small shapes this package relies on; the prefill engine's
`PrefillResult` and the validator's `ValidationIssue` fit them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from markupsafe import Markup

from eformkit.pointers import nested, parts
from eformkit.render.texts import source_label
from eformkit.render.view import FieldView, FormView

__all__ = ["IssueLike", "PrefillLike", "ProvenanceLike", "RenderState", "Slot", "build_state", "nested"]


class ProvenanceLike(Protocol):
    @property
    def source(self) -> str: ...

    @property
    def verified(self) -> bool: ...


class PrefillLike(Protocol):
    """Values keyed by JSON pointer with their provenance, the locked pointers and the signed token."""

    @property
    def values(self) -> Mapping[str, Any]: ...

    @property
    def provenance(self) -> Mapping[str, ProvenanceLike]: ...

    @property
    def locked(self) -> Collection[str]: ...

    @property
    def token(self) -> str | None: ...


class IssueLike(Protocol):
    @property
    def pointer(self) -> str: ...

    @property
    def message(self) -> str: ...


def get_path(data: Any, pointer: str) -> Any:
    """The value at `pointer` in nested data (list indices allowed), or None."""
    node = data
    for part in parts(pointer):
        if isinstance(node, Mapping):
            node = node.get(part)
        elif isinstance(node, list) and part.isascii() and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


@dataclass(slots=True)
class RenderState:
    """Everything that varies per page."""

    data: dict[str, Any]
    lang: str
    errors: dict[str, list[str]] = field(default_factory=dict)
    form_errors: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # pointer → connector name
    verified: set[str] = field(default_factory=set)
    locked: set[str] = field(default_factory=set)
    flags: dict[str, str] = field(default_factory=dict)  # pointer → reason
    token: str | None = None
    prefill_values: Mapping[str, Any] = field(default_factory=dict)

    def source_text(self, pointer: str) -> str | None:
        name = self.sources.get(pointer)
        return source_label(name, self.lang) if name else None


@dataclass(slots=True)
class Slot:
    """One rendered control: a field at a concrete pointer with its per-page state."""

    f: FieldView
    pointer: str
    name: str
    html_id: str
    value: Any
    errors: list[str]
    source: str | None
    locked: bool
    flagged: bool = False
    reason: str = ""

    @property
    def invalid(self) -> bool:
        return bool(self.errors)

    @property
    def aria(self) -> Markup:
        """The ARIA (and readonly) attributes of the slot's controls, leading space included."""
        out = ""
        described = self.describedby
        if described:
            out += f' aria-describedby="{described}"'
        if self.errors:
            out += ' aria-invalid="true"'
        if self.f.required:
            out += ' aria-required="true"'
        if self.locked:
            out += ' readonly aria-readonly="true"'
        return Markup(out)

    @property
    def describedby(self) -> str:
        ids = []
        if self.f.help:
            ids.append(f"{self.html_id}-help")
        if self.source:
            ids.append(f"{self.html_id}-source")
        if self.errors:
            ids.append(f"{self.html_id}-error")
        return " ".join(ids)


def _generic(pointer: str) -> str:
    return "/".join("-" if p.isdigit() else p for p in pointer.split("/"))


def map_errors(view: FormView, issues: Iterable[Any]) -> tuple[dict[str, list[str]], list[str]]:
    """Issues → messages by the concrete pointer of the nearest rendered field, plus form-level ones."""
    by_pointer: dict[str, list[str]] = {}
    general: list[str] = []
    for issue in issues:
        if getattr(issue, "severity", "error") != "error":
            continue
        pointer = str(getattr(issue, "pointer", ""))
        message = str(getattr(issue, "message", ""))
        p = pointer
        while p and _generic(p) not in view.by_pointer:
            p = p.rsplit("/", 1)[0]
        if p:
            bucket = by_pointer.setdefault(p, [])
            if message not in bucket:
                bucket.append(message)
        else:
            general.append(message)
    return by_pointer, general


def build_state(
    view: FormView,
    data: Mapping[str, Any] | None,
    *,
    prefill: PrefillLike | None = None,
    issues: Iterable[Any] = (),
    flags: Mapping[str, str] | None = None,
) -> RenderState:
    """Assemble the per-page state; locked pointers always show the prefilled value, not what was posted."""
    values = dict(prefill.values) if prefill is not None else {}
    doc: dict[str, Any] = dict(data) if data is not None else nested(values)
    state = RenderState(doc, view.lang, flags=dict(flags or {}))
    if prefill is not None:
        state.prefill_values = values
        state.token = prefill.token
        state.locked = {p for p in prefill.locked if p in values}
        for pointer, prov in prefill.provenance.items():
            state.sources[pointer] = prov.source
            if prov.verified:
                state.verified.add(pointer)
        if data is not None and state.locked:
            doc = state.data = _with_locked(doc, {p: values[p] for p in state.locked})
    state.errors, state.form_errors = map_errors(view, issues)
    return state


def _with_locked(doc: dict[str, Any], locked: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(doc)
    for pointer, value in locked.items():
        tokens = parts(pointer)
        node = out
        for token in tokens[:-1]:
            child = node.get(token)
            child = dict(child) if isinstance(child, dict) else {}  # copy on the way: `doc` stays untouched
            node[token] = child
            node = child
        if tokens:
            node[tokens[-1]] = value
    return out
