"""The business registry: a household business or enterprise by tax code, or the applicant's own.

Asked about an organisation (``subject_kind=organisation``) it reads the business registered under
that tax code; asked about a person through the ``business`` relation it reads the newest business
that person owns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eformkit.prefill.connectors.embedded_base import EmbeddedConnector
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

__all__ = ["BUSINESS_ATTRIBUTES", "BusinessRegistryConnector"]

BUSINESS_ATTRIBUTES: dict[str, str] = {
    "name": "text", "tax_code": "tax_code", "legal_form": "choice", "registration_number": "text",
    "registration_date": "date", "address": "address", "phone": "phone", "capital": "money",
    "main_business_line": "text", "main_business_line_code": "text", "start_date": "date", "employee_count": "integer",
}  # fmt: skip


class BusinessRegistryConnector(EmbeddedConnector):
    """Businesses from a `RegistryDB`."""

    subject_kind = SubjectKind.ORGANISATION

    def __init__(self, db: RegistryDB | None = None, *, name: str = "business") -> None:
        specs = {a: AttributeSpec(a, t, a != "phone") for a, t in BUSINESS_ATTRIBUTES.items()}
        specs["business"] = AttributeSpec("business", "organisation", True, relation=True)
        super().__init__(db, name, specs)

    async def fetch(self, request: FetchRequest) -> FetchResult:
        """Read by tax code (organisation subject) or the person's newest business (``business`` relation)."""
        now = utcnow()
        values: dict[str, Value] = {}
        if request.subject_kind is SubjectKind.ORGANISATION:
            biz = self.db.business(request.subject)
            if biz is None:
                return FetchResult.failure(Outcome.NOT_FOUND, "no business with this tax code")
            values.update(self._values(biz, request.attributes, "", now))
        wanted = request.relations.get("business")
        if wanted and request.subject_kind is SubjectKind.PERSON:
            owned = self.db.businesses_of(request.subject)
            if owned:
                values.update(self._values(owned[0], wanted, "business.", now))
        if not values and not request.attributes and not wanted:
            return FetchResult(Outcome.SKIPPED, {}, "nothing asked of the business registry")
        return FetchResult.ok(values)

    def _values(self, biz: Mapping[str, Any], wanted: frozenset[str], prefix: str, now: Any) -> dict[str, Value]:
        return {
            prefix + a: Value(biz[a], Provenance(self.name, prefix + a, now, a != "phone"))
            for a in wanted
            if biz.get(a) not in (None, "")
        }
