"""The data-element vocabulary: what prefill bindings and template conversion both speak.

An element id is `<role>.<attribute>` ("mother.date_of_birth", "business.tax_code") or a collection
("household.members") whose rows carry attributes. Roles say whose data it is and how the prefill
engine reaches that subject from the signed-in citizen; attributes say what it is. A pack ships one
vocabulary; the core knows only this shape.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from eformkit.schema.i18n import LocalText

__all__ = ["Attribute", "Collection", "Element", "Role", "SubjectKind", "Vocabulary"]

SubjectKind = Literal["person", "organisation", "document", "submission"]


class Role(BaseModel):
    """Whose data: the applicant, their mother, the household head, their business, a held document."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    subject: SubjectKind
    relation: str
    label: LocalText
    variants: list[str] = Field(default_factory=list)
    document_type: str | None = None
    # False: no registry links this person to the signed-in citizen; the role names blanks, nothing prefills them
    linked: bool = True
    # True: the one filing a form may hold this role themself (a representative filing for a child)
    may_file: bool = False


class Collection(BaseModel):
    """A list of subjects (household members, children) that fills a repeating table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    subject: SubjectKind
    relation: str
    label: LocalText
    variants: list[str] = Field(default_factory=list)
    key: str = "personal_id"


class Attribute(BaseModel):
    """What the data is: its field type, list, precision, origin and the labels real forms print."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    subject: SubjectKind
    type: str
    list: str | None = None
    precision: builtins.list[Literal["day", "month", "year"]] | None = None
    format: str | None = None
    origin: str = "population"
    item: int | None = None
    label: LocalText
    variants: builtins.list[str] = Field(default_factory=builtins.list)
    default_role: str | None = None  # whose it is when a label names no role (a document attribute's document)


@dataclass(frozen=True, slots=True)
class Element:
    """A resolved element id: a role (or collection) with one attribute (None for a whole collection)."""

    id: str
    role: str
    attribute: Attribute | None
    attribute_name: str | None
    collection: Collection | None = None


class Vocabulary(BaseModel):
    """Roles, collections and attributes of one pack."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = "0"
    roles: dict[str, Role]
    collections: dict[str, Collection] = Field(default_factory=dict)
    attributes: dict[str, Attribute]

    def element(self, element_id: str) -> Element | None:
        """Resolve `role.attribute` or a collection id; None when it names nothing in this vocabulary."""
        if element_id in self.collections:
            return Element(element_id, element_id, None, None, self.collections[element_id])
        role_name, dot, attr_name = element_id.rpartition(".")
        if not dot:
            return None
        role = self.roles.get(role_name)
        attribute = self.attributes.get(attr_name)
        if role is None or attribute is None or role.subject != attribute.subject:
            return None
        return Element(element_id, role_name, attribute, attr_name)

    def element_ids(self) -> list[str]:
        """Every valid element id (for "did you mean")."""
        ids = [
            f"{role_name}.{attr_name}"
            for role_name, role in self.roles.items()
            for attr_name, attr in self.attributes.items()
            if attr.subject == role.subject
        ]
        return ids + list(self.collections)
