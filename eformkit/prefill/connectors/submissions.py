"""Previous submissions: what this citizen typed before, offered again but never locked.

Submissions are stored keyed by element id (``applicant.mobile_phone``, ``mother.full_name``), so a
value typed into one form is offered in any other form that binds the same element. Every value is
citizen-declared (`verified=False`): the engine offers it, never locks it, and a registry value wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from eformkit.prefill.connectors.embedded_base import EmbeddedConnector
from eformkit.prefill.connectors.population import PERSON_ATTRIBUTES
from eformkit.prefill.outcome import (
    AttributeSpec,
    FetchRequest,
    FetchResult,
    Outcome,
    Provenance,
    SubjectKind,
    Value,
    utcnow,
)
from eformkit.prefill.registry_db import RegistryDB
from eformkit.text import nfc_deep

__all__ = ["PreviousSubmissionsConnector", "record_submission"]

_RELATIONS = ("father", "mother", "spouse", "household_head", "legal_representative")


def record_submission(
    db: RegistryDB, personal_id: str, form_id: str, elements: Mapping[str, Any], at: datetime | None = None
) -> None:
    """Store what the citizen typed, keyed by element id (only scalar, non-empty values)."""
    kept = {k: v for k, v in nfc_deep(dict(elements)).items() if v not in (None, "", [], {})}
    if kept:
        db.add_submission(personal_id, form_id, (at or utcnow()).isoformat(), kept)


class PreviousSubmissionsConnector(EmbeddedConnector):
    """Offers the newest value the citizen typed for each element."""

    subject_kind = SubjectKind.PERSON

    def __init__(self, db: RegistryDB | None = None, *, name: str = "submissions") -> None:
        specs = {a: AttributeSpec(a, "text", verified=False) for a in PERSON_ATTRIBUTES}
        specs.update({r: AttributeSpec(r, "person", False, relation=True) for r in _RELATIONS})
        super().__init__(db, name, specs)

    async def fetch(self, request: FetchRequest) -> FetchResult:
        """Return the newest typed value of each requested element."""
        history = self.db.submissions(request.subject)
        if not history:
            return FetchResult(Outcome.EMPTY, {}, "no previous submissions")
        wanted = {f"applicant.{a}": a for a in request.attributes}
        wanted.update({f"{r}.{a}": f"{r}.{a}" for r, attrs in request.relations.items() for a in attrs})
        values: dict[str, Value] = {}
        for sub in history:  # newest first: the first hit wins
            at = datetime.fromisoformat(sub["submitted_at"])
            for element, key in wanted.items():
                if key not in values and element in sub["data"]:
                    values[key] = Value(sub["data"][element], Provenance(self.name, key, at, False))
        return FetchResult.ok(values)
