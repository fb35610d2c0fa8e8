"""The digitised-document store (Kho dữ liệu điện tử): documents a citizen already holds.

A document type is a relation of the person (``birth_certificate``, ``marriage_certificate``, …); its
attributes are the common ones (number, issue date, issuer, file reference, …) plus the fields
extracted from it (``fields.<name>``). A held document also satisfies an attachment field: the engine
puts ``{document_type, source: "store", ref}`` there, so the citizen need not upload it again.
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

__all__ = ["DOCUMENT_ATTRIBUTES", "DOCUMENT_TYPES", "DocumentStoreConnector"]

DOCUMENT_TYPES = (
    "birth_certificate",
    "marriage_certificate",
    "household_business_registration",
    "health_insurance_card",
    "driving_licence",
    "academic_degree",
)
DOCUMENT_ATTRIBUTES = (
    "number", "book_number", "issue_date", "issuer", "valid_until", "holder_name", "holder_personal_id",
    "licence_class", "social_insurance_number", "file_ref", "document",
)  # fmt: skip


def _document_view(doc: Mapping[str, Any], holder: str) -> dict[str, Any]:
    fields = doc.get("fields") or {}
    view = {k: v for k, v in doc.items() if k in DOCUMENT_ATTRIBUTES}
    view["holder_personal_id"] = holder
    if "holder_name" in fields or "full_name" in fields:
        view["holder_name"] = fields.get("holder_name") or fields.get("full_name")
    view.update({f"fields.{k}": v for k, v in fields.items()})
    # Extracted fields that are common document attributes are offered under their plain name too.
    view.update({k: v for k, v in fields.items() if k in DOCUMENT_ATTRIBUTES and k not in view})
    # What an attachment field stores: the document is referenced, not uploaded.
    view["document"] = {"document_type": doc["type"], "source": "store", "ref": doc.get("file_ref")}
    return view


class DocumentStoreConnector(EmbeddedConnector):
    """Documents and extracted fields from a `RegistryDB`; everything it returns is verified."""

    subject_kind = SubjectKind.DOCUMENT

    def __init__(self, db: RegistryDB | None = None, *, name: str = "documents") -> None:
        super().__init__(db, name, {t: AttributeSpec(t, "document", True, relation=True) for t in DOCUMENT_TYPES})

    async def fetch(self, request: FetchRequest) -> FetchResult:
        """Return the newest document of each requested type held for the subject (a person)."""
        if request.subject_kind is not SubjectKind.PERSON or not request.relations:
            return FetchResult(Outcome.SKIPPED, {}, "documents are looked up by their holder")
        now = utcnow()
        values: dict[str, Value] = {}
        for doc_type, wanted in request.relations.items():
            docs = self.db.documents(request.subject, doc_type)
            if not docs:
                continue
            view = _document_view(docs[0], request.subject)
            for attr in wanted:
                if view.get(attr) not in (None, ""):
                    key = f"{doc_type}.{attr}"
                    values[key] = Value(view[attr], Provenance(self.name, key, now, True))
        return FetchResult.ok(values)
