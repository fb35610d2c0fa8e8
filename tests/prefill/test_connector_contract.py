"""The connector contract, run against every bundled connector (and the mock, and both HTTP flavours)."""

from __future__ import annotations

import asyncio
import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from eformkit.prefill.base import AnyConnector, call_connector, check_connector
from eformkit.prefill.connectors.business import BusinessRegistryConnector
from eformkit.prefill.connectors.documents import DocumentStoreConnector
from eformkit.prefill.connectors.http import connectors_from_yaml
from eformkit.prefill.connectors.population import PopulationConnector
from eformkit.prefill.connectors.static import StaticConnector
from eformkit.prefill.connectors.submissions import PreviousSubmissionsConnector, record_submission
from eformkit.prefill.outcome import AttributeSpec, FetchRequest, FetchResult, Outcome, SubjectKind
from eformkit.prefill.registry_db import RegistryDB

from .conftest import LoopbackServer, Reply

PERSON = {
    "hoTen": "Nguyễn Thị Hồng",
    "ngaySinh": "1990-03-04",
    "me": {"hoTen": "Trần Thị Lan"},
    "thanhVien": [{"hoTen": "Nguyễn Văn An", "soDinhDanh": "066090000001"}],
}
XML = """<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:p="urn:population">
  <soap:Body><p:Person><p:HoTen>Nguyễn Thị Hồng</p:HoTen><p:NgaySinh>1990-03-04</p:NgaySinh>
    <p:Me><p:HoTen>Trần Thị Lan</p:HoTen></p:Me>
    <p:ThanhVien><p:HoTen>Nguyễn Văn An</p:HoTen><p:SoDinhDanh>066090000001</p:SoDinhDanh></p:ThanhVien>
  </p:Person></soap:Body></soap:Envelope>"""


def http_config(url: str, kind: str) -> dict[str, Any]:
    if kind == "http_json":
        attrs: dict[str, Any] = {
            "full_name": "$.hoTen",
            "date_of_birth": "$.ngaySinh",
            "mother.full_name": "$.me.hoTen",
            "household_members": {
                "path": "$.thanhVien[*]",
                "columns": {"full_name": "$.hoTen", "personal_id": "$.soDinhDanh"},
            },
        }
        return {"name": "json_src", "kind": kind, "endpoint": url + "/json/{subject}", "attributes": attrs}
    attrs = {
        "full_name": "//p:Person/p:HoTen",
        "date_of_birth": "//p:Person/p:NgaySinh",
        "mother.full_name": "//p:Person/p:Me/p:HoTen",
        "household_members": {
            "path": "//p:ThanhVien",
            "columns": {"full_name": "p:HoTen", "personal_id": "p:SoDinhDanh"},
        },
    }
    return {
        "name": "xml_src",
        "kind": kind,
        "endpoint": url + "/xml/{subject}",
        "method": "POST",
        "body": "<Get><Id>{subject}</Id><Purpose>{purpose}</Purpose></Get>",
        "namespaces": {"p": "urn:population"},
        "attributes": attrs,
    }


@dataclass
class Case:
    connector: AnyConnector
    subject: str
    request: FetchRequest
    unknown: str


def _req(
    subject: str, attrs: set[str], relations: dict[str, set[str]] | None = None, kind: SubjectKind = SubjectKind.PERSON
) -> FetchRequest:
    rels = {k: frozenset(v) for k, v in (relations or {}).items()}
    return FetchRequest(subject, frozenset(attrs), "contract-test", 2.0, kind, rels, "test.form")


def _cases(db: RegistryDB, server: LoopbackServer) -> dict[str, Callable[[], Case]]:
    pid = next(p for p in db.person_ids() if db.related(p, "mother") and db.related(p, "household_members"))
    owner = db.conn.execute("SELECT owner_id, tax_code FROM businesses LIMIT 1").fetchone()
    record_submission(db, pid, "vn.test", {"applicant.occupation": "Giáo viên", "mother.full_name": "X"})
    server.routes["/json/"] = lambda path, h, b: (
        Reply(200, json.dumps(PERSON).encode()) if path.endswith("/066190001234") else Reply(404)
    )
    server.routes["/xml/"] = lambda path, h, b: (
        Reply(200, XML.encode(), "text/xml") if path.endswith("/066190001234") else Reply(404)
    )
    person_req = (
        {"full_name", "date_of_birth", "sex", "permanent_residence"},
        {"mother": {"full_name"}, "household_members": {"full_name", "personal_id"}},
    )
    http_req = _req("066190001234", {"full_name", "date_of_birth"}, person_req[1])
    return {
        "static": lambda: Case(
            StaticConnector("static", {"1": {"full_name": "Lê Văn Tám", "sex": "male"}}),
            "1",
            _req("1", {"full_name"}),
            "2",
        ),
        "population": lambda: Case(PopulationConnector(db), pid, _req(pid, *person_req), "000000000000"),
        "documents": lambda: Case(
            DocumentStoreConnector(db),
            owner[0],
            _req(
                owner[0],
                set(),
                {
                    "household_business_registration": {"number", "issue_date", "document", "fields.tax_code"},
                    "health_insurance_card": {"number"},
                },
            ),
            "000000000000",
        ),
        "business": lambda: Case(
            BusinessRegistryConnector(db),
            owner[1],
            _req(owner[1], {"name", "tax_code", "address"}, kind=SubjectKind.ORGANISATION),
            "0000000000",
        ),
        "submissions": lambda: Case(
            PreviousSubmissionsConnector(db),
            pid,
            _req(pid, {"occupation", "full_name"}, {"mother": {"full_name"}}),
            "000000000000",
        ),
        "http_json": lambda: Case(
            connectors_from_yaml({"connectors": [http_config(server.url, "http_json")]})[0],
            "066190001234",
            http_req,
            "066190009999",
        ),
        "xml": lambda: Case(
            connectors_from_yaml({"connectors": [http_config(server.url, "xml")]})[0],
            "066190001234",
            http_req,
            "066190009999",
        ),
    }


NAMES = ["static", "population", "documents", "business", "submissions", "http_json", "xml"]


@pytest.fixture(params=NAMES)
def case(request: pytest.FixtureRequest, registry_db: RegistryDB, server: LoopbackServer) -> Iterator[Case]:
    yield _cases(registry_db, server)[request.param]()


def _fetch(case: Case, req: FetchRequest) -> FetchResult:
    return asyncio.run(call_connector(case.connector, req))


def test_conforms_to_protocol(case: Case) -> None:
    assert check_connector(case.connector) == []
    specs = case.connector.attributes()
    assert specs and all(isinstance(s, AttributeSpec) and s.name == k for k, s in specs.items())


def test_fetch_returns_only_what_was_asked(case: Case) -> None:
    req = case.request
    result = _fetch(case, req)
    assert result.outcome is Outcome.OK, result.reason
    for key in result.values:
        relation, dot, attr = key.partition(".")
        assert key in req.attributes or (dot and attr in req.relations.get(relation, ())) or key in req.relations


def test_values_carry_provenance_and_nfc(case: Case) -> None:
    result = _fetch(case, case.request)
    assert result.values
    for key, value in result.values.items():
        prov = value.provenance
        assert prov.source == case.connector.name and prov.attribute == key
        assert prov.fetched_at.tzinfo is not None and isinstance(prov.verified, bool)
        text = json.dumps(value.value, ensure_ascii=False, default=str)
        assert unicodedata.is_normalized("NFC", text)


def test_unknown_subject_is_a_typed_outcome(case: Case) -> None:
    req = _req(
        case.unknown,
        set(case.request.attributes),
        {k: set(v) for k, v in case.request.relations.items()},
        case.request.subject_kind,
    )
    result = _fetch(case, req)
    assert result.outcome in (Outcome.NOT_FOUND, Outcome.EMPTY, Outcome.SKIPPED)
    assert not result.values


def test_nothing_asked_never_raises(case: Case) -> None:
    result = _fetch(case, _req(case.subject, set(), kind=case.request.subject_kind))
    assert isinstance(result, FetchResult)
    assert not result.values


def test_bulk_single_call_per_request(case: Case, server: LoopbackServer) -> None:
    before = len(server.seen)
    _fetch(case, case.request)
    assert len(server.seen) - before <= 1  # many attributes, one call
