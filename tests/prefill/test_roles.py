"""Roles over the embedded registry: relations, the applicant's business, a typed tax code, and what the
citizen typed before (offered, never locked)."""

from __future__ import annotations

from eformkit.prefill.audit import AuditLog, MemorySink
from eformkit.prefill.connectors.submissions import record_submission
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.registry_db import RegistryDB

from .forms import FakeForm, bind

BUSINESS_FORM = FakeForm(
    "vn.test.business",
    [
        bind("/business/name", "business.name"),
        bind("/business/tax_code", "business.tax_code", "tax_code", lock="never"),
        bind("/business/address", "business.address", "address"),
        bind("/registration", "household_business_registration.number"),
    ],
)


def test_applicants_own_business_and_registration(registry_db: RegistryDB, bundled: ConnectorRegistry) -> None:
    owner, tax_code, name = registry_db.conn.execute("SELECT owner_id, tax_code, name FROM businesses").fetchone()
    result = PrefillEngine(bundled).prefill(BUSINESS_FORM, owner)
    assert result.values["/business/name"] == name and result.values["/business/tax_code"] == tax_code
    assert set(result.values["/business/address"]) == {"detail", "commune", "province"}
    assert result.values["/registration"] and "/business/name" in result.locked


def test_business_identified_by_a_typed_tax_code(registry_db: RegistryDB, bundled: ConnectorRegistry) -> None:
    rows = registry_db.conn.execute("SELECT owner_id, tax_code, name FROM businesses LIMIT 2").fetchall()
    (owner, _, _), (_, other_code, other_name) = rows
    sink = MemorySink()
    audit = AuditLog(sink, key=b"k" * 16)
    result = PrefillEngine(bundled, audit=audit).prefill(
        BUSINESS_FORM, owner, known={"business": {"tax_code": other_code}}
    )
    assert result.values["/business/name"] == other_name
    assert [e.connector for e in audit.reads_of(other_code)] == ["business"]  # the read is logged against it


def test_previous_submission_is_offered_not_locked(registry_db: RegistryDB, bundled: ConnectorRegistry) -> None:
    pid = next(p for p in registry_db.person_ids() if "email" not in (registry_db.person(p) or {}))
    form = FakeForm("vn.test.contact", [bind("/email", "applicant.email", "email"), bind("/n", "applicant.full_name")])
    engine = PrefillEngine(bundled)
    assert "/email" in engine.prefill(form, pid).to_type
    elements = engine.elements_of(form, {"email": "x@example.vn", "n": "ignored"})
    assert elements == {"applicant.email": "x@example.vn", "applicant.full_name": "ignored"}
    record_submission(registry_db, pid, form.id, {"applicant.email": "x@example.vn"})
    again = engine.prefill(form, pid)
    assert again.values["/email"] == "x@example.vn"
    assert again.provenance["/email"].source == "submissions" and not again.provenance["/email"].verified
    assert "/email" not in again.locked and "/n" in again.locked
