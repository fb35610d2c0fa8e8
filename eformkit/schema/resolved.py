"""The resolved form: fields with everything inherited filled in, and their prefill bindings.

What the compiler, the validator, the prefill engine and the renderer all read. Built by `resolve`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eformkit.errors import Finding
from eformkit.packs import Pack
from eformkit.schema.choice_lists import ChoiceList
from eformkit.schema.definition import FieldSpec, FormDefinition
from eformkit.schema.expressions import Expr
from eformkit.schema.i18n import LocalText

__all__ = ["Binding", "ResolvedField", "ResolvedForm", "ResolvedSection"]


@dataclass(frozen=True, slots=True)
class Binding:
    """A field bound to a data element: what the prefill engine fills and how."""

    pointer: str
    field_id: str
    field_type: str
    element: str
    columns: dict[str, str]
    lock: str
    on_missing: str
    on_error: str
    message: LocalText | None
    list_name: str | None
    precision: tuple[str, ...]
    document_type: str | None
    key_attribute: str | None
    pick: bool = False


@dataclass(slots=True)
class ResolvedField:
    """A field with everything inherited filled in."""

    id: str
    pointer: str
    source: str
    type: str
    label: LocalText
    section: str
    number: str | None = None
    help: LocalText | None = None
    required: bool = True
    required_if: Expr | None = None
    visible_if: Expr | None = None
    default: Any = None
    binding: Binding | None = None
    spec: FieldSpec | None = None
    choices: ChoiceList | None = None
    list_name: str | None = None
    precision: tuple[str, ...] = ("day",)
    children: list[ResolvedField] = field(default_factory=list)
    in_table: bool = False
    typed_on_purpose: bool = False  # `prefill: none` here or on the enclosing block
    path: tuple[str, ...] = field(init=False)  # data path without table row markers; on the validation hot path

    def __post_init__(self) -> None:
        self.path = tuple(p for p in self.pointer.split("/")[1:] if p != "-")


@dataclass(slots=True)
class ResolvedSection:
    id: str
    title: LocalText
    number: str | None
    help: LocalText | None
    visible_if: Expr | None
    fields: list[ResolvedField]


@dataclass(slots=True)
class ResolvedForm:
    """A definition resolved against its pack."""

    definition: FormDefinition
    pack: Pack
    sections: list[ResolvedSection]
    by_pointer: dict[str, ResolvedField]
    findings: list[Finding]

    def walk(self) -> list[ResolvedField]:
        """Every field, depth first, in the paper's order."""
        out: list[ResolvedField] = []

        def visit(f: ResolvedField) -> None:
            out.append(f)
            for child in f.children:
                visit(child)

        for section in self.sections:
            for f in section.fields:
                visit(f)
        return out

    def bindings(self) -> list[Binding]:
        return [f.binding for f in self.walk() if f.binding is not None]

    def list_for(self, name: str) -> ChoiceList | None:
        return self.definition.lists.get(name) or self.pack.lists.get(name)
