"""The XML form: exact round trip for any JSON value, and a safe parse of untrusted input."""

from __future__ import annotations

import dataclasses

import pytest

from eformkit.dossier.errors import RecordError
from eformkit.dossier.record import DossierRecord, build_record
from eformkit.dossier.record_xml import from_xml, to_xml
from eformkit.prefill.embedded import default_db
from eformkit.prefill.identity import Identity

from .conftest import FORMS, engine, load, submit


@pytest.fixture(scope="module")
def record() -> DossierRecord:
    form = load(next(p for p in FORMS if p.stem == "vn.bca.ct01"))
    identity = Identity(default_db().person_ids(1)[0], 2, "vneid")
    result, check = submit(engine(), form, identity)
    return build_record(form, check, result, identity=identity, receipt_id="X-1")


def test_awkward_json_values_round_trip(record: DossierRecord) -> None:
    values = {"a b": "x\r\ny\x01\t", "member": [1, 2.5, -0.0, None, True, {}, [], ""], "xmlish": "Đắk Lắk",
              "1st": {"~/": "<&>"}, "big": 10**30}  # fmt: skip
    odd = dataclasses.replace(record, values=values)
    back = from_xml(to_xml(odd))
    assert back == odd and back.values == values


def test_the_xml_reads_like_the_record(record: DossierRecord) -> None:
    text = to_xml(record).decode("utf-8")
    assert "<receipt_id>X-1</receipt_id>" in text and '<population_data t="bool">true</population_data>' in text


_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE dossier_record [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<dossier_record t="object"><record_version>&b;</record_version></dossier_record>"""
_EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE dossier_record [<!ENTITY x SYSTEM "http://127.0.0.1:9/secret">]>
<dossier_record t="object"><receipt_id>&x;</receipt_id></dossier_record>"""


@pytest.mark.parametrize("data", [_BOMB, _EXTERNAL], ids=["entity-expansion", "external-entity"])
def test_dtds_and_entities_are_refused(data: bytes) -> None:
    with pytest.raises(RecordError) as err:
        from_xml(data, file="in.xml")
    assert err.value.code == "EFK-RECORD-004" and err.value.file == "in.xml"


def test_size_limit_comes_before_parsing(record: DossierRecord) -> None:
    data = to_xml(record)
    with pytest.raises(RecordError, match="EFK-RECORD-005"):
        from_xml(data, max_bytes=len(data) - 1)
    assert from_xml(data, max_bytes=len(data)) == record


def test_malformed_and_foreign_xml_is_located() -> None:
    with pytest.raises(RecordError) as err:
        from_xml(b"<dossier_record t='object'>\n<a>\n</dossier_record>", file="bad.xml")
    assert err.value.code == "EFK-RECORD-006" and err.value.line is not None
    with pytest.raises(RecordError, match="EFK-RECORD-006"):
        from_xml(b"<other/>")
    with pytest.raises(RecordError) as err:
        from_xml(b"<dossier_record t='object'>\n<n t='int'>x</n></dossier_record>")
    assert err.value.code == "EFK-RECORD-006" and err.value.line == 2


def test_an_xml_record_of_another_version_is_refused(record: DossierRecord) -> None:
    data = to_xml(record).replace(b"<record_version>1</record_version>", b"<record_version>9</record_version>")
    with pytest.raises(RecordError, match="EFK-RECORD-001"):
        from_xml(data)
