"""The connector contract (eformkit.testing.check_connector_contract), run against every bundled connector
(and the mock, and both HTTP flavours); and the check itself, against connectors that break each rule."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from eformkit.prefill.base import AnyConnector
from eformkit.prefill.connectors.business import BusinessRegistryConnector
from eformkit.prefill.connectors.documents import DocumentStoreConnector
from eformkit.prefill.connectors.http import connectors_from_yaml
from eformkit.prefill.connectors.population import PopulationConnector
from eformkit.prefill.connectors.static import StaticConnector
from eformkit.prefill.connectors.submissions import PreviousSubmissionsConnector, record_submission
from eformkit.prefill.outcome import AttributeSpec, FetchRequest, FetchResult, Outcome, Provenance, SubjectKind, Value
from eformkit.prefill.registry_db import RegistryDB
from eformkit.testing import assert_connector_contract, check_connector_contract, contract_request

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


def test_keeps_the_connector_contract(case: Case, server: LoopbackServer) -> None:
    """The shipped check (eformkit.testing), as a third-party connector author runs it."""
    assert check_connector_contract(case.connector, case.request, case.unknown, calls=lambda: len(server.seen)) == []


# -- the check itself: each rule catches a connector that breaks it -----------------------------------------


class _Broken:
    """A connector that keeps the contract unless told which rule to break."""

    name = "broken"
    subject_kind = SubjectKind.PERSON

    def __init__(self, breaks: str = "") -> None:
        self.breaks = breaks
        self.calls = 0

    def attributes(self) -> dict[str, AttributeSpec]:
        return {"full_name": AttributeSpec("full_name", "text", verified=True)}

    def fetch(self, request: FetchRequest) -> FetchResult:
        self.calls += 2 if self.breaks == "bulk" else 1
        if not request.attributes:
            if self.breaks == "raises":
                raise KeyError(request.subject)
            return FetchResult.ok({})
        if request.subject != "1":
            if self.breaks == "reason":
                return FetchResult.failure(Outcome.NOT_FOUND, f"no person {request.subject}")
            return FetchResult.failure(Outcome.UNAVAILABLE if self.breaks == "unknown" else Outcome.NOT_FOUND, "no one")
        name = unicodedata.normalize("NFD", "Lê Văn Tám") if self.breaks == "nfc" else "Lê Văn Tám"
        values = {"full_name": Value(name, Provenance(self.name, "full_name", dt.datetime.now(dt.timezone.utc), True))}
        if self.breaks == "extra":
            values["sex"] = Value("male", Provenance(self.name, "sex", dt.datetime.now(dt.timezone.utc), True))
        if self.breaks == "provenance":
            values["full_name"] = Value(name, Provenance("other", "full_name", dt.datetime.now(), True))
        return FetchResult.ok(values)


@pytest.mark.parametrize(
    ("breaks", "expected"),
    [
        ("", []),
        ("bulk", ["bulk: one request made 2 calls to the service (at most 1)"]),
        ("raises", ["nothing asked: the connector raised (connector error (KeyError))"]),
        ("reason", ["unknown subject: the reason quotes the subject ID (personal data)"]),
        ("unknown", ["unknown subject: gave unavailable, not not_found/empty/skipped"]),
        ("nfc", ["text: 'full_name' is not in NFC"]),
        ("extra", ["answer: 'sex' was not asked for"]),
        (
            "provenance",
            [
                "provenance: 'full_name' names source 'other', not 'broken'",
                "provenance: 'full_name' fetched_at has no time zone",
            ],
        ),
    ],
)
def test_the_contract_check_catches_each_breach(breaks: str, expected: list[str]) -> None:
    connector = _Broken(breaks)
    request = contract_request("1", {"full_name"})
    assert check_connector_contract(connector, request, "2", calls=lambda: connector.calls) == expected
    if expected:
        with pytest.raises(AssertionError, match="broken breaks the connector contract"):
            assert_connector_contract(connector, request, "2", calls=lambda: connector.calls)


def test_a_connector_without_the_protocol_is_reported_not_called() -> None:
    problems = check_connector_contract(object(), contract_request("1", {"x"}), "2")  # type: ignore[arg-type]
    assert problems and all(p.startswith("protocol: ") for p in problems)
