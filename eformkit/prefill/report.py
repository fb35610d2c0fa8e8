"""The once-only burden: per form, how many fields prefill fills, locks, and leaves for the citizen to type."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from eformkit.prefill.engine import PrefillEngine

__all__ = ["FormBurden", "burden", "catalogue_total", "input_pointers"]

_NOT_INPUT = frozenset({"note", "computed"})


def input_pointers(form: Any) -> list[str]:
    """The fields a citizen would fill on paper: leaves and whole tables, not notes or computed text."""
    out: list[str] = []
    for field in form.fields():
        if field.in_table or field.type in _NOT_INPUT:
            continue
        if field.children and field.type != "table":
            continue  # a person block is counted through its sub-fields
        out.append(field.pointer)
    return out


@dataclass(frozen=True, slots=True)
class FormBurden:
    """Averages over the citizens tried: fields prefilled, locked and still typed."""

    form_id: str
    fields: int
    bound: int
    citizens: int
    prefilled: float
    locked: float

    @property
    def typed(self) -> float:
        return self.fields - self.prefilled

    @property
    def typed_share(self) -> float:
        return self.typed / self.fields if self.fields else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "form": self.form_id,
            "fields": self.fields,
            "bound": self.bound,
            "citizens": self.citizens,
            "prefilled": round(self.prefilled, 2),
            "locked": round(self.locked, 2),
            "typed": round(self.typed, 2),
            "typed_share": round(self.typed_share, 4),
        }


def burden(form: Any, engine: PrefillEngine, subjects: Sequence[str]) -> FormBurden:
    """Prefill `form` for each subject and average what was filled."""
    pointers = set(input_pointers(form))
    prefilled = locked = 0
    for subject in subjects:
        result = engine.prefill(form, subject)
        prefilled += len(pointers & set(result.values))
        locked += len(pointers & result.locked)
    n = max(len(subjects), 1)
    bound = len(pointers & {b.pointer for b in form.bindings()})
    return FormBurden(str(form.id), len(pointers), bound, len(subjects), prefilled / n, locked / n)


def catalogue_total(rows: Iterable[FormBurden]) -> FormBurden:
    """All forms together (sums of fields and of per-form averages)."""
    items = list(rows)
    return FormBurden(
        "catalogue",
        sum(r.fields for r in items),
        sum(r.bound for r in items),
        max((r.citizens for r in items), default=0),
        sum(r.prefilled for r in items),
        sum(r.locked for r in items),
    )
