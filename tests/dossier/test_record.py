"""The record model: the builder's provenance, edits, attachments and corrections; readers refuse bad input."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from eformkit.dossier.errors import RecordError
from eformkit.dossier.record import DossierRecord, build_record
from eformkit.prefill.connectors.population import PopulationConnector
from eformkit.prefill.embedded import default_db
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.identity import Identity
from eformkit.prefill.outcome import Outcome
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.submission import check_submission

from .conftest import FORMS, KEY, engine, load, submit

CT01 = next(p for p in FORMS if p.stem == "vn.bca.ct01")
BIRTH = next(p for p in FORMS if p.stem == "vn.btp.birth_registration")
AT = datetime(2026, 3, 1, 8, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def ct01_record() -> DossierRecord:
    form = load(CT01)
    identity = Identity(default_db().person_ids(1)[0], 2, "vneid")
    result, check = submit(engine(), form, identity)
    return build_record(form, check, result, identity=identity, receipt_id="R-1", agency="66.01", submitted_at=AT,
                        corrections=[{"pointer": "/full_name", "reason": "Sai dấu"}])  # fmt: skip


def test_the_record_holds_what_a_case_system_needs(ct01_record: DossierRecord) -> None:
    r = ct01_record
    assert (r.record_version, r.form_id, r.form_version, r.channel, r.agency) == ("1", "vn.bca.ct01", "2023.1",
                                                                                   "online", "66.01")  # fmt: skip
    assert r.submitted_at == "2026-03-01T08:30:00+00:00" and r.subject.method == "vneid"
    name = next(v for v in r.provenance if v.pointer == "/full_name")
    assert (name.source, name.attribute, name.verified, name.locked, name.edited) == ("population", "full_name",
                                                                                      True, True, False)  # fmt: skip
    assert r.corrections[0].source == "population" and r.corrections[0].reason == "Sai dấu"
    assert r.reuse.fields_prefilled == len(r.provenance) == r.reuse.fields_unedited


def test_an_unlocked_value_the_citizen_changed_is_marked_edited_and_not_reused() -> None:
    form = load(CT01)
    pid = default_db().person_ids(1)[0]
    identity = Identity(pid, 1, "vneid")  # level 1: nothing locked, so every value may be changed
    result, check = submit(engine(), form, identity, edit={"full_name": "Tên Khác"})
    assert check.accepted
    record = build_record(form, check, result, identity=identity, receipt_id="R-2")
    name = next(v for v in record.provenance if v.pointer == "/full_name")
    assert name.edited and not name.locked and name.source == "population"
    assert record.reuse.fields_edited == 1 and record.reuse.fields_unedited == record.reuse.fields_prefilled - 1


def test_a_store_file_counts_only_when_prefill_offered_it() -> None:
    form = load(BIRTH)
    db = default_db()
    holder = next(p for p in db.person_ids() if db.documents(p, "marriage_certificate"))
    identity = Identity(holder, 2, "vneid")
    result, check = submit(engine(), form, identity)
    record = build_record(form, check, result, identity=identity, receipt_id="R-3")
    cert = next(a for a in record.attachments if a.pointer.endswith("parents_marriage_certificate"))
    assert (cert.origin, cert.verified, cert.document_type) == ("store", True, "marriage_certificate")
    assert cert.ref and record.reuse.store_file
    # The offer is signed in the token: without any prefill at hand (a source down at submit time) it stands.
    signed_only = build_record(form, check, None, identity=identity, receipt_id="R-3b")
    cert = next(a for a in signed_only.attachments if a.pointer.endswith("parents_marriage_certificate"))
    assert cert.verified and signed_only.reuse.store_file
    # The same post with no token behind it (validation only) and no prefill: a claimed store reference is
    # not trusted.
    assert check.report is not None
    unproven = build_record(form, check.report, None, identity=identity, receipt_id="R-4")
    cert = next(a for a in unproven.attachments if a.pointer.endswith("parents_marriage_certificate"))
    assert cert.origin == "store" and not cert.verified and not unproven.reuse.store_file


def test_a_refused_submission_gets_no_record() -> None:
    form = load(CT01)
    check = check_submission(form, {}, token=None, key=KEY, subject="066190001234")
    with pytest.raises(RecordError) as err:
        build_record(form, check, None, identity=Identity("066190001234"), receipt_id="R-5")
    assert err.value.code == "EFK-RECORD-007"


def _doc(record: DossierRecord) -> dict[str, Any]:
    return record.to_json()


def test_an_unknown_version_is_refused_with_a_clear_code(ct01_record: DossierRecord) -> None:
    doc = _doc(ct01_record)
    doc["record_version"] = "2"
    with pytest.raises(RecordError) as err:
        DossierRecord.from_json(doc, file="records.jsonl", line=7)
    e = err.value
    assert (e.code, e.pointer, e.where) == ("EFK-RECORD-001", "/record_version", "records.jsonl:7 /record_version")
    assert "upgrade" in e.message("en") and "nâng cấp" in e.message("vi") and "(1)" in e.message("en")
    del doc["record_version"]
    with pytest.raises(RecordError, match="EFK-RECORD-001"):
        DossierRecord.from_json(doc)


def test_schema_problems_are_all_located(ct01_record: DossierRecord) -> None:
    doc = _doc(ct01_record)
    doc["channel"] = "fax"
    doc["reuse"]["store_file"] = "yes"
    with pytest.raises(RecordError) as err:
        DossierRecord.from_json(doc)
    assert err.value.code == "EFK-RECORD-002" and err.value.pointer == "/channel"
    assert "/reuse/store_file" in str(err.value)


def test_not_json_is_refused_with_its_line() -> None:
    with pytest.raises(RecordError) as err:
        DossierRecord.loads("{not json", file="x.jsonl", line=3)
    assert err.value.code == "EFK-RECORD-003" and err.value.where == "x.jsonl:3"
    with pytest.raises(RecordError, match="EFK-RECORD-003"):
        DossierRecord.loads("[1, 2]")


def test_the_published_schema_ships_with_the_package() -> None:
    import eformkit.dossier

    path = Path(eformkit.dossier.__file__).with_name("record.schema.json")
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$id"] == "urn:eformkit:dossier-record:1"
    assert schema["properties"]["record_version"] == {"const": "1", "description": schema["properties"][
        "record_version"]["description"]}  # fmt: skip


def test_a_record_is_immutable(ct01_record: DossierRecord) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ct01_record.channel = "counter"  # type: ignore[misc]


def test_the_schema_and_the_code_agree_on_methods_channels_and_flags() -> None:
    from eformkit.dossier.record import CHANNELS, Reuse, record_schema
    from eformkit.prefill.identity import METHODS

    props = record_schema()["properties"]
    assert props["subject"]["properties"]["method"]["enum"] == list(METHODS)
    assert props["channel"]["enum"] == list(CHANNELS)
    assert list(props["reuse"]["properties"]) == list(Reuse.__dataclass_fields__)
    assert list(props) == list(_doc_keys())


def _doc_keys() -> list[str]:
    # the member order of a record (the indicators' reader relies on what comes before `submitted_at`)
    head = ["record_version", "receipt_id", "procedure_code", "form", "agency", "channel", "reuse", "submitted_at"]
    return [*head, "lang", "subject", "assurance", "values", "provenance", "attachments", "corrections", "warnings"]


def test_a_record_writes_its_members_in_the_published_order(ct01_record: DossierRecord) -> None:
    assert list(ct01_record.to_json()) == _doc_keys()
    assert ct01_record.dumps().index('"reuse"') < ct01_record.dumps().index(',"submitted_at":')


class _DownPopulation(PopulationConnector):
    """The population database, unreachable."""

    async def fetch(self, request: Any) -> Any:
        raise ConnectionError("down")


def test_a_source_down_at_submit_time_changes_no_flag_of_the_record() -> None:
    """Locks, verification, edits, attributes, fetch times and the level met come from the signed token, not
    from a submit-time prefill."""
    form = load(CT01)
    identity = Identity(default_db().person_ids(1)[0], 2, "vneid")
    page, check = submit(engine(), form, identity)
    at_submit = PrefillEngine(ConnectorRegistry([_DownPopulation()]), token_key=KEY).prefill(form, identity)
    assert at_submit.outcome_of("population") is Outcome.UNAVAILABLE and not at_submit.values

    def flags(record: DossierRecord) -> list[tuple[str, str, bool, bool, bool]]:
        return [(v.pointer, v.source, v.verified, v.locked, v.edited) for v in record.provenance]

    with_page = build_record(form, check, page, identity=identity, receipt_id="R-6", submitted_at=AT)
    with_down = build_record(form, check, at_submit, identity=identity, receipt_id="R-6", submitted_at=AT)
    with_none = build_record(form, check, None, identity=identity, receipt_id="R-6", submitted_at=AT)
    assert any(locked for _, _, _, locked, _ in flags(with_page))
    assert flags(with_page) == flags(with_down) == flags(with_none)
    assert with_page.reuse == with_down.reuse == with_none.reuse and with_down.assurance.met
    # The attribute and the time the source answered are signed too: a submit-time run lends nothing.
    assert with_page.provenance == with_down.provenance == with_none.provenance
    name = next(v for v in with_none.provenance if v.pointer == "/full_name")
    fetched = page.provenance["/full_name"].fetched_at.isoformat(timespec="seconds")
    assert (name.source, name.attribute, name.fetched_at) == ("population", "full_name", fetched)


def test_the_level_met_is_the_one_the_page_was_prefilled_at() -> None:
    """A page prefilled at level 1 (nothing locked) posted from a later level-2 session: the record says the
    form's level was not met for that page, and nothing is locked."""
    form = load(CT01)
    pid = default_db().person_ids(1)[0]
    page, check = submit(engine(), form, Identity(pid, 1, "vneid"))
    assert check.accepted and check.level == 1 and not check.locked
    record = build_record(form, check, page, identity=Identity(pid, 2, "vneid"), receipt_id="R-7")
    assert (record.assurance.required, record.assurance.met) == (2, False)
    assert record.subject.assurance_level == 2 and not any(v.locked for v in record.provenance)
