"""From a form's bindings to what must be asked of whom: the prefill plan, built once per form.

Each binding's element (``applicant.full_name``, ``mother.date_of_birth``, ``household.members``,
an attachment's document type) becomes a `Route`: the relation that reaches the subject from the
signed-in citizen (None for the citizen), and the attribute(s) wanted. The plan collects exactly the
bound attributes (data minimisation: nothing else is ever requested) and remembers which bindings a
referenced person serves, so a role can also be reached through another field's value (the personal
ID typed into the same block).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from eformkit.prefill.outcome import SubjectKind

__all__ = ["BindingLike", "Plan", "Route", "build_plan"]

# Relation names of roles when no vocabulary is given (the vn vocabulary says the same).
_DEFAULT_RELATIONS = {
    "applicant": None, "self": None, "father": "father", "mother": "mother", "spouse": "spouse",
    "household_head": "household_head", "legal_representative": "legal_representative", "business": "business",
    "household.members": "household_members", "applicant.children": "children",
    "applicant.represented_persons": "represented_persons",
}  # fmt: skip


class BindingLike(Protocol):
    """The shape of `eformkit.schema.resolve.Binding` the engine relies on."""

    @property
    def pointer(self) -> str: ...
    @property
    def field_id(self) -> str: ...
    @property
    def field_type(self) -> str: ...
    @property
    def element(self) -> str: ...
    @property
    def columns(self) -> Mapping[str, str]: ...
    @property
    def lock(self) -> str: ...
    @property
    def on_missing(self) -> str: ...
    @property
    def on_error(self) -> str: ...
    @property
    def message(self) -> Any: ...
    @property
    def list_name(self) -> str | None: ...
    @property
    def precision(self) -> tuple[str, ...]: ...
    @property
    def document_type(self) -> str | None: ...
    @property
    def key_attribute(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Route:
    """Where one binding's value comes from.

    `relation` None means the subject itself; `key` is the name the value comes back under
    (``full_name``, ``mother.full_name``, ``household_members``); `columns` is set for tables.
    """

    binding: BindingLike
    role: str
    relation: str | None
    attribute: str | None
    key: str
    many: bool = False
    columns: frozenset[str] = frozenset()


@dataclass(slots=True)
class Plan:
    """Everything one form asks for, grouped so each connector gets one call."""

    form_id: str
    purpose: str
    routes: list[Route]
    attributes: frozenset[str] = frozenset()
    relations: dict[str, frozenset[str]] = field(default_factory=dict)
    roles: dict[str, list[Route]] = field(default_factory=dict)
    # role → (pointer, attribute) of the field that identifies it: a personal ID, or a business's tax code
    id_pointers: dict[str, tuple[str, str]] = field(default_factory=dict)
    unroutable: list[BindingLike] = field(default_factory=list)

    def for_subject(self) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
        """(own attributes, relations) to request for the signed-in citizen."""
        return self.attributes, self.relations


def _relation_of(role: str, vocabulary: Any) -> tuple[str | None, str | None, SubjectKind]:
    """(relation, document type, subject kind) of a role, from the pack vocabulary when there is one."""
    spec = getattr(vocabulary, "roles", {}).get(role) if vocabulary is not None else None
    if spec is not None:
        if spec.relation == "document":
            return spec.document_type, spec.document_type, SubjectKind.DOCUMENT
        relation = None if spec.relation == "self" else spec.relation
        return relation, None, SubjectKind(spec.subject)
    if role in _DEFAULT_RELATIONS:
        return _DEFAULT_RELATIONS[role], None, SubjectKind.PERSON
    return role, None, SubjectKind.PERSON


def _route(binding: BindingLike, vocabulary: Any) -> Route | None:
    element = binding.element
    collections = getattr(vocabulary, "collections", {}) if vocabulary is not None else {}
    if binding.field_type == "table" or element in collections:
        coll = collections.get(element)
        relation = coll.relation if coll is not None else _DEFAULT_RELATIONS.get(element)
        if relation is None:
            return None
        cols = frozenset(binding.columns.values()) | {binding.key_attribute or "personal_id"}
        return Route(binding, element, relation, None, relation, many=True, columns=cols)
    if binding.field_type == "attachment" and binding.document_type:
        doc = binding.document_type
        return Route(binding, doc, doc, "document", f"{doc}.document")
    role, dot, attribute = element.rpartition(".")
    if not dot:
        return None
    spec = getattr(vocabulary, "roles", {}).get(role) if vocabulary is not None else None
    if spec is not None and not getattr(spec, "linked", True):
        return None  # no registry links this person (or the filing itself) to the citizen: typed
    relation, _doc, _kind = _relation_of(role, vocabulary)
    key = attribute if relation is None else f"{relation}.{attribute}"
    return Route(binding, role, relation, attribute, key)


def build_plan(bindings: Iterable[BindingLike], *, form_id: str, purpose: str, vocabulary: Any = None) -> Plan:
    """Route every binding; the plan asks for the union of bound attributes, nothing more."""
    plan = Plan(form_id=form_id, purpose=purpose, routes=[])
    own: set[str] = set()
    relations: dict[str, set[str]] = {}
    for binding in bindings:
        route = _route(binding, vocabulary)
        if route is None:
            plan.unroutable.append(binding)
            continue
        plan.routes.append(route)
        plan.roles.setdefault(route.role, []).append(route)
        if route.attribute in ("personal_id", "tax_code") and route.relation is not None:
            plan.id_pointers[route.role] = (binding.pointer, route.attribute)
        if route.relation is None:
            own.add(route.attribute or "")
        elif route.many:
            relations.setdefault(route.relation, set()).update(route.columns)
        else:
            relations.setdefault(route.relation, set()).add(route.attribute or "")
    plan.attributes = frozenset(own)
    plan.relations = {r: frozenset(a) for r, a in relations.items()}
    return plan
