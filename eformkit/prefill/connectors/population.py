"""The population registry connector (CSDLQG về dân cư): the 26 items and the family relations.

It reads a `RegistryDB` (the embedded one by default). Own attributes follow the pack vocabulary; the
relations (father, mother, spouse, children, household head and members, legal representative,
represented persons) return the related people's attributes in the same call. Contact details
(phone, email) are self-declared in the real database, so they come back unverified and stay editable.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
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

__all__ = ["PERSON_ATTRIBUTES", "PopulationConnector", "person_view"]

_TYPES = {
    "full_name": "text", "other_names": "text", "personal_id": "personal_id", "date_of_birth": "date",
    "sex": "choice", "place_of_birth": "text", "birth_registration_place": "address", "native_place": "text",
    "ethnicity": "choice", "religion": "choice", "nationality": "choice", "blood_type": "choice",
    "old_id_number_9": "text", "id_document": "text", "id_document_kind": "choice", "id_card_issue_date": "date",
    "id_card_issue_place": "text", "id_card_expiry_date": "date", "permanent_residence": "address",
    "temporary_residence": "address", "current_residence": "address", "residence": "address",
    "residence_file_number": "text", "marital_status": "choice", "relationship_to_household_head": "choice",
    "date_of_death_or_missing": "date", "mobile_phone": "phone", "email": "email", "occupation": "text",
}  # fmt: skip
_SELF_DECLARED = frozenset({"mobile_phone", "email", "occupation"})
PERSON_ATTRIBUTES = tuple(_TYPES)
_ONE = ("father", "mother", "spouse", "household_head", "legal_representative")
_MANY = ("children", "household_members", "represented_persons")
_KIND_TEXT = {"citizen_id_card": "Căn cước công dân", "id_card": "Căn cước", "passport": "Hộ chiếu"}


def _dmy(iso: str) -> str:
    parts = iso.split("-")
    return "/".join(reversed(parts))


def person_view(record: Mapping[str, Any]) -> dict[str, Any]:
    """The person's attributes by vocabulary name, with the derived ones (residence, id card items)."""
    view = {k: v for k, v in record.items() if k in _TYPES}
    if "other_names" in view:
        view["other_names"] = ", ".join(view["other_names"])
    for kind in ("permanent_residence", "temporary_residence", "current_residence"):
        if kind in record:  # Vietnamese "nơi cư trú": permanent, else temporary, else where one lives now
            view["residence"] = record[kind]
            break
    cards = record.get("id_cards") or []
    if cards:
        card = cards[0]  # newest first
        view["id_document_kind"] = card["kind"]
        view["id_card_issue_date"] = card.get("issue_date")
        view["id_card_issue_place"] = card.get("issue_place")
        view["id_card_expiry_date"] = card.get("expiry_date")
        issued = f" cấp ngày {_dmy(card['issue_date'])}" if card.get("issue_date") else ""
        view["id_document"] = (
            f"{_KIND_TEXT.get(card['kind'], 'Giấy tờ')} số {card['number']} do {card.get('issue_place') or '…'}{issued}"
        )
    return {k: v for k, v in view.items() if v not in (None, "", [], {})}


class PopulationConnector(EmbeddedConnector):
    """The national population database over a `RegistryDB`."""

    subject_kind = SubjectKind.PERSON

    def __init__(self, db: RegistryDB | None = None, *, name: str = "population") -> None:
        specs = {a: AttributeSpec(a, t, a not in _SELF_DECLARED) for a, t in _TYPES.items()}
        specs.update({r: AttributeSpec(r, "person", True, relation=True) for r in _ONE})
        specs.update({r: AttributeSpec(r, "table", True, relation=True, many=True) for r in _MANY})
        super().__init__(db, name, specs)

    def _prov(self, attribute: str, now: datetime) -> Provenance:
        return Provenance(self.name, attribute, now, attribute.rpartition(".")[2] not in _SELF_DECLARED)

    async def fetch(self, request: FetchRequest) -> FetchResult:
        """Read the subject, then each requested relation, in one call (local SQLite: no thread needed)."""
        db = self.db
        record = db.person(request.subject)
        if record is None:
            return FetchResult.failure(Outcome.NOT_FOUND, "no person with this identifier")
        now = utcnow()
        view = person_view(record)
        values = {a: Value(view[a], self._prov(a, now)) for a in request.attributes if a in view}
        for relation, wanted in request.relations.items():
            ids = db.related(request.subject, relation)
            if relation in _MANY:
                rows = [self._row(pid, wanted) for pid in ids]
                if rows:
                    values[relation] = Value(rows, Provenance(self.name, relation, now, True))
            elif relation in _ONE and ids:
                other = db.person(ids[0])
                related = person_view(other) if other else {}
                for attr in wanted:
                    if attr in related:
                        key = f"{relation}.{attr}"
                        values[key] = Value(related[attr], self._prov(key, now))
        return FetchResult.ok(values)

    def _row(self, personal_id: str, wanted: frozenset[str]) -> dict[str, Any]:
        record = self.db.person(personal_id) or {"personal_id": personal_id}
        view = person_view(record)
        return {a: view[a] for a in wanted if a in view}
