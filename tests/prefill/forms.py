"""A minimal form stand-in for engine tests: an id, a purpose and a list of bindings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eformkit.schema.resolve import Binding


def bind(pointer: str, element: str, field_type: str = "text", **kw: Any) -> Binding:
    """A binding with the form language's defaults."""
    base: dict[str, Any] = dict(
        pointer=pointer, field_id=pointer.rsplit("/", 1)[-1], field_type=field_type, element=element, columns={},
        lock="verified", on_missing="ask", on_error="manual", message=None, list_name=None, precision=("day",),
        document_type=None, key_attribute=None,
    )  # fmt: skip
    base.update(kw)
    return Binding(**base)


@dataclass
class FakeForm:
    id: str
    items: list[Binding]
    purpose: str = "test-purpose"
    extra: dict[str, Any] = field(default_factory=dict)

    def bindings(self) -> list[Binding]:
        return self.items
